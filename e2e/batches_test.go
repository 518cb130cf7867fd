package e2e

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
)

// startBatched launches w with small for_each batches.
func startBatched(t *testing.T, w *plan.Workflow, batch int) sdkclient.WorkflowRun {
	t.Helper()
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: queue, User: "tester", HeartbeatTimeout: 2 * time.Second, BatchItems: batch})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func waitRun(t *testing.T, run sdkclient.WorkflowRun) (api.State, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err := run.Get(ctx, nil)
	checkReplay(t, run, historyName(t))
	return state(t, run), err
}

// A fan-out larger than a batch runs in batch children: every item runs
// once with its own index and value, outputs come back in order for later
// nodes, and progress counts items.
func TestForEachInBatches(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report")
	w := compile(t, `workflow "batched" {
  param "dir" {}
  param "report" {}
  action "fan" {
    for_each    = [for i in range(23) : "v${i}"]
    parallelism = 4
    shell {
      argv           = ["sh", "-c", "echo i=$1; echo v=$2; touch \"$3/$1-$2\"", "x", each.index, each.value, param.dir]
      capture_output = true
    }
  }
  action "after" {
    shell { argv = ["sh", "-c", "echo \"$1 $2 $3\" > \"$4\"", "x", length(action.fan.output), action.fan.output[17].v, action.fan.output[22].i, param.report] }
  }
}`, map[string]string{"dir": dir, "report": report})
	st, err := waitRun(t, startBatched(t, w, 5))
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if n := node(st, "fan"); n.Status != "OK" || n.Items != 23 || n.Done != 23 {
		t.Errorf("fan: %+v", n)
	}
	for i := range 23 {
		if _, err := os.Stat(filepath.Join(dir, strconv.Itoa(i)+"-v"+strconv.Itoa(i))); err != nil {
			t.Errorf("item %d: %v", i, err)
		}
	}
	if b, _ := os.ReadFile(report); strings.TrimSpace(string(b)) != "23 v17 22" {
		t.Errorf("later node saw %q, want \"23 v17 22\"", b)
	}
	// Five batch children ran, each listed under the fan-out's name.
	waitFor(t, "five batch children in the visibility store", func() bool {
		resp, err := tc.ListWorkflow(context.Background(), listRequest(`WorkflowType = "batched.fan.for_each" AND ExecutionStatus = "Completed"`))
		return err == nil && len(resp.Executions) == 5
	})
	// `howdah list` shows top-level runs only: the batches are children.
	resp, err := tc.ListWorkflow(context.Background(), listRequest(`ParentWorkflowId IS NULL AND WorkflowType = "batched.fan.for_each"`))
	if err != nil || len(resp.Executions) != 0 {
		t.Errorf("batches listed as top-level runs: %v, %d", err, len(resp.GetExecutions()))
	}
}

// A failing item fails its batch and the node: the error names the item,
// other batches are cancelled and no new one starts.
func TestForEachBatchFailure(t *testing.T) {
	dir := t.TempDir()
	w := compile(t, `workflow "batched_fail" {
  param "dir" {}
  action "fan" {
    for_each    = [for i in range(200) : tostring(i)]
    parallelism = 2
    shell { argv = ["sh", "-c", "touch \"$2/$1\"; [ $1 != 7 ] || { echo 'bad item' >&2; exit 5; }", "x", each.value, param.dir] }
    error = kill.stop
  }
  kill "stop" { message = "failed: ${wf.error_message}" }
}`, map[string]string{"dir": dir})
	st, err := waitRun(t, startBatched(t, w, 5))
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		t.Fatalf("run: %v", err)
	}
	n := node(st, "fan")
	if n.Status != "ERROR" || !strings.Contains(n.Error, "item 7 (7)") || !strings.Contains(n.Error, "bad item") {
		t.Errorf("fan: %+v", n)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) > 20 {
		t.Errorf("%d items ran after the failure of item 7", len(entries))
	}
}

// Cancelling a run cancels its batches: the run ends KILLED and no item
// runs afterwards.
func TestForEachBatchCancel(t *testing.T) {
	dir := t.TempDir()
	w := compile(t, `workflow "batched_cancel" {
  param "dir" {}
  action "fan" {
    for_each    = [for i in range(100) : tostring(i)]
    parallelism = 2
    shell { argv = ["sh", "-c", "touch \"$2/$1\"; sleep 30", "x", each.value, param.dir] }
  }
}`, map[string]string{"dir": dir})
	run := startBatched(t, w, 10)
	waitFor(t, "items to start", func() bool { e, _ := os.ReadDir(dir); return len(e) >= 2 })
	if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
		t.Fatal(err)
	}
	st, err := waitRun(t, run)
	var canceled *temporal.CanceledError
	if !errors.As(err, &canceled) || st.Status != api.RunKilled {
		t.Fatalf("run: %v, status %s", err, st.Status)
	}
	time.Sleep(2 * time.Second)
	if e, _ := os.ReadDir(dir); len(e) > 4 {
		t.Errorf("%d items started; at most 2 ran before the cancel", len(e))
	}
	waitFor(t, "no batch child running", func() bool {
		resp, err := tc.ListWorkflow(context.Background(), listRequest(`WorkflowType = "batched_cancel.fan.for_each" AND ExecutionStatus = "Running"`))
		return err == nil && len(resp.Executions) == 0
	})
}

func listRequest(query string) *workflowservice.ListWorkflowExecutionsRequest {
	return &workflowservice.ListWorkflowExecutionsRequest{Namespace: srv.Namespace, Query: query, PageSize: 1000}
}
