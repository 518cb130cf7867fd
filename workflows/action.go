package workflows

import (
	"strings"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/workflow"
)

// runAction runs an action (once, or per item) with its retry policy and
// returns the transition to take. A node a rerun skips is not run: its
// recorded result is carried over and it takes its ok transition. A node
// with a hold waits, once its retries are exhausted, for an operator to
// retry, skip or fail it.
func (r *run) runAction(ctx workflow.Context, n *plan.Node) (string, error) {
	a := n.Action
	if r.carry(ctx, n) {
		return a.OK, nil
	}
	r.setStatus(ctx, n.Name, StatusRunning)
	defer delete(r.base, n.Name)
	for round := 0; ; round++ {
		// A held node's retry continues the attempt numbers, so its YARN
		// tags and log files are new: attempt 1 again would re-attach to
		// the application that failed.
		r.base[n.Name] = round * max(a.Retry.Attempts, 1)
		var res contract.ActionResult
		var outputs []map[string]string
		var err error
		if a.ForEach != nil {
			outputs, res, err = r.runFanOut(ctx, n)
		} else {
			res, err = r.attempts(ctx, n, nil)
		}
		if err == nil {
			delete(r.partial, n.Name)
			delete(r.children, n.Name)
			r.succeed(ctx, n, res, outputs)
			return a.OK, nil
		}
		if ctx.Err() != nil {
			r.setStatus(ctx, n.Name, StatusKilled)
			return "", ctx.Err()
		}
		if a.ForEach != nil && outputs != nil {
			r.partial[n.Name] = &Partial{Outputs: outputs, Counters: res.Counters}
		}
		if a.SubWorkflow != nil && a.ForEach == nil {
			if rec := childRecord(err); rec != nil {
				r.children[n.Name] = rec
			}
		}
		if d := failureDetails(err); d.Logs != "" || d.Tries > 0 {
			r.state(n.Name).Logs, r.state(n.Name).Tries = d.Logs, d.Tries
			if d.LogsLost != "" {
				r.state(n.Name).LogsLost = d.LogsLost
			}
		}
		code, msg := describe(err)
		// Activities name the node in front of their messages, for the
		// UI's activity view; here the node is known, once is enough.
		msg = itemMessage(err, strings.TrimPrefix(msg, n.Name+": "))
		if a.Hold == nil {
			r.fail(ctx, n.Name, code, msg)
			return a.Error, nil
		}
		cmd, failMsg, herr := r.hold(ctx, n, code, msg)
		if herr != nil {
			r.setStatus(ctx, n.Name, StatusKilled)
			return "", herr
		}
		if next, again := r.takeAnswer(ctx, n, cmd, failMsg, res, code, msg); !again {
			return next, nil
		}
	}
}

// succeed records a node's result and marks it OK.
func (r *run) succeed(ctx workflow.Context, n *plan.Node, res contract.ActionResult, outputs []map[string]string) {
	st := r.state(n.Name)
	st.ExternalID = res.ExternalID
	if res.Logs != "" {
		st.Logs = res.Logs
	}
	if res.LogsLost != "" {
		st.LogsLost = res.LogsLost
	}
	st.Tries = res.Tries
	r.results[n.Name] = expr.Result{
		Status:     StatusOK,
		ExternalID: res.ExternalID,
		TrackerURL: res.TrackerURL,
		Output:     res.Output,
		Outputs:    outputs,
		Counters:   res.Counters,
	}
	r.setStatus(ctx, n.Name, StatusOK)
}
