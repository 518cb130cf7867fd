package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/internal/codec"
	"github.com/howdah/howdah/internal/devserver"
	"github.com/howdah/howdah/worker"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
)

// serverAndWorker starts a Temporal server and a worker on queue of their
// own for the test, and returns a client and the CLI's connection flags.
func serverAndWorker(t *testing.T, queue string) (sdkclient.Client, []string) {
	t.Helper()
	c, conn, _ := serverAndWorkerWith(t, queue, activities.New())
	return c, conn
}

// activitiesWithLogs are local activities keeping every attempt's output
// in a log store of the test's own.
func activitiesWithLogs(t *testing.T) *activities.Activities {
	t.Helper()
	store, err := logstore.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := activities.New()
	a.Logs, a.LogLimit = store, 1<<20
	return a
}

// serverAndWorkerWith is serverAndWorker with the worker's activities
// given, and the worker returned (a test may stop it early).
func serverAndWorkerWith(t *testing.T, queue string, acts *activities.Activities) (sdkclient.Client, []string, sdkworker.Worker) {
	t.Helper()
	srv, err := devserver.Start(devserver.Options{UIPort: -1, SearchAttr: client.SearchAttributes})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	c, err := sdkclient.Dial(sdkclient.Options{HostPort: srv.FrontendURL, Logger: quietLogger(), DataConverter: codec.DataConverter()})
	if err != nil {
		t.Fatal(err)
	}
	w := worker.New(c, queue, acts, worker.Options{})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Stop(); c.Close() })
	return c, []string{"--address", srv.FrontendURL, "--namespace", "default"}, w
}

// TestClusterVerbs drives submit, status, list, suspend, resume and cancel
// against a Temporal server and worker of their own, as against a cluster.
func TestClusterVerbs(t *testing.T) {
	t.Chdir("../..")
	c, conn := serverAndWorker(t, "verbs")
	cli := func(args ...string) (int, string, string) {
		return howdah(t, "", append(args, conn...)...)
	}

	// submit is idempotent with --id, and status shows the node table.
	out := filepath.Join(t.TempDir(), "fj")
	for i := 0; i < 2; i++ {
		code, stdout, stderr := cli("submit", "examples/forkjoin/workflow.hcl", "-p", "workdir="+out, "--id", "fj-1", "--queue", "verbs")
		if code != exitOK || !strings.Contains(stdout, "workflow id: fj-1") {
			t.Fatalf("submit: exit %d\n%s%s", code, stdout, stderr)
		}
	}
	if err := c.GetWorkflow(context.Background(), "fj-1", "").Get(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := cli("status", "fj-1")
	if code != exitOK || !strings.Contains(stdout, "forkjoin: SUCCEEDED") || !strings.Contains(stdout, "examples/forkjoin/workflow.hcl:36:3") {
		t.Errorf("status: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := cli("status", "no-such-run"); code == exitOK {
		t.Errorf("status of a missing run succeeded: %s", stderr)
	}

	// suspend holds new nodes, resume releases them, cancel stops the run.
	gate := filepath.Join(t.TempDir(), "gate")
	wf := filepath.Join(t.TempDir(), "slow.hcl")
	os.WriteFile(wf, []byte(`workflow "slow" {
  param "gate" {}
  action "wait" {
    shell { argv = ["sh", "-c", "while [ ! -e \"$1\" ]; do sleep 0.05; done", "wait", param.gate] }
  }
  action "next" {
    shell { argv = ["sleep", "60"] }
  }
}
`), 0o644)
	if code, stdout, stderr := cli("submit", wf, "-p", "gate="+gate, "--id", "slow-1", "--queue", "verbs"); code != exitOK {
		t.Fatalf("submit: %s%s", stdout, stderr)
	}
	// waitStatus waits for "slow: STATUS" or for a node row "NODE STATUS".
	waitStatus := func(want string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			_, stdout, _ := cli("status", "slow-1")
			for _, line := range strings.Split(stdout, "\n") {
				f := strings.Fields(line)
				if strings.HasPrefix(want, "slow: ") && strings.HasPrefix(line, want) {
					return
				}
				if w := strings.Fields(want); len(f) >= 3 && len(w) == 2 && f[0] == w[0] && f[2] == w[1] {
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("status never showed %q:\n%s", want, stdout)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitStatus("wait RUNNING")
	if code, stdout, _ := cli("suspend", "slow-1"); code != exitOK || !strings.Contains(stdout, "suspend requested") {
		t.Fatalf("suspend: %s", stdout)
	}
	waitStatus("slow: SUSPENDED")
	os.WriteFile(gate, nil, 0o644)
	waitStatus("wait OK")
	time.Sleep(300 * time.Millisecond)
	waitStatus("next PREP")
	if code, _, _ := cli("resume", "slow-1"); code != exitOK {
		t.Fatal("resume failed")
	}
	waitStatus("next RUNNING")
	if code, _, _ := cli("cancel", "slow-1"); code != exitOK {
		t.Fatal("cancel failed")
	}
	waitStatus("slow: KILLED")

	// list filters by workflow name and status.
	code, stdout, _ = cli("list", "--workflow", "forkjoin")
	if code != exitOK || !strings.Contains(stdout, "fj-1") || strings.Contains(stdout, "slow-1") {
		t.Errorf("list --workflow forkjoin:\n%s", stdout)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, stdout, _ = cli("list", "--status", "killed")
		if f := fieldsOf(stdout, "slow-1"); len(f) > 3 && f[3] == "KILLED" && !strings.Contains(stdout, "fj-1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("list --status killed:\n%s", stdout)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, _, _ := cli("list", "--status", "sideways"); code != exitUsage {
		t.Errorf("bad --status: exit %d", code)
	}
}
