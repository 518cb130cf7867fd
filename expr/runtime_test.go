package expr_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/fspath"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// fakeFS is an in-memory FS for the fs_* functions.
type fakeFS struct {
	files map[string]int64 // path -> size; directories end in "/"
	calls []string
}

var _ expr.FS = (*fakeFS)(nil)

func (f *fakeFS) Exists(p string) (bool, error) {
	f.calls = append(f.calls, "exists "+p)
	_, file := f.files[p]
	_, dir := f.files[p+"/"]
	return file || dir, nil
}
func (f *fakeFS) IsDir(p string) (bool, error) { _, ok := f.files[p+"/"]; return ok, nil }
func (f *fakeFS) DirSize(p string) (int64, error) {
	var n int64
	for k, v := range f.files {
		if strings.HasPrefix(k, p+"/") {
			n += v
		}
	}
	return n, nil
}
func (f *fakeFS) FileSize(p string) (int64, error) {
	if n, ok := f.files[p]; ok {
		return n, nil
	}
	return 0, errors.New("no such file")
}
func (f *fakeFS) Glob(p string) ([]string, error) {
	if p == "in/*.txt" {
		return []string{"in/a.txt", "in/b.txt"}, nil
	}
	return nil, nil
}

func compile(t *testing.T, src string, params map[string]string) *plan.Workflow {
	t.Helper()
	res := dsl.CompileSource("test.hcl", []byte(src), dsl.Options{Params: params})
	if res.Diags.HasErrors() {
		t.Fatalf("compile: %s", res.Diags.Error())
	}
	return res.Plan
}

const decisionSrc = `workflow "w" {
  param "limit" {
    type    = number
    default = 10
  }
  action "probe" {
    shell {
      argv           = ["probe"]
      capture_output = true
    }
  }
  decision "route" {
    case {
      when = tonumber(action.probe.output.rows) > param.limit && fs_exists("out/_SUCCESS")
      goto = end
    }
    default = kill.stop
  }
  kill "stop" { message = "run ${wf.id} #${wf.run} stopped after ${wf.last_error_node}" }
}`

func TestEvalDecisionAgainstRunState(t *testing.T) {
	w := compile(t, decisionSrc, nil)
	when := w.Node("route").Decision.Cases[0].When
	if when.Expr == nil {
		t.Fatal("the predicate depends on run-time state and must be carried as an expression")
	}
	fs := &fakeFS{files: map[string]int64{"out/_SUCCESS": 0}}
	for rows, want := range map[string]bool{"11": true, "10": false} {
		s := &expr.Scope{Plan: w, FS: fs, Results: map[string]expr.Result{"probe": {Output: map[string]string{"rows": rows}}}}
		v, diags := expr.Eval(*when.Expr, s)
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		if v.True() != want {
			t.Errorf("rows=%s: got %v, want %v", rows, v.True(), want)
		}
	}
	if len(fs.calls) == 0 || fs.calls[0] != "exists out/_SUCCESS" {
		t.Errorf("fs_exists did not reach the FS: %v", fs.calls)
	}

	msg := w.Node("stop").Kill.Message.Expr
	v, diags := expr.Eval(*msg, &expr.Scope{Plan: w, Run: expr.RunInfo{ID: "wf-1", Run: 2, LastErrorNode: "probe"}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if got := v.AsString(); got != "run wf-1 #2 stopped after probe" {
		t.Errorf("message = %q", got)
	}
}

func TestEvalErrorsPointAtTheSource(t *testing.T) {
	w := compile(t, decisionSrc, nil)
	when := w.Node("route").Decision.Cases[0].When.Expr
	// A probe that printed no "rows" line: the lookup fails at run time.
	fs := &fakeFS{files: map[string]int64{"out/_SUCCESS": 0}}
	s := &expr.Scope{Plan: w, FS: fs, Results: map[string]expr.Result{"probe": {Output: map[string]string{}}}}
	_, diags := expr.Eval(*when, s)
	if !diags.HasErrors() {
		t.Fatal("want an error for a missing output key")
	}
	if r := diags[0].Subject; r == nil || r.Filename != "test.hcl" || r.Start.Line != 14 {
		t.Errorf("diagnostic at %v, want test.hcl line 14", r)
	}
}

const bindingsSrc = `workflow "w" {
  param "base" { default = "/data" }
  action "list" {
    shell {
      argv           = ["ls"]
      capture_output = true
    }
  }
  action "convert" {
    for_each = fs_glob("in/*.txt")
    prepare { delete = ["${param.base}/out/${each.index}"] }
    shell {
      argv = ["convert", each.value, "${param.base}/out/${each.index}"]
      env  = { DAY = action.list.output.day, FIXED = "1" }
    }
    configuration = { "mapreduce.job.name" = "convert-${wf.id}" }
  }
}`

func TestApplyBindings(t *testing.T) {
	w := compile(t, bindingsSrc, nil)
	a := w.Node("convert").Action
	if a.ForEach == nil || a.ForEach.ItemsExpr == nil {
		t.Fatal("for_each over fs_glob must be evaluated at run time")
	}
	fs := &fakeFS{}
	s := &expr.Scope{Plan: w, FS: fs, Run: expr.RunInfo{ID: "run-7"},
		Results: map[string]expr.Result{"list": {Output: map[string]string{"day": "2026-11-24"}}}}
	items, diags := expr.Eval(*a.ForEach.ItemsExpr, s)
	if diags.HasErrors() || items.LengthInt() != 2 {
		t.Fatalf("items = %#v, %v", items, diags)
	}
	s.Each = &expr.Item{Index: 1, Value: "in/b.txt"}
	got, _, err := expr.ApplyBindings(a, s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Shell.Argv, " ") != "convert in/b.txt /data/out/1" {
		t.Errorf("argv = %q", got.Shell.Argv)
	}
	if got.Prepare.Delete[0] != "/data/out/1" {
		t.Errorf("delete = %q", got.Prepare.Delete)
	}
	env, _ := json.Marshal(got.Shell.Env)
	if string(env) != `[{"name":"DAY","value":"2026-11-24"},{"name":"FIXED","value":"1"}]` {
		t.Errorf("env = %s", env)
	}
	if got.Configuration[0] != (plan.Property{Name: "mapreduce.job.name", Value: "convert-run-7"}) {
		t.Errorf("configuration = %+v", got.Configuration)
	}
	if len(got.Bindings) != 0 {
		t.Errorf("resolved action still has bindings: %+v", got.Bindings)
	}
	if len(a.Shell.Argv) != 0 {
		t.Error("ApplyBindings changed its input")
	}
}

func TestApplyBindingsGuardsDeletes(t *testing.T) {
	src := `workflow "w" {
  action "list" {
    shell {
      argv           = ["ls"]
      capture_output = true
    }
  }
  action "clean" {
    fs {
      delete { path = "/data/${action.list.output.dir}" }
    }
  }
}`
	w := compile(t, src, nil)
	a := w.Node("clean").Action
	for dir, bad := range map[string]bool{"": true, " ": true, "..": true, "x/../..": true, "2026/11": false} {
		s := &expr.Scope{Plan: w, Results: map[string]expr.Result{"list": {Output: map[string]string{"dir": dir}}}}
		got, _, err := expr.ApplyBindings(a, s)
		if bad {
			if !errors.Is(err, fspath.ErrUnsafeDelete) {
				t.Errorf("dir=%q: got %v, want an unsafe-delete error", dir, err)
			}
			continue
		}
		if err != nil || got.FS.Ops[0].Path != "/data/2026/11" {
			t.Errorf("dir=%q: %v %+v", dir, err, got)
		}
	}
}

func TestSubWorkflowRuntimeParams(t *testing.T) {
	src := `workflow "child" {
  param "root" {}
  param "n" { type = number }
  action "a" {
    shell { argv = ["echo", param.root, param.n + 1] }
  }
}`
	res := dsl.CompileSource("child.hcl", []byte(src), dsl.Options{AllowMissingParams: true})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	w := res.Plan
	a := w.Node("a").Action
	s := &expr.Scope{Plan: w, Params: map[string]json.RawMessage{"root": json.RawMessage(`"/r"`), "n": json.RawMessage(`41`)}}
	got, _, err := expr.ApplyBindings(a, s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Shell.Argv, " ") != "echo /r 42" {
		t.Errorf("argv = %q", got.Shell.Argv)
	}
	if _, _, err := expr.ApplyBindings(a, &expr.Scope{Plan: w}); err == nil {
		t.Error("want an error when a run-time parameter has no value")
	}
}

func TestTimestampUsesTheWorkflowClock(t *testing.T) {
	fns := expr.Functions(nil, func() time.Time { return time.Date(2026, 11, 24, 1, 2, 3, 0, time.UTC) })
	v, err := fns["timestamp"].Call(nil)
	if err != nil || v.AsString() != "2026-11-24T01:02:03Z" {
		t.Errorf("timestamp() = %v, %v", v, err)
	}
	compileTime, _ := expr.Functions(nil, nil)["timestamp"].Call(nil)
	if compileTime.IsKnown() {
		t.Error("timestamp() must be unknown at compile time")
	}
	exists, _ := expr.Functions(nil, nil)["fs_exists"].Call([]cty.Value{cty.StringVal("/x")})
	if exists.IsKnown() {
		t.Error("fs_exists() must be unknown at compile time")
	}
}

func TestPointerEscapes(t *testing.T) {
	if got := expr.Pointer("configuration", "a/b~c.d"); got != "/configuration/a~1b~0c.d" {
		t.Errorf("Pointer = %q", got)
	}
}

// Oozie's record counter aliases read the task counters.
func TestRecordCounterAliases(t *testing.T) {
	w := compile(t, `workflow "c" {
  action "wc" {
    streaming {
      input  = ["in"]
      output = "out"
      mapper = ["cat"]
    }
  }
  decision "d" {
    case {
      when = action.wc.counters["RECORDS"]["MAP_IN"] == 7 && action.wc.counters["RECORDS"]["REDUCE_OUT"] == 3
      goto = end
    }
    default = kill.k
  }
  kill "k" { message = "no" }
}`, nil)
	s := &expr.Scope{Plan: w, Results: map[string]expr.Result{"wc": {Status: "OK", Counters: map[string]map[string]int64{
		expr.TaskCounterGroup: {"MAP_INPUT_RECORDS": 7, "REDUCE_OUTPUT_RECORDS": 3},
	}}}}
	v, diags := expr.Eval(*w.Node("d").Decision.Cases[0].When.Expr, s)
	if diags.HasErrors() || !v.True() {
		t.Errorf("RECORDS aliases: %v %v", v, diags)
	}
}

// A binding lands where it says or is an error: an element named by a
// number is that element, not an index; a field the action does not have
// is refused, at compile time (CheckBindings) and at run time.
func TestBindingsLandOrFail(t *testing.T) {
	w := compile(t, `workflow "n" {
  action "a" {
    shell {
      argv = ["x"]
      env  = { "1" = "${wf.id}", "0" = "zero", "B" = "${wf.id}-b" }
    }
    configuration = { "2" = "${wf.id}" }
  }
}`, nil)
	a := w.Node("a").Action
	if errs := expr.CheckBindings(a); len(errs) > 0 {
		t.Fatalf("valid bindings refused: %v", errs)
	}
	got, _, err := expr.ApplyBindings(a, &expr.Scope{Plan: w, Run: expr.RunInfo{ID: "run-1"}})
	if err != nil {
		t.Fatal(err)
	}
	env, _ := json.Marshal(got.Shell.Env)
	if string(env) != `[{"name":"0","value":"zero"},{"name":"1","value":"run-1"},{"name":"B","value":"run-1-b"}]` {
		t.Errorf("env = %s", env)
	}
	if got.Configuration[0] != (plan.Property{Name: "2", Value: "run-1"}) {
		t.Errorf("configuration = %+v", got.Configuration)
	}
	for _, field := range []string{"/shell/nope", "/shell/env/NOPE", "/nope/x", "/shell/argv/5"} {
		bad := *a
		bad.Bindings = append([]plan.Binding{{Field: field, Type: "string", Expr: a.Bindings[0].Expr}}, a.Bindings...)
		if errs := expr.CheckBindings(&bad); errs[0] == nil {
			t.Errorf("%s: CheckBindings accepts it", field)
		}
		if _, _, err := expr.ApplyBindings(&bad, &expr.Scope{Plan: w, Run: expr.RunInfo{ID: "run-1"}}); err == nil {
			t.Errorf("%s: ApplyBindings accepts it", field)
		}
	}
}

// A parameter passed at run time (a coordinator's output directory) keeps
// the within it declares: a value outside it is refused before anything
// runs, and a delete that starts with it stays strictly below it.
func TestRuntimeParamWithin(t *testing.T) {
	src := `workflow "child" {
  param "out" { within = "/data/clicks" }
  action "a" {
    prepare { delete = ["${param.out}"] }
    shell { argv = ["true"] }
  }
}`
	res := dsl.CompileSource("child.hcl", []byte(src), dsl.Options{AllowMissingParams: true})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	w := res.Plan
	a := w.Node("a").Action
	for value, want := range map[string]string{
		"/data/clicks/2026":       "",
		"/data/clicks":            "strictly below",
		"/data/other":             "not within",
		"/data/clicks/../x":       "not within",
		"hdfs://nn/data/clicks/x": "not within",
	} {
		raw, _ := json.Marshal(value)
		got, _, err := expr.ApplyBindings(a, &expr.Scope{Plan: w, Params: map[string]json.RawMessage{"out": raw}})
		switch {
		case want == "" && err != nil:
			t.Errorf("out=%q: %v", value, err)
		case want == "" && (got.Prepare.Delete[0] != value || got.Prepare.DeleteWithin[0] != "/data/clicks"):
			t.Errorf("out=%q: delete %q within %q", value, got.Prepare.Delete, got.Prepare.DeleteWithin)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("out=%q: got %v, want an error saying %q", value, err, want)
		}
	}
}

// What the Oozie import writes for wf:actionData('p')['k']: a key the
// action did not print reads as Oozie's null (EL's "", 0, false), so the
// case is false and the decision moves on instead of failing.
func TestMissingOutputKeyIsOoziesNull(t *testing.T) {
	w := compile(t, `workflow "w" {
  action "p" {
    shell {
      argv           = ["probe"]
      capture_output = true
    }
  }
  decision "route" {
    case {
      when = tonumber(lookup(action.p.output, "files", "0")) > 0
      goto = end
    }
    case {
      when = tobool(lookup(action.p.output, "ok", "false")) == true
      goto = end
    }
    case {
      when = lookup(action.p.output, "state", "") == "done"
      goto = end
    }
    default = kill.stop
  }
  kill "stop" { message = "none" }
}`, nil)
	for _, out := range []map[string]string{{}, {"other": "x"}} {
		s := &expr.Scope{Plan: w, Results: map[string]expr.Result{"p": {Output: out}}}
		for i, c := range w.Node("route").Decision.Cases {
			v, diags := expr.Eval(*c.When.Expr, s)
			if diags.HasErrors() || v.True() {
				t.Errorf("output %v, case %d: %v %s", out, i, v, diags.Error())
			}
		}
	}
	s := &expr.Scope{Plan: w, Results: map[string]expr.Result{"p": {Output: map[string]string{"files": "3", "ok": "true", "state": "done"}}}}
	for i, c := range w.Node("route").Decision.Cases {
		if v, diags := expr.Eval(*c.When.Expr, s); diags.HasErrors() || !v.True() {
			t.Errorf("printed keys, case %d: %v %s", i, v, diags.Error())
		}
	}
}

// A sensitive run-time path outside its within: refused, never quoted.
func TestRuntimeSensitiveWithinIsNotQuoted(t *testing.T) {
	src := `workflow "child" {
  param "out" {
    within    = "/data/clicks"
    sensitive = true
  }
  action "a" {
    prepare { delete = ["${param.out}"] }
    shell { argv = ["true"] }
  }
}`
	res := dsl.CompileSource("child.hcl", []byte(src), dsl.Options{AllowMissingParams: true})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	for _, v := range []string{"/data/s3cr3t", "/data/clicks", "/data/clicks/../s3cr3t"} {
		raw, _ := json.Marshal(v)
		_, _, err := expr.ApplyBindings(res.Plan.Node("a").Action, &expr.Scope{Plan: res.Plan, Params: map[string]json.RawMessage{"out": raw}})
		if err == nil || strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "resolves to") {
			t.Errorf("%s: %v", v, err)
		}
	}
}
