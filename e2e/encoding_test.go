package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A command that fails with bytes on stderr that are not UTF-8 (Latin-1,
// binary, or UTF-8 cut inside a character by the 8 KiB tail) fails once:
// its failure is reported, not lost to an encoding error and retried.
func TestFailureWithNonUTF8StderrIsReportedOnce(t *testing.T) {
	scripts := map[string]string{
		"latin1":   `printf 'caf\351 \377\376 boom' >&2; exit 3`,
		"cut_utf8": `i=0; while [ $i -lt 4500 ]; do printf '\303\251'; i=$((i+1)); done >&2; exit 3`,
	}
	for name, script := range scripts {
		t.Run(name, func(t *testing.T) {
			counter := filepath.Join(t.TempDir(), "runs")
			w := compile(t, `workflow "bad_bytes" {
  param "counter" {}
  action "noisy" {
    shell { argv = ["sh", "-c", "echo x >> \"$1\"; `+strings.ReplaceAll(strings.ReplaceAll(script, `\`, `\\`), `"`, `\"`)+`", "noisy", param.counter] }
  }
}`, map[string]string{"counter": counter})
			st, err := runToEnd(t, w)
			if err == nil {
				t.Fatal("the run succeeded")
			}
			n := node(st, "noisy")
			if n.Status != "ERROR" || !strings.Contains(n.Error, "exit status 3") {
				t.Errorf("noisy: %+v; want ERROR with its exit status", n)
			}
			b, _ := os.ReadFile(counter)
			if runs := strings.Count(string(b), "x"); runs != 1 {
				t.Errorf("the command ran %d times, want 1", runs)
			}
		})
	}
}
