package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	for _, want := range []string{"bad failed: node boom failed", "failing node: boom (" + bad + ":2:3)", "no space left"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
