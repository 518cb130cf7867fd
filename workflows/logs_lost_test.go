package workflows_test

import (
	"strings"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/workflows"
	"go.temporal.io/sdk/temporal"
)

// What an attempt says of its lost logs reaches the node's state, for a
// node that succeeded and for one that failed.
func TestLogsLostReachTheState(t *testing.T) {
	f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) {
		if in.Node == "bad" {
			return contract.ActionResult{}, temporal.NewNonRetryableApplicationError("bad: exit 1", contract.ErrActionFailed, nil, contract.FailureDetails{Logs: "/l", LogsLost: "store full (bad)"})
		}
		return contract.ActionResult{Logs: "/l", LogsLost: "store full (good)"}, nil
	}}
	env := f.env(t)
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: compile(t, `workflow "l" {
  action "good" {
    shell { argv = ["x"] }
  }
  action "bad" {
    shell { argv = ["y"] }
  }
}`)})
	st := result(t, env)
	if g, b := status(st, "good"), status(st, "bad"); !strings.Contains(g.LogsLost, "(good)") || !strings.Contains(b.LogsLost, "(bad)") {
		t.Errorf("good %+v\nbad %+v", g, b)
	}
}
