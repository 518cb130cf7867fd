package workflows_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows"
	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/workflow"
)

func compileCoordinator(t *testing.T) *plan.Coordinator {
	t.Helper()
	dir := t.TempDir()
	wf := dir + "/wf.hcl"
	writeFile(t, wf, `workflow "two" {
  action "a" {
    shell { argv = ["a"] }
  }
  action "b" {
    shell { argv = ["b"] }
  }
}`)
	src := `coordinator "c" {
  workflow  = "wf.hcl"
  start     = "2026-01-01T00:00:00Z"
  frequency = hours(1)
}`
	res := dsl.CompileCoordinatorSource(dir+"/co.hcl", []byte(src), dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	return res.Coordinator
}

// A rerun instance carries over the record of the run the coordinator
// named, read by that run's id; when that run left no record it refuses
// (FAILED, saying why and what to do) instead of running every node again.
func TestInstanceRerunNamesItsPriorRun(t *testing.T) {
	co := compileCoordinator(t)
	nominal := time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		record *workflows.Record
		ran    string
	}{
		{"record", &workflows.Record{Status: workflows.RunFailed, States: []workflows.NodeState{
			{Name: "a", Kind: string(plan.KindAction), Status: workflows.StatusOK},
			{Name: "b", Kind: string(plan.KindAction), Status: workflows.StatusError},
		}}, "b"},
		{"no record", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var ran []string
			var asked contract.PriorRecordInput
			f := &fakes{shell: func(in contract.ActionInput) (contract.ActionResult, error) {
				mu.Lock()
				defer mu.Unlock()
				ran = append(ran, in.Node)
				return contract.ActionResult{}, nil
			}}
			f.PriorRecord = func(ctx context.Context, in contract.PriorRecordInput) (any, error) {
				asked = in
				return tc.record, nil
			}
			env := f.env(t)
			env.RegisterWorkflowWithOptions(workflows.Instance, workflow.RegisterOptions{Name: workflows.InstanceType})
			env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil)
			env.ExecuteWorkflow(workflows.InstanceType, workflows.InstanceInput{
				Coordinator: co, Nominal: nominal, CoordinatorID: "coord/c", TaskQueue: "q",
				Granted: true, CarryOver: true, Prior: &workflows.PriorRun{RunID: "run-before"},
			})
			err := env.GetWorkflowError()
			if asked.PriorRunID != "run-before" {
				t.Errorf("the record was asked for %+v, not by the prior run's id", asked)
			}
			if got := strings.Join(ran, ","); got != tc.ran {
				t.Errorf("ran %q, want %q", got, tc.ran)
			}
			if tc.record == nil {
				if err == nil || !strings.Contains(err.Error(), "left no record") || !strings.Contains(err.Error(), "without --failed") {
					t.Errorf("want a refusal that says why, got %v", err)
				}
			} else if err != nil {
				t.Errorf("the rerun failed: %v", err)
			}
		})
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
