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

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	sdkclient "go.temporal.io/sdk/client"
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
      argv = ["sh", "-c", "echo start $(date +%s.%N) $0 >> $1; sleep $2 || exit 3; echo end $(date +%s.%N) $0 >> $1", param.nominal, param.log, param.sleep]
    }
  }
}
`

// coordFixture writes the tick workflow and a coordinator file (body is
// the coordinator block's content; extra goes before it) and compiles it.
func coordFixture(t *testing.T, name, extra, body string) (*plan.Coordinator, string) {
	t.Helper()
	// Instance ids outlive a test: a name per run keeps -count=N honest.
	name = fmt.Sprintf("%s-%d", name, time.Now().UnixNano()%1e9)
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
	t.Cleanup(func() { client.DeleteCoordinator(context.Background(), tc, srv.Namespace, name, false) })
	return res.Coordinator, log
}

func applyCoord(t *testing.T, co *plan.Coordinator, o client.CoordinatorOptions) client.Applied {
	t.Helper()
	o.Namespace, o.TaskQueue = srv.Namespace, queue
	a, err := client.ApplyCoordinator(context.Background(), tc, co, o)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// waitInstances waits until ok holds for the coordinator's instances
// (latest run of each).
func waitInstances(t *testing.T, name string, timeout time.Duration, ok func([]client.Instance) bool) []client.Instance {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var got []client.Instance
	for time.Now().Before(deadline) {
		all, err := client.Instances(context.Background(), tc, srv.Namespace, name, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		got = client.LatestInstances(all)
		if ok(got) {
			return got
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out; instances: %s", describeInstances(got))
	return nil
}

func describeInstances(list []client.Instance) string {
	var parts []string
	for _, in := range list {
		parts = append(parts, in.Nominal.Format(time.RFC3339)+"="+in.State)
	}
	return strings.Join(parts, " ")
}

func countState(list []client.Instance, state string) int {
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
	if a := applyCoord(t, co, client.CoordinatorOptions{}); a.Action != "created" {
		t.Fatalf("apply: %+v", a)
	}
	done := func(l []client.Instance) bool { return countState(l, api.InstanceSucceeded) == 30 }
	waitInstances(t, co.Name, 2*time.Minute, done)
	if a := applyCoord(t, co, client.CoordinatorOptions{}); a.Action != "unchanged" {
		t.Fatalf("second apply: %+v", a)
	}
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	if err := client.SignalCoordinator(context.Background(), tc, co.Name, api.CoordEvent{Kind: api.EventBackfill, From: from, To: from.AddDate(0, 0, 30)}); err != nil {
		t.Fatal(err)
	}
	// The gate has seen the backfill once every range is drained.
	deadline := time.Now().Add(time.Minute)
	for {
		st, err := client.Coordinator(context.Background(), tc, co.Name)
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
	all, err := client.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 30 {
		t.Fatalf("%d instance runs after the repeated backfill, want 30", len(all))
	}
	if runs := readRuns(t, log); len(runs) != 30 {
		t.Fatalf("the workflow ran %d times, want 30", len(runs))
	}
	st, _ := client.Coordinator(context.Background(), tc, co.Name)
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

var _ sdkclient.Client

// TestCoordinatorClockPauseResume: a coordinator firing every 2 seconds
// runs its instances on time; paused, it starts none; resumed, it catches
// up every nominal time it missed, each exactly once.
func TestCoordinatorClockPauseResume(t *testing.T) {
	start := time.Now().Add(2 * time.Second).Truncate(time.Second)
	co, _ := coordFixture(t, "every2s", "", fmt.Sprintf(`
  start     = %q
  frequency = "2s"
  params    = { nominal = coord.nominal_time, log = "LOG" }
`, start.UTC().Format(time.RFC3339)))
	applyCoord(t, co, client.CoordinatorOptions{})
	waitInstances(t, co.Name, 30*time.Second, func(l []client.Instance) bool { return countState(l, api.InstanceSucceeded) >= 3 })
	if err := client.SignalCoordinator(context.Background(), tc, co.Name, api.CoordEvent{Kind: api.EventPause}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // let the pause land
	before := waitInstances(t, co.Name, 10*time.Second, func(l []client.Instance) bool { return countState(l, api.InstanceSucceeded) == len(l) })
	time.Sleep(5 * time.Second)
	during, _ := client.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
	if len(during) != len(before) {
		t.Fatalf("paused coordinator started %d instances", len(during)-len(before))
	}
	if err := client.SignalCoordinator(context.Background(), tc, co.Name, api.CoordEvent{Kind: api.EventResume}); err != nil {
		t.Fatal(err)
	}
	resumed := time.Now()
	after := waitInstances(t, co.Name, 30*time.Second, func(l []client.Instance) bool {
		return len(l) >= len(before)+3 && countState(l, api.InstanceSucceeded) == len(l)
	})
	// Every 2-second slot from the start to now, once: no gap, no double.
	for i, in := range after {
		want := start.Add(time.Duration(i) * 2 * time.Second)
		if !in.Nominal.Equal(want) {
			t.Fatalf("instance %d has nominal time %s, want %s: %s", i, in.Nominal, want, describeInstances(after))
		}
	}
	if n := len(after); !after[n-1].Nominal.After(resumed.Add(-2 * time.Second)) {
		t.Fatalf("catch-up did not reach the present: last nominal %s, resumed at %s", after[n-1].Nominal, resumed)
	}
	all, _ := client.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
	if len(all) != len(after) {
		t.Fatalf("%d runs for %d nominal times", len(all), len(after))
	}
}

// TestCoordinatorWaitsForData: an instance is WAITING until its done flag
// appears and then runs; an instance whose data never comes is TIMEDOUT
// and its workflow never runs.
func TestCoordinatorWaitsForData(t *testing.T) {
	data := t.TempDir()
	dataset := fmt.Sprintf(`
dataset "events" {
  uri              = "%s/{YEAR}{MONTH}{DAY}-{HOUR}"
  frequency        = hours(1)
  initial_instance = "2026-11-01T00:00:00Z"
}
`, data)
	co, log := coordFixture(t, "waits", dataset, `
  start         = "2026-11-02T05:00:00Z"
  end           = "2026-11-02T05:00:01Z"
  frequency     = hours(1)
  poll_interval = "1s"
  timeout       = "5m"
  input "events" {
    dataset  = "events"
    instance = current(-1)
  }
  params = { nominal = coord.nominal_time, log = "LOG", inputs = coord.inputs.events }
`)
	applyCoord(t, co, client.CoordinatorOptions{})
	id := coord.InstanceID(co.Name, time.Date(2026, 11, 2, 5, 0, 0, 0, time.UTC))
	st := waitWaiting(t, id)
	want := filepath.Join(data, "20261102-04", "_SUCCESS")
	if len(st.Missing) != 1 || st.Missing[0] != want {
		t.Fatalf("missing = %v, want %s", st.Missing, want)
	}
	if _, err := os.Stat(log); err == nil {
		t.Fatal("the workflow ran before its data")
	}
	if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(want, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	landed := time.Now()
	waitInstances(t, co.Name, 20*time.Second, func(l []client.Instance) bool { return countState(l, api.InstanceSucceeded) == 1 })
	runs := readRuns(t, log)
	if len(runs) != 1 {
		t.Fatalf("runs = %+v", runs)
	}
	latency := time.Duration((runs[0].start - float64(landed.UnixNano())/1e9) * float64(time.Second))
	t.Logf("workflow started %s after its done flag appeared (poll interval 1s)", latency)
	if latency > 5*time.Second {
		t.Errorf("the instance noticed its data after %s", latency)
	}
	checkReplayID(t, id, "instance-waits")

	// Data that never comes: TIMEDOUT, and no workflow run.
	co2, log2 := coordFixture(t, "timesout", dataset, `
  start         = "2026-11-02T07:00:00Z"
  end           = "2026-11-02T07:00:01Z"
  frequency     = hours(1)
  poll_interval = "1s"
  timeout       = "3s"
  input "events" {
    dataset  = "events"
    instance = current(0)
  }
  params = { nominal = coord.nominal_time, log = "LOG", inputs = coord.inputs.events }
`)
	applyCoord(t, co2, client.CoordinatorOptions{})
	got := waitInstances(t, co2.Name, 30*time.Second, func(l []client.Instance) bool { return len(l) == 1 && l[0].State == api.InstanceTimedOut })
	if _, err := os.Stat(log2); err == nil {
		t.Fatal("the timed-out instance ran its workflow")
	}
	is, _ := client.InstanceResult(context.Background(), tc, got[0].ID, "")
	if !is.Started.IsZero() || is.State != api.InstanceTimedOut || !strings.Contains(is.Error, "did not arrive within 3s") {
		t.Fatalf("timed-out instance: %+v", is)
	}
}

// waitWaiting waits until instance id is WAITING for its data and has
// polled at least twice, and returns its status.
func waitWaiting(t *testing.T, id string) api.InstanceStatus {
	t.Helper()
	var st api.InstanceStatus
	deadline := time.Now().Add(20 * time.Second)
	for {
		v, err := tc.QueryWorkflow(context.Background(), id, "", api.QueryInstance)
		if err == nil && v.Get(&st) == nil && st.State == api.InstanceWaiting && st.Polls >= 2 {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance not waiting: %+v %v", st, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestCoordinatorFutureInput: future(0, 5)..future(1, 5) takes the first
// two instances that exist among the five from current(0), waiting until
// two do (Oozie's coord:future).
func TestCoordinatorFutureInput(t *testing.T) {
	data := t.TempDir()
	dataset := fmt.Sprintf(`
dataset "events" {
  uri              = "%s/{YEAR}{MONTH}{DAY}-{HOUR}"
  frequency        = hours(1)
  initial_instance = "2026-11-01T00:00:00Z"
}
`, data)
	land := func(hour string) {
		t.Helper()
		flag := filepath.Join(data, "20261102-"+hour, "_SUCCESS")
		if err := os.MkdirAll(filepath.Dir(flag), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(flag, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	land("07") // 05 and 06 are missing; 10 is beyond the limit
	land("10")
	co, _ := coordFixture(t, "future", dataset, `
  start         = "2026-11-02T05:00:00Z"
  end           = "2026-11-02T05:00:01Z"
  frequency     = hours(1)
  poll_interval = "1s"
  timeout       = "5m"
  input "events" {
    dataset = "events"
    from    = future(0, 5)
    to      = future(1, 5)
  }
  params = { nominal = coord.nominal_time, log = "LOG", inputs = coord.inputs.events }
`)
	applyCoord(t, co, client.CoordinatorOptions{})
	id := coord.InstanceID(co.Name, time.Date(2026, 11, 2, 5, 0, 0, 0, time.UTC))
	st := waitWaiting(t, id)
	if len(st.Missing) != 1 || !strings.Contains(st.Missing[0], "1 of 2 available among the 5 instances") {
		t.Fatalf("missing = %v", st.Missing)
	}
	land("09")
	waitInstances(t, co.Name, 20*time.Second, func(l []client.Instance) bool { return countState(l, api.InstanceSucceeded) == 1 })
	is, err := client.InstanceResult(context.Background(), tc, id, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(data, "20261102-07"), filepath.Join(data, "20261102-09")}
	if got := is.Inputs["events"]; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("inputs = %v, want %v", got, want)
	}
}

// TestCoordinatorConcurrencyAndOrder: eight READY instances of a workflow
// that sleeps; concurrency 2 never has more than two running (from the
// runs' own start and end times); fifo runs them oldest first, lifo newest
// first, and last_only skips all but the newest.
func TestCoordinatorConcurrencyAndOrder(t *testing.T) {
	for _, tcase := range []struct{ exec string }{{"fifo"}, {"lifo"}, {"last_only"}} {
		t.Run(tcase.exec, func(t *testing.T) {
			co, log := coordFixture(t, "order-"+strings.ReplaceAll(tcase.exec, "_", "-"), "", fmt.Sprintf(`
  start       = "2026-11-01T00:00:00Z"
  end         = "2026-11-01T08:00:00Z"
  frequency   = hours(1)
  concurrency = 2
  execution   = %q
  params      = { nominal = coord.nominal_time, log = "LOG", sleep = "0.6" }
`, tcase.exec))
			// A short history limit: the gate continues as new while
			// grants are in flight (a grant sent with the continue-as-new
			// was once lost, and an instance waited forever) and while
			// instances run, which it asks to report their end. The gate
			// takes about 6 events an instance: 30 continues it at least
			// once (60 did not always, once instances stopped signalling).
			applyCoord(t, co, client.CoordinatorOptions{HistoryLimit: 30})
			final := waitInstances(t, co.Name, time.Minute, func(l []client.Instance) bool {
				return len(l) == 8 && countState(l, api.InstanceSucceeded)+countState(l, api.InstanceSkipped) == 8
			})
			st, err := client.Coordinator(context.Background(), tc, co.Name)
			if err != nil || st.State.Continued == 0 {
				t.Fatalf("the gate never continued as new: %+v %v", st.State, err)
			}
			// Each end counted once, whichever gate run learnt of it (an
			// instance running across a continue-as-new signals its end,
			// the others end as the run's children), and no slot held.
			ended := st.State.Counts[api.InstanceSucceeded] + st.State.Counts[api.InstanceSkipped]
			if ended != 8 || len(st.State.Running)+len(st.State.Ready)+len(st.State.Waiting) != 0 {
				t.Fatalf("gate counts %v, running %v, ready %v, waiting %v: want 8 ends, no slot", st.State.Counts, st.State.Running, st.State.Ready, st.State.Waiting)
			}
			if tcase.exec == "fifo" {
				// The first gate run asked its running instances to report.
				d, err := tc.DescribeWorkflowExecution(context.Background(), coord.CoordinatorID(co.Name), "")
				if err != nil {
					t.Fatal(err)
				}
				checkReplay(t, tc.GetWorkflow(context.Background(), coord.CoordinatorID(co.Name), d.GetWorkflowExecutionInfo().GetFirstRunId()), "coordinator-continued")
			}
			runs := readRuns(t, log)
			if tcase.exec == "last_only" {
				if len(runs) != 1 || runs[0].nominal != "2026-11-01T07:00:00Z" || countState(final, api.InstanceSkipped) != 7 {
					t.Fatalf("last_only ran %+v; instances %s", runs, describeInstances(final))
				}
				return
			}
			if len(runs) != 8 {
				t.Fatalf("runs = %+v", runs)
			}
			for _, r := range runs {
				overlap := 0
				for _, o := range runs {
					if o.start <= r.start && r.start < o.end {
						overlap++
					}
				}
				if overlap > 2 {
					t.Fatalf("%d runs at once at %s (concurrency 2): %+v", overlap, r.nominal, runs)
				}
			}
			// The first two went as soon as they were ready; after that
			// all were ready, and a run that started a slot later (the
			// runs take 0.6 s; two start together) follows the order.
			for i := 2; i < len(runs); i++ {
				for j := 2; j < len(runs); j++ {
					a, b := runs[i], runs[j]
					if b.start < a.start+0.3 {
						continue
					}
					if (tcase.exec == "fifo" && b.nominal < a.nominal) || (tcase.exec == "lifo" && b.nominal > a.nominal) {
						t.Fatalf("%s order broken: %s ran a slot after %s: %+v", tcase.exec, b.nominal, a.nominal, runs)
					}
				}
			}
		})
	}
}

// TestCoordinatorRerunAndDelete: rerun runs only the named instance again
// (a new run under the same id); delete cancels open instances, READY
// ones included, so nothing is left running.
func TestCoordinatorRerunAndDelete(t *testing.T) {
	co, _ := coordFixture(t, "rerun", "", `
  start     = "2026-11-01T00:00:00Z"
  end       = "2026-11-01T03:00:00Z"
  frequency = hours(1)
  params = {
    nominal = coord.nominal_time
    log     = "LOG"
    sleep   = coord.nominal_time == "2026-11-01T01:00:00Z" ? "not-a-number" : "0"
  }
`)
	applyCoord(t, co, client.CoordinatorOptions{})
	got := waitInstances(t, co.Name, time.Minute, func(l []client.Instance) bool {
		return len(l) == 3 && countState(l, api.InstanceSucceeded) == 2 && countState(l, api.InstanceFailed) == 1
	})
	if got[1].State != api.InstanceFailed {
		t.Fatalf("instances: %s", describeInstances(got))
	}
	failedAt := got[1].Nominal
	if err := client.SignalCoordinator(context.Background(), tc, co.Name, api.CoordEvent{Kind: api.EventRerun, Times: []time.Time{failedAt}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		all, _ := client.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
		runs := map[time.Time]int{}
		open := 0
		for _, in := range all {
			runs[in.Nominal]++
			if in.Closed.IsZero() {
				open++
			}
		}
		if len(all) == 4 && open == 0 {
			if runs[failedAt] != 2 {
				t.Fatalf("runs per nominal time: %v", runs)
			}
			break
		}
		if time.Now().After(deadline) || len(all) > 4 {
			t.Fatalf("after rerun: %d runs: %v", len(all), runs)
		}
		time.Sleep(200 * time.Millisecond)
	}

	slow, _ := coordFixture(t, "delete", "", `
  start       = "2026-11-01T00:00:00Z"
  end         = "2026-11-01T03:00:00Z"
  frequency   = hours(1)
  concurrency = 1
  execution   = "lifo" # not fifo: READY instances wait for the slot
  params      = { nominal = coord.nominal_time, log = "LOG", sleep = "30" }
`)
	applyCoord(t, slow, client.CoordinatorOptions{})
	waitInstances(t, slow.Name, 30*time.Second, func(l []client.Instance) bool {
		return len(l) == 3 && countState(l, api.InstanceRunning) == 1 && countState(l, api.InstanceReady) == 2
	})
	n, err := client.DeleteCoordinator(context.Background(), tc, srv.Namespace, slow.Name, false)
	if err != nil || n != 3 {
		t.Fatalf("delete cancelled %d, %v", n, err)
	}
	final := waitInstances(t, slow.Name, 30*time.Second, func(l []client.Instance) bool {
		for _, in := range l {
			if in.Closed.IsZero() {
				return false
			}
		}
		return true
	})
	if countState(final, api.InstanceKilled) != 3 {
		t.Fatalf("after delete: %s", describeInstances(final))
	}
}

// Two applies of a new coordinator at once: one creates it, the other says
// it did not (the SDK's default would hand back the running workflow as if
// it had been started).
func TestConcurrentApplyCreatesOnce(t *testing.T) {
	for i := range 3 {
		name := fmt.Sprintf("twice-%d-%d", i, time.Now().UnixNano()%1e9)
		co := compileCoordSource(t, name)
		t.Cleanup(func() { client.DeleteCoordinator(context.Background(), tc, srv.Namespace, name, false) })
		got := make(chan string, 2)
		for range 2 {
			go func() {
				a, err := client.ApplyCoordinator(context.Background(), tc, co, client.CoordinatorOptions{Namespace: srv.Namespace, TaskQueue: queue})
				if err != nil {
					got <- "error: " + err.Error()
					return
				}
				got <- a.Action
			}()
		}
		a, b := <-got, <-got
		if created := strings.Count(a+"|"+b, "created") - strings.Count(a+"|"+b, "created it meanwhile"); created != 1 {
			t.Errorf("%s: %q and %q: want exactly one created", name, a, b)
		}
	}
}

// compileCoordSource compiles a small hourly coordinator named name.
func compileCoordSource(t *testing.T, name string) *plan.Coordinator {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "w.hcl"), []byte(`workflow "w" {
  action "a" {
    shell { argv = ["true"] }
  }
}`), 0o644)
	file := filepath.Join(dir, "c.hcl")
	os.WriteFile(file, []byte(fmt.Sprintf(`coordinator %q {
  workflow  = "w.hcl"
  start     = "2026-11-01T00:00:00Z"
  end       = "2026-11-01T01:00:00Z"
  frequency = hours(1)
}`, name)), 0o644)
	res := dsl.CompileCoordinatorFile(file, dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	return res.Coordinator
}

// TestCoordinatorCountsAnEndOnceWhateverSignalsIt: a `report` signal sent
// to a running instance by someone other than its coordinator makes the
// instance signal its end too; the coordinator still counts that end once
// (it had counted it twice: the signal and the child's completion).
func TestCoordinatorCountsAnEndOnceWhateverSignalsIt(t *testing.T) {
	co, _ := coordFixture(t, "stray-report", "", `
  start       = "2026-11-01T00:00:00Z"
  end         = "2026-11-01T01:00:00Z"
  frequency   = hours(1)
  params      = { nominal = coord.nominal_time, log = "LOG", sleep = "1.5" }
`)
	applyCoord(t, co, client.CoordinatorOptions{})
	id := coord.InstanceID(co.Name, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	waitFor(t, "the instance to run", func() bool {
		return tc.SignalWorkflow(context.Background(), id, "", api.SignalReport, nil) == nil
	})
	waitInstances(t, co.Name, 30*time.Second, func(l []client.Instance) bool { return countState(l, api.InstanceSucceeded) == 1 })
	waitFor(t, "the gate to count the end", func() bool {
		st, err := client.Coordinator(context.Background(), tc, co.Name)
		return err == nil && len(st.State.Running) == 0 && st.State.Counts[api.InstanceSucceeded] > 0
	})
	time.Sleep(500 * time.Millisecond) // a second count would come now
	st, err := client.Coordinator(context.Background(), tc, co.Name)
	if err != nil || st.State.Counts[api.InstanceSucceeded] != 1 {
		t.Fatalf("counts %v (%v): want one SUCCEEDED", st.State.Counts, err)
	}
}
