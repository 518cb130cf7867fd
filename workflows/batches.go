package workflows

import (
	"errors"
	"fmt"
	"strings"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// A for_each over more items than a run's history can hold (each item
// costs a few events; Temporal stops a run at 51,200) runs its items in
// batches, each a child workflow that runs that slice of the fan-out with
// the same action, retry policy and item indexes. The parent's history
// then grows by a few events per batch, not per item, and its memory by
// the items' outputs.

// defaultBatchItems is how many items a batch child runs: a few thousand
// events in its history.
const defaultBatchItems = 1000

// batched says whether a fan-out of n items runs in batch children. Runs
// recorded before batches existed replay without them.
func (r *run) batched(ctx workflow.Context, n int) bool {
	limit := r.in.BatchItems
	if limit <= 0 {
		limit = defaultBatchItems
	}
	return n > limit && workflow.GetVersion(ctx, versionForEachBatches, workflow.DefaultVersion, 1) == 1
}

// runBatches runs a fan-out's items in batch children: as many at once as
// the node's parallelism allows (parallelism / batch size, at least one),
// each with parallelism min(parallelism, batch size). After a failure the
// running batches are cancelled and no new one starts.
func (r *run) runBatches(ctx workflow.Context, n *plan.Node, items []string, done *Partial) ([]map[string]string, contract.ActionResult, error) {
	size := r.in.BatchItems
	if size <= 0 {
		size = defaultBatchItems
	}
	parallelism := max(n.Action.ForEach.Parallelism, 1)
	concurrent := max(1, parallelism/size)
	st := r.state(n.Name)
	outputs := make([]map[string]string, len(items))
	counters := map[string]map[string]int64{}
	bctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	sel := workflow.NewSelector(ctx)
	running := 0
	var firstErr error
	st.Done += carryItems(outputs, counters, done)
	next := 0
	for {
		for firstErr == nil && ctx.Err() == nil && next < len(items) && running < concurrent {
			lo, hi := next, min(next+size, len(items))
			var carried *Partial
			if done != nil {
				left := 0
				for _, o := range outputs[lo:hi] {
					if o == nil {
						left++
					}
				}
				if left == 0 { // the whole batch is carried over
					next = hi
					continue
				}
				// The carried items' counters are summed here (the
				// Partial has none), the child returns its own.
				carried = &Partial{Outputs: outputs[lo:hi]}
			}
			f := r.startBatch(bctx, n, items[lo:hi], lo, min(parallelism, size), carried)
			running++
			sel.AddFuture(f, func(f workflow.Future) {
				running--
				var out Output
				err := f.Get(ctx, &out)
				if err == nil && (out.Batch == nil || len(out.Batch.Outputs) != hi-lo) {
					err = temporal.NewNonRetryableApplicationError(fmt.Sprintf("batch of items %d-%d returned no outputs", lo, hi-1), ErrBadInput, nil)
				}
				if err != nil {
					// The batch's items that succeeded, for a rerun.
					if part, ok := batchPartial(err); ok && len(part.Outputs) == hi-lo {
						for k, o := range part.Outputs {
							if o != nil && outputs[lo+k] == nil {
								outputs[lo+k] = o
								st.Done++
							}
						}
						addCounters(counters, part.Counters)
					}
					if firstErr == nil && !(temporal.IsCanceledError(err) && ctx.Err() != nil) {
						firstErr = err
						cancel()
					}
					return
				}
				for k, o := range out.Batch.Outputs {
					if outputs[lo+k] == nil {
						outputs[lo+k] = o
						st.Done++
					}
				}
				addCounters(counters, out.Batch.Counters)
				r.publishDetails(ctx)
			})
			next = hi
		}
		if running == 0 {
			break
		}
		sel.Select(ctx)
	}
	return fanOutResult(ctx, outputs, counters, firstErr)
}

// startBatch starts the child that runs items (the fan-out's items from
// offset on). Its plan holds the node and the actions its expressions
// read, not the whole workflow.
func (r *run) startBatch(ctx workflow.Context, n *plan.Node, items []string, offset, parallelism int, done *Partial) workflow.ChildWorkflowFuture {
	refs := expr.ActionRefs(n.Action)
	sub := &plan.Workflow{
		FormatVersion: r.plan.FormatVersion,
		Name:          r.plan.Name,
		Source:        r.plan.Source,
		SourceDigest:  r.plan.SourceDigest,
		Start:         n.Name,
		Params:        r.plan.Params,
		Nodes:         []plan.Node{*n},
	}
	results := map[string]expr.Result{}
	for _, name := range refs {
		if m := r.nodes[name]; m != nil && name != n.Name {
			sub.Nodes = append(sub.Nodes, *m)
		}
		if res, ok := r.results[name]; ok {
			results[name] = res
		}
	}
	in := r.in
	in.Plan = sub
	in.Resume = nil
	// The sub-plan may lack the parameters: the batch redacts the run's
	// sensitive values all the same.
	in.Secrets = r.secrets
	in.Batch = &Batch{Node: n.Name, Offset: offset, Items: items, Parallelism: parallelism, Results: results, Info: r.info, Done: done, Base: r.base[n.Name]}
	info := workflow.GetInfo(ctx)
	last := offset + len(items) - 1
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		// Unique per run: a rerun of the workflow id runs its own batches.
		WorkflowID:          fmt.Sprintf("%s/%s/items-%d-%d@%s", info.WorkflowExecution.ID, n.Name, offset, last, shortRunID(info.WorkflowExecution.RunID)),
		TaskQueue:           r.in.TaskQueue,
		WaitForCancellation: true,
		ParentClosePolicy:   enums.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		StaticSummary:       fmt.Sprintf("%s: items %d-%d of a for_each", n.Name, offset, last),
	})
	return workflow.ExecuteChildWorkflow(cctx, batchWorkflowType(r.plan.Name, n.Name), in)
}

// batchWorkflowType is the type a batch child is listed under in the UI.
func batchWorkflowType(wf, node string) string { return wf + "." + node + ".for_each" }

func shortRunID(id string) string { return id[:min(8, len(id))] }

// executeBatch is a batch child: it runs its slice of the fan-out and
// returns the items' outputs and counters.
func executeBatch(ctx workflow.Context, in Input) (*Output, error) {
	b := in.Batch
	r := newRun(ctx, in)
	n := r.nodes[b.Node]
	if n == nil || n.Action == nil || n.Action.ForEach == nil {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf("batch of node %q: the plan has no such fan-out", b.Node), ErrBadInput, nil)
	}
	for k, v := range b.Results {
		r.results[k] = v
		if _, ok := r.index[k]; ok && k != b.Node {
			r.state(k).Status = v.Status // what the parent saw, not PREP
		}
	}
	r.info = b.Info
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return r.snapshot(), nil }); err != nil {
		return nil, err
	}
	st := r.state(n.Name)
	st.Items = len(b.Items)
	r.setStatus(ctx, n.Name, StatusRunning)
	r.base[b.Node] = b.Base
	outputs, res, err := r.runItems(ctx, n, b.Items, b.Offset, max(b.Parallelism, 1), b.Done)
	switch {
	case err != nil && (temporal.IsCanceledError(err) || ctx.Err() != nil):
		r.setStatus(ctx, n.Name, StatusKilled)
		r.finish(ctx, "", err)
		// The items that finished before the cancel, for a rerun.
		return nil, temporal.NewCanceledError(BatchResult{Outputs: outputs, Counters: res.Counters})
	case err != nil:
		code, msg := describe(err)
		msg = strings.TrimPrefix(msg, n.Name+": ")
		r.fail(ctx, n.Name, code, msg)
		r.finish(ctx, "", err)
		// The item's own error type, so the parent's retry policy and
		// wf.error_code see what they would without batches; the items
		// that succeeded in the details, for a rerun.
		return nil, temporal.NewNonRetryableApplicationError(itemMessage(err, msg), code, nil, BatchResult{Outputs: outputs, Counters: res.Counters})
	}
	r.setStatus(ctx, n.Name, StatusOK)
	r.finish(ctx, plan.EndNode, nil)
	return &Output{Status: RunSucceeded, Batch: &BatchResult{Outputs: outputs, Counters: res.Counters}}, nil
}

// batchPartial is the items a failed or cancelled batch child finished.
func batchPartial(err error) (BatchResult, bool) {
	var part BatchResult
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.HasDetails() {
		return part, app.Details(&part) == nil
	}
	var canceled *temporal.CanceledError
	if errors.As(err, &canceled) && canceled.HasDetails() {
		return part, canceled.Details(&part) == nil
	}
	return part, false
}

// itemError is the failure of one item of a fan-out.
type itemError struct {
	Index int
	Value string
	Err   error
}

func (e *itemError) Error() string { return fmt.Sprintf("item %d (%s): %v", e.Index, e.Value, e.Err) }
func (e *itemError) Unwrap() error { return e.Err }

// itemMessage puts the failed item in front of msg.
func itemMessage(err error, msg string) string {
	var ie *itemError
	if errors.As(err, &ie) {
		return fmt.Sprintf("item %d (%s): %s", ie.Index, ie.Value, msg)
	}
	return msg
}
