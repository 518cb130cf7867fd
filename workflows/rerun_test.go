package workflows

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/howdah/howdah/expr"
)

// A record past maxRecordBytes drops the fan-outs' item outputs (the bulk
// of any record) and says so, so a rerun runs those nodes again rather
// than carry partial results.
func TestRecordIsBounded(t *testing.T) {
	outputs := make([]map[string]string, 20000)
	for i := range outputs {
		outputs[i] = map[string]string{"path": fmt.Sprintf("/data/part-%05d/%s", i, strings.Repeat("x", 40))}
	}
	r := &run{
		progress: progress{
			status: RunFailed,
			states: []NodeState{
				{Name: "wide", Kind: "action", Status: StatusOK},
				{Name: "small", Kind: "action", Status: StatusOK},
				{Name: "half", Kind: "action", Status: StatusError},
			},
			results: map[string]expr.Result{
				"wide":  {Status: StatusOK, Outputs: outputs},
				"small": {Status: StatusOK, Output: map[string]string{"rows": "5"}},
			},
		},
		rerunState: rerunState{partial: map[string]*Partial{"half": {Outputs: outputs}}, children: map[string]*Record{}},
	}
	rec := r.record()
	b, _ := json.Marshal(rec)
	if len(b) > maxRecordBytes {
		t.Fatalf("record is %d bytes, over %d", len(b), maxRecordBytes)
	}
	if !slices.Equal(rec.Trimmed, []string{"half", "wide"}) || rec.Results["small"].Output["rows"] != "5" {
		t.Errorf("trimmed %v, small %+v", rec.Trimmed, rec.Results["small"])
	}
	if got := SucceededNodes(rec); !slices.Equal(got, []string{"small"}) {
		t.Errorf("carried over: %v, want only small", got)
	}
	// A small record is kept whole.
	r.results["wide"] = expr.Result{Status: StatusOK, Outputs: outputs[:10]}
	r.partial = map[string]*Partial{}
	if rec := r.record(); len(rec.Trimmed) != 0 || len(rec.Results["wide"].Outputs) != 10 {
		t.Errorf("small record trimmed: %v", rec.Trimmed)
	}
}
