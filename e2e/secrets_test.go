package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Action processes get a clean environment: the worker's secrets are not
// theirs to read (and capture into history), PATH and the action's own env
// are.
func TestActionsDoNotInheritWorkerSecrets(t *testing.T) {
	t.Setenv("TEMPORAL_API_KEY", "sekrit-key")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "sekrit-aws")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.txt")
	must(t, os.WriteFile(in, []byte("a\n"), 0o644))
	w := compile(t, `workflow "secrets" {
  param "in" {}
  param "out" {}
  param "envfile" {}
  action "probe" {
    shell {
      argv = ["sh", "-c", "env > \"$1\"", "probe", param.envfile]
      env  = { MINE = "set" }
    }
  }
  action "stream" {
    streaming {
      input   = [param.in]
      output  = param.out
      mapper  = ["sh", "-c", "cat >/dev/null; echo \"key=$${TEMPORAL_API_KEY:-none}\""]
      reducer = ["cat"]
    }
  }
}`, map[string]string{"in": in, "out": filepath.Join(dir, "out"), "envfile": filepath.Join(dir, "env")})
	if _, err := runToEnd(t, w); err != nil {
		t.Fatalf("run: %v", err)
	}
	env, err := os.ReadFile(filepath.Join(dir, "env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MINE=set", "PATH=", "HOWDAH_NODE=probe"} {
		if !strings.Contains(string(env), want) {
			t.Errorf("shell's environment lacks %s:\n%s", want, env)
		}
	}
	if strings.Contains(string(env), "sekrit") {
		t.Errorf("shell's environment holds the worker's secrets:\n%s", env)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", "part-00000"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "sekrit") || !strings.Contains(string(b), "key=none") {
		t.Errorf("streaming mapper saw: %q", b)
	}
}
