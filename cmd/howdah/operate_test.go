package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/workflows/api"
)

// TestOperateFailures drives rerun, status --run, list, retry/skip and
// logs against a server and a worker of their own, as against a cluster.
func TestOperateFailures(t *testing.T) {
	c, conn, w := serverAndWorkerWith(t, "operate", activitiesWithLogs(t))
	cli := func(args ...string) (int, string, string) {
		t.Helper()
		return howdah(t, "", append(args, conn...)...)
	}
	// until runs the command until ok holds for its output (30 s).
	until := func(what string, ok func(out string) bool, args ...string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			_, out, _ := cli(args...)
			if ok(out) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never showed %s:\n%s", strings.Join(args, " "), what, out)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	wait := func(id string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c.GetWorkflow(ctx, id, "").Get(ctx, nil)
	}

	dir := t.TempDir()
	wf := filepath.Join(t.TempDir(), "etl.hcl")
	os.WriteFile(wf, []byte(`workflow "etl" {
  param "dir" {}
  action "extract" {
    shell { argv = ["sh", "-c", "echo extract >> \"$1/log\"; echo hello-stdout; echo hello-stderr >&2", "extract", param.dir] }
  }
  action "big" {
    shell { argv = ["sh", "-c", "head -c 52428800 /dev/zero"] }
  }
  action "load" {
    shell { argv = ["sh", "-c", "echo load >> \"$1/log\"; [ -f \"$1/fixed\" ] || { echo 'partition 2026-11-24 missing' >&2; exit 2; }", "load", param.dir] }
  }
}
`), 0o644)
	if code, out, errOut := cli("submit", wf, "-p", "dir="+dir, "--id", "etl-1", "--queue", "operate"); code != exitOK {
		t.Fatalf("submit: %s%s", out, errOut)
	}
	wait("etl-1")

	// Logs: every attempt's stdout and stderr, the big one bounded.
	code, out, errOut := cli("logs", "etl-1", "extract")
	if code != exitOK || !strings.Contains(out, "hello-stdout") || !strings.Contains(out, "hello-stderr") || !strings.Contains(out, "extract attempt 1 stdout") {
		t.Errorf("logs extract: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = cli("logs", "etl-1", "big")
	if code != exitOK || len(out) < 1<<20 || len(out) > 1<<20+4096 || !strings.Contains(out, "output truncated: 51380224 more bytes were not kept") {
		t.Errorf("logs big: exit %d, %d bytes, tail %q", code, len(out), out[max(0, len(out)-300):])
	}
	if _, out, _ := cli("status", "etl-1"); !strings.Contains(out, "etl: FAILED") || !strings.Contains(out, "ERROR") {
		t.Errorf("status:\n%s", out)
	}

	// Rerun: a node that did not succeed cannot be skipped; --failed
	// (the default) runs load only.
	other := filepath.Join(t.TempDir(), "other.hcl")
	os.WriteFile(other, []byte(`workflow "other" {
  action "load" {
    shell { argv = ["true"] }
  }
}
`), 0o644)
	if code, _, errOut := cli("rerun", "etl-1", "--file", other); code == exitOK || !strings.Contains(errOut, `holds workflow "other", but the run is of workflow "etl"`) {
		t.Errorf("rerun --file of another workflow: exit %d: %s", code, errOut)
	}
	if code, _, errOut := cli("rerun", "etl-1", "--skip", "load"); code == exitOK || !strings.Contains(errOut, `node "load" did not succeed`) {
		t.Errorf("rerun --skip load: exit %d: %s", code, errOut)
	}
	os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644)
	code, out, errOut = cli("rerun", "etl-1")
	if code != exitOK || !strings.Contains(out, "skipped:     extract, big") || !strings.Contains(out, "rerun 1 of run") {
		t.Fatalf("rerun: exit %d\n%s%s", code, out, errOut)
	}
	wait("etl-1")
	if b, _ := os.ReadFile(filepath.Join(dir, "log")); strings.Count(string(b), "extract") != 1 || strings.Count(string(b), "load") != 2 {
		t.Errorf("side effects after the rerun: %q", b)
	}
	_, out, _ = cli("status", "etl-1")
	if !strings.Contains(out, "etl: SUCCEEDED [rerun 1]") || !strings.Contains(out, "OK (skipped by rerun)") {
		t.Errorf("status after the rerun:\n%s", out)
	}
	if _, out, _ := cli("status", "etl-1", "--run", "0"); !strings.Contains(out, "etl: FAILED") {
		t.Errorf("status --run 0:\n%s", out)
	}
	// The skipped node's logs are the first run's.
	if _, out, _ := cli("logs", "etl-1", "extract"); !strings.Contains(out, "hello-stdout") || !strings.Contains(out, "skipped by this rerun") {
		t.Errorf("logs of a skipped node:\n%s", out)
	}
	until("rerun 1 completed", func(out string) bool {
		f := fieldsOf(out, "etl-1")
		return len(f) > 3 && f[2] == "1" && f[3] == "SUCCEEDED"
	}, "list", "--workflow", "etl")

	// Hold: the run waits at the node; list --held finds it; retry with a
	// new parameter completes it.
	hold := filepath.Join(filepath.Dir(wf), "hold.hcl")
	os.WriteFile(hold, []byte(`workflow "held" {
  param "mode" { default = "bad" }
  action "check" {
    shell { argv = ["sh", "-c", "[ \"$1\" = good ]", "check", param.mode] }
    on_failure = "hold"
  }
}
`), 0o644)
	if code, out, errOut := cli("submit", hold, "--id", "held-1", "--queue", "operate"); code != exitOK {
		t.Fatalf("submit: %s%s", out, errOut)
	}
	until("held-1 held at check, its NODE column naming it", func(out string) bool {
		f := fieldsOf(out, "held-1")
		return len(f) > 4 && f[len(f)-1] == "check" && f[4] == "check"
	}, "list", "--held")
	if _, out, _ := cli("status", "held-1"); !strings.Contains(out, "HELD") {
		t.Errorf("status of a held run:\n%s", out)
	}
	if code, _, errOut := cli("skip", "held-1", "nope"); code == exitOK || !strings.Contains(errOut, `no node "nope"`) {
		t.Errorf("skip of a missing node: exit %d %s", code, errOut)
	}
	if code, out, errOut := cli("retry", "held-1", "check", "-p", "mode=good"); code != exitOK {
		t.Fatalf("retry: exit %d %s%s", code, out, errOut)
	}
	wait("held-1")
	if _, out, _ := cli("status", "held-1"); !strings.Contains(out, "held: SUCCEEDED") {
		t.Errorf("status after retry:\n%s", out)
	}

	// logs -f follows a running node to its end.
	slow := filepath.Join(filepath.Dir(wf), "slow.hcl")
	os.WriteFile(slow, []byte(`workflow "ticker" {
  action "tick" {
    shell { argv = ["sh", "-c", "for i in 1 2 3 4 5; do echo tick-$i; sleep 0.4; done"] }
  }
}
`), 0o644)
	if code, out, errOut := cli("submit", slow, "--id", "tick-1", "--queue", "operate"); code != exitOK {
		t.Fatalf("submit: %s%s", out, errOut)
	}
	until("tick RUNNING", func(out string) bool { return strings.Contains(out, "RUNNING") }, "status", "tick-1")
	code, out, errOut = cli("logs", "tick-1", "tick", "-f")
	if code != exitOK || !strings.Contains(out, "tick-1\ntick-2\ntick-3\ntick-4\ntick-5\n") || strings.Count(out, "tick-1\n") != 1 {
		t.Errorf("logs -f: exit %d\n%s%s", code, out, errOut)
	}

	// Logs need no worker: they are read from the store.
	w.Stop() // stopping twice (again at cleanup) is harmless
	// status of ended runs reads their record: no worker needs to poll.
	if code, out, errOut := cli("status", "etl-1"); code != exitOK || !strings.Contains(out, "etl: SUCCEEDED [rerun 1]") {
		t.Errorf("status with no worker: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli("logs", "etl-1", "load", "--run", "0"); code != exitOK || !strings.Contains(out, "partition 2026-11-24 missing") {
		t.Errorf("logs of run 0's load with no worker: exit %d\n%s%s", code, out, errOut)
	}
}

// fieldsOf is the fields of the first line of out that starts with id.
func fieldsOf(out, id string) []string {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == id {
			return f
		}
	}
	return nil
}

// YARN container logs: a clear note when the cluster does not aggregate
// them, the yarn command's output when it does.
func TestLogsOfYARNApplications(t *testing.T) {
	conf := func(aggregate string) string {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "yarn-site.xml"), []byte(`<configuration>
<property><name>yarn.log-aggregation-enable</name><value>`+aggregate+`</value></property>
<property><name>yarn.nodemanager.log-dirs</name><value>/var/log/yarn/containers</value></property>
<property><name>yarn.resourcemanager.webapp.address</name><value>rm:8088</value></property>
</configuration>`), 0o644)
		return dir
	}
	bin := t.TempDir()
	os.WriteFile(filepath.Join(bin, "yarn"), []byte("#!/bin/sh\necho \"yarn $* with $HADOOP_CONF_DIR\"\n"), 0o755)
	n := api.NodeState{Name: "wc", ExternalID: "application_1_0001, application_1_0002"}
	var out, errOut strings.Builder
	l := &logReader{f: logsFlags{confDir: conf("false"), hadoopCmd: filepath.Join(bin, "hadoop")}, out: &out, errw: &errOut}
	l.yarn(context.Background(), n)
	if got := out.String(); strings.Count(got, "YARN log aggregation is off on this cluster") != 2 || !strings.Contains(got, "/var/log/yarn/containers") || !strings.Contains(got, "http://rm:8088/cluster/app/application_1_0002") {
		t.Errorf("aggregation off:\n%s", got)
	}
	out.Reset()
	on := conf("true")
	l = &logReader{f: logsFlags{confDir: on, hadoopCmd: filepath.Join(bin, "hadoop"), user: "etl"}, out: &out, errw: &errOut}
	l.yarn(context.Background(), n)
	if got := out.String(); !strings.Contains(got, "yarn logs -applicationId application_1_0001 -appOwner etl with "+on) || !strings.Contains(got, "application_1_0002") {
		t.Errorf("aggregation on:\n%s%s", got, errOut.String())
	}
}

// Without log aggregation, howdah logs prints the ApplicationMaster's
// stdout and stderr from the NodeManager (found through the
// ResourceManager's attempts), then the note.
func TestLogsOfYARNApplicationFromNodeManager(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/ws/v1/cluster/apps/application_1_0001/appattempts":
			fmt.Fprintf(w, `{"appAttempts":{"appAttempt":[{"id":1,"containerId":"container_1_0001_01_000001","nodeHttpAddress":%q}]}}`, strings.TrimPrefix(srv.URL, "http://"))
		case r.URL.Path == "/ws/v1/node/containerlogs/container_1_0001_01_000001/stderr" && r.URL.Query().Get("size") == "-1048576":
			fmt.Fprint(w, "Traceback (most recent call last):\nRuntimeError: boom\n")
		case r.URL.Path == "/ws/v1/node/containerlogs/container_1_0001_01_000001/stdout":
			fmt.Fprint(w, "driver said hello")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "yarn-site.xml"), []byte(`<configuration>
<property><name>yarn.resourcemanager.webapp.address</name><value>`+strings.TrimPrefix(srv.URL, "http://")+`</value></property>
</configuration>`), 0o644)
	var out, errOut strings.Builder
	l := &logReader{f: logsFlags{confDir: dir}, out: &out, errw: &errOut}
	l.yarn(context.Background(), api.NodeState{Name: "wc", ExternalID: "application_1_0001"})
	got := out.String()
	for _, want := range []string{"--- stdout of the ApplicationMaster of application_1_0001", "driver said hello\n", "--- stderr of the ApplicationMaster", "RuntimeError: boom", "YARN log aggregation is off"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
}
