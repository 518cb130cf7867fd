package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
	"go.temporal.io/api/serviceerror"
	sdkclient "go.temporal.io/sdk/client"
)

// The fault tests run on the PostgreSQL-backed server of
// scripts/temporal-postgres, which they kill and restart:
//
//	scripts/temporal-postgres start && eval "$(scripts/temporal-postgres env)"
//	HOWDAH_E2E_TEMPORAL=$TEMPORAL_ADDRESS go test ./e2e -run Production -v
//
// Each counts what its steps did from their own side effects (lines
// appended to a file), not from what Temporal reports.

// productionCluster is the scripts/temporal-postgres directory of the
// server the tests run on, or the test is skipped.
func productionCluster(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HOWDAH_TEMPORAL_POSTGRES")
	if dir == "" || !srv.External {
		if os.Getenv("CI") != "" && srv.External {
			t.Fatal("HOWDAH_TEMPORAL_POSTGRES is not set: the fault tests need the cluster's directory")
		}
		t.Skip("not on the scripts/temporal-postgres server (HOWDAH_E2E_TEMPORAL and HOWDAH_TEMPORAL_POSTGRES)")
	}
	return dir
}

// pgScript runs scripts/temporal-postgres VERB DIR.
func pgScript(t *testing.T, verb, dir string) {
	t.Helper()
	cmd := exec.Command("../scripts/temporal-postgres", verb, dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("temporal-postgres %s: %v\n%s", verb, err, out)
	}
}

// count is how many lines of the file equal each of want.
func countLines(t *testing.T, path string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, l := range lines(t, path) {
		out[l]++
	}
	return out
}

func waitDone(t *testing.T, run sdkclient.WorkflowRun, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatalf("run %s: %v", run.GetID(), err)
	}
}

// TestProductionServerKilledMidShellStep SIGKILLs the Temporal server while
// a shell step runs and starts it again: the step runs once, whether the
// server was down for less than the step's heartbeat timeout (the attempt
// goes on) or for more (Temporal gives the attempt up; the next attempt,
// on the same worker, adopts the running process instead of starting it
// again).
func TestProductionServerKilledMidShellStep(t *testing.T) {
	dir := productionCluster(t)
	for _, c := range []struct {
		name      string
		heartbeat time.Duration
		down      time.Duration
	}{
		{"down shorter than the heartbeat timeout", 30 * time.Second, 12 * time.Second},
		{"down longer than the heartbeat timeout", 3 * time.Second, 12 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "log")
			w := compile(t, `workflow "server-killed" {
  param "log" {}
  action "a" {
    shell { argv = ["sh", "-c", "echo a >> \"$1\"", "a", param.log] }
  }
  action "b" {
    shell { argv = ["sh", "-c", "echo b-start >> \"$1\"; sleep 8; echo b-end >> \"$1\"", "b", param.log] }
  }
  action "c" {
    shell { argv = ["sh", "-c", "echo c >> \"$1\"", "c", param.log] }
  }
}`, map[string]string{"log": log})
			run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: queue, HeartbeatTimeout: c.heartbeat})
			if err != nil {
				t.Fatal(err)
			}
			waitFor(t, "b to start", func() bool { return countLines(t, log)["b-start"] > 0 })
			pgScript(t, "kill-server", dir)
			time.Sleep(c.down)
			pgScript(t, "start-server", dir)
			waitDone(t, run, 2*time.Minute)
			got := countLines(t, log)
			if got["a"] != 1 || got["b-start"] != 1 || got["b-end"] != 1 || got["c"] != 1 {
				t.Errorf("a, b-start, b-end, c ran %d %d %d %d times, want once each:\n%v", got["a"], got["b-start"], got["b-end"], got["c"], lines(t, log))
			}
			if n := node(state(t, run), "b"); n.Status != "OK" || n.Tries > 1 {
				t.Errorf("b: %+v, want OK, run once", n)
			}
		})
	}
}

// TestProductionPostgresRestartMidRun restarts PostgreSQL under a chain of
// 20 shell steps: every step runs once, in order.
func TestProductionPostgresRestartMidRun(t *testing.T) {
	dir := productionCluster(t)
	log := filepath.Join(t.TempDir(), "log")
	var b strings.Builder
	b.WriteString("workflow \"pg-restart\" {\n  param \"log\" {}\n")
	for i := range 20 {
		fmt.Fprintf(&b, "  action \"s%02d\" {\n    shell { argv = [\"sh\", \"-c\", \"echo s%02d >> \\\"$1\\\"; sleep 0.5\", \"s\", param.log] }\n  }\n", i, i)
	}
	b.WriteString("}\n")
	run := start(t, compile(t, b.String(), map[string]string{"log": log}))
	waitFor(t, "5 steps", func() bool { return len(lines(t, log)) >= 5 })
	pgScript(t, "restart-postgres", dir)
	if n := len(lines(t, log)); n >= 20 {
		t.Fatalf("all %d steps ran before PostgreSQL was back: the restart was not mid-run", n)
	}
	waitDone(t, run, 3*time.Minute)
	var want []string
	for i := range 20 {
		want = append(want, fmt.Sprintf("s%02d", i))
	}
	if got := lines(t, log); !slices.Equal(got, want) {
		t.Errorf("steps ran %v, want each once in order", got)
	}
}

// TestProductionWorkerKilledMidFanOut runs a 24-item fan-out on two worker
// processes of 4 action slots each and SIGKILLs one of them mid-way: the
// other finishes the run. Every item ends once; the items that were
// running on the killed worker (at most its 4 slots) start a second time,
// since their processes died with it and Temporal's retry runs them on the
// other (one that had just ended but whose result died with the worker
// ends twice): at-least-once, and only those.
func TestProductionWorkerKilledMidFanOut(t *testing.T) {
	productionCluster(t)
	log := filepath.Join(t.TempDir(), "log")
	q := queue + "-fanout-kill"
	w := compile(t, `workflow "fanout-kill" {
  param "log" {}
  action "each" {
    for_each = [for i in range(24) : "${i}"]
    shell { argv = ["sh", "-c", "echo start-$1 >> \"$2\"; sleep 2; echo end-$1 >> \"$2\"", "x", each.value, param.log] }
  }
}`, map[string]string{"log": log})
	victim := startWorkerProcess(t, q, "HOWDAH_E2E_WORKER_MAX_ACTIVITIES=4")
	startWorkerProcess(t, q, "HOWDAH_E2E_WORKER_MAX_ACTIVITIES=4")
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: q, HeartbeatTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "8 items to end", func() bool {
		n := 0
		for _, l := range lines(t, log) {
			if strings.HasPrefix(l, "end-") {
				n++
			}
		}
		return n >= 8
	})
	time.Sleep(time.Second) // mid-way through the next items
	victim.Process.Signal(syscall.SIGKILL)
	victim.Wait()
	waitDone(t, run, 3*time.Minute)
	got := countLines(t, log)
	twice := 0
	for i := range 24 {
		s, e := got[fmt.Sprintf("start-%d", i)], got[fmt.Sprintf("end-%d", i)]
		// An item that ran again either died with the worker (ended
		// once) or ended just before it (its result was lost with the
		// worker: ended twice).
		if e < 1 || s > 2 || e > s {
			t.Errorf("item %d started %d and ended %d times, want once, or twice for one that was on the killed worker", i, s, e)
		}
		if s == 2 {
			twice++
		}
	}
	t.Logf("%d of 24 items started again after the worker was killed", twice)
	if twice > 4 {
		t.Errorf("%d items ran twice; the killed worker had 4 slots", twice)
	}
}

// TestProductionBackfillDuringServerRestart applies a coordinator with a
// year of daily instances (365, concurrency 8) and SIGKILLs and restarts
// the server during the catch-up: every instance's workflow runs its step
// once.
func TestProductionBackfillDuringServerRestart(t *testing.T) {
	dir := productionCluster(t)
	tmp := t.TempDir()
	log := filepath.Join(tmp, "log")
	os.WriteFile(filepath.Join(tmp, "day.hcl"), []byte(`workflow "backfill-day" {
  param "day" {}
  param "log" {}
  action "mark" {
    shell { argv = ["sh", "-c", "echo \"$1\" >> \"$2\"", "mark", param.day, param.log] }
  }
}
`), 0o644)
	file := filepath.Join(tmp, "coord.hcl")
	os.WriteFile(file, []byte(fmt.Sprintf(`coordinator "backfill-restart-%d" {
  workflow    = "day.hcl"
  start       = "2025-01-01T02:00:00Z"
  end         = "2026-01-01T02:00:00Z"
  frequency   = days(1)
  concurrency = 8
  params      = { day = coord.nominal_time, log = %q }
}
`, time.Now().Unix(), log)), 0o644)
	res := dsl.CompileCoordinatorFile(file, dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	co := res.Coordinator
	t.Cleanup(func() { client.DeleteCoordinator(context.Background(), tc, srv.Namespace, co.Name, false) })
	if _, err := client.ApplyCoordinator(context.Background(), tc, co, client.CoordinatorOptions{Namespace: srv.Namespace, TaskQueue: queue}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "40 instances", func() bool { return len(lines(t, log)) >= 40 })
	pgScript(t, "kill-server", dir)
	time.Sleep(5 * time.Second)
	pgScript(t, "start-server", dir)
	deadline := time.Now().Add(5 * time.Minute)
	for d := time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC); d.Year() == 2025; d = d.AddDate(0, 0, 1) {
		id := coord.InstanceID(co.Name, d)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), time.Until(deadline))
			err := tc.GetWorkflow(ctx, id, "").Get(ctx, nil)
			cancel()
			var nf *serviceerror.NotFound
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not done in 5 minutes: %v", id, err)
			}
			if !errors.As(err, &nf) {
				t.Logf("%s: %v (waiting on)", id, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	got := countLines(t, log)
	if len(got) != 365 {
		t.Errorf("%d distinct days ran, want 365", len(got))
	}
	for day, n := range got {
		if n != 1 {
			t.Errorf("%s ran %d times, want once", day, n)
		}
	}
}
