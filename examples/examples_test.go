package examples

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
)

var update = flag.Bool("update", false, "rewrite the golden plans")

// workflows lists every example's main file, relative to the repository
// root (the tests run from there so plans record stable paths).
func workflows(t testing.TB) []string {
	files, err := filepath.Glob("examples/*/workflow.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 7 {
		t.Fatalf("found %d examples, want at least 7", len(files))
	}
	return files
}

func TestExamplesCompileToGoldenPlans(t *testing.T) {
	t.Chdir("..")
	for _, file := range workflows(t) {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			res := dsl.CompileFile(file, dsl.Options{})
			if res.Diags.HasErrors() {
				var buf bytes.Buffer
				hcl.NewDiagnosticTextWriter(&buf, res.Files, 100, false).WriteDiagnostics(res.Diags)
				t.Fatalf("example does not compile:\n%s", buf.String())
			}
			got, err := res.Plan.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(filepath.Dir(file), "plan.golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./examples -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("plan differs from %s (run go test ./examples -update and review the diff)", golden)
			}
		})
	}
}

// TestPlansAreDeterministic compiles each example repeatedly: Go randomises
// map iteration, so any order leaking from a map shows up as a difference.
func TestPlansAreDeterministic(t *testing.T) {
	t.Chdir("..")
	for _, file := range workflows(t) {
		var first []byte
		for i := 0; i < 10; i++ {
			res := dsl.CompileFile(file, dsl.Options{})
			if res.Plan == nil {
				t.Fatalf("%s does not compile", file)
			}
			b, err := res.Plan.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = b
			} else if !bytes.Equal(first, b) {
				t.Fatalf("%s: compilation %d gave different bytes", file, i)
			}
		}
	}
}

// TestExamplesAreFormatted keeps the examples in `howdah fmt` style.
func TestExamplesAreFormatted(t *testing.T) {
	t.Chdir("..")
	files, _ := filepath.Glob("examples/*/*.hcl")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src, hclwrite.Format(src)) {
			t.Errorf("%s is not formatted: run howdah fmt -write %s", f, f)
		}
	}
}

// TestCoordinatorExample compiles the coordinator example and resolves an
// instance: its relative dataset URIs name the example's own directory.
func TestCoordinatorExample(t *testing.T) {
	res := dsl.CompileCoordinatorFile("coordinator/coordinator.hcl", dsl.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	co := res.Coordinator
	ds, err := coord.NewDatasets(co.Datasets)
	if err != nil {
		t.Fatal(err)
	}
	r, err := coord.Resolve(co, ds, time.Date(2026, 11, 25, 10, 5, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs("coordinator")
	if want := filepath.Join(dir, "data/events/20261125-1004/_SUCCESS"); len(r.Inputs[0]) != 1 || r.Inputs[0][0].Check != want {
		t.Fatalf("input = %+v, want %s", r.Inputs, want)
	}
	if want := filepath.Join(dir, "out/counts/20261125-1004"); r.Outputs[0].URI != want {
		t.Fatalf("output = %+v, want %s", r.Outputs, want)
	}
}
