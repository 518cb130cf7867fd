package oozie

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/howdah/howdah/dsl"
)

// TestExamplesRoundTrip imports each example of examples/, written by hand
// as Oozie XML in testdata/examples, and compiles both: the plans must be
// equal but for what the test lists (with why). Positions, file names,
// descriptions (Oozie has none) and whether a transition was written or
// implied are not compared.
func TestExamplesRoundTrip(t *testing.T) {
	cases := []struct {
		example string   // workflow file under examples/
		apps    []string // Oozie application directories under testdata/examples
		out     string   // the imported file to compare
		differ  map[string]string
	}{
		{"wordcount/workflow.hcl", []string{"wordcount"}, "workflow.hcl", map[string]string{
			// Oozie's retry-interval counts minutes: 10s cannot be written.
			"nodes/count/action/retry/interval": "10s vs 0s",
			// Oozie retries launcher errors only, never a failed job.
			"nodes/count/action/retry/non_retryable": "ActionFailed",
		}},
		{"decision/workflow.hcl", []string{"decision"}, "workflow.hcl", map[string]string{
			// wf:actionData's map gives null for a key the action did
			// not print: lookup with EL's reading of null.
			"nodes/big/action/bindings/0/expr/source":      "lookup(..., \"\")",
			"nodes/small/action/bindings/0/expr/source":    "lookup(..., \"\")",
			"nodes/size/decision/cases/0/when/expr/source": "lookup(..., \"0\")",
			"nodes/size/decision/cases/1/when/expr/source": "lookup(..., \"0\")",
		}},
		{"forkjoin/workflow.hcl", []string{"forkjoin"}, "workflow.hcl", map[string]string{
			// retry-interval is in minutes and periodic (backoff 1).
			"nodes/orders/action/retry/interval":      "10s vs 1m",
			"nodes/orders/action/retry/backoff":       "2 vs 1",
			"nodes/orders/action/retry/non_retryable": "ActionFailed",
		}},
		{"housekeeping/workflow.hcl", []string{"housekeeping"}, "workflow.hcl", map[string]string{
			// Oozie has no prepare in fs actions: the delete is the fs
			// action's first operation.
			"nodes/rotate/action/prepare": "prepare delete vs fs delete",
			"nodes/rotate/action/fs/ops":  "the delete is the first of four operations",
		}},
		{"mapreduce/workflow.hcl", []string{"mapreduce"}, "workflow.hcl", map[string]string{
			// Oozie's map-reduce action has no driver class: the job is
			// configured by properties, which howdah runs as such.
			"nodes/wordcount/action/map_reduce/jar":        "jar + main_class + args vs configuration-only",
			"nodes/wordcount/action/map_reduce/main_class": "",
			"nodes/wordcount/action/map_reduce/args":       "",
			"nodes/wordcount/action/configuration":         "the job's classes and directories as properties",
			"nodes/wordcount/action/timeout":               "Oozie actions have no timeout",
			"nodes/wordcount/action/retry/backoff":         "periodic: 2 vs 1",
			"nodes/wordcount/action/retry/non_retryable":   "ActionFailed",
			"params/examples_jar":                          "the jar is a lib/ jar in Oozie",
		}},
		{"subworkflow/workflow.hcl", []string{"subworkflow", "clean"}, "subworkflow.hcl", map[string]string{
			"nodes/clean_second/action/sub_workflow/params/0/expr/source": "lookup(..., \"\")",
		}},
	}
	for _, c := range cases {
		t.Run(c.example, func(t *testing.T) {
			want := planJSON(t, filepath.Join("..", "examples", c.example))
			var apps []string
			for _, a := range c.apps {
				apps = append(apps, filepath.Join("testdata", "examples", a))
			}
			dir := importTo(t, apps...)
			got := planJSON(t, filepath.Join(dir, c.out))
			diffs := map[string]string{}
			diffJSON("", want, got, diffs)
			for path, d := range diffs {
				if _, ok := c.differ[path]; !ok {
					t.Errorf("%s differs: %s", path, d)
				}
			}
			for path := range c.differ {
				if _, ok := diffs[path]; !ok {
					t.Errorf("%s was expected to differ and does not", path)
				}
			}
		})
	}
}

// importTo imports apps into a new directory and returns it.
func importTo(t *testing.T, apps ...string) string {
	t.Helper()
	res, err := Import(apps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range res.Files {
		p := filepath.Join(dir, f.Path)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// planJSON compiles a workflow and returns its plan as JSON values, with
// what the round trip does not compare removed, nodes and params keyed
// by name.
func planJSON(t *testing.T, file string) map[string]any {
	t.Helper()
	res := dsl.CompileFile(file, dsl.Options{AllowMissingParams: true})
	if res.Diags.HasErrors() {
		t.Fatalf("%s: %s", file, res.Diags.Error())
	}
	data, err := json.Marshal(res.Plan)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	json.Unmarshal(data, &v)
	return normalize(v).(map[string]any)
}

func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			switch {
			case k == "source" && strings.HasSuffix(fmt.Sprint(x), ".hcl"): // the file, not an expression's
				continue
			case k == "range" || k == "source_digest" || k == "description" || k == "implicit" || strings.HasSuffix(k, "_implied"):
				continue
			case (k == "nodes" || k == "params") && isNamedList(x):
				byName := map[string]any{}
				for _, n := range x.([]any) {
					m := n.(map[string]any)
					byName[m["name"].(string)] = normalize(m)
				}
				out[k] = byName
			default:
				out[k] = normalize(x)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	}
	return v
}

func isNamedList(x any) bool {
	l, ok := x.([]any)
	if !ok || len(l) == 0 {
		return false
	}
	m, ok := l[0].(map[string]any)
	_, named := m["name"]
	return ok && named
}

// diffJSON records, by slash path, the places where a and b differ: a key
// only one side has, or different leaves.
func diffJSON(path string, a, b any, out map[string]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			diffJSON(strings.TrimPrefix(path+"/"+k, "/"), am[k], bm[k], out)
		}
		return
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		for i := range al {
			diffJSON(fmt.Sprintf("%s/%d", path, i), al[i], bl[i], out)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		aj, _ := json.Marshal(a)
		bj, _ := json.Marshal(b)
		out[path] = fmt.Sprintf("example %s, imported %s", aj, bj)
	}
}

// TestCoordinatorExampleRoundTrip does the same for examples/coordinator:
// the coordinator, its datasets and its workflow.
func TestCoordinatorExampleRoundTrip(t *testing.T) {
	example, _ := filepath.Abs(filepath.Join("..", "examples", "coordinator"))
	want := coordJSON(t, filepath.Join(example, "coordinator.hcl"), example)
	dir := importTo(t, filepath.Join("testdata", "examples", "coordinator"))
	got := coordJSON(t, filepath.Join(dir, "coordinator.hcl"), dir)
	diffs := map[string]string{}
	diffJSON("", want, got, diffs)
	differ := map[string]string{
		// Oozie polls on its own schedule: no poll interval to import.
		"poll_interval": "5s vs the default 1m",
		// coord:dataIn joins an input's URIs with commas; the example
		// takes the only one.
		"params/input/expr/source": "coord.inputs.events[0] vs join(\",\", coord.inputs.events)",
	}
	for path, d := range diffs {
		if _, ok := differ[path]; !ok {
			t.Errorf("%s differs: %s", path, d)
		}
	}
	for path := range differ {
		if _, ok := diffs[path]; !ok {
			t.Errorf("%s was expected to differ and does not", path)
		}
	}
}

func coordJSON(t *testing.T, file, dir string) map[string]any {
	t.Helper()
	res := dsl.CompileCoordinatorFile(file, dsl.Options{AllowMissingParams: true})
	if res.Diags.HasErrors() {
		t.Fatalf("%s: %s", file, res.Diags.Error())
	}
	data, err := json.Marshal(res.Coordinator)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.ReplaceAll(string(data), dir, "DIR"))
	var v map[string]any
	json.Unmarshal(data, &v)
	return normalize(v).(map[string]any)
}
