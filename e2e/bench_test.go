package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// The baseline: a hand-written Temporal workflow doing the same work as the
// howdah plan (one trivial activity per node: create an existing directory).

func mkdirActivity(ctx context.Context, dir string) error { return os.MkdirAll(dir, 0o755) }

func baselineChain(ctx workflow.Context, n int, dir string) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	for i := 0; i < n; i++ {
		if err := workflow.ExecuteActivity(ctx, mkdirActivity, dir).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

func baselineFanOut(ctx workflow.Context, n int, dir string) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	futures := make([]workflow.Future, n)
	for i := range futures {
		futures[i] = workflow.ExecuteActivity(ctx, mkdirActivity, dir)
	}
	for _, f := range futures {
		if err := f.Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

const baselineQueue = "e2e-baseline"

var baselineWorker sdkworker.Worker

func startBaselineWorker(b *testing.B) { startBaselineWorkerT(b) }

func startBaselineWorkerT(b testing.TB) {
	if baselineWorker != nil {
		return
	}
	baselineWorker = sdkworker.New(tc, baselineQueue, sdkworker.Options{})
	baselineWorker.RegisterWorkflow(baselineChain)
	baselineWorker.RegisterWorkflow(baselineFanOut)
	baselineWorker.RegisterActivity(mkdirActivity)
	if err := baselineWorker.Start(); err != nil {
		b.Fatal(err)
	}
}

func chainHCL(n int, dir string) string {
	var s strings.Builder
	s.WriteString("workflow \"chain\" {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&s, "  action \"a%d\" {\n    fs {\n      mkdir { path = %q }\n    }\n  }\n", i, dir)
	}
	s.WriteString("}\n")
	return s.String()
}

func fanOutHCL(n int, dir string) string {
	return fmt.Sprintf(`workflow "fanout" {
  action "each" {
    for_each    = [for i in range(%d) : tostring(i)]
    parallelism = %d
    fs {
      mkdir { path = %q }
    }
  }
}`, n, n, dir)
}

// BenchmarkOrchestration measures howdah's overhead around Temporal: each
// iteration runs a howdah plan and a hand-written Temporal workflow doing
// the same activities on the same server, alternating which goes first,
// and reports both times per node and their ratio.
//
//	go test ./e2e -run '^$' -bench Orchestration -benchtime 3x
func BenchmarkOrchestration(b *testing.B) {
	startBaselineWorker(b)
	dir := b.TempDir()
	cases := []struct {
		name     string
		n        int
		hcl      string
		baseline any
	}{
		{"chain=100", 100, chainHCL(100, dir), baselineChain},
		{"fanout=1000", 1000, fanOutHCL(1000, dir), baselineFanOut},
	}
	for _, c := range cases {
		w := compileB(b, c.hcl)
		b.Run(c.name, func(b *testing.B) {
			var howdah, base time.Duration
			runHowdah := func() {
				t0 := time.Now()
				run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: queue})
				if err != nil {
					b.Fatal(err)
				}
				if err := run.Get(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
				howdah += time.Since(t0)
			}
			runBase := func() {
				t0 := time.Now()
				brun, err := tc.ExecuteWorkflow(context.Background(), sdkclient.StartWorkflowOptions{TaskQueue: baselineQueue}, c.baseline, c.n, dir)
				if err != nil {
					b.Fatal(err)
				}
				if err := brun.Get(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
				base += time.Since(t0)
			}
			for i := 0; i < b.N; i++ {
				alternate(i, runHowdah, runBase)
			}
			per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) / float64(c.n) }
			b.ReportMetric(per(howdah), "howdah-ms/node")
			b.ReportMetric(per(base), "baseline-ms/node")
			b.ReportMetric(float64(howdah)/float64(base), "ratio")
		})
	}
}

func compileB(b *testing.B, src string) *planWorkflow {
	b.Helper()
	w := compileSource(src)
	if w == nil {
		b.Fatal("benchmark workflow does not compile")
	}
	return w
}
