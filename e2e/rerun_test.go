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
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/workflows/api"
)

// rerunToEnd reruns the latest run of id with o and waits for it; the
// rerun's history is replayed (and stored with -update-histories) too.
func rerunToEnd(t *testing.T, id string, o client.RerunOptions) (api.State, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	e, err := client.LoadEnded(ctx, tc, id, "")
	if err != nil {
		t.Fatalf("load the ended run: %v", err)
	}
	run, rr, err := client.StartRerun(ctx, tc, e, o)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if run.GetID() != id || run.GetRunID() == e.RunID {
		t.Fatalf("rerun started %s/%s, want a new run of %s", run.GetID(), run.GetRunID(), id)
	}
	var out api.Output
	err = run.Get(ctx, &out)
	checkReplay(t, run, historyName(t)+"-rerun"+string(rune('0'+rr.Run)))
	return state(t, run), err
}

// lines reads a side-effect log: one line per execution.
func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

func count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

// A chain whose fourth node fails: the rerun runs only the fourth node and
// what follows; the decision after the skipped nodes sees their captured
// output, and wf.run counts the rerun.
func TestRerunFailedRunsOnlyWhatDidNotSucceed(t *testing.T) {
	dir := t.TempDir()
	src := `workflow "rerun_chain" {
  param "dir" {}
  action "n1" {
    shell {
      argv           = ["sh", "-c", "echo n1 >> \"$1/log\"; echo rows=5", "n1", param.dir]
      capture_output = true
    }
  }
  action "n2" {
    shell { argv = ["sh", "-c", "echo n2 >> \"$1/log\"", "n2", param.dir] }
  }
  action "n3" {
    shell { argv = ["sh", "-c", "echo n3 >> \"$1/log\"", "n3", param.dir] }
  }
  action "n4" {
    shell { argv = ["sh", "-c", "echo n4 >> \"$1/log\"; [ -f \"$1/fixed\" ] || { echo 'partition missing' >&2; exit 3; }", "n4", param.dir] }
    error = kill.broken
  }
  decision "route" {
    case {
      when = action.n1.output.rows == "5"
      goto = action.n5
    }
    default = kill.broken
  }
  action "n5" {
    shell { argv = ["sh", "-c", "echo n5-run$2 >> \"$1/log\"", "n5", param.dir, "${wf.run}"] }
  }
  kill "broken" { message = "failed at ${wf.last_error_node}" }
}`
	w := compile(t, src, map[string]string{"dir": dir})
	id, st, err := runID(t, w)
	if err == nil || !strings.Contains(err.Error(), "failed at n4") {
		t.Fatalf("first run: want the kill at n4, got %v", err)
	}
	if got := statuses(st, "n1", "n2", "n3", "n4", "n5"); got != "n1=OK n2=OK n3=OK n4=ERROR n5=SKIPPED" {
		t.Fatalf("first run: %s", got)
	}
	// Skipping a node that did not succeed is refused before anything runs.
	e, err := client.LoadEnded(context.Background(), tc, id, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.StartRerun(context.Background(), tc, e, client.RerunOptions{Skip: []string{"n1", "n4"}}); err == nil || !strings.Contains(err.Error(), `node "n4" did not succeed`) {
		t.Fatalf("--skip n4: %v", err)
	}

	if err := os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err = rerunToEnd(t, id, client.RerunOptions{})
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	log := lines(t, filepath.Join(dir, "log"))
	for name, want := range map[string]int{"n1": 1, "n2": 1, "n3": 1, "n4": 2, "n5-run1": 1} {
		if got := count(log, name); got != want {
			t.Errorf("%s ran %d times, want %d (log %v)", name, got, want, log)
		}
	}
	for _, name := range []string{"n1", "n2", "n3"} {
		if n := node(st, name); n.Status != api.StatusOK || n.Rerun != api.RerunSkipped {
			t.Errorf("%s: %+v, want OK skipped by rerun", name, n)
		}
	}
	if n := node(st, "n4"); n.Status != api.StatusOK || n.Rerun != "" {
		t.Errorf("n4: %+v, want OK, run again", n)
	}
	if st.Run != 1 || st.Status != api.RunSucceeded {
		t.Errorf("rerun: run %d %s, want run 1 SUCCEEDED", st.Run, st.Status)
	}

	// --from n3 on the succeeded rerun: n3 and everything after it again.
	st, err = rerunToEnd(t, id, client.RerunOptions{From: "n3"})
	if err != nil {
		t.Fatalf("rerun --from: %v", err)
	}
	log = lines(t, filepath.Join(dir, "log"))
	for name, want := range map[string]int{"n1": 1, "n2": 1, "n3": 2, "n4": 3, "n5-run2": 1} {
		if got := count(log, name); got != want {
			t.Errorf("after --from n3: %s ran %d times, want %d (log %v)", name, got, want, log)
		}
	}
	if st.Run != 2 {
		t.Errorf("second rerun: run %d, want 2", st.Run)
	}
	// Earlier runs stay readable by number.
	first, err := client.RunOf(context.Background(), tc, srv.Namespace, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	st0, err := client.State(context.Background(), tc, id, first)
	if err != nil || st0.Run != 0 || node(st0, "n4").Status != api.StatusError {
		t.Errorf("run 0: %+v, %v", st0, err)
	}
}

// Inside a fork only the branch that did not finish runs again; inside a
// for_each only the items that failed, and the node after it sees every
// item's output.
func TestRerunForkBranchesAndForEachItems(t *testing.T) {
	dir := t.TempDir()
	src := `workflow "rerun_fanout" {
  param "dir" {}
  fork "both" {
    branches = [action.quick, action.late]
  }
  action "quick" {
    shell { argv = ["sh", "-c", "echo quick >> \"$1/log\"", "quick", param.dir] }
    ok = join.done
  }
  action "late" {
    shell { argv = ["sh", "-c", "sleep 1; echo late >> \"$1/log\"; [ -f \"$1/fix-late\" ]", "late", param.dir] }
    ok    = join.done
    error = kill.broken
  }
  join "done" {}
  action "items" {
    for_each    = ["a", "b", "c", "d", "e", "f"]
    parallelism = 6
    shell {
      argv           = ["sh", "-c", "echo item-$2 >> \"$1/log\"; case $2 in b|d) [ -f \"$1/fix-items\" ] || exit 4;; esac; echo val=v$2", "item", param.dir, each.value]
      capture_output = true
    }
    error = kill.broken
  }
  action "after" {
    shell { argv = ["sh", "-c", "echo after-$2-$3 >> \"$1/log\"", "after", param.dir, "${length(action.items.output)}", action.items.output[3].val] }
  }
  kill "broken" { message = "failed at ${wf.last_error_node}" }
}`
	w := compile(t, src, map[string]string{"dir": dir})
	id, st, err := runID(t, w)
	if err == nil || !strings.Contains(err.Error(), "failed at late") {
		t.Fatalf("first run: want the kill at late, got %v (%s)", err, statuses(st, "quick", "late", "items"))
	}
	os.WriteFile(filepath.Join(dir, "fix-late"), nil, 0o644)
	st, err = rerunToEnd(t, id, client.RerunOptions{})
	if err == nil || !strings.Contains(err.Error(), "failed at items") {
		t.Fatalf("rerun 1: want the kill at items, got %v", err)
	}
	if n := node(st, "items"); n.Done != 4 || n.Items != 6 {
		t.Errorf("rerun 1: items %d/%d done, want 4/6", n.Done, n.Items)
	}
	os.WriteFile(filepath.Join(dir, "fix-items"), nil, 0o644)
	st, err = rerunToEnd(t, id, client.RerunOptions{})
	if err != nil {
		t.Fatalf("rerun 2: %v", err)
	}
	log := lines(t, filepath.Join(dir, "log"))
	want := map[string]int{"quick": 1, "late": 2, "item-a": 1, "item-b": 2, "item-c": 1, "item-d": 2, "item-e": 1, "item-f": 1, "after-6-vd": 1}
	for name, n := range want {
		if got := count(log, name); got != n {
			t.Errorf("%s ran %d times, want %d (log %v)", name, got, n, log)
		}
	}
	if n := node(st, "quick"); n.Rerun != api.RerunSkipped {
		t.Errorf("quick: %+v, want skipped by rerun", n)
	}
	if n := node(st, "items"); n.Status != api.StatusOK || n.Done != 6 {
		t.Errorf("items: %+v, want OK 6/6", n)
	}
	if st.Run != 2 {
		t.Errorf("run %d, want 2", st.Run)
	}
}

// A failed sub-workflow reruns only its own failed nodes.
func TestRerunSubWorkflowRerunsOnlyItsFailedNodes(t *testing.T) {
	dir := t.TempDir()
	child := `workflow "rerun_child" {
  param "dir" {}
  action "c1" {
    shell {
      argv           = ["sh", "-c", "echo c1 >> \"$1/log\"; echo token=t1", "c1", param.dir]
      capture_output = true
    }
  }
  action "c2" {
    shell { argv = ["sh", "-c", "echo c2-$2 >> \"$1/log\"; [ -f \"$1/fixed\" ]", "c2", param.dir, action.c1.output.token] }
  }
}`
	parent := `workflow "rerun_parent" {
  param "dir" {}
  action "p1" {
    shell { argv = ["sh", "-c", "echo p1 >> \"$1/log\"", "p1", param.dir] }
  }
  action "sub" {
    sub_workflow {
      file   = "child.hcl"
      params = { dir = param.dir }
    }
  }
  action "p2" {
    shell { argv = ["sh", "-c", "echo p2 >> \"$1/log\"", "p2", param.dir] }
  }
}`
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "child.hcl"), []byte(child), 0o644)
	os.WriteFile(filepath.Join(src, "parent.hcl"), []byte(parent), 0o644)
	w := compile(t, filepath.Join(src, "parent.hcl"), map[string]string{"dir": dir})
	id, _, err := runID(t, w)
	if err == nil {
		t.Fatal("first run succeeded, want the sub-workflow to fail")
	}
	os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644)
	st, err := rerunToEnd(t, id, client.RerunOptions{})
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	log := lines(t, filepath.Join(dir, "log"))
	for name, n := range map[string]int{"p1": 1, "c1": 1, "c2-t1": 2, "p2": 1} {
		if got := count(log, name); got != n {
			t.Errorf("%s ran %d times, want %d (log %v)", name, got, n, log)
		}
	}
	if n := node(st, "sub"); n.Status != api.StatusOK {
		t.Errorf("sub: %+v", n)
	}
	cst, err := client.State(context.Background(), tc, id+"/sub", "")
	if err != nil {
		t.Fatal(err)
	}
	if n := node(cst, "c1"); n.Rerun != api.RerunSkipped || cst.Run != 1 {
		t.Errorf("child: c1 %+v, run %d; want c1 skipped by rerun in run 1", n, cst.Run)
	}
}

// A for_each that runs in batch children reruns only the failed items too:
// the failed batches' succeeded items come back in their failure's details.
func TestRerunForEachInBatches(t *testing.T) {
	dir := t.TempDir()
	w := compile(t, `workflow "rerun_batches" {
  param "dir" {}
  action "items" {
    for_each    = ["a", "b", "c", "d", "e", "f"]
    parallelism = 6
    shell {
      argv           = ["sh", "-c", "echo item-$2 >> \"$1/log\"; case $2 in b|d) sleep 1; [ -f \"$1/fixed\" ] || exit 4;; esac; echo val=v$2", "item", param.dir, each.value]
      capture_output = true
    }
  }
  action "after" {
    shell { argv = ["sh", "-c", "echo after-$2-$3 >> \"$1/log\"", "after", param.dir, "${length(action.items.output)}", action.items.output[4].val] }
  }
}`, map[string]string{"dir": dir})
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: queue, User: "tester", BatchItems: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(context.Background(), nil); err == nil {
		t.Fatal("first run succeeded, want items b and d to fail")
	}
	os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644)
	st, err := rerunToEnd(t, run.GetID(), client.RerunOptions{})
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	log := lines(t, filepath.Join(dir, "log"))
	for name, n := range map[string]int{"item-a": 1, "item-b": 2, "item-c": 1, "item-d": 2, "item-e": 1, "item-f": 1, "after-6-ve": 1} {
		if got := count(log, name); got != n {
			t.Errorf("%s ran %d times, want %d (log %v)", name, got, n, log)
		}
	}
	if n := node(st, "items"); n.Done != 6 {
		t.Errorf("items: %+v", n)
	}
}

// coordinator rerun --failed reruns, in each failed instance, only the
// nodes of its workflow that did not succeed.
func TestCoordinatorRerunFailedCarriesOver(t *testing.T) {
	dir := t.TempDir()
	name := fmt.Sprintf("carry-%d", time.Now().UnixNano()%1e9)
	os.WriteFile(filepath.Join(dir, "two.hcl"), []byte(`workflow "two" {
  param "dir" {}
  action "n1" {
    shell { argv = ["sh", "-c", "echo n1 >> \"$1/log\"", "n1", param.dir] }
  }
  action "n2" {
    shell { argv = ["sh", "-c", "echo n2 >> \"$1/log\"; [ -f \"$1/fixed\" ]", "n2", param.dir] }
  }
}`), 0o644)
	file := filepath.Join(dir, "coord.hcl")
	os.WriteFile(file, []byte(fmt.Sprintf(`coordinator %q {
  workflow  = "two.hcl"
  start     = "2026-11-01T00:00:00Z"
  end       = "2026-11-01T01:00:00Z"
  frequency = hours(1)
  params    = { dir = %q }
}`, name, dir)), 0o644)
	res := dsl.CompileCoordinatorFile(file, dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	t.Cleanup(func() { client.DeleteCoordinator(context.Background(), tc, srv.Namespace, name, false) })
	applyCoord(t, res.Coordinator, client.CoordinatorOptions{})
	got := waitInstances(t, name, time.Minute, func(l []client.Instance) bool {
		return len(l) == 1 && l[0].State == api.InstanceFailed
	})
	os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644)
	if err := client.SignalCoordinator(context.Background(), tc, name, api.CoordEvent{Kind: api.EventRerun, Times: []time.Time{got[0].Nominal}, CarryOver: true}); err != nil {
		t.Fatal(err)
	}
	got = waitInstances(t, name, time.Minute, func(l []client.Instance) bool {
		return len(l) == 1 && l[0].State == api.InstanceSucceeded
	})
	if log := lines(t, filepath.Join(dir, "log")); count(log, "n1") != 1 || count(log, "n2") != 2 {
		t.Errorf("log %v: want n1 once and n2 twice", log)
	}
	st, err := client.State(context.Background(), tc, got[0].ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := node(st, "n1"); n.Rerun != api.RerunSkipped || st.Run != 1 {
		t.Errorf("the rerun instance: n1 %+v, run %d", n, st.Run)
	}
}

// An id with quotes finds its own runs, and a crafted one matches nothing
// (the embedded server's visibility does not match ids ending in a quote
// or holding a backslash: those need --run-id).
func TestRunOfQuotesTheID(t *testing.T) {
	w := compile(t, `workflow "quoted" {
  action "a" {
    shell { argv = ["true"] }
  }
}`, nil)
	for _, id := range []string{`we'ird`, `x' OR y`} {
		run, err := client.Start(context.Background(), tc, w, client.Options{ID: id, TaskQueue: queue})
		if err != nil {
			t.Fatal(err)
		}
		run.Get(context.Background(), nil)
		var got string
		waitFor(t, "the run of "+id+" in visibility", func() bool {
			got, err = client.RunOf(context.Background(), tc, srv.Namespace, id, 0)
			return err == nil
		})
		if got != run.GetRunID() {
			t.Errorf("RunOf(%q) = %s, want %s", id, got, run.GetRunID())
		}
	}
	if _, err := client.RunOf(context.Background(), tc, srv.Namespace, `nothing' OR WorkflowId != '`, 0); err == nil {
		t.Error("a crafted id matched runs")
	}
}

// The same rerun run twice (two operators, one click each) starts one run:
// the second is refused while the first is open, and by the id's conflict
// policy when both read the run before either started.
func TestRerunTwiceStartsOneRun(t *testing.T) {
	w := compile(t, `workflow "twice" {
  action "slow" {
    shell { argv = ["sh", "-c", "sleep 2; exit 1"] }
  }
}`, nil)
	id, _, err := runID(t, w)
	if err == nil {
		t.Fatal("want the run to fail")
	}
	ctx := context.Background()
	e1, err1 := client.LoadEnded(ctx, tc, id, "")
	e2, err2 := client.LoadEnded(ctx, tc, id, "")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	run, _, err := client.StartRerun(ctx, tc, e1, client.RerunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.StartRerun(ctx, tc, e2, client.RerunOptions{}); err == nil || !strings.Contains(err.Error(), "another run of it started meanwhile") {
		t.Errorf("a second rerun of the same ended run: %v", err)
	}
	if _, err := client.LoadEnded(ctx, tc, id, ""); err != client.ErrStillRunning {
		t.Errorf("loading a running run for a rerun: %v", err)
	}
	run.Get(ctx, nil)
}

// RunOf names a run that has just started without waiting for the
// visibility store: the latest run's own search attributes say which rerun
// it is.
func TestRunOfAJustStartedRun(t *testing.T) {
	w := compile(t, `workflow "fresh" {
  action "a" {
    shell { argv = ["sleep", "1"] }
  }
}`, nil)
	id := fmt.Sprintf("fresh-%d", time.Now().UnixNano())
	run, err := client.Start(context.Background(), tc, w, client.Options{ID: id, TaskQueue: queue})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.RunOf(context.Background(), tc, srv.Namespace, id, 0)
	if err != nil || got != run.GetRunID() {
		t.Errorf("RunOf just after the start = %q, %v; want %s", got, err, run.GetRunID())
	}
	if _, err := client.RunOf(context.Background(), tc, srv.Namespace, id, 1); err == nil {
		t.Error("RunOf found a rerun that does not exist")
	}
	run.Get(context.Background(), nil)
}
