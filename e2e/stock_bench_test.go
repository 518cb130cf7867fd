package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/internal/codec"
	"github.com/howdah/howdah/worker"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// The same 100-node chains on a stock Temporal dev server (`temporal server
// start-dev`, what users submit to) and on howdah's embedded one: fs steps
// (mkdir of an existing directory) and shell steps (`true`), howdah against
// a hand-written workflow doing the same activities (the baseline runs
// regular activities, as a user would write them), alternating in each
// iteration. scripts/bench-stock-server installs the pinned Temporal CLI,
// starts the server and runs it:
//
//	scripts/bench-stock-server          # or, with a server already up:
//	HOWDAH_BENCH_TEMPORAL=127.0.0.1:7399 go test ./e2e -run '^$' -bench StockServer -benchtime 3x

func trueActivity(ctx context.Context) error { return exec.CommandContext(ctx, "true").Run() }

func baselineShellChain(ctx workflow.Context, n int) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	for i := 0; i < n; i++ {
		if err := workflow.ExecuteActivity(ctx, trueActivity).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

func shellChainHCL(n int) string {
	var s strings.Builder
	s.WriteString("workflow \"shell_chain\" {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&s, "  action \"a%d\" {\n    shell { argv = [\"true\"] }\n  }\n", i)
	}
	s.WriteString("}\n")
	return s.String()
}

func BenchmarkStockServer(b *testing.B) {
	servers := []struct {
		name string
		c    sdkclient.Client
	}{{"embedded", tc}}
	if addr := os.Getenv("HOWDAH_BENCH_TEMPORAL"); addr != "" {
		c, err := sdkclient.Dial(sdkclient.Options{HostPort: addr, Logger: silent{}, DataConverter: codec.DataConverter()})
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		servers = append([]struct {
			name string
			c    sdkclient.Client
		}{{"stock", c}}, servers...)
	} else {
		b.Log("HOWDAH_BENCH_TEMPORAL is not set: the embedded server only (scripts/bench-stock-server runs both)")
	}
	dir := b.TempDir()
	const n = 100
	for _, srv := range servers {
		hq, bq := "stock-howdah-"+srv.name, "stock-baseline-"+srv.name
		hw := worker.New(srv.c, hq, activities.New(), worker.Options{})
		bw := sdkworker.New(srv.c, bq, sdkworker.Options{})
		bw.RegisterWorkflow(baselineChain)
		bw.RegisterWorkflow(baselineShellChain)
		bw.RegisterActivity(mkdirActivity)
		bw.RegisterActivity(trueActivity)
		if err := hw.Start(); err != nil {
			b.Fatal(err)
		}
		if err := bw.Start(); err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name     string
			hcl      string
			baseline any
			args     []any
		}{
			{"fs", chainHCL(n, dir), baselineChain, []any{n, dir}},
			{"shell", shellChainHCL(n), baselineShellChain, []any{n}},
		} {
			w := compileB(b, c.hcl)
			b.Run(srv.name+"/"+c.name, func(b *testing.B) {
				var howdah, base time.Duration
				runHowdah := func() {
					t0 := time.Now()
					run, err := client.Start(context.Background(), srv.c, w, client.Options{TaskQueue: hq})
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
					run, err := srv.c.ExecuteWorkflow(context.Background(), sdkclient.StartWorkflowOptions{TaskQueue: bq}, c.baseline, c.args...)
					if err != nil {
						b.Fatal(err)
					}
					if err := run.Get(context.Background(), nil); err != nil {
						b.Fatal(err)
					}
					base += time.Since(t0)
				}
				for i := 0; i < b.N; i++ {
					alternate(i, runHowdah, runBase)
				}
				per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) / n }
				b.ReportMetric(per(howdah), "howdah-ms/node")
				b.ReportMetric(per(base), "handwritten-ms/node")
				b.ReportMetric(float64(howdah)/float64(base), "ratio")
			})
		}
		hw.Stop()
		bw.Stop()
	}
}
