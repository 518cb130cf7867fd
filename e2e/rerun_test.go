package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/internal/launch"
	"github.com/howdah/howdah/workflows"
)

// rerunToEnd reruns the latest run of id with o and waits for it; the
// rerun's history is replayed (and stored with -update-histories) too.
func rerunToEnd(t *testing.T, id string, o launch.RerunOptions) (workflows.State, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	e, err := launch.LoadEnded(ctx, tc, id, "")
	if err != nil {
		t.Fatalf("load the ended run: %v", err)
	}
	run, rr, err := launch.StartRerun(ctx, tc, e, o)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if run.GetID() != id || run.GetRunID() == e.RunID {
		t.Fatalf("rerun started %s/%s, want a new run of %s", run.GetID(), run.GetRunID(), id)
	}
	var out workflows.Output
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
	e, err := launch.LoadEnded(context.Background(), tc, id, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := launch.StartRerun(context.Background(), tc, e, launch.RerunOptions{Skip: []string{"n1", "n4"}}); err == nil || !strings.Contains(err.Error(), `node "n4" did not succeed`) {
		t.Fatalf("--skip n4: %v", err)
	}

	if err := os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err = rerunToEnd(t, id, launch.RerunOptions{})
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
		if n := node(st, name); n.Status != workflows.StatusOK || n.Rerun != workflows.RerunSkipped {
			t.Errorf("%s: %+v, want OK skipped by rerun", name, n)
		}
	}
	if n := node(st, "n4"); n.Status != workflows.StatusOK || n.Rerun != "" {
		t.Errorf("n4: %+v, want OK, run again", n)
	}
	if st.Run != 1 || st.Status != workflows.RunSucceeded {
		t.Errorf("rerun: run %d %s, want run 1 SUCCEEDED", st.Run, st.Status)
	}

	// --from n3 on the succeeded rerun: n3 and everything after it again.
	st, err = rerunToEnd(t, id, launch.RerunOptions{From: "n3"})
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
	first, err := launch.RunOf(context.Background(), tc, srv.Namespace, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	st0, err := launch.State(context.Background(), tc, id, first)
	if err != nil || st0.Run != 0 || node(st0, "n4").Status != workflows.StatusError {
		t.Errorf("run 0: %+v, %v", st0, err)
	}
}

// runID starts w, waits for it, and returns its workflow id with its state.
func runID(t *testing.T, w *planWorkflow) (string, workflows.State, error) {
	t.Helper()
	run := start(t, w)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out workflows.Output
	err := run.Get(ctx, &out)
	checkReplay(t, run, historyName(t))
	return run.GetID(), state(t, run), err
}
