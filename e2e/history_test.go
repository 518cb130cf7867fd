package e2e

import (
	"context"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/howdah/howdah/workflows"
	"github.com/howdah/howdah/workflows/api"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

var updateHistories = flag.Bool("update-histories", false, "store the histories of the runs in ../workflows/testdata/histories for replay tests")

// checkReplay fetches a finished run's history and replays it through the
// current interpreter: a non-deterministic change fails here. With
// -update-histories it also stores the history under name, where
// workflows' replay test replays it on every CI run.
func checkReplay(t *testing.T, run client.WorkflowRun, name string) {
	t.Helper()
	it := tc.GetWorkflowHistory(context.Background(), run.GetID(), run.GetRunID(), false, 0)
	h := &historypb.History{}
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, ev)
	}
	r := sdkworker.NewWorkflowReplayer()
	r.RegisterDynamicWorkflow(workflows.Run, workflow.DynamicRegisterOptions{})
	r.RegisterWorkflowWithOptions(workflows.Coordinator, workflow.RegisterOptions{Name: api.CoordinatorType})
	r.RegisterWorkflowWithOptions(workflows.Instance, workflow.RegisterOptions{Name: api.InstanceType})
	// Child workflow ids derive from the run's id, so replay with it.
	err := r.ReplayWorkflowHistoryWithOptions(silent{}, h, sdkworker.ReplayWorkflowHistoryOptions{
		OriginalExecution: workflow.Execution{ID: run.GetID(), RunID: run.GetRunID()},
	})
	if err != nil {
		t.Errorf("replaying %s: %v", name, err)
	}
	if *updateHistories {
		b, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		// The workflow id is part of the name: replays need it.
		path := filepath.Join(repoRoot, "workflows", "testdata", "histories", name+"@"+url.PathEscape(run.GetID())+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// repoRoot is the repository root, whatever the test's working directory.
var repoRoot = func() string {
	wd, _ := os.Getwd()
	return filepath.Dir(wd)
}()
