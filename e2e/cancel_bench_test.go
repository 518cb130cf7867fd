package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/worker"
	"github.com/howdah/howdah/workflows/api"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// BenchmarkCancelLatency measures, per action kind, the time from a cancel
// request to the cancelled run being closed (the action stopped: its
// process killed, its wait ended), on a worker with production settings
// (activities.New, worker.New, the default 30 s heartbeat timeout). The
// cancel lands at a random moment of the heartbeat cycle. The baseline,
// measured in the same benchmark on the same server, is a hand-written
// workflow blocked on a timer: the server's own floor for closing a
// cancelled run. Target: p95 <= 3 s for every kind.
//
//	go test ./e2e -run '^$' -bench CancelLatency -benchtime 20x
func BenchmarkCancelLatency(b *testing.B) {
	const q = "e2e-cancel-bench"
	w := worker.New(tc, q, activities.New(), worker.Options{})
	w.RegisterWorkflow(timerWorkflow)
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	defer w.Stop()
	dir := b.TempDir()
	tree := filepath.Join(dir, "tree")
	for i := range 200 {
		sub := filepath.Join(tree, fmt.Sprint(i))
		os.MkdirAll(sub, 0o755)
		for j := range 500 {
			os.WriteFile(filepath.Join(sub, fmt.Sprint(j)), nil, 0o644)
		}
	}
	input := filepath.Join(dir, "in.txt")
	os.WriteFile(input, []byte(strings.Repeat("a b c\n", 1000)), 0o644)
	chmods := strings.Repeat(`      chmod {
        path        = "`+tree+`"
        permissions = "755"
        recursive   = true
      }
`, 40)
	kinds := []struct{ name, body string }{
		{"shell", `shell { argv = ["sleep", "600"] }`},
		{"fs", "fs {\n" + chmods + "    }"},
		{"hdfs_wait", `hdfs_wait {
      paths         = ["` + dir + `/never"]
      poll_interval = "1s"
      timeout       = "10m"
    }`},
		{"streaming", `streaming {
      input   = ["` + input + `"]
      output  = "` + dir + `/out-${wf.id}"
      mapper  = ["sh", "-c", "sleep 600"]
      reducer = ["cat"]
    }`},
	}
	r := rand.New(rand.NewPCG(1, 1))
	measure := func(start func() (sdkclient.WorkflowRun, func() bool)) time.Duration {
		run, running := start()
		waitWithin(b, time.Minute, 20*time.Millisecond, "the action to run", running)
		time.Sleep(time.Duration(r.IntN(1000)) * time.Millisecond)
		t0 := time.Now()
		if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
			b.Fatal(err)
		}
		run.Get(context.Background(), nil)
		return time.Since(t0)
	}
	baseline := func() time.Duration {
		return measure(func() (sdkclient.WorkflowRun, func() bool) {
			run, err := tc.ExecuteWorkflow(context.Background(), sdkclient.StartWorkflowOptions{TaskQueue: q}, timerWorkflow)
			if err != nil {
				b.Fatal(err)
			}
			return run, func() bool { return true }
		})
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			wf := compileB(b, `workflow "cancel_`+k.name+`" {
  action "a" {
    `+k.body+`
  }
}`)
			var lat, base []time.Duration
			for i := 0; b.Loop(); i++ {
				one := func() time.Duration {
					return measure(func() (sdkclient.WorkflowRun, func() bool) {
						run, err := client.Start(context.Background(), tc, wf, client.Options{TaskQueue: q, User: "bench"})
						if err != nil {
							b.Fatal(err)
						}
						return run, func() bool {
							st, err := client.State(context.Background(), tc, run.GetID(), run.GetRunID())
							return err == nil && node(st, "a").Status == api.StatusRunning
						}
					})
				}
				alternate(i, func() { lat = append(lat, one()) }, func() { base = append(base, baseline()) })
			}
			p50, p95, mx := percentiles(lat)
			b50, _, _ := percentiles(base)
			b.ReportMetric(p50.Seconds(), "p50-s")
			b.ReportMetric(p95.Seconds(), "p95-s")
			b.ReportMetric(mx.Seconds(), "max-s")
			b.ReportMetric(b50.Seconds(), "baseline-p50-s")
			b.ReportMetric(float64(p50)/float64(b50), "x-baseline")
		})
	}
}

// timerWorkflow blocks on a timer until cancelled.
func timerWorkflow(ctx workflow.Context) error {
	return workflow.Sleep(ctx, time.Hour)
}

func percentiles(d []time.Duration) (p50, p95, max time.Duration) {
	s := slices.Clone(d)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return at(0.5), at(0.95), s[len(s)-1]
}

// BenchmarkYARNCancelLatency measures the same for a streaming job on the
// test cluster's YARN: from CancelWorkflow to the run closed, and to the
// ResourceManager reporting the application KILLED. The e2e Hadoop worker
// heartbeats every 200 ms (worker.New sends them at most 1 s apart, as in
// production) and polls the ResourceManager every 500 ms; the run has the
// default 30 s heartbeat timeout. The baseline is the timer-blocked
// workflow of BenchmarkCancelLatency on the same server.
//
//	go test ./e2e -run '^$' -bench YARNCancelLatency -benchtime 5x
func BenchmarkYARNCancelLatency(b *testing.B) {
	c := hadoopCluster(b)
	dir := hdfsDir(b, c)
	put(b, dir+"/in/x.txt", "x\n")
	yarnCancelLatency(b, "sleep", "", func(i int) string {
		// A fresh output directory each time; the test directory's user.
		return strings.Replace(sleepJob(dir, 600), dir+"/out", fmt.Sprintf("%s/out-%d", dir, i), 1)
	})
}

// BenchmarkSparkCancelLatency is BenchmarkYARNCancelLatency for a PySpark
// job in cluster mode (the application master is the driver).
//
//	go test ./e2e -run '^$' -bench SparkCancelLatency -benchtime 5x
func BenchmarkSparkCancelLatency(b *testing.B) {
	c := hadoopCluster(b)
	if c.SparkHome == "" {
		b.Skip("no Spark: run scripts/hadoop-minicluster prepare")
	}
	dir := hdfsDir(b, c)
	put(b, dir+"/in/x.txt", "x\n")
	script := filepath.Join(b.TempDir(), "wordcount.py")
	if err := os.WriteFile(script, []byte(wordCountPy), 0o644); err != nil {
		b.Fatal(err)
	}
	yarnCancelLatency(b, "wc", "", func(i int) string {
		return fmt.Sprintf(`workflow "spark-cancel" {
  action "wc" {
    spark {
      jar  = %q
      args = [%q, %q, "600"]
    }
  }
}`, script, dir+"/in", fmt.Sprintf("%s/out-%d", dir, i))
	})
}

// BenchmarkHadoopClientCancelLatency is BenchmarkYARNCancelLatency for a
// shell action with hadoop_client running `hadoop jar hadoop-streaming`.
//
//	go test ./e2e -run '^$' -bench HadoopClientCancelLatency -benchtime 5x
func BenchmarkHadoopClientCancelLatency(b *testing.B) {
	c := hadoopCluster(b)
	dir := hdfsDir(b, c)
	yarnCancelLatency(b, "sleep", "-1", func(i int) string {
		d := fmt.Sprintf("%s/%d", dir, i)
		put(b, d+"/in/x.txt", "x\n")
		return hadoopClientSleep(c.StreamingJar, d, "600")
	})
}

// yarnCancelLatency cancels the runs of job(i), whose node runs one YARN
// application (tagged with the node's tag and tagSuffix), alternating
// with the timer baseline.
func yarnCancelLatency(b *testing.B, node, tagSuffix string, job func(i int) string) {
	baseline, stop := timerBaseline(b, "e2e-cancel-bench-base")
	defer stop()
	y := hadoopActs.Hadoop.YARN
	r := rand.New(rand.NewPCG(2, 2))
	var closed, killed, base []time.Duration
	for i := 0; b.Loop(); i++ {
		one := func() {
			wf := compileB(b, job(i))
			run, err := client.Start(context.Background(), tc, wf, client.Options{TaskQueue: hadoopQueue, User: "tester"})
			if err != nil {
				b.Fatal(err)
			}
			tag := tagOf(run, node) + tagSuffix
			waitWithin(b, 3*time.Minute, 200*time.Millisecond, "the application to run", func() bool {
				apps, err := y.AppsByTag(context.Background(), tag)
				return err == nil && len(apps) == 1 && apps[0].State == "RUNNING"
			})
			time.Sleep(time.Duration(r.IntN(1000)) * time.Millisecond)
			t0 := time.Now()
			if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
				b.Fatal(err)
			}
			run.Get(context.Background(), nil)
			closed = append(closed, time.Since(t0))
			waitWithin(b, time.Minute, 50*time.Millisecond, "the application to be killed", func() bool {
				apps, err := y.AppsByTag(context.Background(), tag)
				return err == nil && len(apps) == 1 && apps[0].State == "KILLED"
			})
			killed = append(killed, time.Since(t0))
		}
		alternate(i, one, func() { base = append(base, baseline()) })
	}
	p50, p95, mx := percentiles(closed)
	k50, k95, _ := percentiles(killed)
	b50, _, _ := percentiles(base)
	b.ReportMetric(p50.Seconds(), "closed-p50-s")
	b.ReportMetric(p95.Seconds(), "closed-p95-s")
	b.ReportMetric(mx.Seconds(), "closed-max-s")
	b.ReportMetric(k50.Seconds(), "killed-p50-s")
	b.ReportMetric(k95.Seconds(), "killed-p95-s")
	b.ReportMetric(b50.Seconds(), "baseline-p50-s")
	b.ReportMetric(float64(p50)/float64(b50), "x-baseline")
}

// BenchmarkHiveCancelLatency cancels runs whose hive action runs a long
// statement on the Thrift server, alternating with the timer baseline:
// cancel to the run's end (closed) and to the statement's Spark job's end
// on the server (stopped).
//
//	go test ./e2e -run '^$' -bench HiveCancelLatency -benchtime 5x
func BenchmarkHiveCancelLatency(b *testing.B) {
	s := thriftServer(b)
	baseline, stop := timerBaseline(b, "e2e-cancel-bench-base")
	defer stop()
	res := dsl.CompileSource("hive-cancel.hcl", []byte(hiveWorkflow(`query = "SELECT sum(id * 7 % 13) FROM range(0, 200000000000, 1, 2)"`)), dsl.Options{Params: hiveParams(s)})
	if res.Diags.HasErrors() {
		b.Fatal(res.Diags.Error())
	}
	wf := res.Plan
	r := rand.New(rand.NewPCG(3, 3))
	var closed, stopped, base []time.Duration
	for i := 0; b.Loop(); i++ {
		one := func() {
			run, err := client.Start(context.Background(), tc, wf, client.Options{TaskQueue: hadoopQueue, User: "tester"})
			if err != nil {
				b.Fatal(err)
			}
			waitWithin(b, 3*time.Minute, 100*time.Millisecond, "the statement to run", func() bool { return len(sparkJobs(b, s, "running")) > 0 })
			time.Sleep(time.Duration(r.IntN(1000)) * time.Millisecond)
			t0 := time.Now()
			if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
				b.Fatal(err)
			}
			run.Get(context.Background(), nil)
			closed = append(closed, time.Since(t0))
			waitWithin(b, time.Minute, 50*time.Millisecond, "the statement to stop", func() bool { return len(sparkJobs(b, s, "running")) == 0 })
			stopped = append(stopped, time.Since(t0))
		}
		alternate(i, one, func() { base = append(base, baseline()) })
	}
	p50, p95, mx := percentiles(closed)
	s50, s95, _ := percentiles(stopped)
	b50, _, _ := percentiles(base)
	b.ReportMetric(p50.Seconds(), "closed-p50-s")
	b.ReportMetric(p95.Seconds(), "closed-p95-s")
	b.ReportMetric(mx.Seconds(), "closed-max-s")
	b.ReportMetric(s50.Seconds(), "stopped-p50-s")
	b.ReportMetric(s95.Seconds(), "stopped-p95-s")
	b.ReportMetric(b50.Seconds(), "baseline-p50-s")
}

// timerBaseline starts a worker for timerWorkflow on queue q and returns
// one cancel of it, start to close (the server's own floor for closing a
// cancelled run), and the worker's stop.
func timerBaseline(b *testing.B, q string) (measure func() time.Duration, stop func()) {
	w := sdkworker.New(tc, q, sdkworker.Options{})
	w.RegisterWorkflow(timerWorkflow)
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	return func() time.Duration {
		run, err := tc.ExecuteWorkflow(context.Background(), sdkclient.StartWorkflowOptions{TaskQueue: q}, timerWorkflow)
		if err != nil {
			b.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		t0 := time.Now()
		tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID())
		run.Get(context.Background(), nil)
		return time.Since(t0)
	}, w.Stop
}

// alternate runs one and baseline, the one first on even rounds and the
// baseline first on odd ones.
func alternate(i int, one, baseline func()) {
	if i%2 == 0 {
		one()
		baseline()
	} else {
		baseline()
		one()
	}
}
