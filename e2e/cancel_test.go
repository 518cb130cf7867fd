package e2e

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/workflows/api"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
)

// An action whose activity succeeds after the run was cancelled (as a YARN
// job does when the cancel lands in its last seconds, before the activity's
// next heartbeat) must not lead the run on: on a real server, the run ends
// KILLED, the node that finished is OK, and nothing after it starts, past
// a decision or a join. The activity here is a stand-in on a queue of its
// own that ignores the cancel and succeeds, as the real one did.
func TestCancelWhileAnActionSucceedsEndsKilled(t *testing.T) {
	const slowQueue = "e2e-finishes-anyway"
	started := make(chan struct{}, 4)
	w := sdkworker.New(tc, slowQueue, sdkworker.Options{})
	w.RegisterActivityWithOptions(func(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
		started <- struct{}{}
		time.Sleep(1500 * time.Millisecond) // no heartbeat: the cancel is not seen
		return contract.ActionResult{Output: map[string]string{"done": "yes"}}, nil
	}, activity.RegisterOptions{Name: contract.ShellName})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	shapes := map[string]string{
		"decision": `
  action "slow" {
    shell {
      argv           = ["x"]
      capture_output = true
    }
    queue = "` + slowQueue + `"
  }
  decision "d" {
    case {
      when = action.slow.output.done == "yes"
      goto = end
    }
    default = action.after
  }`,
		"fork": `
  fork "f" {
    branches = [action.slow, action.quick]
  }
  action "slow" {
    shell { argv = ["x"] }
    queue = "` + slowQueue + `"
    ok    = join.j
  }
  action "quick" {
    shell { argv = ["true"] }
    ok = join.j
  }
  join "j" {
    ok = decision.d
  }
  decision "d" {
    case {
      when = true
      goto = end
    }
    default = action.after
  }`,
	}
	for name, body := range shapes {
		t.Run(name, func(t *testing.T) {
			marker := filepath.Join(t.TempDir(), "after-ran")
			wf := compile(t, `workflow "cancel_late_`+name+`" {
  param "marker" {}`+body+`
  action "after" {
    shell { argv = ["touch", param.marker] }
  }
}`, map[string]string{"marker": marker})
			run := start(t, wf)
			select {
			case <-started:
			case <-time.After(30 * time.Second):
				t.Fatal("the slow action never started")
			}
			time.Sleep(300 * time.Millisecond)
			if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			err := run.Get(context.Background(), nil)
			t.Logf("run ended %s after the cancel", time.Since(t0))
			var canceled *temporal.CanceledError
			if !errors.As(err, &canceled) {
				t.Fatalf("want a cancelled run, got %v", err)
			}
			checkReplay(t, run, historyName(t))
			st := state(t, run)
			if st.Status != api.RunKilled {
				t.Errorf("run %s, want KILLED", st.Status)
			}
			if s := node(st, "slow").Status; s != api.StatusOK {
				t.Errorf("slow %s, want OK: it did finish", s)
			}
			if s := node(st, "after").Status; s == api.StatusOK || s == api.StatusRunning {
				t.Errorf("after %s: a node started after the cancel", s)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Errorf("the action after the cancel ran")
			}
		})
	}
}
