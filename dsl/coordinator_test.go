package dsl

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
)

// TestCoordinatorErrorFixtures is TestErrorFixtures for coordinator and
// bundle files (testdata/coord/errors), with the same markers.
func TestCoordinatorErrorFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/coord/errors/*.hcl")
	if len(files) < 20 {
		t.Fatalf("%d fixtures, want at least 20", len(files))
	}
	distinct := map[string]bool{}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			res := CompileCoordinatorFile(file, Options{})
			if res.Coordinator != nil || res.Bundle != nil {
				t.Fatalf("compiled without errors")
			}
			checkMarkers(t, res.Files, res.Diags, distinct)
		})
	}
	var names []string
	for s := range distinct {
		names = append(names, s)
	}
	sort.Strings(names)
	if len(distinct) < 20 {
		t.Errorf("coordinator fixtures cover %d distinct summaries, want at least 20:\n%s", len(distinct), strings.Join(names, "\n"))
	}
	t.Logf("%d fixtures, %d distinct summaries", len(files), len(distinct))
}

func TestCompileCoordinator(t *testing.T) {
	res := CompileCoordinatorFile("testdata/coord/valid/daily.hcl", Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	co := res.Coordinator
	if co.Name != "daily-etl" || co.Concurrency != 2 || co.Throttle != DefaultCoordThrottle || co.Execution != plan.ExecLIFO ||
		time.Duration(co.Timeout) != DefaultCoordTimeout || co.End == nil || len(co.Datasets) != 2 || len(co.Params) != 3 {
		t.Fatalf("coordinator = %+v", co)
	}
	if co.Start.Format(time.RFC3339) != "2026-11-01T01:00:00Z" {
		t.Errorf("start 02:00 Berlin = %s", co.Start)
	}
	for _, p := range co.Workflow.Params {
		if p.Name == "day" || p.Name == "inputs" || p.Name == "out" {
			if !p.Runtime {
				t.Errorf("param %s is not a run-time parameter", p.Name)
			}
		}
	}
	// One instance, end to end: resolve, then evaluate the params.
	ds, err := coord.NewDatasets(co.Datasets)
	if err != nil {
		t.Fatal(err)
	}
	nominal := time.Date(2026, 11, 3, 1, 0, 0, 0, time.UTC) // 02:00 Berlin
	r, err := coord.Resolve(co, ds, nominal)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Inputs[0]) != 2 || r.Inputs[0][0].URI != "hdfs:///data/logs/2026/11/01" || r.Inputs[0][1].Check != "hdfs:///data/logs/2026/11/02/_SUCCESS" {
		t.Fatalf("inputs = %+v", r.Inputs)
	}
	if r.Outputs[0].URI != "/tmp/howdah-reports/20261103" || r.Outputs[0].Check != r.Outputs[0].URI {
		t.Fatalf("outputs = %+v", r.Outputs)
	}
	params, err := expr.EvalCoordParams(co, expr.CoordInstance{Name: co.Name, NominalTime: nominal, ActualTime: nominal,
		Inputs: map[string][]string{"logs": {r.Inputs[0][0].URI, r.Inputs[0][1].URI}}, Outputs: map[string]string{"report": r.Outputs[0].URI}})
	if err != nil {
		t.Fatal(err)
	}
	if string(params["day"]) != `"2026-11-03"` || string(params["out"]) != `"/tmp/howdah-reports/20261103"` || !strings.Contains(string(params["inputs"]), "2026/11/02") {
		t.Fatalf("params = %s", params)
	}
}

func TestCompileBundleAndFileKind(t *testing.T) {
	if k := FileKind("testdata/coord/valid/bundle.hcl"); k != "bundle" {
		t.Errorf("FileKind(bundle) = %s", k)
	}
	if k := FileKind("testdata/coord/valid/daily.hcl"); k != "coordinator" {
		t.Errorf("FileKind(coordinator) = %s", k)
	}
	if k := FileKind("testdata/coord/valid/wf/etl.hcl"); k != "workflow" {
		t.Errorf("FileKind(workflow) = %s", k)
	}
	res := CompileCoordinatorFile("testdata/coord/valid/bundle.hcl", Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	b := res.Bundle
	if b == nil || len(b.Coordinators) != 2 || b.Coordinators[0].Name != "daily-etl" || b.Coordinators[1].Name != "hourly" {
		t.Fatalf("bundle = %+v", b)
	}
	// The kick-off holds back nominal times, it does not move the series.
	clock, err := coord.NewClock(b.Coordinators[1])
	if err != nil {
		t.Fatal(err)
	}
	first, _ := clock.First()
	if first.Format(time.RFC3339) != "2026-11-15T00:00:00Z" {
		t.Errorf("first hourly instance after kick-off = %s", first)
	}
	clock, _ = coord.NewClock(b.Coordinators[0])
	first, _ = clock.First()
	if first.Format(time.RFC3339) != "2026-11-15T01:00:00Z" {
		t.Errorf("first daily 02:00 Berlin instance after kick-off = %s", first)
	}
}

// TestCompileStartOfMonth: start_of_month(0)..current(0) compiles into
// the plan as written and resolves, at each nominal time, from the 1st of
// that month on the dataset's wall clock.
func TestCompileStartOfMonth(t *testing.T) {
	res := CompileCoordinatorFile("testdata/coord/valid/month_to_date.hcl", Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	co := res.Coordinator
	if in := co.Inputs[0]; in.From != (plan.InstanceRef{Fn: plan.StartOfMonth}) || in.To != (plan.InstanceRef{Fn: plan.Current}) {
		t.Fatalf("input = %+v", in)
	}
	ds, err := coord.NewDatasets(co.Datasets)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		nominal     time.Time
		first, last string
		n           int
	}{
		{time.Date(2026, 11, 20, 5, 0, 0, 0, time.UTC), "2026/11/01", "2026/11/20", 20},
		{time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC), "2026/12/01", "2026/12/02", 2},
		{time.Date(2027, 2, 28, 5, 0, 0, 0, time.UTC), "2027/02/01", "2027/02/28", 28},
	} {
		r, err := coord.Resolve(co, ds, c.nominal)
		if err != nil {
			t.Fatal(err)
		}
		in := r.Inputs[0]
		if len(in) != c.n || !strings.HasSuffix(in[0].URI, c.first) || !strings.HasSuffix(in[len(in)-1].URI, c.last) {
			t.Errorf("at %s: %d instances %s..%s, want %d %s..%s", c.nominal, len(in), in[0].URI, in[len(in)-1].URI, c.n, c.first, c.last)
		}
	}
}
