package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	"go.temporal.io/api/serviceerror"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"golang.org/x/sync/semaphore"
)

const twoStepWorkflow = `
workflow "twostep" {
  param "day" { type = string }
  action "extract" {
    shell { argv = ["sh", "-c", "echo $0", param.day] }
  }
  action "load" {
    shell { argv = ["true"] }
  }
}
`

// benchCoordinator compiles a coordinator over the two-step workflow.
func benchCoordinator(b *testing.B, name, extra, body string) *plan.Coordinator {
	b.Helper()
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "twostep.hcl"), []byte(twoStepWorkflow), 0o644)
	src := fmt.Sprintf("%s\ncoordinator %q {\n  workflow = \"twostep.hcl\"\n%s\n}\n", extra, name, body)
	file := filepath.Join(dir, "coord.hcl")
	os.WriteFile(file, []byte(src), 0o644)
	res := dsl.CompileCoordinatorFile(file, dsl.Options{})
	if res.Diags.HasErrors() {
		b.Fatal(res.Diags.Error())
	}
	b.Cleanup(func() { client.DeleteCoordinator(context.Background(), tc, srv.Namespace, res.Coordinator.Name, false) })
	return res.Coordinator
}

// BenchmarkCoordinatorBackfill: a year of daily instances (365) of a
// two-step shell workflow through a coordinator with concurrency 8,
// against the strongest simple peer: the same 365 workflows submitted
// directly, 8 at a time. The two sides alternate order. Reported: both
// times, their ratio (target <= 1.2), and the coordinator workflow's
// history length and continue-as-new count (target < 10,000 events).
//
//	go test ./e2e -run '^$' -bench CoordinatorBackfill -benchtime 2x
func BenchmarkCoordinatorBackfill(b *testing.B) {
	const n, par = 365, 8
	days := make([]time.Time, n)
	for i := range days {
		days[i] = time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC).AddDate(0, 0, i)
	}
	direct := func() time.Duration {
		w := compile(&testing.T{}, twoStepWorkflow, map[string]string{"day": "x"})
		start := time.Now()
		sem := semaphore.NewWeighted(par)
		var wg sync.WaitGroup
		for _, d := range days {
			sem.Acquire(context.Background(), 1)
			wg.Add(1)
			go func(d time.Time) {
				defer wg.Done()
				defer sem.Release(1)
				p := *w
				p.Params = append([]plan.Param(nil), w.Params...)
				p.Params[0].Value = []byte(fmt.Sprintf("%q", d.Format(time.RFC3339)))
				run, err := client.Start(context.Background(), tc, &p, client.Options{TaskQueue: queue})
				if err != nil {
					b.Error(err)
					return
				}
				if err := run.Get(context.Background(), nil); err != nil {
					b.Error(err)
				}
			}(d)
		}
		wg.Wait()
		return time.Since(start)
	}
	var events, continued int64
	viaCoordinator := func(i int) time.Duration {
		co := benchCoordinator(b, fmt.Sprintf("bench-backfill-%d-%d", i, time.Now().UnixNano()%1e6), "", fmt.Sprintf(`
  start       = "2025-01-01T02:00:00Z"
  end         = "2026-01-01T02:00:00Z"
  frequency   = days(1)
  concurrency = %d
  params      = { day = coord.nominal_time }
`, par))
		start := time.Now()
		if _, err := client.ApplyCoordinator(context.Background(), tc, co, client.CoordinatorOptions{Namespace: srv.Namespace, TaskQueue: queue}); err != nil {
			b.Fatal(err)
		}
		// Wait as the direct side does: on each run's result (a long
		// poll), oldest first; an instance not started yet is waited for.
		for _, d := range days {
			id := coord.InstanceID(co.Name, d)
			for {
				err := tc.GetWorkflow(context.Background(), id, "").Get(context.Background(), nil)
				var nf *serviceerror.NotFound
				if errors.As(err, &nf) {
					time.Sleep(10 * time.Millisecond)
					continue
				}
				if err != nil {
					b.Fatalf("%s: %v", id, err)
				}
				break
			}
		}
		elapsed := time.Since(start)
		d, err := tc.DescribeWorkflowExecution(context.Background(), coord.CoordinatorID(co.Name), "")
		if err == nil {
			events = max(events, d.GetWorkflowExecutionInfo().GetHistoryLength())
		}
		st, _ := client.Coordinator(context.Background(), tc, co.Name)
		continued = max(continued, int64(st.State.Continued))
		if st.State.MaxRunning > par {
			b.Fatalf("max running %d > %d", st.State.MaxRunning, par)
		}
		return elapsed
	}
	var tDirect, tCoord time.Duration
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			tDirect += direct()
			tCoord += viaCoordinator(i)
		} else {
			tCoord += viaCoordinator(i)
			tDirect += direct()
		}
	}
	b.ReportMetric(tDirect.Seconds()/float64(b.N), "direct-s")
	b.ReportMetric(tCoord.Seconds()/float64(b.N), "coordinator-s")
	b.ReportMetric(tCoord.Seconds()/tDirect.Seconds(), "ratio")
	b.ReportMetric(float64(events), "gate-events")
	b.ReportMetric(float64(continued), "gate-continued")
}

// BenchmarkCoordinatorLatency: how late instances start after their
// nominal time (a coordinator firing every 2 s, no inputs), and how soon
// after its done flag lands an instance waiting for data starts its
// workflow (poll interval 1 s, flags landing 0.5 s after the nominal
// time). The baseline is the server's own floor: a workflow timer set for
// the same instants. Targets: p95 <= 1 s after nominal time; <= poll
// interval + 1 s after the data.
//
//	go test ./e2e -run '^$' -bench CoordinatorLatency -benchtime 1x
func BenchmarkCoordinatorLatency(b *testing.B) {
	const count = 20
	data := b.TempDir()
	for i := 0; i < b.N; i++ {
		start := time.Now().Add(3 * time.Second).Truncate(time.Second)
		end := start.Add(count * 2 * time.Second)
		co := benchCoordinator(b, fmt.Sprintf("bench-latency-%d-%d", i, time.Now().UnixNano()%1e6), fmt.Sprintf(`
dataset "ticks" {
  uri              = "%s/{HOUR}{MINUTE}{SECOND}"
  frequency        = "2s"
  initial_instance = %q
}
`, data, start.UTC().Format(time.RFC3339)), fmt.Sprintf(`
  start         = %q
  end           = %q
  frequency     = "2s"
  poll_interval = "1s"
  concurrency   = 4
  input "t" {
    dataset  = "ticks"
    instance = current(0)
  }
  params = { day = coord.nominal_time }
`, start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339)))
		landed := map[int64]time.Time{}
		var mu sync.Mutex
		go func() {
			for k := 0; k < count; k++ {
				nominal := start.Add(time.Duration(k) * 2 * time.Second)
				time.Sleep(time.Until(nominal.Add(500 * time.Millisecond)))
				dir := filepath.Join(data, nominal.UTC().Format("150405"))
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "_SUCCESS"), nil, 0o644)
				mu.Lock()
				landed[nominal.Unix()] = time.Now()
				mu.Unlock()
			}
		}()
		if _, err := client.ApplyCoordinator(context.Background(), tc, co, client.CoordinatorOptions{Namespace: srv.Namespace, TaskQueue: queue}); err != nil {
			b.Fatal(err)
		}
		var list []client.Instance
		deadline := time.Now().Add(2 * time.Minute)
		for time.Now().Before(deadline) {
			all, _ := client.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
			list = client.LatestInstances(all)
			if countState(list, api.InstanceSucceeded) == count {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		var startLate, dataLate []time.Duration
		for _, in := range list {
			startLate = append(startLate, in.Started.Sub(in.Nominal))
			is, err := client.InstanceResult(context.Background(), tc, in.ID, "")
			if err != nil {
				b.Fatalf("%s: %v", in.ID, err)
			}
			mu.Lock()
			dataLate = append(dataLate, is.Started.Sub(landed[in.Nominal.Unix()]))
			mu.Unlock()
		}
		s50, s95, _ := percentiles(startLate)
		d50, d95, _ := percentiles(dataLate)
		b.ReportMetric(s50.Seconds(), "start-p50-s")
		b.ReportMetric(s95.Seconds(), "start-p95-s")
		b.ReportMetric(d50.Seconds(), "data-p50-s")
		b.ReportMetric(d95.Seconds(), "data-p95-s")
	}
	// The floor: a timer for the same kind of instants.
	fw := sdkworker.New(tc, "e2e-timer-floor", sdkworker.Options{})
	fw.RegisterWorkflow(timerUntil)
	if err := fw.Start(); err != nil {
		b.Fatal(err)
	}
	defer fw.Stop()
	var base []time.Duration
	for k := -2; k < 10; k++ { // two to warm the worker up
		target := time.Now().Add(1500 * time.Millisecond).Truncate(time.Second)
		run, err := tc.ExecuteWorkflow(context.Background(), clientStart("bench-timer-floor", "e2e-timer-floor"), timerUntil, target)
		if err != nil {
			b.Fatal(err)
		}
		var fired time.Time
		if err := run.Get(context.Background(), &fired); err != nil {
			b.Fatal(err)
		}
		if k >= 0 {
			base = append(base, fired.Sub(target))
		}
	}
	f50, f95, _ := percentiles(base)
	b.ReportMetric(f50.Seconds(), "timer-floor-p50-s")
	b.ReportMetric(f95.Seconds(), "timer-floor-p95-s")
}

// timerUntil sleeps until target and returns the workflow clock when it
// wakes: the server's floor for "start something at a nominal time".
func timerUntil(ctx workflow.Context, target time.Time) (time.Time, error) {
	if d := target.Sub(workflow.Now(ctx)); d > 0 {
		if err := workflow.Sleep(ctx, d); err != nil {
			return time.Time{}, err
		}
	}
	return workflow.Now(ctx), nil
}

func clientStart(prefix, q string) sdkclient.StartWorkflowOptions {
	return sdkclient.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()), TaskQueue: q}
}

// BenchmarkCoordinatorWaiting: 1,000 instances WAITING at once over one
// dataset whose data never lands (throttle 1,000, poll every 5 s, timeout
// 40 s). Reported: filesystem calls per missing instance per poll (target
// <= 1), and the coordinator's history length at its largest (target
// < 10,000 events; it continues as new past 4,000).
//
//	go test ./e2e -run '^$' -bench CoordinatorWaiting -benchtime 1x
func BenchmarkCoordinatorWaiting(b *testing.B) {
	benchWaiting(b, 1000, func() string { return b.TempDir() }, queue, nil)
}

// BenchmarkCoordinatorWaitingHDFS is BenchmarkCoordinatorWaiting with 300
// instances over a dataset on the minicluster's HDFS: namenode calls per
// missing instance per poll, counted by the worker's HDFS client.
//
//	go test ./e2e -run '^$' -bench CoordinatorWaitingHDFS -benchtime 1x
func BenchmarkCoordinatorWaitingHDFS(b *testing.B) {
	c := hadoopCluster(b)
	benchWaiting(b, 300, func() string { return hdfsDir(b, c) }, hadoopQueue, hadoopActs.HDFS.RPCs)
}

// benchWaiting runs n instances WAITING for data that never lands under
// the directory dir returns; rpcs, when set, counts the filesystem's calls
// directly (else the instances' own counts are summed).
func benchWaiting(b *testing.B, n int, dir func() string, q string, rpcs func() int64) {
	for i := 0; i < b.N; i++ {
		data := dir()
		now := time.Now().UTC().Truncate(time.Minute)
		co := benchCoordinator(b, fmt.Sprintf("bench-waiting-%d-%d", i, time.Now().UnixNano()%1e6), fmt.Sprintf(`
dataset "minutes" {
  uri              = "%s/{YEAR}{MONTH}{DAY}/{HOUR}{MINUTE}"
  frequency        = minutes(1)
  initial_instance = "2020-01-01T00:00:00Z"
}
`, data), fmt.Sprintf(`
  start         = %q
  end           = %q
  frequency     = minutes(1)
  throttle      = %d
  poll_interval = "5s"
  timeout       = "40s"
  input "m" {
    dataset  = "minutes"
    instance = current(0)
  }
  params = { day = coord.nominal_time }
`, now.Add(-time.Duration(n)*time.Minute).Format(time.RFC3339), now.Format(time.RFC3339), n))
		var rpcsBefore int64
		if rpcs != nil {
			rpcsBefore = rpcs()
		}
		if _, err := client.ApplyCoordinator(context.Background(), tc, co, client.CoordinatorOptions{Namespace: srv.Namespace, TaskQueue: q}); err != nil {
			b.Fatal(err)
		}
		var maxEvents int64
		var st client.CoordinatorStatus
		deadline := time.Now().Add(5 * time.Minute)
		for {
			var err error
			st, err = client.Coordinator(context.Background(), tc, co.Name)
			if err != nil {
				b.Fatal(err)
			}
			if d, err := tc.DescribeWorkflowExecution(context.Background(), coord.CoordinatorID(co.Name), ""); err == nil {
				maxEvents = max(maxEvents, d.GetWorkflowExecutionInfo().GetHistoryLength())
			}
			if st.State.Counts[api.InstanceTimedOut] == n {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("instances did not all time out: %v", st.State.Counts)
			}
			time.Sleep(time.Second)
		}
		all, err := client.Instances(context.Background(), tc, srv.Namespace, co.Name, time.Time{}, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		polls, calls := 0, 0
		for _, in := range all {
			is, err := client.InstanceResult(context.Background(), tc, in.ID, in.RunID)
			if err != nil {
				b.Fatal(err)
			}
			polls += is.Polls
			calls += is.Calls
		}
		if rpcs != nil {
			calls = int(rpcs() - rpcsBefore)
		}
		b.ReportMetric(float64(len(all)), "instances")
		b.ReportMetric(float64(polls)/float64(len(all)), "polls/instance")
		b.ReportMetric(float64(calls)/float64(polls), "calls/poll")
		b.ReportMetric(float64(maxEvents), "gate-max-events")
		b.ReportMetric(float64(st.State.Continued), "gate-continued")
	}
}
