package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/workflows/api"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
)

const holdSrc = `workflow "hold_ops" {
  param "dir" {}
  param "timeout" { default = "24h" }
  action "probe" {
    shell {
      argv           = ["sh", "-c", "echo probe >> \"$1/log\"; [ -f \"$1/fixed\" ] || { echo 'queue full' >&2; exit 5; }; echo rows=1", "probe", param.dir]
      capture_output = true
    }
    retry {
      attempts = 2
      interval = "10ms"
    }
    on_failure   = "hold"
    hold_timeout = param.timeout
    error        = kill.broken
  }
  action "after" {
    shell { argv = ["sh", "-c", "echo after-rows-$2 >> \"$1/log\"", "after", param.dir, action.probe.output.rows] }
  }
  kill "broken" { message = "failed at ${wf.last_error_node}: ${wf.error_message}" }
}`

// startHeld starts the hold workflow and waits until probe is HELD (after
// its two attempts) and the HowdahHeld search attribute lists it.
func startHeld(t *testing.T, dir, timeout string) sdkclient.WorkflowRun {
	t.Helper()
	run := start(t, compile(t, holdSrc, map[string]string{"dir": dir, "timeout": timeout}))
	waitFor(t, "probe HELD", func() bool { return node(state(t, run), "probe").Status == api.StatusHeld })
	if timeout != "24h" {
		return run
	}
	waitFor(t, "the run listed as held", func() bool {
		resp, err := tc.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: srv.Namespace,
			Query:     fmt.Sprintf("%s = 'probe' AND WorkflowId = '%s'", api.SearchHeld, run.GetID()),
		})
		return err == nil && len(resp.GetExecutions()) == 1
	})
	st := state(t, run)
	if n := node(st, "probe"); n.Attempts != 2 || !strings.Contains(n.Error, "queue full") {
		t.Errorf("held probe: %+v, want 2 attempts and the error", n)
	}
	if len(st.Current) != 1 || st.Current[0] != "probe" {
		t.Errorf("current: %v, want [probe]", st.Current)
	}
	return run
}

func operator(t *testing.T, run sdkclient.WorkflowRun, cmd api.OperatorCommand) {
	t.Helper()
	if err := tc.SignalWorkflow(context.Background(), run.GetID(), "", api.SignalOperator, cmd); err != nil {
		t.Fatal(err)
	}
}

func finish(t *testing.T, run sdkclient.WorkflowRun) (api.State, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := run.Get(ctx, nil)
	checkReplay(t, run, historyName(t))
	return state(t, run), err
}

func TestHoldRetryAfterTheFix(t *testing.T) {
	dir := t.TempDir()
	run := startHeld(t, dir, "24h")
	// A command for a node that is not held is dropped.
	operator(t, run, api.OperatorCommand{Node: "after", Action: api.OperatorSkip})
	os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644)
	operator(t, run, api.OperatorCommand{Node: "probe", Action: api.OperatorRetry, By: "tester"})
	st, err := finish(t, run)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	log := lines(t, filepath.Join(dir, "log"))
	if count(log, "probe") != 3 || count(log, "after-rows-1") != 1 {
		t.Errorf("log %v: want probe 3 times (2 attempts, 1 retry) and after once", log)
	}
	// The retry continues the attempt numbers (new YARN tags, new log
	// files): attempt 3.
	if n := node(st, "probe"); n.Status != api.StatusOK || n.Error != "" || n.Attempts != 3 {
		t.Errorf("probe: %+v, want OK at attempt 3", n)
	}
	waitFor(t, "HowdahHeld unset", func() bool {
		resp, err := tc.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: srv.Namespace,
			Query:     fmt.Sprintf("%s IS NOT NULL AND WorkflowId = '%s'", api.SearchHeld, run.GetID()),
		})
		return err == nil && len(resp.GetExecutions()) == 0
	})
}

func TestHoldSkipWithOutputs(t *testing.T) {
	dir := t.TempDir()
	run := startHeld(t, dir, "24h")
	operator(t, run, api.OperatorCommand{Node: "probe", Action: api.OperatorSkip, Output: map[string]string{"rows": "7"}})
	st, err := finish(t, run)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if log := lines(t, filepath.Join(dir, "log")); count(log, "probe") != 2 || count(log, "after-rows-7") != 1 {
		t.Errorf("log %v: want probe twice and after with the skip's output", log)
	}
	if n := node(st, "probe"); n.Status != api.StatusOK || n.Rerun != "skipped by operator" {
		t.Errorf("probe: %+v", n)
	}
}

func TestHoldFailTakesTheErrorTransition(t *testing.T) {
	dir := t.TempDir()
	run := startHeld(t, dir, "24h")
	operator(t, run, api.OperatorCommand{Node: "probe", Action: api.OperatorFail})
	st, err := finish(t, run)
	if err == nil || !strings.Contains(err.Error(), "failed at probe") || !strings.Contains(err.Error(), "queue full") {
		t.Fatalf("want the kill with probe's error, got %v", err)
	}
	if got := statuses(st, "probe", "after", "broken"); got != "probe=ERROR after=SKIPPED broken=KILLED" {
		t.Errorf("states: %s", got)
	}
}

func TestHoldTimeoutTakesTheErrorTransition(t *testing.T) {
	dir := t.TempDir()
	run := startHeld(t, dir, "1s")
	st, err := finish(t, run)
	if err == nil || !strings.Contains(err.Error(), "failed at probe") {
		t.Fatalf("want the kill after the hold timed out, got %v", err)
	}
	if n := node(st, "probe"); n.Status != api.StatusError || !strings.Contains(n.Error, "no operator answered") {
		t.Errorf("probe: %+v", n)
	}
}

const holdItemsSrc = `workflow "hold_items" {
  param "dir" {}
  action "items" {
    for_each    = ["a", "b", "c", "d"]
    parallelism = 4
    shell {
      argv           = ["sh", "-c", "echo item-$2 >> \"$1/log\"; [ $2 != c ] || [ -f \"$1/fixed\" ] || exit 6; echo v=$2", "item", param.dir, each.value]
      capture_output = true
    }
    on_failure = "hold"
  }
  action "after" {
    shell { argv = ["sh", "-c", "echo after-$2 >> \"$1/log\"", "after", param.dir, join("", [for o in action.items.output : o.v])] }
  }
}`

// A held for_each retries only the items that failed.
func TestHoldForEachRetriesFailedItems(t *testing.T) {
	dir := t.TempDir()
	run := start(t, compile(t, holdItemsSrc, map[string]string{"dir": dir}))
	waitFor(t, "items HELD", func() bool { return node(state(t, run), "items").Status == api.StatusHeld })
	if n := node(state(t, run), "items"); n.Done != 3 {
		t.Errorf("held items: %d/%d done, want 3", n.Done, n.Items)
	}
	os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644)
	operator(t, run, api.OperatorCommand{Node: "items", Action: api.OperatorRetry})
	if _, err := finish(t, run); err != nil {
		t.Fatalf("run: %v", err)
	}
	log := lines(t, filepath.Join(dir, "log"))
	for name, n := range map[string]int{"item-a": 1, "item-b": 1, "item-c": 2, "item-d": 1, "after-abcd": 1} {
		if got := count(log, name); got != n {
			t.Errorf("%s ran %d times, want %d (log %v)", name, got, n, log)
		}
	}
}

// Skipping a held for_each keeps the items that succeeded and gives the
// others the operator's output.
func TestHoldForEachSkip(t *testing.T) {
	dir := t.TempDir()
	run := start(t, compile(t, holdItemsSrc, map[string]string{"dir": dir}))
	waitFor(t, "items HELD", func() bool { return node(state(t, run), "items").Status == api.StatusHeld })
	operator(t, run, api.OperatorCommand{Node: "items", Action: api.OperatorSkip, Output: map[string]string{"v": "z"}})
	if _, err := finish(t, run); err != nil {
		t.Fatalf("run: %v", err)
	}
	if log := lines(t, filepath.Join(dir, "log")); count(log, "after-abzd") != 1 || count(log, "item-c") != 1 {
		t.Errorf("log %v: want after-abzd and item c run once", log)
	}
}

// Two operators answer the same held node at once (retry from one shell,
// skip from another): exactly one answer is accepted, the other is refused
// with the reason, and the run does what the accepted one said. Five
// races, each on a run of its own.
func TestOperatorAnswersRaceOneWins(t *testing.T) {
	for i := range 5 {
		dir := t.TempDir()
		run := startHeld(t, dir, "24h")
		type answer struct {
			action, msg string
			err         error
		}
		got := make(chan answer, 2)
		for _, action := range []string{api.OperatorRetry, api.OperatorSkip} {
			go func() {
				msg, err := client.Answer(context.Background(), tc, run.GetID(), "", api.OperatorCommand{Node: "probe", Action: action, Output: map[string]string{"rows": "7"}})
				got <- answer{action, msg, err}
			}()
		}
		a, b := <-got, <-got
		if (a.err == nil) == (b.err == nil) {
			t.Fatalf("race %d: both or neither accepted: %+v %+v", i, a, b)
		}
		won, lost := a, b
		if a.err != nil {
			won, lost = b, a
		}
		if !strings.Contains(won.msg, won.action+" probe accepted") || !strings.Contains(lost.err.Error(), "answered already") && !strings.Contains(lost.err.Error(), "not held") {
			t.Errorf("race %d: accepted %+v, refused %+v", i, won, lost)
		}
		if won.action == api.OperatorSkip {
			st, err := finish(t, run)
			if err != nil || node(st, "probe").Rerun != "skipped by operator" {
				t.Errorf("race %d: the skip won but the run: %v %+v", i, err, node(st, "probe"))
			}
			continue
		}
		// The retry won: probe runs again (and holds again, still broken).
		waitFor(t, "probe held again after the retry", func() bool {
			n := node(state(t, run), "probe")
			return n.Status == api.StatusHeld && n.Attempts == 4
		})
		tc.CancelWorkflow(context.Background(), run.GetID(), "")
	}
}
