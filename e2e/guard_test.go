package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Values captured at run time go through the same delete guard as
// parameters: in fs actions and in prepare blocks, plain paths and file://
// URLs, a delete that would climb out of (or name) its fixed directory fails
// the node and deletes nothing.
func TestRuntimeDeleteGuard(t *testing.T) {
	cases := []struct {
		name, output, path string
		refused            bool
	}{
		{"dot_then_climb", `a=.\nb=./victim`, `${param.data}/${action.probe.output.a}${action.probe.output.b}`, true},
		{"slash", `a=/\nb=`, `${param.data}/${action.probe.output.a}`, true},
		{"dot_slash", `a=./\nb=`, `${param.data}/${action.probe.output.a}`, true},
		{"split_climb", `a=x/\nb=../../victim`, `file://${param.data}/${action.probe.output.a}${action.probe.output.b}`, true},
		// A file named "%2e%2e" or "?", as Hadoop reads it: deleting it is
		// allowed and touches nothing else (url.Parse once read "?" as a
		// query and deleted data/ itself).
		{"percent_dots", `a=%%2e%%2e\nb=victim`, `file://${param.data}/${action.probe.output.a}/${action.probe.output.b}`, false},
		{"query", `a=?\nb=`, `file://${param.data}/${action.probe.output.a}`, false},
	}
	for _, c := range cases {
		for _, where := range []string{"fs", "prepare"} {
			t.Run(c.name+"_"+where, func(t *testing.T) {
				root := t.TempDir()
				data := filepath.Join(root, "sb", "data")
				canaries := []string{filepath.Join(root, "sb", "victim", "canary"), filepath.Join(data, "canary")}
				for _, f := range canaries {
					must(t, os.MkdirAll(filepath.Dir(f), 0o755))
					must(t, os.WriteFile(f, []byte("x"), 0o644))
				}
				step := `fs {
      delete { path = "` + c.path + `" }
    }`
				if where == "prepare" {
					step = `prepare { delete = ["` + c.path + `"] }
    shell { argv = ["true"] }`
				}
				w := compile(t, `workflow "guard_`+where+`" {
  param "data" {}
  action "probe" {
    shell {
      argv           = ["printf", "`+c.output+`\n"]
      capture_output = true
    }
  }
  action "rm" {
    `+step+`
  }
}`, map[string]string{"data": data})
				st, err := runToEnd(t, w)
				rm := node(st, "rm")
				if !c.refused {
					if err != nil || rm.Status != "OK" {
						t.Errorf("run: %v, rm: %+v; want OK", err, rm)
					}
				} else if err == nil || rm.Status != "ERROR" || rm.Attempts != 1 || !strings.Contains(rm.Error, "unsafe delete") {
					t.Errorf("run: %v, rm: %+v; want ERROR after one attempt with an unsafe delete", err, rm)
				}
				for _, f := range canaries {
					if _, err := os.Stat(f); err != nil {
						t.Errorf("canary %s: %v", f, err)
					}
				}
			})
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// hdfs_wait for done flags below paths that are plain files fails at once
// with the real cause, instead of waiting out its timeout and blaming the
// missing flags.
func TestWaitForFlagsBelowFilesSaysSo(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"part-0", "part-1"} {
		must(t, os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644))
	}
	w := compile(t, `workflow "flag_below_file" {
  param "dir" {}
  action "wait" {
    hdfs_wait {
      paths         = ["${param.dir}/part-*"]
      poll_interval = "100ms"
      timeout       = "20s"
    }
  }
}`, map[string]string{"dir": dir})
	st, err := runToEnd(t, w)
	if err == nil {
		t.Fatal("the wait succeeded")
	}
	n := node(st, "wait")
	if n.Status != "ERROR" || !strings.Contains(n.Error, "is a file") && !strings.Contains(n.Error, "only appear in a directory") {
		t.Errorf("wait: %+v; want the real cause", n)
	}
	if d := n.Ended.Sub(n.Started); d > 10*time.Second {
		t.Errorf("the wait took %s: it should fail at its first poll", d)
	}
}
