package main

import (
	"context"
	"strings"
	"testing"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/internal/codec"
	"github.com/howdah/howdah/internal/devserver"
	"github.com/howdah/howdah/worker"
	sdkclient "go.temporal.io/sdk/client"
)

// bareServer is a Temporal server as a new cluster is: a namespace
// "default" with none of howdah's search attributes.
func bareServer(t *testing.T) string {
	t.Helper()
	srv, err := devserver.Start(devserver.Options{UIPort: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	return srv.FrontendURL
}

// TestSetup drives howdah setup as a team would on a new cluster: --check
// reports and changes nothing, setup creates a missing namespace and
// registers the search attributes, and running it again changes nothing.
func TestSetup(t *testing.T) {
	t.Chdir("../..")
	addr := bareServer(t)
	cli := func(args ...string) (int, string, string) {
		return howdah(t, "", append(args, "--address", addr)...)
	}

	// A namespace nobody created: every verb says how to create it.
	code, _, stderr := cli("list", "--namespace", "etl")
	if code == exitOK || !strings.Contains(stderr, "Namespace etl is not found") || !strings.Contains(stderr, "howdah setup --namespace etl") {
		t.Errorf("list on a missing namespace: exit %d\n%s", code, stderr)
	}
	code, stdout, _ := cli("setup", "--check", "--namespace", "etl")
	if code != exitInvalid || !strings.Contains(stdout, "namespace:         missing") ||
		!strings.Contains(stdout, "temporal operator namespace create --namespace etl --retention 72h --address "+addr) ||
		!strings.Contains(stdout, "--name HowdahWorkflow --type Keyword") || !strings.Contains(stdout, "--name HowdahHeld --type KeywordList") {
		t.Errorf("setup --check on a missing namespace: exit %d\n%s", code, stdout)
	}
	code, stdout, stderr = cli("setup", "--namespace", "etl", "--retention", "48h")
	if code != exitOK || !strings.Contains(stdout, "created (retention 48h)") || !strings.Contains(stdout, "registered:        HowdahApp, HowdahCoordinator, HowdahHeld, HowdahInstanceState, HowdahNode, HowdahNominalTime, HowdahRun, HowdahUser, HowdahWorkflow") || !strings.Contains(stdout, "ready:") {
		t.Errorf("setup of a new namespace: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = cli("setup", "--namespace", "etl")
	if code != exitOK || !strings.Contains(stdout, "exists") || !strings.Contains(stdout, "9 of 9 registered already") || strings.Contains(stdout, "registered: ") {
		t.Errorf("setup again: exit %d\n%s", code, stdout)
	}

	// An existing namespace without the attributes: --check lists them,
	// and names the command an administrator would run.
	code, stdout, _ = cli("setup", "--check")
	if code != exitInvalid || !strings.Contains(stdout, "namespace:         exists") || !strings.Contains(stdout, "missing:           HowdahApp,") ||
		!strings.Contains(stdout, "temporal operator search-attribute create --namespace default --name HowdahApp --type Keyword") {
		t.Errorf("setup --check without attributes: exit %d\n%s", code, stdout)
	}
}

// TestMissingSearchAttributes: on a namespace without howdah's search
// attributes, list --workflow says to run setup, submit warns once and the
// run still goes, and coordinator apply refuses (its instances would carry
// none for as long as it runs) unless told --no-search-attributes.
func TestMissingSearchAttributes(t *testing.T) {
	t.Chdir("../..")
	addr := bareServer(t)
	c, err := sdkclient.Dial(sdkclient.Options{HostPort: addr, Logger: quietLogger(), DataConverter: codec.DataConverter()})
	if err != nil {
		t.Fatal(err)
	}
	w := worker.New(c, "bare", activities.New(), worker.Options{})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Stop(); c.Close() })
	cli := func(args ...string) (int, string, string) {
		return howdah(t, "", append(args, "--address", addr)...)
	}
	code, _, stderr := cli("list", "--workflow", "forkjoin")
	if code == exitOK || !strings.Contains(stderr, "howdah setup") {
		t.Errorf("list --workflow without attributes: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := cli("submit", "examples/forkjoin/workflow.hcl", "-p", "workdir="+t.TempDir(), "--id", "bare-1", "--queue", "bare")
	if code != exitOK || strings.Count(stderr, "lacks howdah's search attributes") != 1 || !strings.Contains(stderr, "howdah setup") {
		t.Errorf("submit without attributes: exit %d\n%s%s", code, stdout, stderr)
	}
	if err := c.GetWorkflow(context.Background(), "bare-1", "").Get(context.Background(), nil); err != nil {
		t.Errorf("the run submitted without attributes: %v", err)
	}
	code, _, stderr = cli("coordinator", "apply", "examples/coordinator/coordinator.hcl", "--start", "now", "--queue", "bare")
	if code == exitOK || !strings.Contains(stderr, "lacks howdah's search attributes") || !strings.Contains(stderr, "--no-search-attributes") {
		t.Errorf("coordinator apply without attributes: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr = cli("coordinator", "apply", "examples/coordinator/coordinator.hcl", "--start", "now", "--queue", "bare", "--no-search-attributes", "--paused")
	if code != exitOK || !strings.Contains(stdout, "created") || !strings.Contains(stdout, "carry no search attributes") {
		t.Errorf("coordinator apply --no-search-attributes: exit %d\n%s%s", code, stdout, stderr)
	}
	cli("coordinator", "delete", "event-counts")

	// After setup, the same verbs work with their attributes.
	if code, stdout, _ := cli("setup"); code != exitOK {
		t.Fatalf("setup: exit %d\n%s", code, stdout)
	}
	if missing, err := client.MissingSearchAttributes(context.Background(), c, "default"); err != nil || len(missing) > 0 {
		t.Errorf("after setup, missing %v (%v)", missing, err)
	}
	code, _, stderr = cli("submit", "examples/forkjoin/workflow.hcl", "-p", "workdir="+t.TempDir(), "--id", "bare-2", "--queue", "bare")
	if code != exitOK || strings.Contains(stderr, "lacks") {
		t.Errorf("submit after setup: exit %d\n%s", code, stderr)
	}
	if err := c.GetWorkflow(context.Background(), "bare-2", "").Get(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = cli("list", "--workflow", "forkjoin")
	if code != exitOK || !strings.Contains(stdout, "bare-2") {
		t.Errorf("list --workflow after setup: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestUIFor: a run's Web UI link goes to the server's own UI: the flag's,
// HOWDAH_UI_URL, or howdah dev's only for a server at its address; no
// link to 127.0.0.1:8233 for another server.
func TestUIFor(t *testing.T) {
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("HOWDAH_UI_URL", "")
	for _, c := range []struct {
		address, flag, env, want string
	}{
		{"", "", "", "http://127.0.0.1:8233"},
		{"127.0.0.1:7233", "", "", "http://127.0.0.1:8233"},
		{"temporal.example.com:7233", "", "", ""},
		{"temporal.example.com:7233", "", "https://ui.example.com/", "https://ui.example.com"},
		{"temporal.example.com:7233", "http://ui:8080/", "https://ui.example.com", "http://ui:8080"},
	} {
		t.Setenv("HOWDAH_UI_URL", c.env)
		if got := uiFor(connFlags{address: c.address}, c.flag); got != c.want {
			t.Errorf("address %q, flag %q, HOWDAH_UI_URL %q: %q, want %q", c.address, c.flag, c.env, got, c.want)
		}
	}
}
