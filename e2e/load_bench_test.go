package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/internal/codec"
	sdkclient "go.temporal.io/sdk/client"
)

// BenchmarkLoad is the driver of scripts/bench-load: HOWDAH_LOAD_RUNS runs
// (default 2,000) of a two-step shell workflow, submitted by
// HOWDAH_LOAD_CLIENTS concurrent clients (default 20, each its own
// connection) to the workers of HOWDAH_LOAD_QUEUE on the server at
// HOWDAH_LOAD_ADDRESS (workers and server are other processes, started by
// the script, which also measures their memory). Every run must complete
// and every step must have run exactly once, counted from the lines the
// steps append to a file of their own. Reported: the whole load's time
// from the first submission to the last completion, and runs per second.
//
//	scripts/bench-load
func BenchmarkLoad(b *testing.B) {
	addr := os.Getenv("HOWDAH_LOAD_ADDRESS")
	if addr == "" {
		b.Skip("HOWDAH_LOAD_ADDRESS is not set: scripts/bench-load starts the servers and workers")
	}
	queue := os.Getenv("HOWDAH_LOAD_QUEUE")
	runs, clients := envInt("HOWDAH_LOAD_RUNS", 2000), envInt("HOWDAH_LOAD_CLIENTS", 20)
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		res := dsl.CompileSource("load.hcl", []byte(fmt.Sprintf(`workflow "load" {
  action "extract" {
    shell { argv = ["sh", "-c", "echo \"$HOWDAH_WORKFLOW_ID-extract\" >> \"$1\"", "x", %q] }
  }
  action "load" {
    shell { argv = ["sh", "-c", "echo \"$HOWDAH_WORKFLOW_ID-load\" >> \"$1\"", "x", %q] }
  }
}`, filepath.Join(dir, "steps"), filepath.Join(dir, "steps"))), dsl.Options{})
		if res.Diags.HasErrors() {
			b.Fatal(res.Diags.Error())
		}
		w := res.Plan
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, runs)
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tc, err := sdkclient.Dial(sdkclient.Options{HostPort: addr, Logger: silent{}, DataConverter: codec.DataConverter()})
				if err != nil {
					errs <- err
					return
				}
				defer tc.Close()
				var started []sdkclient.WorkflowRun
				for r := c; r < runs; r += clients {
					id := fmt.Sprintf("load-%d-%d", i, r)
					run, err := client.Start(context.Background(), tc, w, client.Options{ID: id, TaskQueue: queue})
					if err != nil {
						errs <- err
						return
					}
					started = append(started, run)
				}
				for _, run := range started {
					if err := run.Get(context.Background(), nil); err != nil {
						errs <- fmt.Errorf("%s: %w", run.GetID(), err)
					}
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		close(errs)
		for err := range errs {
			b.Error(err)
		}
		got := map[string]int{}
		data, err := os.ReadFile(filepath.Join(dir, "steps"))
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Fields(string(data)) {
			got[l]++
		}
		for r := range runs {
			for _, step := range []string{"extract", "load"} {
				if n := got[fmt.Sprintf("load-%d-%d-%s", i, r, step)]; n != 1 {
					b.Errorf("run %d's %s ran %d times, want once", r, step, n)
				}
			}
		}
		if len(got) != 2*runs {
			b.Errorf("%d distinct step lines, want %d", len(got), 2*runs)
		}
		b.ReportMetric(elapsed.Seconds(), "total-s")
		b.ReportMetric(float64(runs)/elapsed.Seconds(), "runs/s")
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
