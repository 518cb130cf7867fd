package api

import (
	"encoding/json"
	"slices"

	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
)

// Record is what a run leaves for its rerun.
type Record struct {
	// Run is the run's wf.run: 0 for the first run, n for its nth rerun.
	Run     int                    `json:"run"`
	Status  string                 `json:"status"`
	Message string                 `json:"message,omitempty"`
	States  []NodeState            `json:"states"`
	Results map[string]expr.Result `json:"results,omitempty"`
	// Partial holds, per fan-out that did not finish, the items that did.
	Partial map[string]*Partial `json:"partial,omitempty"`
	// Children holds, per sub-workflow node whose child failed, the
	// child's own record, so its rerun reruns only the child's failed nodes.
	Children map[string]*Record `json:"children,omitempty"`
	// Trimmed lists nodes whose outputs were left out to keep the record
	// within maxRecordBytes: a rerun runs them again instead of skipping.
	Trimmed []string `json:"trimmed,omitempty"`
}

// Partial is a fan-out that did not finish: each item's output (nil for the
// items that did not succeed) and the succeeded items' summed counters.
type Partial struct {
	Outputs  []map[string]string         `json:"outputs"`
	Counters map[string]map[string]int64 `json:"counters,omitempty"`
}

// Rerun makes a run the rerun of an earlier run of the same workflow id.
type Rerun struct {
	// Run is this run's wf.run.
	Run int `json:"run"`
	// Previous is the run id of the run it reruns.
	Previous string `json:"previous,omitempty"`
	// Skip lists the nodes whose recorded result is carried over.
	Skip []string `json:"skip"`
	// Prior is the earlier run's record.
	Prior *Record `json:"prior"`
}

// RerunStatus is NodeState.Rerun of a node skipped by a rerun.
const RerunSkipped = "skipped"

// SucceededNodes lists the actions of a record that ended OK and can be
// carried over (not trimmed), in the record's node order.
func SucceededNodes(rec *Record) []string {
	var out []string
	for _, st := range rec.States {
		if st.Kind == string(plan.KindAction) && st.Status == StatusOK && !slices.Contains(rec.Trimmed, st.Name) {
			out = append(out, st.Name)
		}
	}
	return out
}

// RecordFromDetails reads a record from a failure's details: the second
// detail a run ends with (a kill's or a cancel's), or, for a coordinator
// instance, its status's record.
func RecordFromDetails(get func(...interface{}) error) (found *Record) {
	// Details of an error made in this process hold Go values, which the
	// SDK assigns by reflection and panics on a type mismatch; the details
	// read here come from the server, encoded, but a panic in a workflow
	// task must not be possible.
	defer func() {
		if recover() != nil {
			found = nil
		}
	}()
	var first json.RawMessage
	var rec Record
	if err := get(&first, &rec); err == nil && rec.States != nil {
		return &rec
	}
	var inst struct {
		Record *Record `json:"record"`
	}
	if err := get(&inst); err == nil && inst.Record != nil {
		return inst.Record
	}
	return nil
}

// Batch is a slice of a for_each that a child workflow runs (Input.Batch).
type Batch struct {
	Node string `json:"node"`
	// Offset is Items[0]'s index in the whole fan-out.
	Offset      int      `json:"offset"`
	Items       []string `json:"items"`
	Parallelism int      `json:"parallelism"`
	// Results and Info are what the action's expressions may read of the
	// parent run: the results of the actions they name.
	Results map[string]expr.Result `json:"results,omitempty"`
	Info    expr.RunInfo           `json:"info"`
	// Done carries the items an earlier run did (a rerun's, or a held
	// node's retry): not nil entries are not run again.
	Done *Partial `json:"done,omitempty"`
	// Base is the attempt number the items' attempts count from.
	Base int `json:"base,omitempty"`
}

// BatchResult is a batch child's output (Output.Batch).
type BatchResult struct {
	Outputs  []map[string]string         `json:"outputs"`
	Counters map[string]map[string]int64 `json:"counters,omitempty"`
}
