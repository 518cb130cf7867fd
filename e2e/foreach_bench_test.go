package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"go.temporal.io/api/workflowservice/v1"
)

// BenchmarkForEach100k runs a for_each of 100,000 items (an fs mkdir of an
// existing directory each, parallelism 1,000) on a worker process of its
// own, next to the baseline of the same fan-out with 1,000 items, which
// fits in one run's history and runs unbatched. It reports seconds and
// milliseconds per item of both, their ratio, the history events of the
// 100k run (parent, and all its batch children), and the worker process's
// peak RSS. Before batches, a fan-out of about 17,000 items reached
// Temporal's 51,200-event limit.
//
//	go test ./e2e -run '^$' -bench ForEach100k -benchtime 1x -timeout 30m
func BenchmarkForEach100k(b *testing.B) {
	const q = "e2e-foreach-bench"
	worker := startWorkerProcess(b, q)
	dir := b.TempDir()
	run := func(n int) (time.Duration, string, string) {
		// cty's range() stops at 1,024 values: n items as n/1000 x 1000.
		src := strings.Replace(fanOutHCL(n, dir), fmt.Sprintf("parallelism = %d", n), "parallelism = 1000", 1)
		src = strings.Replace(src, fmt.Sprintf("[for i in range(%d) : tostring(i)]", n),
			fmt.Sprintf(`flatten([for i in range(%d) : [for j in range(1000) : "${i}-${j}"]])`, n/1000), 1)
		w := compileB(b, src)
		t0 := time.Now()
		r, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: q, User: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Get(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0), r.GetID(), r.GetRunID()
	}
	var small, big time.Duration
	var id, runID string
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			small, _, _ = run(1000)
			big, id, runID = run(100_000)
		} else {
			big, id, runID = run(100_000)
			small, _, _ = run(1000)
		}
	}
	ctx := context.Background()
	d, err := tc.DescribeWorkflowExecution(ctx, id, runID)
	if err != nil {
		b.Fatal(err)
	}
	parentEvents := d.WorkflowExecutionInfo.HistoryLength
	var childEvents, maxChild int64
	children := 0
	var token []byte
	for {
		resp, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: srv.Namespace, PageSize: 1000, NextPageToken: token,
			Query: fmt.Sprintf(`WorkflowType = "fanout.each.for_each" AND WorkflowId STARTS_WITH "%s/"`, id)})
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range resp.Executions {
			children++
			childEvents += e.HistoryLength
			maxChild = max(maxChild, e.HistoryLength)
		}
		if token = resp.NextPageToken; len(token) == 0 {
			break
		}
	}
	b.ReportMetric(big.Seconds(), "100k-s")
	b.ReportMetric(float64(big.Milliseconds())/100_000, "100k-ms/item")
	b.ReportMetric(float64(small.Milliseconds())/1000, "1k-ms/item")
	b.ReportMetric((float64(big)/100_000)/(float64(small)/1000), "x-per-item")
	b.ReportMetric(float64(parentEvents), "parent-events")
	b.ReportMetric(float64(children), "batches")
	b.ReportMetric(float64(maxChild), "max-batch-events")
	b.ReportMetric(float64(parentEvents+childEvents), "total-events")
	if status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", worker.Process.Pid)); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				var kb float64
				fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
				b.ReportMetric(kb/1024, "worker-peak-MB")
			}
		}
	}
}
