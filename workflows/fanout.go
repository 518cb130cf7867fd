package workflows

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// runFanOut runs the action once per item, at most Parallelism items at a
// time, each with the action's retry policy. After the first failure no
// new item starts; the node fails once the running ones finish. Items are
// driven by futures and one selector, not a coroutine each: the SDK visits
// every live coroutine on each workflow task, which made wide fan-outs
// quadratic.
func (r *run) runFanOut(ctx workflow.Context, n *plan.Node) ([]map[string]string, contract.ActionResult, error) {
	fe := n.Action.ForEach
	items := fe.Items
	if fe.ItemsExpr != nil {
		v, diags := expr.Eval(*fe.ItemsExpr, r.scope(ctx, nil))
		if diags.HasErrors() {
			return nil, contract.ActionResult{}, temporal.NewNonRetryableApplicationError("for_each: "+r.redact(diags.Error()), ErrBadInput, nil)
		}
		v = r.unmark(v) // items of a secret list are secrets
		js, err := expr.ToJSON(v, listOfStrings)
		if err == nil {
			err = json.Unmarshal(js, &items)
		}
		if err != nil {
			return nil, contract.ActionResult{}, temporal.NewNonRetryableApplicationError("for_each: "+err.Error(), ErrBadInput, nil)
		}
	}
	st := r.state(n.Name)
	st.Items = len(items)
	st.Done = 0
	st.Attempts++
	done := r.priorPartial(n, len(items))
	if r.batched(ctx, len(items)) {
		return r.runBatches(ctx, n, items, done)
	}
	return r.runItems(ctx, n, items, 0, max(fe.Parallelism, 1), done)
}

// runItems runs the action once per item, at most parallelism at a time,
// each with the action's retry policy; offset is items[0]'s index in the
// whole fan-out (each.index). After a failure no new item starts. It
// returns each item's output and the items' summed counters; on failure,
// those of the items that succeeded (nil outputs for the others). Items
// done already (a rerun's or a held node's earlier items, done[i] not nil)
// are not run again: their outputs and counters are carried over.
func (r *run) runItems(ctx workflow.Context, n *plan.Node, items []string, offset, parallelism int, done *Partial) ([]map[string]string, contract.ActionResult, error) {
	st := r.state(n.Name)
	policy := n.Action.Retry
	base := r.base[n.Name]
	outputs := make([]map[string]string, len(items))
	counters := map[string]map[string]int64{}
	st.Done += carryItems(outputs, counters, done)
	sel := workflow.NewSelector(ctx)
	pending := 0  // futures the selector waits for (attempts and retry timers)
	inflight := 0 // items started and not finished
	var firstErr error

	var launch func(i, attempt int, interval time.Duration)
	launch = func(i, attempt int, interval time.Duration) {
		each := &expr.Item{Index: offset + i, Value: items[i]}
		pending++
		f := r.start(ctx, n, each, attempt)
		sel.AddFuture(f, func(f workflow.Future) {
			pending--
			var res contract.ActionResult
			err := f.Get(ctx, &res)
			if err == nil {
				inflight--
				outputs[i] = res.Output
				if outputs[i] == nil {
					outputs[i] = map[string]string{}
				}
				addCounters(counters, res.Counters)
				if res.LogsLost != "" && st.LogsLost == "" {
					st.LogsLost = fmt.Sprintf("item %d: %s", offset+i, res.LogsLost)
				}
				st.Done++
				r.publishDetails(ctx)
				return
			}
			if ctx.Err() != nil || firstErr != nil || attempt-base >= policy.Attempts || !retryable(err, policy) {
				inflight--
				if firstErr == nil {
					firstErr = &itemError{Index: offset + i, Value: items[i], Err: err}
				}
				return
			}
			next := time.Duration(float64(interval) * max(policy.Backoff, 1))
			if m := time.Duration(policy.MaxInterval); m > 0 && next > m {
				next = m
			}
			pending++
			sel.AddFuture(workflow.NewTimer(ctx, interval), func(workflow.Future) {
				pending--
				if firstErr != nil || ctx.Err() != nil {
					inflight--
					return
				}
				launch(i, attempt+1, next)
			})
		})
	}
	next := 0
	for {
		for done != nil && next < len(items) && outputs[next] != nil {
			next++
		}
		for firstErr == nil && ctx.Err() == nil && next < len(items) && inflight < parallelism {
			if outputs[next] != nil { // carried over
				next++
				continue
			}
			inflight++
			launch(next, base+1, time.Duration(policy.Interval))
			next++
		}
		if pending == 0 {
			break
		}
		sel.Select(ctx)
	}
	return fanOutResult(ctx, outputs, counters, firstErr)
}

// carryItems puts the items done already (a rerun's or a held node's
// earlier round) in outputs and counters, and returns how many there were.
func carryItems(outputs []map[string]string, counters map[string]map[string]int64, done *Partial) int {
	if done == nil {
		return 0
	}
	copy(outputs, done.Outputs)
	addCounters(counters, done.Counters)
	n := 0
	for _, o := range outputs {
		if o != nil {
			n++
		}
	}
	return n
}

// fanOutResult ends a fan-out: every item's output (an empty map for items
// that printed none) and the summed counters; with its first error (or the
// cancel), the outputs of the items that succeeded (nil for the others) and
// their counters, which a rerun carries over.
func fanOutResult(ctx workflow.Context, outputs []map[string]string, counters map[string]map[string]int64, firstErr error) ([]map[string]string, contract.ActionResult, error) {
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return outputs, contract.ActionResult{Counters: counters}, firstErr
	}
	for i := range outputs {
		if outputs[i] == nil {
			outputs[i] = map[string]string{}
		}
	}
	return outputs, contract.ActionResult{Counters: counters}, nil
}

func addCounters(dst, src map[string]map[string]int64) {
	for _, g := range slices.Sorted(maps.Keys(src)) {
		if dst[g] == nil {
			dst[g] = map[string]int64{}
		}
		for _, k := range slices.Sorted(maps.Keys(src[g])) {
			dst[g][k] += src[g][k]
		}
	}
}
