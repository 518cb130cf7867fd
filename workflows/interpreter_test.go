package workflows_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/activities/contract/contracttest"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
)

// Unit tests of the interpreter on the SDK's test environment, with fake
// activities (the e2e package runs the real ones on a real server).

func compile(t *testing.T, src string) *plan.Workflow {
	t.Helper()
	res := dsl.CompileSource("unit.hcl", []byte(src), dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	return res.Plan
}

// fakes holds per-test activity behaviour: shell actions, and the
// contract's other activities (contracttest.Fake) for tests that set them.
type fakes struct {
	shell func(in contract.ActionInput) (contract.ActionResult, error)
	calls atomic.Int64
	contracttest.Fake
}

// env is the SDK's test environment with the interpreter and the fake
// activities registered; fs_* questions answer true for paths ending in
// "present" unless the test set FSQuery.
func (f *fakes) env(t *testing.T) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	env := s.NewTestWorkflowEnvironment()
	env.RegisterDynamicWorkflow(workflows.Run, workflow.DynamicRegisterOptions{})
	f.Shell = func(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
		f.calls.Add(1)
		return f.shell(in)
	}
	if f.FSQuery == nil {
		f.FSQuery = func(ctx context.Context, in contract.FSQueryInput) (contract.FSQueryResult, error) {
			return contract.FSQueryResult{Bool: strings.HasSuffix(in.Path, "present")}, nil
		}
	}
	f.Register(env)
	return env
}

func result(t *testing.T, env *testsuite.TestWorkflowEnvironment) workflows.State {
	t.Helper()
	v, err := env.QueryWorkflow(workflows.QueryState)
	if err != nil {
		t.Fatal(err)
	}
	var st workflows.State
	if err := v.Get(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

func status(st workflows.State, name string) workflows.NodeState {
	for _, n := range st.Nodes {
		if n.Name == name {
			return n
		}
	}
	return workflows.NodeState{}
}

func TestRejectsUnknownPlanVersion(t *testing.T) {
	f := &fakes{}
	env := f.env(t)
	w := compile(t, `workflow "v" {
  action "a" {
    shell { argv = ["true"] }
  }
}`)
	w.FormatVersion = 99
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{Plan: w, TaskQueue: "q"})
	var app *temporal.ApplicationError
	if err := env.GetWorkflowError(); !errors.As(err, &app) || app.Type() != workflows.ErrBadInput {
		t.Errorf("got %v, want a BadInput failure", err)
	}
}

func TestUserRetriesCountAttempts(t *testing.T) {
	f := &fakes{}
	f.shell = func(in contract.ActionInput) (contract.ActionResult, error) {
		if in.Attempt < 3 {
			return contract.ActionResult{}, temporal.NewNonRetryableApplicationError("flaky", contract.ErrActionFailed, nil)
		}
		return contract.ActionResult{Output: map[string]string{"n": "3"}}, nil
	}
	env := f.env(t)
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: compile(t, `workflow "r" {
  action "a" {
    shell {
      argv           = ["x"]
      capture_output = true
    }
    retry {
      attempts = 4
      interval = "1m"
    }
  }
}`)})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if n := status(result(t, env), "a"); n.Status != "OK" || n.Attempts != 3 || f.calls.Load() != 3 {
		t.Errorf("a: %+v after %d calls", n, f.calls.Load())
	}
}

func TestNonRetryableTypesStopRetries(t *testing.T) {
	f := &fakes{}
	f.shell = func(in contract.ActionInput) (contract.ActionResult, error) {
		return contract.ActionResult{}, temporal.NewNonRetryableApplicationError("quota", "QuotaExceeded", nil)
	}
	env := f.env(t)
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: compile(t, `workflow "nr" {
  action "a" {
    shell { argv = ["x"] }
    retry {
      attempts      = 5
      non_retryable = ["QuotaExceeded"]
    }
  }
}`)})
	if env.GetWorkflowError() == nil || f.calls.Load() != 1 {
		t.Errorf("want one attempt and a failure, got %d attempts, %v", f.calls.Load(), env.GetWorkflowError())
	}
}

func TestDecisionErrorFailsTheRunAtTheDecision(t *testing.T) {
	f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) {
		return contract.ActionResult{Output: map[string]string{}}, nil // no "rows" line
	}}
	env := f.env(t)
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: compile(t, `workflow "d" {
  action "probe" {
    shell {
      argv           = ["x"]
      capture_output = true
    }
  }
  decision "route" {
    case {
      when = action.probe.output.rows == "0"
      goto = end
    }
    default = end
  }
}`)})
	err := env.GetWorkflowError()
	if err == nil || !strings.Contains(err.Error(), "node route failed") {
		t.Fatalf("got %v", err)
	}
	n := status(result(t, env), "route")
	if n.Status != "ERROR" || !strings.Contains(n.Error, "unit.hcl:10") {
		t.Errorf("route: %+v (the error must point at the predicate's line)", n)
	}
}

func TestFanOutStopsAfterAFailure(t *testing.T) {
	f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) {
		if in.Item == 1 {
			return contract.ActionResult{}, temporal.NewNonRetryableApplicationError("bad item", contract.ErrActionFailed, nil)
		}
		if in.Item < 0 {
			return contract.ActionResult{}, nil // recover
		}
		return contract.ActionResult{Output: map[string]string{"item": in.Action.Shell.Argv[1]}}, nil
	}}
	env := f.env(t)
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: compile(t, `workflow "f" {
  action "each" {
    for_each    = ["a", "b", "c", "d"]
    parallelism = 1
    shell {
      argv           = ["echo", each.value]
      capture_output = true
    }
    error = action.recover
  }
  action "never" {
    shell { argv = ["x"] }
  }
  action "recover" {
    shell { argv = ["x"] }
  }
}`)})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	st := result(t, env)
	if n := status(st, "each"); n.Status != "ERROR" || n.Done != 1 || !strings.Contains(n.Error, "bad item") {
		t.Errorf("each: %+v", n)
	}
	if status(st, "recover").Status != "OK" || status(st, "never").Status != "SKIPPED" {
		t.Errorf("recover %s, never %s", status(st, "recover").Status, status(st, "never").Status)
	}
	// Items: a (ok), b (fails); c and d never start; then recover.
	if f.calls.Load() != 3 {
		t.Errorf("%d activity calls, want 3", f.calls.Load())
	}
}

func TestFsFunctionsRunAsActivities(t *testing.T) {
	f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) { return contract.ActionResult{}, nil }}
	env := f.env(t)
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: compile(t, `workflow "fsf" {
  decision "check" {
    case {
      when = fs_exists("/data/absent")
      goto = kill.wrong
    }
    case {
      when = fs_exists("/data/present")
      goto = action.yes
    }
    default = kill.wrong
  }
  action "yes" {
    shell { argv = ["x"] }
    ok = end
  }
  kill "wrong" {}
}`)})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if status(result(t, env), "yes").Status != "OK" {
		t.Error("the decision did not use the fs_query answers")
	}
}
