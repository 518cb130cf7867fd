package workflows

import (
	"fmt"
	"slices"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// An action with on_failure = "hold" does not take its error transition
// when its retries are exhausted: the node goes HELD, the run's
// HowdahHeld search attribute lists it, and the run waits at that node
// (other fork branches go on) until an operator sends a command: retry
// (run the node again, with a new action when its parameters changed),
// skip (treat it as OK with the given outputs) or fail (take the error
// transition). A hold timeout takes the error transition.

// hold waits at node n for an operator's command (or the hold timeout,
// answered as fail), and for a fail, the node's error to record. It
// returns an error only when the run is cancelled.
func (r *run) hold(ctx workflow.Context, n *plan.Node, code, msg string) (*OperatorCommand, string, error) {
	st := r.state(n.Name)
	st.Error = msg
	r.info.LastErrorNode, r.info.ErrorCode, r.info.ErrorMessage = n.Name, code, msg
	r.held[n.Name] = true
	r.setStatus(ctx, n.Name, StatusHeld)
	r.upsertHeld(ctx)
	answered := func() bool { return r.answers[n.Name] != nil }
	var err error
	timedOut := false
	if t := time.Duration(n.Action.Hold.Timeout); t > 0 {
		var ok bool
		ok, err = workflow.AwaitWithTimeout(ctx, t, answered)
		timedOut = err == nil && !ok
	} else {
		err = workflow.Await(ctx, answered)
	}
	cmd := r.answers[n.Name]
	delete(r.answers, n.Name)
	delete(r.held, n.Name)
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	r.upsertHeld(dctx)
	if err != nil {
		return nil, "", err
	}
	if timedOut {
		return &OperatorCommand{Node: n.Name, Action: OperatorFail}, fmt.Sprintf("%s (held %s, no operator answered)", msg, time.Duration(n.Action.Hold.Timeout)), nil
	}
	failMsg := ""
	if cmd.Action == OperatorFail {
		by := cmd.By
		if by == "" {
			by = "an operator"
		}
		failMsg = fmt.Sprintf("%s (failed by %s after a hold)", msg, by)
	}
	workflow.GetLogger(ctx).Info("operator answered a held node", "node", n.Name, "action", cmd.Action, "by", cmd.By)
	if cmd.Action == OperatorRetry && cmd.Replace != nil {
		a := *cmd.Replace
		// The transitions are the plan's, whatever the new action says.
		a.OK, a.Error, a.OKImplied, a.ErrorImplied = n.Action.OK, n.Action.Error, n.Action.OKImplied, n.Action.ErrorImplied
		n.Action = &a
	}
	return cmd, failMsg, nil
}

// listenForOperator accepts operator commands for held nodes: as updates
// (UpdateOperator), which refuse with the reason a command that cannot
// take effect (the node is not held, or another answer was taken first),
// and as signals from older clients, whose refusals can only be logged.
func (r *run) listenForOperator(ctx workflow.Context) {
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateOperator,
		func(ctx workflow.Context, cmd OperatorCommand) (string, error) {
			// Checked again: two updates in one workflow task are both
			// validated before either handler runs.
			if err := r.checkAnswer(cmd); err != nil {
				return "", temporal.NewApplicationError(err.Error(), "Refused")
			}
			c := cmd
			r.answers[cmd.Node] = &c
			return cmd.Action + " " + cmd.Node + " accepted", nil
		},
		workflow.UpdateHandlerOptions{Validator: r.checkAnswer},
	); err != nil {
		workflow.GetLogger(ctx).Error("cannot take operator updates", "error", err)
	}
	ch := workflow.GetSignalChannel(ctx, SignalOperator)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var cmd OperatorCommand
			if !ch.Receive(ctx, &cmd) {
				return
			}
			if err := r.checkAnswer(cmd); err != nil {
				workflow.GetLogger(ctx).Warn("operator command dropped", "node", cmd.Node, "action", cmd.Action, "reason", err)
				continue
			}
			c := cmd
			r.answers[cmd.Node] = &c
		}
	})
}

// checkAnswer says why cmd cannot answer its node now, or nil.
func (r *run) checkAnswer(cmd OperatorCommand) error {
	switch {
	case cmd.Action != OperatorRetry && cmd.Action != OperatorSkip && cmd.Action != OperatorFail:
		return fmt.Errorf("%q is not an operator command (retry, skip or fail)", cmd.Action)
	case r.answers[cmd.Node] != nil:
		return fmt.Errorf("node %q was answered already (%s), and the run has not taken it up yet", cmd.Node, r.answers[cmd.Node].Action)
	case !r.held[cmd.Node]:
		return fmt.Errorf("node %q is not held", cmd.Node)
	case cmd.Replace != nil && cmd.Replace.Kind != r.nodes[cmd.Node].Action.Kind:
		return fmt.Errorf("node %q is a %s action; the retry's is %s", cmd.Node, r.nodes[cmd.Node].Action.Kind, cmd.Replace.Kind)
	}
	return nil
}

// upsertHeld sets HowdahHeld to the held nodes (unset when none), so
// `howdah list --held` finds every run waiting for an operator.
func (r *run) upsertHeld(ctx workflow.Context) {
	if r.in.NoSearchAttributes {
		return
	}
	key := temporal.NewSearchAttributeKeyKeywordList(SearchHeld)
	if len(r.held) == 0 {
		_ = workflow.UpsertTypedSearchAttributes(ctx, key.ValueUnset())
		return
	}
	names := make([]string, 0, len(r.held))
	for name := range r.held {
		names = append(names, name)
	}
	slices.Sort(names)
	_ = workflow.UpsertTypedSearchAttributes(ctx, key.ValueSet(names))
}

// takeAnswer does what an operator's answer to held node n says: retry
// (again: the caller runs a new round of attempts), skip (the node is OK,
// with the answer's output; a fan-out's items that succeeded keep theirs)
// or fail (or the hold timed out: the error transition, with code and
// msg). next is the transition to take when not again.
func (r *run) takeAnswer(ctx workflow.Context, n *plan.Node, cmd *OperatorCommand, failMsg string, res contract.ActionResult, code, msg string) (next string, again bool) {
	a := n.Action
	switch cmd.Action {
	case OperatorRetry:
		r.state(n.Name).Error = ""
		r.setStatus(ctx, n.Name, StatusRunning)
		return "", true
	case OperatorSkip:
		var items []map[string]string
		if p := r.partial[n.Name]; a.ForEach != nil && p != nil {
			// The items that succeeded keep their outputs; the others
			// get the operator's.
			items = make([]map[string]string, len(p.Outputs))
			for k, o := range p.Outputs {
				if items[k] = o; o == nil {
					items[k] = cmd.Output
					if items[k] == nil {
						items[k] = map[string]string{}
					}
				}
			}
			res.Counters = p.Counters
		}
		delete(r.partial, n.Name)
		r.succeed(ctx, n, contract.ActionResult{Output: cmd.Output, Counters: res.Counters}, items)
		r.state(n.Name).Rerun = "skipped by operator"
		return a.OK, false
	}
	// fail, or the hold timed out
	if failMsg != "" {
		msg = failMsg
	}
	r.fail(ctx, n.Name, code, msg)
	return a.Error, false
}

// holds are the nodes holding for an operator (held), the answers waiting
// for them, and per running action the attempt number its current round
// of attempts counts from (base: 0, more after a held node's retry).
type holds struct {
	held    map[string]bool
	answers map[string]*OperatorCommand
	base    map[string]int
}
