package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/internal/coordctl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows"
	"go.temporal.io/sdk/client"
)

// tickWorkflow records each run's start and end (unix seconds) and its
// nominal time in a log file, optionally sleeping in between.
const tickWorkflow = `
workflow "tick" {
  param "nominal" { type = string }
  param "log" { type = string }
  param "sleep" { default = "0" }
  param "inputs" {
    type    = list(string)
    default = []
  }
  action "record" {
    shell {
      argv = ["sh", "-c", "echo start $(date +%s.%N) $0 >> $1; sleep $2; echo end $(date +%s.%N) $0 >> $1", param.nominal, param.log, param.sleep]
    }
  }
}
`

// coordFixture writes the tick workflow and a coordinator file (body is
// the coordinator block's content; extra goes before it) and compiles it.
func coordFixture(t *testing.T, name, extra, body string) (*plan.Coordinator, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tick.hcl"), []byte(tickWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "runs.log")
	src := fmt.Sprintf("%s\ncoordinator %q {\n  workflow = \"tick.hcl\"\n%s\n}\n", extra, name, strings.ReplaceAll(body, "LOG", log))
	file := filepath.Join(dir, "coord.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := dsl.CompileCoordinatorFile(file, dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("compile:\n%s\n%s", src, res.Diags.Error())
	}
	t.Cleanup(func() { coordctl.Delete(context.Background(), tc, srv.Namespace, name, false) })
	return res.Coordinator, log
}

func applyCoord(t *testing.T, co *plan.Coordinator, o coordctl.Options) coordctl.Applied {
	t.Helper()
	o.Namespace, o.TaskQueue = srv.Namespace, queue
	a, err := coordctl.Apply(context.Background(), tc, co, o)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// waitInstances waits until ok holds for the coordinator's instances
// (latest run of each).
func waitInstances(t *testing.T, name string, timeout time.Duration, ok func([]coordctl.Instance) bool) []coordctl.Instance {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var got []coordctl.Instance
	for time.Now().Before(deadline) {
		all, err := coordctl.Instances(context.Background(), tc, srv.Namespace, name, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		got = coordctl.Latest(all)
		if ok(got) {
			return got
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out; instances: %s", describeInstances(got))
	return nil
}

func describeInstances(list []coordctl.Instance) string {
	var parts []string
	for _, in := range list {
		parts = append(parts, in.Nominal.Format(time.RFC3339)+"="+in.State)
	}
	return strings.Join(parts, " ")
}

func countState(list []coordctl.Instance, state string) int {
	n := 0
	for _, in := range list {
		if in.State == state {
			n++
		}
	}
	return n
}

// logRun is one run recorded by the tick workflow.
type logRun struct {
	nominal    string
	start, end float64
}

func readRuns(t *testing.T, log string) []logRun {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	byNominal := map[string]*logRun{}
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		ts, _ := strconv.ParseFloat(f[1], 64)
		r := byNominal[f[2]]
		if r == nil {
			r = &logRun{nominal: f[2]}
			byNominal[f[2]] = r
			order = append(order, f[2])
		}
		if f[0] == "start" {
			r.start = ts
		} else {
			r.end = ts
		}
	}
	out := make([]logRun, 0, len(order))
	for _, n := range order {
		out = append(out, *byNominal[n])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// TestCoordinatorBackfillIsIdempotent: a coordinator whose start is in
// the past catches up 30 daily instances; backfilling the same 30 days
// again starts nothing (each nominal time's instance id exists); applying
// the same file again changes nothing.
func TestCoordinatorBackfillIsIdempotent(t *testing.T) {
	co, log := coordFixture(t, "backfill30", "", `
  start       = "2026-10-01T02:00:00Z"
  end         = "2026-10-31T02:00:00Z"
  frequency   = days(1)
  concurrency = 4
  params      = { nominal = coord.nominal_time, log = "LOG" }
`)
	if a := applyCoord(t, co, coordctl.Options{}); a.Action != "created" {
		t.Fatalf("apply: %+v", a)
	}
	done := func(l []coordctl.Instance) bool { return countState(l, workflows.InstanceSucceeded) == 30 }
	waitInstances(t, co.Name, 2*time.Minute, done)
	if a := applyCoord(t, co, coordctl.Options{}); a.Action != "unchanged" {
		t.Fatalf("second apply: %+v", a)
	}
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	if err := coordctl.Signal(context.Background(), tc, co.Name, workflows.CoordEvent{Kind: workflows.EventBackfill, From: from, To: from.AddDate(0, 0, 30)}); err != nil {
		t.Fatal(err)
	}
	// The gate has seen the backfill once every range is drained.
	deadline := time.Now().Add(time.Minute)
	for {
		st, err := coordctl.State(context.Background(), tc, co.Name)
		if err != nil {
			t.Fatal(err)
		}
		if st.State.Duplicate == 30 && len(st.State.Pending) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("backfill not drained: %+v", st.State)
		}
		time.Sleep(200 * time.Millisecond)
	}
	all, err := coordctl.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 30 {
		t.Fatalf("%d instance runs after the repeated backfill, want 30", len(all))
	}
	if runs := readRuns(t, log); len(runs) != 30 {
		t.Fatalf("the workflow ran %d times, want 30", len(runs))
	}
	st, _ := coordctl.State(context.Background(), tc, co.Name)
	if st.State.MaxRunning > 4 {
		t.Errorf("max running %d > concurrency 4", st.State.MaxRunning)
	}
	checkReplayID(t, coord.CoordinatorID(co.Name), "coordinator-backfill30")
	checkReplayID(t, all[0].ID, "instance-backfill30")
}

// checkReplayID replays the latest run of a workflow id.
func checkReplayID(t *testing.T, id, name string) {
	t.Helper()
	checkReplay(t, tc.GetWorkflow(context.Background(), id, ""), name)
}

var _ client.Client
