package client

import (
	"strings"
	"testing"

	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
)

func compile(t *testing.T, src string) *plan.Workflow {
	t.Helper()
	res := dsl.CompileSource("w.hcl", []byte(src), dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	return res.Plan
}

const chain = `workflow "w" {
  action "a" {
    shell { argv = ["true"] }
  }
  fork "f" {
    branches = [action.b, action.c]
  }
  action "b" {
    shell { argv = ["true"] }
    ok = join.j
  }
  action "c" {
    shell { argv = ["true"] }
    ok = join.j
  }
  join "j" {}
  action "d" {
    shell { argv = ["true"] }
  }
}`

// ended is a run of chain where a, b and c succeeded and d failed.
func ended(t *testing.T) *Ended {
	w := compile(t, chain)
	rec := &api.Record{Status: api.RunFailed}
	for _, n := range w.Nodes {
		st := api.NodeState{Name: n.Name, Kind: string(n.Kind), Status: api.StatusOK}
		if n.Name == "d" {
			st.Status = api.StatusError
		}
		rec.States = append(rec.States, st)
	}
	return &Ended{ID: "w-1", RunID: "r1", Input: api.Input{Plan: w}, Record: rec}
}

func TestSkipSet(t *testing.T) {
	e := ended(t)
	for _, tc := range []struct {
		name string
		o    RerunOptions
		want string
		err  string
	}{
		{name: "failed", want: "a b c"},
		{name: "skip", o: RerunOptions{Skip: []string{"b", "b"}}, want: "b"},
		{name: "from inside a fork", o: RerunOptions{From: "c"}, want: "a b"},
		{name: "from the fork", o: RerunOptions{From: "f"}, want: "a"},
		{name: "skip a failed node", o: RerunOptions{Skip: []string{"d"}}, err: `node "d" did not succeed in run r1 (it ended ERROR)`},
		{name: "skip a missing node", o: RerunOptions{Skip: []string{"zz"}}, err: `run r1 has no node "zz"`},
		{name: "skip a fork", o: RerunOptions{Skip: []string{"f"}}, err: `only actions are skipped; "f" is a fork`},
		{name: "from a missing node", o: RerunOptions{From: "zz"}, err: `the workflow has no node "zz"`},
		{name: "both", o: RerunOptions{From: "a", Skip: []string{"a"}}, err: "cannot be combined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SkipSet(e, tc.o)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || strings.Join(got, " ") != tc.want {
				t.Fatalf("skip = %v, %v; want %s", got, err, tc.want)
			}
		})
	}
}

// An edited file may change anything but the skipped nodes' existence and
// kind.
func TestSkipSetAgainstAnEditedFile(t *testing.T) {
	e := ended(t)
	renamed := compile(t, strings.Replace(chain, `action "a"`, `action "a2"`, 1))
	if _, err := SkipSet(e, RerunOptions{Plan: renamed}); err == nil || !strings.Contains(err.Error(), `the workflow file has no node "a" now`) {
		t.Errorf("renamed node: %v", err)
	}
	// Skipping only what still exists is fine.
	if got, err := SkipSet(e, RerunOptions{Plan: renamed, Skip: []string{"b", "c"}}); err != nil || len(got) != 2 {
		t.Errorf("--skip b,c against the edited file: %v %v", got, err)
	}
	rekinded := compile(t, strings.Replace(chain, `action "b" {
    shell { argv = ["true"] }`, `action "b" {
    fs {
      mkdir { path = "/tmp/x" }
    }`, 1))
	if _, err := SkipSet(e, RerunOptions{Plan: rekinded}); err == nil || !strings.Contains(err.Error(), `as a shell action, but it is a fs action`) {
		t.Errorf("changed kind: %v", err)
	}
	// A run without a record can only rerun whole.
	e.Record = nil
	if _, err := SkipSet(e, RerunOptions{}); err == nil || !strings.Contains(err.Error(), "--from a") {
		t.Errorf("no record: %v", err)
	}
	if got, err := SkipSet(e, RerunOptions{From: "a"}); err != nil || len(got) != 0 {
		t.Errorf("no record, --from the start: %v %v", got, err)
	}
}

// A parameter's value cannot add a link, an image, HTML or a table cell to
// the run's summary and details in the Web UI.
func TestSummaryAndDetailsQuoteParams(t *testing.T) {
	w := compile(t, `workflow "w" {
  param "p" { default = "x" }
  action "a" {
    shell { argv = ["echo", param.p] }
  }
}`)
	w.Params[0].Value = []byte(`"x | ![t](http://evil/t.png) <img src=x> ` + "`" + `"`)
	d := Details(w)
	if !strings.Contains(d, "| p | `` \"x \\| ![t](http://evil/t.png) <img src=x> `\" `` |") {
		t.Errorf("details:\n%s", d)
	}
	if s, want := Summary(w), `w p="x \| \!\[t\]\(http://evil/t.png\) \<img src=x\> \`+"`"+`"`; s != want {
		t.Errorf("summary: %s\nwant:    %s", s, want)
	}
}
