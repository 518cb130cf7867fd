package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRunOnTheEmbeddedServer is the README's first command, in-process:
// no Temporal configured, so run starts an embedded server and a worker.
func TestRunOnTheEmbeddedServer(t *testing.T) {
	t.Chdir("../..")
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", filepath.Join(t.TempDir(), "none.toml"))
	out := filepath.Join(t.TempDir(), "wc")
	code, stdout, stderr := howdah(t, "", "run", "examples/wordcount/workflow.hcl", "-p", "output="+out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"Started wordcount: workflow id wordcount-", "Web UI: http://127.0.0.1:", "count", "wordcount succeeded"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "Started an embedded Temporal dev server") {
		t.Errorf("stderr: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "_SUCCESS")); err != nil {
		t.Errorf("no output: %v", err)
	}

	bad := filepath.Join(t.TempDir(), "bad.hcl")
	os.WriteFile(bad, []byte(`workflow "bad" {
  action "boom" {
    shell { argv = ["sh", "-c", "echo no space left >&2; exit 2"] }
  }
}
`), 0o644)
	code, _, stderr = howdah(t, "", "run", bad)
	if code != exitInvalid {
		t.Fatalf("failing workflow: exit %d\n%s", code, stderr)
	}
	// Once, with the node and where it is declared.
	if want := "bad failed at node boom (" + bad + ":2:3): exit status 2: no space left"; !strings.Contains(stderr, want) || strings.Count(stderr, "no space left") != 1 {
		t.Errorf("stderr lacks %q once:\n%s", want, stderr)
	}
}

// syncBuffer is a bytes.Buffer safe to read while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A node held under `howdah run` says how to answer it, and the answer
// (from another command, against the embedded server) lets the run finish.
func TestRunExplainsAHeldNode(t *testing.T) {
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", filepath.Join(t.TempDir(), "none.toml"))
	t.Setenv("HOWDAH_LOG_DIR", t.TempDir())
	wf := filepath.Join(t.TempDir(), "held.hcl")
	os.WriteFile(wf, []byte(`workflow "held" {
  action "check" {
    shell {
      argv           = ["sh", "-c", "exit 1"]
      capture_output = true
    }
    on_failure = "hold"
  }
  action "after" {
    shell { argv = ["sh", "-c", "[ \"$1\" = 42 ]", "after", action.check.output.rows] }
  }
}
`), 0o644)
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"run", wf, "--id", "held-run"}, strings.NewReader(""), &stdout, &stderr) }()
	hint := regexp.MustCompile(`howdah retry\|skip\|fail held-run check --address (\S+)`)
	var addr string
	deadline := time.Now().Add(time.Minute)
	for addr == "" {
		if m := hint.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no hint for the held node:\n%s%s", stdout.String(), stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, out, errOut := howdah(t, "", "skip", "held-run", "check", "--output", "rows=42", "--address", addr); code != exitOK {
		t.Fatalf("skip: exit %d %s%s", code, out, errOut)
	}
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(stdout.String(), "held succeeded") {
			t.Errorf("run: exit %d\n%s%s", code, stdout.String(), stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("the run did not finish after the skip")
	}
}
