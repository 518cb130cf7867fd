package dsl

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/howdah/howdah/graph"
	"github.com/howdah/howdah/plan"
)

// FuzzCompile feeds arbitrary bytes to the compiler. Whatever the input,
// compiling must not panic, and a plan that compiles must survive a JSON
// round trip unchanged and be drawable; read as a coordinator file, it
// must compile or say why. Seeds: every example, every error fixture
// (coordinator ones too) and small generated workflows; testdata/fuzz/FuzzCompile keeps
// the corpus found by earlier runs (go test -fuzz FuzzCompile ./dsl).
func FuzzCompile(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*/*.hcl")
	fixtures, _ := filepath.Glob("testdata/errors/*.hcl")
	coords, _ := filepath.Glob("testdata/coord/*/*.hcl")
	fixtures = append(fixtures, coords...)
	for _, s := range append(seeds, fixtures...) {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add(generateWorkflow(12))
	f.Add(generateChain(3))
	f.Fuzz(func(t *testing.T, src []byte) {
		// As a coordinator or bundle file (its workflow file, when it
		// names one, is looked for beside the fixtures).
		cres := CompileCoordinatorSource("testdata/coord/valid/fuzz.hcl", src, Options{})
		if cres.Coordinator == nil && cres.Bundle == nil && !cres.Diags.HasErrors() {
			t.Fatalf("no coordinator and no error")
		}
		if cres.Coordinator != nil {
			if _, err := cres.Coordinator.Marshal(); err != nil {
				t.Fatalf("marshal: %v", err)
			}
		}
		for _, allowMissing := range []bool{false, true} {
			res := CompileSource("fuzz.hcl", src, Options{AllowMissingParams: allowMissing})
			if res.Plan == nil {
				if !res.Diags.HasErrors() {
					t.Fatalf("no plan and no error")
				}
				continue
			}
			b, err := res.Plan.Marshal()
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			back, err := plan.Unmarshal(b)
			if err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			b2, err := back.Marshal()
			if err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("plan does not round-trip through JSON: %v", err)
			}
			graph.DOT(res.Plan)
			graph.Mermaid(res.Plan)
		}
	})
}
