package workflows_test

import (
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/howdah/howdah/workflows"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// TestReplayRecordedHistories replays the histories of real runs (recorded
// by the e2e tests with -update-histories) through the current
// interpreter. A change that would break running workflows fails here:
// gate it with workflow.GetVersion instead.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob("testdata/histories/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("found %d recorded histories, want at least 8 (go test ./e2e -update-histories)", len(files))
	}
	logger := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, f := range files {
		// Files are named TEST@WORKFLOW_ID.json: child workflow ids derive
		// from the run's id, so the replay needs it.
		base := strings.TrimSuffix(filepath.Base(f), ".json")
		_, id, ok := strings.Cut(base, "@")
		if unescaped, err := url.PathUnescape(id); err == nil {
			id = unescaped // ids with '/' (coordinators') are escaped
		}
		if !ok {
			t.Fatalf("%s: want a name TEST@WORKFLOW_ID.json", f)
		}
		t.Run(base, func(t *testing.T) {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			h, err := client.HistoryFromJSON(fh, client.HistoryJSONOptions{})
			if err != nil {
				t.Fatal(err)
			}
			r := worker.NewWorkflowReplayer()
			r.RegisterDynamicWorkflow(workflows.Run, workflow.DynamicRegisterOptions{})
			r.RegisterWorkflowWithOptions(workflows.Coordinator, workflow.RegisterOptions{Name: workflows.CoordinatorType})
			r.RegisterWorkflowWithOptions(workflows.Instance, workflow.RegisterOptions{Name: workflows.InstanceType})
			// A for_each's batch children carry the run id in theirs: the
			// run's first event names it.
			runID := "replay"
			if a := h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes(); a.GetOriginalExecutionRunId() != "" {
				runID = a.GetOriginalExecutionRunId()
			}
			err = r.ReplayWorkflowHistoryWithOptions(logger, h, worker.ReplayWorkflowHistoryOptions{
				OriginalExecution: workflow.Execution{ID: id, RunID: runID},
			})
			if err != nil {
				t.Errorf("replay: %v", err)
			}
		})
	}
}
