package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/workflows/api"
	"go.temporal.io/sdk/temporal"
)

func TestRetryThenSuccess(t *testing.T) {
	dir := t.TempDir()
	counter := filepath.Join(dir, "tries")
	// Fails on the first two tries, succeeds on the third.
	w := compile(t, `workflow "retry_ok" {
  param "counter" {}
  action "flaky" {
    shell {
      argv = ["sh", "-c", "n=$(cat \"$1\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$1\"; [ $n -ge 3 ]", "flaky", param.counter]
    }
    retry {
      attempts = 3
      interval = "100ms"
      backoff  = 2
    }
  }
}`, map[string]string{"counter": counter})
	st, err := runToEnd(t, w)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	n := node(st, "flaky")
	if n.Status != "OK" || n.Attempts != 3 {
		t.Errorf("flaky: %+v, want OK after 3 attempts", n)
	}
	if b, _ := os.ReadFile(counter); strings.TrimSpace(string(b)) != "3" {
		t.Errorf("the command ran %s times, want 3", b)
	}
}

func TestRetriesExhaustedTakeTheErrorTransition(t *testing.T) {
	w := compile(t, `workflow "retry_fail" {
  action "broken" {
    shell { argv = ["sh", "-c", "echo 'disk full' >&2; exit 4"] }
    retry {
      attempts = 2
      interval = "50ms"
    }
    error = action.cleanup
  }
  action "never" {
    shell { argv = ["true"] }
  }
  action "cleanup" {
    shell {
      argv           = ["echo", "failed_node=${wf.last_error_node}"]
      capture_output = true
    }
    ok = kill.stop
  }
  kill "stop" { message = "stopped after ${wf.last_error_node}: ${wf.error_message}" }
}`, nil)
	st, err := runToEnd(t, w)
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		t.Fatalf("want the kill's failure, got %v", err)
	}
	if got := statuses(st, "broken", "never", "cleanup", "stop"); got != "broken=ERROR never=SKIPPED cleanup=OK stop=KILLED" {
		t.Errorf("states: %s", got)
	}
	b := node(st, "broken")
	if b.Attempts != 2 || !strings.Contains(b.Error, "exit status 4") || !strings.Contains(b.Error, "disk full") {
		t.Errorf("broken: %+v", b)
	}
	if !strings.HasPrefix(app.Message(), "stopped after broken: ") || !strings.Contains(app.Message(), "disk full") {
		t.Errorf("kill message: %q", app.Message())
	}
	if st.Status != api.RunFailed {
		t.Errorf("run status %s", st.Status)
	}
}

func TestNonRetryableErrorsAreNotRetried(t *testing.T) {
	w := compile(t, `workflow "bad_input" {
  action "missing" {
    shell { argv = ["/no/such/binary"] }
    retry { attempts = 5 }
  }
}`, nil)
	st, err := runToEnd(t, w)
	if err == nil {
		t.Fatal("want a failure")
	}
	if n := node(st, "missing"); n.Attempts != 1 || n.Status != "ERROR" {
		t.Errorf("missing: %+v, want one attempt", n)
	}
}

func TestCancelKillsTheRunningProcess(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	w := compile(t, `workflow "cancel_me" {
  param "pidfile" {}
  action "sleepy" {
    shell { argv = ["sh", "-c", "echo $$ > \"$1\"; sleep 60", "sleepy", param.pidfile] }
  }
}`, map[string]string{"pidfile": pidFile})
	run := start(t, w)
	waitFor(t, "the process to start", func() bool { _, err := os.Stat(pidFile); return err == nil })
	b, _ := os.ReadFile(pidFile)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
		t.Fatal(err)
	}
	err := run.Get(context.Background(), nil)
	var canceled *temporal.CanceledError
	if !errors.As(err, &canceled) {
		t.Fatalf("want a cancelled run, got %v", err)
	}
	waitFor(t, "the shell process to die", func() bool { return !alive(pid) })
	st := state(t, run)
	if st.Status != api.RunKilled || node(st, "sleepy").Status != api.StatusKilled {
		t.Errorf("after cancel: run %s, sleepy %s", st.Status, node(st, "sleepy").Status)
	}
}

// alive reports whether pid runs (a zombie does not count).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] != "Z"
}

func TestSuspendAndResume(t *testing.T) {
	dir := t.TempDir()
	gate := filepath.Join(dir, "gate")
	w := compile(t, `workflow "suspend_me" {
  param "gate" {}
  action "first" {
    shell { argv = ["sh", "-c", "while [ ! -e \"$1\" ]; do sleep 0.05; done", "first", param.gate] }
  }
  action "second" {
    shell { argv = ["true"] }
  }
}`, map[string]string{"gate": gate})
	run := start(t, w)
	waitFor(t, "first to run", func() bool { return node(state(t, run), "first").Status == "RUNNING" })
	if err := tc.SignalWorkflow(context.Background(), run.GetID(), run.GetRunID(), api.SignalSuspend, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the run to be suspended", func() bool { return state(t, run).Status == api.RunSuspended })
	os.WriteFile(gate, nil, 0o644) // let first finish while suspended
	waitFor(t, "first to finish", func() bool { return node(state(t, run), "first").Status == "OK" })
	time.Sleep(500 * time.Millisecond)
	if s := node(state(t, run), "second").Status; s != "PREP" {
		t.Fatalf("second is %s while the run is suspended; no new node may start", s)
	}
	if err := tc.SignalWorkflow(context.Background(), run.GetID(), run.GetRunID(), api.SignalResume, nil); err != nil {
		t.Fatal(err)
	}
	if err := run.Get(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := statuses(state(t, run), "first", "second"); got != "first=OK second=OK" {
		t.Errorf("states: %s", got)
	}
}

func TestWaitForDoneFlag(t *testing.T) {
	dir := t.TempDir()
	w := compile(t, `workflow "wait" {
  param "dir" {}
  action "await" {
    hdfs_wait {
      paths         = ["${param.dir}/day=*"]
      poll_interval = "100ms"
      timeout       = "30s"
    }
  }
}`, map[string]string{"dir": dir})
	run := start(t, w)
	waitFor(t, "await to poll", func() bool { return node(state(t, run), "await").Status == "RUNNING" })
	time.Sleep(300 * time.Millisecond) // a few polls with nothing there
	if s := node(state(t, run), "await").Status; s != "RUNNING" {
		t.Fatalf("await is %s before any data exists", s)
	}
	os.MkdirAll(filepath.Join(dir, "day=1"), 0o755)
	time.Sleep(300 * time.Millisecond)
	if s := node(state(t, run), "await").Status; s != "RUNNING" {
		t.Fatalf("await is %s: the directory exists but has no _SUCCESS", s)
	}
	os.WriteFile(filepath.Join(dir, "day=1", "_SUCCESS"), nil, 0o644)
	if err := run.Get(context.Background(), nil); err != nil {
		t.Fatal(err)
	}

	timeout := compile(t, `workflow "wait_timeout" {
  action "await" {
    hdfs_wait {
      paths         = ["/nonexistent/howdah/x"]
      done_flag     = ""
      poll_interval = "100ms"
      timeout       = "1s"
    }
  }
}`, nil)
	st, err := runToEnd(t, timeout)
	if err == nil {
		t.Fatal("a wait for a path that never appears succeeded")
	}
	if n := node(st, "await"); n.Status != "ERROR" || !strings.Contains(n.Error, "gave up after 1s") {
		t.Errorf("await: %+v", n)
	}
}

func TestForkBranchFailureKillsTheRun(t *testing.T) {
	dir := t.TempDir()
	w := compile(t, `workflow "fork_fail" {
  param "dir" {}
  fork "both" {
    branches = [action.slow, action.bad]
  }
  action "slow" {
    shell { argv = ["sh", "-c", "sleep 30; touch \"$1/slow-finished\"", "slow", param.dir] }
    ok = join.done
  }
  action "bad" {
    shell { argv = ["false"] }
    error = kill.broken
  }
  join "done" {}
  kill "broken" { message = "bad failed" }
}`, map[string]string{"dir": dir})
	begin := time.Now()
	st, err := runToEnd(t, w)
	if err == nil || !strings.Contains(err.Error(), "bad failed") {
		t.Fatalf("want the kill, got %v", err)
	}
	if time.Since(begin) > 20*time.Second {
		t.Errorf("the run waited for the slow branch (%s)", time.Since(begin))
	}
	if got := statuses(st, "bad", "slow", "done", "broken"); got != "bad=ERROR slow=KILLED done=SKIPPED broken=KILLED" {
		t.Errorf("states: %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "slow-finished")); err == nil {
		t.Error("the slow branch ran to completion after the kill")
	}
}

func TestLongPlansContinueAsNew(t *testing.T) {
	var b strings.Builder
	b.WriteString(`workflow "long" {
  action "first" {
    shell {
      argv           = ["echo", "token=abc"]
      capture_output = true
    }
  }
`)
	const steps = 40
	for i := 0; i < steps; i++ {
		// Shell steps: regular activities, a few events each (fs steps
		// are local activities, one marker each, often in one task).
		fmt.Fprintf(&b, "  action \"s%d\" {\n    shell { argv = [\"true\"] }\n  }\n", i)
	}
	seen := filepath.Join(t.TempDir(), "seen")
	fmt.Fprintf(&b, `  action "last" {
    shell {
      argv = ["sh", "-c", "echo \"$1\" > %s", "last", action.first.output.token]
    }
  }
}`, seen)
	w := compile(t, b.String(), nil)
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: queue, HistoryLimit: 60})
	if err != nil {
		t.Fatal(err)
	}
	var out api.Output
	if err := run.Get(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	// The final run's result covers every node, including those that ran
	// in earlier runs of the chain.
	ok := 0
	for _, n := range out.Nodes {
		if n.Status == api.StatusOK {
			ok++
		}
	}
	if ok != steps+3 { // first, the steps, last, end
		t.Errorf("%d nodes OK in the final result, want %d", ok, steps+3)
	}
	// The chain really continued: the latest run is not the first.
	desc, err := tc.DescribeWorkflowExecution(context.Background(), run.GetID(), "")
	if err != nil {
		t.Fatal(err)
	}
	if info := desc.GetWorkflowExecutionInfo(); info.GetExecution().GetRunId() == info.GetFirstRunId() {
		t.Error("the run never continued as new")
	}
	// Results from before the continuation are still readable after it.
	if got, _ := os.ReadFile(seen); strings.TrimSpace(string(got)) != "abc" {
		t.Errorf("last saw token %q, want abc", got)
	}
}

// A sub-workflow that fails passes its failing node's code and message up:
// the parent's wf.error_code is the child's, not "Killed".
func TestSubWorkflowErrorPropagates(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "child.hcl"), []byte(`workflow "child" {
  action "c" {
    shell { argv = ["sh", "-c", "echo quota exceeded >&2; exit 4"] }
  }
}`), 0o644)
	os.WriteFile(filepath.Join(dir, "parent.hcl"), []byte(`workflow "parent" {
  action "sub" {
    sub_workflow { file = "child.hcl" }
    error = action.report
  }
  action "report" {
    shell {
      argv           = ["echo", "code=${wf.error_code}", "node=${wf.last_error_node}"]
      capture_output = true
    }
    ok = kill.stop
  }
  kill "stop" { message = "${wf.error_code} at ${wf.last_error_node}: ${wf.error_message}" }
}`), 0o644)
	_, err := runToEnd(t, compile(t, filepath.Join(dir, "parent.hcl"), nil))
	if err == nil || !strings.Contains(err.Error(), "ActionFailed at sub: sub-workflow child: node c failed: exit status 4: quota exceeded") {
		t.Fatalf("want the child's code and message, got %v", err)
	}
	// The failure's message (what the Web UI shows first) says where.
	if want := "[node sub at " + filepath.Join(dir, "parent.hcl") + ":2:3]"; !strings.Contains(err.Error(), want) {
		t.Errorf("failure message %q lacks %q", err.Error(), want)
	}
}

// Oozie constructs: a workflow that starts at end succeeds doing nothing;
// an fs step with no operation is OK; retry interval 0 retries at once; a
// symbolic chmod mode sets the bits it says.
func TestOozieConstructsRun(t *testing.T) {
	if st, err := runToEnd(t, compile(t, `workflow "nothing" {
  start = end
}`, nil)); err != nil || st.Status != api.RunSucceeded {
		t.Fatalf("start = end: %v %+v", err, st)
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "f")
	os.WriteFile(target, nil, 0o600)
	st, err := runToEnd(t, compile(t, `workflow "constructs" {
  param "dir" {}
  action "noop" {
    fs {}
  }
  action "perm" {
    fs {
      chmod {
        path        = "${param.dir}/f"
        permissions = "-rwxr-x--x"
      }
    }
  }
  action "flaky" {
    shell { argv = ["sh", "-c", "echo x >> \"$1/tries\"; [ $(wc -l < \"$1/tries\") -ge 3 ]", "flaky", param.dir] }
    retry {
      attempts = 3
      interval = "0s"
    }
  }
}`, map[string]string{"dir": dir}))
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o751 {
		t.Errorf("mode after chmod -rwxr-x--x: %v %v", fi.Mode(), err)
	}
	if n := node(st, "flaky"); n.Attempts != 3 || n.Status != api.StatusOK || n.Ended.Sub(n.Started) > 5*time.Second {
		t.Errorf("flaky: %+v", n)
	}
}

// status shows what a running action reports: a shell's process and the
// bytes it printed.
func TestStatusShowsLiveProgress(t *testing.T) {
	dir := t.TempDir()
	run := start(t, compile(t, `workflow "live" {
  param "gate" {}
  action "probe" {
    shell {
      argv           = ["sh", "-c", "echo rows=12; echo wf=$HOWDAH_WORKFLOW_ID; echo run=$HOWDAH_RUN_ID"]
      capture_output = true
    }
  }
  action "wait" {
    shell { argv = ["sh", "-c", "echo started; while [ ! -e \"$1\" ]; do sleep 0.05; done", "wait", param.gate] }
  }
}`, map[string]string{"gate": filepath.Join(dir, "gate")}))
	waitFor(t, "live progress", func() bool {
		return strings.Contains(node(state(t, run), "wait").Live, "running: pid ")
	})
	// The ended actions' results, while the run goes on (status --json).
	res, err := client.Results(context.Background(), tc, run.GetID(), "", state(t, run))
	if err != nil || res["probe"].Output["rows"] != "12" {
		t.Errorf("results while running: %+v %v", res, err)
	}
	// The worker names the run to the action (the interpreter leaves it
	// out of the activity's input).
	if out := res["probe"].Output; out["wf"] != run.GetID() || out["run"] != run.GetRunID() {
		t.Errorf("the action saw HOWDAH_WORKFLOW_ID=%q HOWDAH_RUN_ID=%q, want %q %q", out["wf"], out["run"], run.GetID(), run.GetRunID())
	}
	os.WriteFile(filepath.Join(dir, "gate"), nil, 0o644)
	if err := run.Get(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if n := node(state(t, run), "wait"); n.Live != "" {
		t.Errorf("an ended node reports live progress: %q", n.Live)
	}
}

// Relative local paths mean the submitter's directory, not the worker's:
// fs operations, prepare deletes, streaming output, fs_* questions and a
// shell's working directory.
func TestRelativePathsResolveAgainstTheSubmitter(t *testing.T) {
	sub := t.TempDir()
	os.WriteFile(filepath.Join(sub, "in.txt"), []byte("b\na\nb\n"), 0o644)
	os.MkdirAll(filepath.Join(sub, "out", "old"), 0o755)
	w := compile(t, `workflow "relative" {
  action "mk" {
    prepare { delete = ["out/old"] }
    fs {
      mkdir { path = "out/made" }
    }
  }
  action "count" {
    streaming {
      input    = ["in.txt"]
      output   = "out/counts"
      mapper   = ["cat"]
      reducers = 1
    }
  }
  action "here" {
    shell { argv = ["sh", "-c", "pwd > where.txt"] }
  }
  decision "check" {
    case {
      when = fs_exists("out/counts/_SUCCESS")
      goto = end
    }
    default = kill.missing
  }
  kill "missing" { message = "fs_exists did not see out/counts" }
}`, nil)
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: queue, WorkDir: sub})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(context.Background(), nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, p := range []string{"out/made", "out/counts/_SUCCESS", "where.txt"} {
		if _, err := os.Stat(filepath.Join(sub, p)); err != nil {
			t.Errorf("%s not in the submitter's directory: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(sub, "out", "old")); err == nil {
		t.Error("prepare did not delete out/old in the submitter's directory")
	}
	if b, _ := os.ReadFile(filepath.Join(sub, "where.txt")); strings.TrimSpace(string(b)) != sub {
		t.Errorf("the shell ran in %q, want %q", b, sub)
	}
	if _, err := os.Stat("out"); err == nil {
		t.Error("something was written to the worker's directory")
	}
}

// The Web UI's workflow list can show where each run is: HowdahNode holds
// the running nodes (both branches of a fork), then the node a failed run
// failed at; a run that succeeded has none.
func TestHowdahNodeSaysWhereARunIs(t *testing.T) {
	dir := t.TempDir()
	gate := filepath.Join(dir, "gate")
	w := compile(t, `workflow "where" {
  param "gate" {}
  fork "both" {
    branches = [action.left, action.right]
  }
  action "left" {
    shell { argv = ["sh", "-c", "while [ ! -e \"$1\" ]; do sleep 0.05; done", "left", param.gate] }
    ok = join.joined
  }
  action "right" {
    shell { argv = ["sh", "-c", "while [ ! -e \"$1\" ]; do sleep 0.05; done", "right", param.gate] }
    ok = join.joined
  }
  join "joined" {}
  action "bad" {
    shell { argv = ["false"] }
  }
}`, map[string]string{"gate": gate})
	run := start(t, w)
	count := func(q string) int {
		resp, err := tc.ListWorkflow(context.Background(), listRequest(fmt.Sprintf("WorkflowId = %q AND %s", run.GetID(), q)))
		if err != nil {
			t.Fatal(err)
		}
		return len(resp.GetExecutions())
	}
	waitFor(t, "HowdahNode to name both branches", func() bool {
		return count(`HowdahNode = "left" AND HowdahNode = "right"`) == 1
	})
	os.WriteFile(gate, nil, 0o644)
	if err := run.Get(context.Background(), nil); err == nil {
		t.Fatal("the run succeeded; bad should fail it")
	}
	waitFor(t, "HowdahNode to name the failing node", func() bool {
		return count(`HowdahNode = "bad" AND ExecutionStatus = "Failed"`) == 1
	})
	if n := count(`HowdahNode IN ("left", "right")`); n != 0 {
		t.Errorf("the failed run still lists its ended branches")
	}
	checkReplay(t, run, historyName(t))

	ok := start(t, compile(t, `workflow "where_ok" {
  action "only" {
    shell { argv = ["true"] }
  }
}`, nil))
	if err := ok.Get(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the run to be listed as completed", func() bool {
		resp, err := tc.ListWorkflow(context.Background(), listRequest(fmt.Sprintf("WorkflowId = %q AND ExecutionStatus = \"Completed\"", ok.GetID())))
		return err == nil && len(resp.GetExecutions()) == 1
	})
	resp, _ := tc.ListWorkflow(context.Background(), listRequest(fmt.Sprintf("WorkflowId = %q AND HowdahNode IS NOT NULL", ok.GetID())))
	if len(resp.GetExecutions()) != 0 {
		t.Error("a run that succeeded still names a node")
	}
}

// TestHowdahNodeKeepsUpWithoutAWritePerStep: a chain of 20 quick steps and
// a slow one. HowdahNode changes at most once a second while the run goes
// on, so the chain costs a few visibility writes, not one per step (21
// before), and the slow step is still shown soon after it starts.
func TestHowdahNodeKeepsUpWithoutAWritePerStep(t *testing.T) {
	gate := filepath.Join(t.TempDir(), "gate")
	var src strings.Builder
	src.WriteString("workflow \"quick_then_slow\" {\n  param \"gate\" {}\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&src, "  action \"q%02d\" {\n    shell { argv = [\"true\"] }\n  }\n", i)
	}
	src.WriteString("  action \"slow\" {\n    shell { argv = [\"sh\", \"-c\", \"while [ ! -e \\\"$1\\\" ]; do sleep 0.05; done\", \"slow\", param.gate] }\n  }\n}\n")
	run := start(t, compile(t, src.String(), map[string]string{"gate": gate}))
	started := time.Now()
	waitFor(t, "HowdahNode to name the slow step", func() bool {
		resp, err := tc.ListWorkflow(context.Background(), listRequest(fmt.Sprintf("WorkflowId = %q AND HowdahNode = \"slow\"", run.GetID())))
		return err == nil && len(resp.GetExecutions()) == 1
	})
	t.Logf("HowdahNode named the slow step %s after the run started", time.Since(started).Round(10*time.Millisecond))
	os.WriteFile(gate, nil, 0o644)
	if err := run.Get(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	upserts := 0
	it := tc.GetWorkflowHistory(context.Background(), run.GetID(), run.GetRunID(), false, 0)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ev.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()[api.SearchNode]; ok {
			upserts++
		}
	}
	// The first step, one per second of the chain, the slow step, the
	// unset at the end.
	if upserts > 6 {
		t.Errorf("%d HowdahNode updates for 21 steps: want a few, not one per step", upserts)
	}
	checkReplay(t, run, historyName(t))
}
