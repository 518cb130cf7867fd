package workflows_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/workflow"
)

// The coordinator's gate on the SDK's test environment: a coordinator that
// starts three hours in the past catches up three instances at once, with
// concurrency 1, and the execution order decides which run and in what
// order (Oozie's FIFO, LIFO, LAST_ONLY, NONE with its tolerance).
func TestCoordinatorGateOrders(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		exec      plan.Execution
		tolerance time.Duration
		want      string // nominal hours that ran, in order
		skipped   int
	}{
		{plan.ExecFIFO, 0, "00,01,02", 0},
		// Each grant takes the newest READY instance. The first grant goes
		// to whichever is ready first (instances run concurrently); while
		// it runs the other two get ready, and the newer runs next.
		{plan.ExecLIFO, 0, "lifo", 0},
		{plan.ExecLastOnly, 0, "02", 2},
		{plan.ExecNone, 2 * time.Hour, "02", 2},
	} {
		t.Run(string(tc.exec), func(t *testing.T) {
			co := compileCoordinator(t)
			end := t0.Add(3 * time.Hour)
			co.Start, co.End, co.Concurrency, co.Execution = t0, &end, 1, tc.exec
			if tc.tolerance > 0 {
				co.Tolerance = plan.Duration(tc.tolerance)
			}
			var mu sync.Mutex
			var ran []string
			f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) {
				if in.Node == "a" {
					mu.Lock()
					ran = append(ran, in.WorkflowID[strings.LastIndex(in.WorkflowID, "T")+1:][:2])
					first := len(ran) == 1
					mu.Unlock()
					if first {
						time.Sleep(300 * time.Millisecond) // the others get READY meanwhile
					}
				}
				return contract.ActionResult{}, nil
			}}
			env := f.env(t)
			env.RegisterWorkflowWithOptions(workflows.Coordinator, workflow.RegisterOptions{Name: workflows.CoordinatorType})
			env.RegisterWorkflowWithOptions(workflows.Instance, workflow.RegisterOptions{Name: workflows.InstanceType})
			env.SetStartTime(end.Add(time.Minute))
			env.SetStartWorkflowOptions(sdkclient.StartWorkflowOptions{ID: "coord/" + co.Name})
			var st workflows.CoordinatorState
			env.RegisterDelayedCallback(func() {
				v, err := env.QueryWorkflow(workflows.QueryCoordinator)
				if err == nil {
					v.Get(&st)
				}
				env.CancelWorkflow()
			}, 10*time.Hour)
			env.ExecuteWorkflow(workflows.CoordinatorType, workflows.CoordinatorInput{Coordinator: co, TaskQueue: "q", NoSearchAttributes: true})
			if tc.want == "lifo" {
				if len(ran) != 3 || ran[1] < ran[2] {
					t.Errorf("ran %q: after the first, the newer of the two READY instances must run first", ran)
				}
			} else if got := strings.Join(ran, ","); got != tc.want {
				t.Errorf("ran %q, want %q", got, tc.want)
			}
			if st.Counts[workflows.InstanceSkipped] != tc.skipped || st.MaxRunning > 1 {
				t.Errorf("counts %v, max running %d", st.Counts, st.MaxRunning)
			}
		})
	}
}
