package workflows

import (
	"encoding/json"
	"errors"
	"slices"

	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// A run that ends (succeeded, failed, killed or cancelled) leaves a Record
// in its result or its failure's details: every node's state and the
// results later nodes read. A rerun (howdah rerun) starts a new run of the
// same workflow id with Input.Rerun naming the nodes to skip; a skipped
// node is not executed again, its recorded result is carried over so
// decisions and expressions downstream see the same values.

// maxRecordBytes bounds a record's encoded size (Temporal warns on
// payloads past 2 MB): past it, fan-outs' per-item outputs are left out.
const maxRecordBytes = 1 << 20

// record builds the run's record.
func (r *run) record() *Record {
	rec := &Record{Run: r.info.Run, Status: r.status, Message: r.message, States: r.states, Results: r.results, Partial: r.partial, Children: r.children}
	if b, err := json.Marshal(rec); err == nil && len(b) <= maxRecordBytes {
		return rec
	}
	// Too large: drop the fan-outs' item outputs (the bulk of any record),
	// largest node first is not needed: all of them go.
	trimmed := *rec
	trimmed.Results = make(map[string]expr.Result, len(rec.Results))
	for k, v := range rec.Results {
		if v.Outputs != nil {
			v.Outputs = nil
			trimmed.Trimmed = append(trimmed.Trimmed, k)
		}
		trimmed.Results[k] = v
	}
	for k := range rec.Partial {
		trimmed.Trimmed = append(trimmed.Trimmed, k)
	}
	trimmed.Partial = nil
	trimmed.Children = nil
	slices.Sort(trimmed.Trimmed)
	return &trimmed
}

// carry applies a rerun's skip to node n: it returns true, with the
// recorded result and state in place, when n is skipped.
func (r *run) carry(ctx workflow.Context, n *plan.Node) bool {
	if !r.skip[n.Name] || r.in.Rerun == nil || r.in.Rerun.Prior == nil {
		return false
	}
	prior := r.in.Rerun.Prior
	if res, ok := prior.Results[n.Name]; ok {
		r.results[n.Name] = res
	}
	st := r.state(n.Name)
	for _, ps := range prior.States {
		if ps.Name == n.Name {
			st.Attempts, st.Started, st.Ended, st.ExternalID, st.Items, st.Done = ps.Attempts, ps.Started, ps.Ended, ps.ExternalID, ps.Items, ps.Done
			st.Logs = ps.Logs
		}
	}
	st.Rerun = RerunSkipped
	st.Status = StatusOK
	delete(r.running, n.Name)
	r.publishDetails(ctx)
	return true
}

// priorPartial is the earlier run's done items of fan-out n, when this run
// reruns n and its items are the same count.
func (r *run) priorPartial(n *plan.Node, items int) *Partial {
	if p := r.partial[n.Name]; p != nil && len(p.Outputs) == items {
		return p // a held fan-out being retried
	}
	if r.in.Rerun == nil || r.in.Rerun.Prior == nil {
		return nil
	}
	p := r.in.Rerun.Prior.Partial[n.Name]
	if p == nil || len(p.Outputs) != items {
		return nil
	}
	return p
}

// childRerun is the rerun of the child a sub-workflow node n starts: the
// child's failed nodes only, when its earlier child failed and left a record.
func (r *run) childRerun(n *plan.Node) *Rerun {
	var rec *Record
	if c := r.children[n.Name]; c != nil {
		rec = c // a held sub-workflow being retried
	} else if r.in.Rerun != nil && r.in.Rerun.Prior != nil {
		rec = r.in.Rerun.Prior.Children[n.Name]
	}
	if rec == nil {
		return nil
	}
	return &Rerun{Run: rec.Run + 1, Skip: SucceededNodes(rec), Prior: rec}
}

// childRecord finds the record a failed child workflow left in its
// failure's details.
func childRecord(err error) *Record { return recordOf(err) }

// killDetails are the details of a run that ended at a kill node (nil if
// there are none).
func killDetails(app *temporal.ApplicationError) (d map[string]string) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	if !app.HasDetails() || app.Details(&d) != nil {
		return nil
	}
	return d
}

// recordOf is the record in the details of the failure a run ended with.
func recordOf(err error) *Record {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.HasDetails() {
		return RecordFromDetails(app.Details)
	}
	var canceled *temporal.CanceledError
	if errors.As(err, &canceled) && canceled.HasDetails() {
		return RecordFromDetails(canceled.Details)
	}
	return nil
}

// rerunState is what a rerun carries over (skip: the nodes it skips) and
// what failed fan-outs and sub-workflows left for the record (and a held
// node's retry).
type rerunState struct {
	skip     map[string]bool
	partial  map[string]*Partial
	children map[string]*Record
}
