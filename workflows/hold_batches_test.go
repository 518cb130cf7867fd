package workflows_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/workflows"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
)

// A held node takes one operator answer: an answer for a node that is not
// held, or a second answer for a node already answered, is refused by the
// update's validator (with the reason); the accepted skip makes the node OK
// with its output.
func TestHoldTakesOneAnswer(t *testing.T) {
	f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) {
		return contract.ActionResult{}, temporal.NewNonRetryableApplicationError("queue full", contract.ErrActionFailed, nil)
	}}
	env := f.env(t)
	var mu sync.Mutex
	var answers []string
	send := func(cmd workflows.OperatorCommand) {
		env.UpdateWorkflow(workflows.UpdateOperator, "", &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { mu.Lock(); answers = append(answers, "refused: "+err.Error()); mu.Unlock() },
			OnAccept:   func() {},
			OnComplete: func(v any, err error) { mu.Lock(); answers = append(answers, "accepted"); mu.Unlock() },
		}, cmd)
	}
	env.RegisterDelayedCallback(func() {
		send(workflows.OperatorCommand{Node: "after", Action: workflows.OperatorSkip})
		send(workflows.OperatorCommand{Node: "probe", Action: workflows.OperatorSkip, Output: map[string]string{"rows": "0"}})
		send(workflows.OperatorCommand{Node: "probe", Action: workflows.OperatorRetry})
	}, time.Hour)
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: compile(t, `workflow "h" {
  action "probe" {
    shell {
      argv           = ["probe"]
      capture_output = true
    }
    on_failure = "hold"
  }
  action "after" {
    shell { argv = ["echo", action.probe.output.rows] }
  }
}`)})
	// after then fails as probe did (the fake fails every shell): the run
	// ends, which is all this test needs of it.
	got := strings.Join(answers, " | ")
	if !strings.Contains(got, `refused: node "after" is not held`) || !strings.Contains(got, "accepted") || !strings.Contains(got, `refused: node "probe"`) {
		t.Errorf("answers: %s", got)
	}
	if n := status(result(t, env), "probe"); n.Status != workflows.StatusOK || n.Rerun != "skipped by operator" {
		t.Errorf("probe: %+v", n)
	}
}

// A fan-out past BatchItems runs in batch children, each item once, and
// the node's outputs come back in item order.
func TestForEachRunsInBatches(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) {
		mu.Lock()
		seen[in.Action.Shell.Argv[1]]++
		mu.Unlock()
		return contract.ActionResult{Output: map[string]string{"item": in.Action.Shell.Argv[1]}}, nil
	}}
	env := f.env(t)
	items := make([]string, 25)
	for i := range items {
		items[i] = string(rune('a' + i))
	}
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", BatchItems: 10, Plan: compile(t, `workflow "b" {
  action "each" {
    for_each    = ["`+strings.Join(items, `","`)+`"]
    parallelism = 4
    shell {
      argv           = ["run", each.value]
      capture_output = true
    }
  }
}`)})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if seen[it] != 1 {
			t.Errorf("item %s ran %d times", it, seen[it])
		}
	}
	if n := status(result(t, env), "each"); n.Status != workflows.StatusOK || n.Done != 25 || n.Items != 25 {
		t.Errorf("each: %+v", n)
	}
}
