package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/internal/devserver"
	sdkclient "go.temporal.io/sdk/client"
)

// realDevAddr is where a user's `howdah dev` listens.
var realDevAddr = localDev.addr

// TestMain keeps the tests from using a `howdah dev` that happens to run
// on this machine: run looks for one at an address where none listens,
// unless a test points it at its own.
func TestMain(m *testing.M) {
	localDev.addr = "127.0.0.1:1"
	os.Exit(m.Run())
}

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// howdahBinary builds the howdah command once for tests that need a
// process of their own (a terminal, a server to stop).
func howdahBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "howdah-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "howdah")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = err
			t.Logf("%s", out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// cleanEnv is the environment without Temporal settings and without CI,
// as on a user's machine.
func cleanEnv(t *testing.T, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TEMPORAL_") || strings.HasPrefix(kv, "CI=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, append([]string{"TEMPORAL_CONFIG_FILE=" + filepath.Join(t.TempDir(), "none.toml")}, extra...)...)
}

func answers(url string) bool {
	hc := &http.Client{Timeout: 2 * time.Second}
	resp, err := hc.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// TestRunUsesARunningDev: with a `howdah dev` at the default address,
// run uses it, so the run is listed there afterwards.
func TestRunUsesARunningDev(t *testing.T) {
	port, uiPort := freePort(t), freePort(t)
	// Its identity file, where this test's run looks for it.
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	dev := exec.Command(howdahBinary(t), "dev", "--port", strconv.Itoa(port), "--ui-port", strconv.Itoa(uiPort), "--db", filepath.Join(t.TempDir(), "dev.db"))
	dev.Env = cleanEnv(t, "XDG_STATE_HOME="+state)
	devOut, _ := dev.StdoutPipe()
	var devErr syncBuffer
	dev.Stderr = &devErr
	if err := dev.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		dev.Process.Signal(syscall.SIGINT)
		dev.Wait()
	}()
	ready := make(chan bool)
	go func() {
		sc := bufio.NewScanner(devOut)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "Worker:") {
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(120 * time.Second):
		t.Fatalf("howdah dev did not start:\n%s", devErr.String())
	}
	// It has announced itself (its identity file), so run takes it for
	// this user's.
	if _, err := os.Stat(filepath.Join(state, "howdah", "dev.json")); err != nil {
		t.Fatalf("howdah dev did not announce itself: %v", err)
	}
	old := localDev
	localDev.addr, localDev.ui = "127.0.0.1:"+strconv.Itoa(port), "http://127.0.0.1:"+strconv.Itoa(uiPort)
	defer func() { localDev = old }()

	t.Chdir("../..")
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", filepath.Join(t.TempDir(), "none.toml"))
	code, stdout, stderr := howdah(t, "", "run", "examples/decision/workflow.hcl", "--no-wait")
	if code != exitOK {
		t.Fatalf("run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if want := "Using the Temporal server at " + localDev.addr + " (howdah dev): the run stays in its history and Web UI " + localDev.ui; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if strings.Contains(stderr, "embedded") {
		t.Errorf("started an embedded server:\n%s", stderr)
	}
	id := regexp.MustCompile(`workflow id (decision-\S+)`).FindStringSubmatch(stdout)
	if id == nil || !strings.Contains(stdout, "See it again: howdah status "+id[1]+", or in the Web UI "+localDev.ui) {
		t.Fatalf("stdout:\n%s", stdout)
	}
	// Temporal's visibility store lags a closed run by a moment: poll.
	var list string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		code, list, _ = howdah(t, "", "list", "--address", localDev.addr)
		if code == exitOK && strings.Contains(list, id[1]) && strings.Contains(list, "SUCCEEDED") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run is not listed as SUCCEEDED on the dev server:\n%s", list)
		}
	}
	// The run shared howdah dev's task queue; with a Hadoop flag the dev's
	// worker lacks, it takes one of its own.
	if q := taskQueueOf(t, localDev.addr, id[1]); q != "howdah" {
		t.Errorf("task queue %q, want howdah", q)
	}
	code, stdout, stderr = howdah(t, "", "run", "examples/decision/workflow.hcl", "--no-wait", "--log-limit", "65536")
	own := regexp.MustCompile(`workflow id (decision-\S+)`).FindStringSubmatch(stdout)
	if code != exitOK || own == nil {
		t.Fatalf("run with a Hadoop flag: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if q := taskQueueOf(t, localDev.addr, own[1]); !strings.HasPrefix(q, "howdah-run-") {
		t.Errorf("with --log-limit: task queue %q, want howdah-run-PID", q)
	}

	// On that shared queue, a run whose command is killed midway is
	// finished by howdah dev's worker.
	dir := t.TempDir()
	wf := filepath.Join(dir, "slow.hcl")
	os.WriteFile(wf, []byte(`workflow "slow" {
  action "wait" {
    shell { argv = ["sh", "-c", "sleep 2; echo done > \"$0\"", "`+filepath.Join(dir, "done")+`"] }
  }
}
`), 0o644)
	killed := exec.Command(howdahBinary(t), "run", "--plain", "--no-wait", "--address", localDev.addr, wf)
	killed.Env = cleanEnv(t)
	killedOut, _ := killed.StdoutPipe()
	if err := killed.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(killedOut)
	slowID := ""
	for slowID == "" && sc.Scan() {
		if m := regexp.MustCompile(`workflow id (slow-\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			slowID = m[1]
		}
	}
	time.Sleep(500 * time.Millisecond)
	killed.Process.Kill()
	killed.Wait()
	if slowID == "" {
		t.Fatal("the run to kill did not start")
	}
	deadline := time.Now().Add(120 * time.Second)
	for {
		_, status, _ := howdah(t, "", "status", slowID, "--address", localDev.addr)
		if strings.Contains(status, "SUCCEEDED") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the killed run did not finish on howdah dev:\n%s", status)
		}
		time.Sleep(time.Second)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "done")); string(data) != "done\n" {
		t.Errorf("the action did not finish: %q", data)
	}

	// A namespace the dev server lacks: run starts its own server, which
	// creates it.
	code, stdout, stderr = howdah(t, "", "run", "examples/decision/workflow.hcl", "--no-wait", "--namespace", "elsewhere")
	if code != exitOK || !strings.Contains(stderr, "Started an embedded Temporal dev server") {
		t.Errorf("other namespace: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestRunKeepsTheUIUntilEnter: under a terminal, the embedded server (and
// the run's Web UI page) stays up after the run until Enter.
func TestRunKeepsTheUIUntilEnter(t *testing.T) {
	if c, err := net.DialTimeout("tcp", realDevAddr, 300*time.Millisecond); err == nil {
		c.Close()
		t.Skipf("a server listens on %s, which the howdah process would use instead of an embedded one", realDevAddr)
	}
	out := filepath.Join(t.TempDir(), "wc")
	cmd := exec.Command(howdahBinary(t), "run", "examples/wordcount/workflow.hcl", "-p", "output="+out)
	cmd.Dir = "../.."
	cmd.Env = cleanEnv(t)
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	lines := make(chan string, 100)
	go func() {
		r := bufio.NewReader(tty)
		for {
			l, err := r.ReadString('\n')
			if l != "" {
				lines <- strings.TrimSpace(l)
			}
			if err != nil {
				close(lines)
				return
			}
		}
	}()
	var link string
	var seen []string
	deadline := time.After(90 * time.Second)
	for link == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("run ended without waiting:\n%s", strings.Join(seen, "\n"))
			}
			seen = append(seen, l)
			if m := regexp.MustCompile(`stays up until you press Enter \(or Ctrl-C\): (\S+)`).FindStringSubmatch(l); m != nil {
				link = m[1]
			}
		case <-deadline:
			t.Fatalf("no prompt:\n%s", strings.Join(seen, "\n"))
		}
	}
	text := strings.Join(seen, "\n")
	for _, want := range []string{"wordcount succeeded", "Outputs: " + out, "run `howdah dev` in another terminal"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The run is over; its page is still served.
	time.Sleep(time.Second)
	if !answers(link) {
		t.Fatalf("the Web UI does not answer at %s after the run", link)
	}
	if cmd.ProcessState != nil {
		t.Fatal("run exited")
	}
	io.WriteString(tty, "\n")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("Enter did not end run")
	}
	if answers(link) {
		t.Errorf("the Web UI still answers after run exited")
	}
}

// Without a terminal (and with CI unset) run exits at once; with an API
// key in the environment and no address it still runs on the embedded
// server.
func TestRunWithoutTerminalAndWithAnAPIKey(t *testing.T) {
	t.Chdir("../..")
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", filepath.Join(t.TempDir(), "none.toml"))
	t.Setenv("CI", "")
	t.Setenv("TEMPORAL_API_KEY", "x")
	old := localDev
	localDev.addr = "127.0.0.1:" + strconv.Itoa(freePort(t)) // nothing there
	defer func() { localDev = old }()
	code, stdout, stderr := howdah(t, "", "run", "examples/forkjoin/workflow.hcl", "-p", "workdir="+filepath.Join(t.TempDir(), "fj"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "Note: the Temporal settings name an API key") || !strings.Contains(stderr, "Started an embedded Temporal dev server") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if strings.Contains(stdout, "press Enter") || !strings.Contains(stdout, "forkjoin succeeded") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// taskQueueOf is the task queue a run was started on.
func taskQueueOf(t *testing.T, addr, id string) string {
	t.Helper()
	c, err := sdkclient.Dial(sdkclient.Options{HostPort: addr, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d, err := c.DescribeWorkflowExecution(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	return d.GetExecutionConfig().GetTaskQueue().GetName()
}

// A Temporal server at the default address that is not this user's
// howdah dev (a plain one with the namespace; one whose namespace carries
// another howdah dev's token) is not sent the run: run says why and uses
// an embedded server.
func TestRunIgnoresAServerThatIsNotYourDev(t *testing.T) {
	port := freePort(t)
	srv, err := devserver.Start(devserver.Options{FrontendPort: port, UIPort: -1, SearchAttr: client.SearchAttributes})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	old := localDev
	localDev.addr = srv.FrontendURL
	defer func() { localDev = old }()
	t.Chdir("../..")
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", filepath.Join(t.TempDir(), "none.toml"))
	check := func(what, reason string) {
		t.Helper()
		code, stdout, stderr := howdah(t, "", "run", "examples/decision/workflow.hcl", "--no-wait")
		if code != exitOK || !strings.Contains(stderr, "Started an embedded Temporal dev server") || !strings.Contains(stderr, "is not used: "+reason) {
			t.Errorf("%s: exit %d\n%s\n%s", what, code, stdout, stderr)
		}
	}
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	check("a plain server", "no howdah dev of yours has announced itself")

	// Another user's howdah dev announced itself there; this user's file
	// names a dev at the same address with another token.
	c, err := sdkclient.Dial(sdkclient.Options{HostPort: srv.FrontendURL, Namespace: srv.Namespace})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	theirs := t.TempDir()
	t.Setenv("XDG_STATE_HOME", theirs)
	if _, err := announceDev(context.Background(), c, srv.FrontendURL, srv.Namespace); err != nil {
		t.Fatal(err)
	}
	mine := t.TempDir()
	os.MkdirAll(filepath.Join(mine, "howdah"), 0o700)
	os.WriteFile(filepath.Join(mine, "howdah", "dev.json"), []byte(`{"address":"`+srv.FrontendURL+`","namespace":"default","token":"0123"}`), 0o600)
	t.Setenv("XDG_STATE_HOME", mine)
	check("another user's dev", "it is not the howdah dev you started")
}
