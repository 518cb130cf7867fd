package dsl

import (
	"strings"
	"testing"
)

// A shell's ${...} in a heredoc gets the $${ hint, on the first error;
// an HCL expression's own mistake inside ${...} does not.
func TestShellInterpolationHint(t *testing.T) {
	res := CompileSource("w.hcl", []byte(`workflow "w" {
  action "a" {
    shell {
      argv = ["sh", "-c", <<-EOT
        for f in ${HOME}/x/*; do echo "$${f}"; done
      EOT
      ]
    }
  }
  action "b" {
    shell { argv = ["echo", "${action.a.nope}"] }
  }
}`), Options{})
	if len(res.Diags) != 2 {
		t.Fatalf("want 2 errors, got %s", res.Diags.Error())
	}
	first, second := res.Diags[0], res.Diags[1]
	if first.Summary != "Unknown variable" || !strings.Contains(first.Detail, "write $${VAR}") {
		t.Errorf("first: %s: %s", first.Summary, first.Detail)
	}
	if strings.Contains(second.Detail, "$${") {
		t.Errorf("second got the shell hint: %s: %s", second.Summary, second.Detail)
	}
}
