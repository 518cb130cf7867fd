package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/howdah/howdah/internal/codec"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/worker"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
)

// runWorkerProcess is the body of a worker process: it serves queue until
// killed.
func runWorkerProcess(addr, ns, q string) int {
	c, err := sdkclient.Dial(sdkclient.Options{HostPort: addr, Namespace: ns, Logger: silent{}, DataConverter: codec.DataConverter()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer c.Close()
	a := activities.New()
	if conf := os.Getenv("HOWDAH_E2E_HADOOP_CONF"); conf != "" {
		a, err = newHadoopActivities(conf, os.Getenv("HOWDAH_E2E_HADOOP"), os.Getenv("HOWDAH_E2E_STREAMING_JAR"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	a.HeartbeatEvery = 200 * time.Millisecond
	slots, _ := strconv.Atoi(os.Getenv("HOWDAH_E2E_WORKER_MAX_ACTIVITIES"))
	w := worker.New(c, q, a, worker.Options{StopTimeout: 3 * time.Second, MaxConcurrentActivities: slots})
	if err := w.Run(sdkworker.InterruptCh()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// Linger, as a process that goes on after stopping its worker would, so
	// whatever the stopped worker's cancelled actions do has time to happen
	// (a stopping worker must not kill YARN jobs: the next one re-attaches).
	time.Sleep(5 * time.Second)
	return 0
}

// startWorkerProcess re-executes the test binary as a worker process.
func startWorkerProcess(t testing.TB, q string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), "HOWDAH_E2E_WORKER_ADDRESS="+srv.FrontendURL, "HOWDAH_E2E_WORKER_NAMESPACE="+srv.Namespace, "HOWDAH_E2E_WORKER_QUEUE="+q), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// TestWorkerKilledMidRun kills the only worker with SIGKILL while an action
// runs, then starts a new one: the run completes, the steps that had
// finished do not run again, and the interrupted one runs once more.
func TestWorkerKilledMidRun(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(dir, "log")
	q := "crash"
	w := compile(t, `workflow "crash" {
  param "log" {}
  action "before" {
    shell { argv = ["sh", "-c", "echo before >> \"$1\"", "before", param.log] }
  }
  action "long" {
    shell { argv = ["sh", "-c", "echo long-start >> \"$1\"; sleep 2; echo long-end >> \"$1\"", "long", param.log] }
  }
  action "after" {
    shell { argv = ["sh", "-c", "echo after >> \"$1\"", "after", param.log] }
  }
}`, map[string]string{"log": logFile})
	first := startWorkerProcess(t, q)
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: q, HeartbeatTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "long to start", func() bool {
		b, _ := os.ReadFile(logFile)
		return strings.Contains(string(b), "long-start")
	})
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	startWorkerProcess(t, q)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatalf("run after the worker restart: %v", err)
	}
	b, _ := os.ReadFile(logFile)
	log := string(b)
	if got := fmt.Sprint(strings.Count(log, "before"), strings.Count(log, "long-start"), strings.Count(log, "long-end"), strings.Count(log, "after")); got != "1 2 1 1" {
		t.Errorf("before, long-start, long-end, after ran %s times, want 1 2 1 1 (the killed attempt must not finish):\n%s", got, log)
	}
	// One attempt of the retry policy, run twice by Temporal: status says so.
	if n := node(state(t, run), "long"); n.Status != "OK" || n.Attempts != 1 || n.Tries != 2 {
		t.Errorf("long: %+v, want OK, attempt 1, ran twice", n)
	}
}
