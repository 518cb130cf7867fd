package workflows

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Activity settings the plan does not control.
const (
	// heartbeatTimeout is how soon a dead worker's activity is noticed and
	// retried elsewhere.
	heartbeatTimeout = 30 * time.Second
	// defaultActionTimeout bounds one attempt of an action without timeout.
	defaultActionTimeout = 24 * time.Hour
	// defaultFSTimeout bounds an fs action without a timeout. Filesystem
	// operations are short, so they are timed by this instead of by
	// heartbeats: a heartbeat timeout leaves a timer task per activity in
	// the server, which a wide fan-out of quick operations pays for.
	defaultFSTimeout = 5 * time.Minute
	// infraAttempts bounds Temporal's own retries of an activity whose
	// worker died or timed out; user failures are never retried this way.
	infraAttempts = 10
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
		cmd, herr := r.hold(ctx, n, code, msg)
		if herr != nil {
			r.setStatus(ctx, n.Name, StatusKilled)
			return "", herr
		}
		switch cmd.Action {
		case OperatorRetry:
			r.state(n.Name).Error = ""
			r.setStatus(ctx, n.Name, StatusRunning)
			continue
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
			return a.OK, nil
		default: // fail, or the hold timed out
			if cmd.message != "" {
				msg = cmd.message
			}
			r.fail(ctx, n.Name, code, msg)
			return a.Error, nil
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

// attempts runs one execution of the action with the user's retry policy:
// a failed attempt is retried after the interval (growing by backoff) until
// attempts are exhausted or the error is not retryable.
func (r *run) attempts(ctx workflow.Context, n *plan.Node, each *expr.Item) (contract.ActionResult, error) {
	a := n.Action
	policy := a.Retry
	interval := time.Duration(policy.Interval)
	st := r.state(n.Name)
	base := r.base[n.Name]
	for attempt := base + 1; ; attempt++ {
		if each == nil {
			st.Attempts = attempt
		}
		res, err := r.execute(ctx, n, each, attempt)
		if err == nil || ctx.Err() != nil || attempt-base >= policy.Attempts || !retryable(err, policy) {
			return res, err
		}
		if each == nil {
			_, msg := describe(err)
			st.Error = r.redact(strings.TrimPrefix(msg, n.Name+": "))
			r.setStatus(ctx, n.Name, StatusUserRetry)
		}
		if err := workflow.Sleep(ctx, interval); err != nil {
			return res, err
		}
		if each == nil {
			r.setStatus(ctx, n.Name, StatusRunning)
		}
		interval = time.Duration(float64(interval) * max(policy.Backoff, 1))
		if m := time.Duration(policy.MaxInterval); m > 0 && interval > m {
			interval = m
		}
	}
}

// retryable says whether the user's policy retries err.
func retryable(err error, policy plan.Retry) bool {
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		return true
	}
	if app.Type() == contract.ErrBadInput {
		return false
	}
	for _, t := range policy.NonRetryable {
		if t == app.Type() {
			return false
		}
	}
	return true
}

// failureDetails are a failed action's details: where its attempt kept its
// output, and how often a lost worker made Temporal run it.
func failureDetails(err error) (d contract.FailureDetails) {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.HasDetails() {
		defer func() { recover() }() // details of another shape
		app.Details(&d)
	}
	return d
}

// describe turns an activity or child failure into Oozie's error code and
// message.
func describe(err error) (code, msg string) {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		if app.Type() == ErrKilled {
			// A sub-workflow killed by its failing node: that node's
			// error code, so the parent's wf.error_code and retry policy
			// see what failed, not that the child was killed.
			if d := killDetails(app); d["error_code"] != "" {
				return d["error_code"], "sub-workflow " + d["workflow"] + ": " + app.Message()
			}
		}
		return app.Type(), app.Message()
	}
	var timeout *temporal.TimeoutError
	if errors.As(err, &timeout) {
		return "Timeout", timeout.Error()
	}
	return "Error", err.Error()
}

// execute runs one attempt and waits for it.
func (r *run) execute(ctx workflow.Context, n *plan.Node, each *expr.Item, attempt int) (contract.ActionResult, error) {
	f := r.start(ctx, n, each, attempt)
	if cf, ok := f.(workflow.ChildWorkflowFuture); ok {
		var exec workflow.Execution
		if err := cf.GetChildWorkflowExecution().Get(ctx, &exec); err != nil {
			return contract.ActionResult{}, err
		}
		r.state(n.Name).ExternalID = exec.ID
		var out Output
		return contract.ActionResult{ExternalID: exec.ID}, cf.Get(ctx, &out)
	}
	var res contract.ActionResult
	err := f.Get(ctx, &res)
	return res, err
}

// start begins one attempt: bindings resolved against the run so far, then
// the activity (or child workflow). The future's value is a
// contract.ActionResult (a child's Output for sub-workflows); a binding
// that fails to resolve gives a future that is already failed.
func (r *run) start(ctx workflow.Context, n *plan.Node, each *expr.Item, attempt int) workflow.Future {
	// Resolve a copy without the fan-out's item list: each item's action
	// needs only its own item, and copying the list per item is quadratic.
	a := *n.Action
	a.ForEach = nil
	resolved, derived, err := expr.ApplyBindings(&a, r.scope(ctx, each))
	if err != nil {
		if ctx.Err() == nil {
			err = temporal.NewNonRetryableApplicationError(r.redact(err.Error()), ErrBadInput, nil)
		}
		return failedFuture(ctx, err)
	}
	// Values computed from a secret are secrets of this attempt: the
	// activity redacts them from its logs and errors, the summary here.
	// They are not added to the run's list: one per fan-out item would
	// make it grow with the items.
	secrets, redactor := r.secrets, r.redactor
	if len(derived) > 0 {
		secrets = append(slices.Clip(r.secrets), derived...)
		redactor = plan.NewRedactor(secrets)
	}
	if resolved.Kind == plan.SubWorkflowKind {
		return r.startChild(ctx, n, resolved, each, secrets)
	}
	item := -1
	if each != nil {
		item = each.Index
	}
	info := workflow.GetInfo(ctx)
	in := contract.ActionInput{
		WorkflowID: info.WorkflowExecution.ID,
		RunID:      info.WorkflowExecution.RunID,
		Node:       n.Name,
		Item:       item,
		Attempt:    attempt,
		Action:     *resolved,
		WorkDir:    r.in.WorkDir,
		Secrets:    secrets,
		User:       r.in.User,
	}
	opts := r.activityOptions(n, resolved, each, redactor)
	if resolved.Kind == plan.FSKind && opts.TaskQueue == r.in.TaskQueue && r.localFS(ctx) {
		return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, localOptions(opts)), contract.FSName, in)
	}
	return workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), contract.NameFor(resolved.Kind), in)
}

// localFS says fs operations and fs_* questions run as local activities:
// in the worker that runs the workflow task, recorded as one marker event,
// with no round trip through the server's task queues. They are short
// metadata calls, the kind local activities are for; on a stock Temporal
// server each regular activity costs tens of milliseconds of queueing,
// which made a chain of fs steps slow. Runs recorded before replay as they
// ran. An action on a queue of its own (other workers, other hosts) stays
// a regular activity.
func (r *run) localFS(ctx workflow.Context) bool {
	return workflow.GetVersion(ctx, versionLocalFS, workflow.DefaultVersion, 1) == 1
}

// localOptions are opts for a local activity.
func localOptions(opts workflow.ActivityOptions) workflow.LocalActivityOptions {
	return workflow.LocalActivityOptions{
		ScheduleToCloseTimeout: opts.StartToCloseTimeout * 2,
		StartToCloseTimeout:    opts.StartToCloseTimeout,
		RetryPolicy:            opts.RetryPolicy,
		Summary:                opts.Summary,
	}
}

func failedFuture(ctx workflow.Context, err error) workflow.Future {
	f, s := workflow.NewFuture(ctx)
	s.SetError(err)
	return f
}

// activityOptions are the options of one attempt of an action; its
// summary is redacted by redactor (the run's, with the attempt's derived
// secrets).
func (r *run) activityOptions(n *plan.Node, a *plan.Action, each *expr.Item, redactor *plan.Redactor) workflow.ActivityOptions {
	timeout := time.Duration(a.Timeout)
	if timeout == 0 {
		timeout = defaultActionTimeout
	}
	if w := a.HDFSWait; w != nil && a.Timeout == 0 && w.Timeout > 0 {
		timeout = time.Duration(w.Timeout) + time.Minute
	}
	queue := a.Queue
	if queue == "" {
		queue = r.in.TaskQueue
	}
	hb := heartbeatTimeout
	if r.in.HeartbeatTimeout > 0 {
		hb = time.Duration(r.in.HeartbeatTimeout)
	}
	if a.Kind == plan.FSKind {
		hb = 0
		if a.Timeout == 0 {
			timeout = defaultFSTimeout
		}
	}
	return workflow.ActivityOptions{
		TaskQueue:           queue,
		StartToCloseTimeout: timeout,
		HeartbeatTimeout:    hb,
		WaitForCancellation: true,
		Summary:             plan.Clip(redactor.String(summary(n.Name, a, each)), maxSummary),
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        time.Second,
			BackoffCoefficient:     2,
			MaximumInterval:        time.Minute,
			MaximumAttempts:        infraAttempts,
			NonRetryableErrorTypes: contract.NonRetryable,
		},
	}
}

// maxSummary bounds an activity's summary (bytes).
const maxSummary = 200

// summary is the one line the Temporal UI shows for an activity, whole:
// the caller redacts it, then clips it to maxSummary.
func summary(node string, a *plan.Action, each *expr.Item) string {
	var what string
	switch {
	case a.Shell != nil:
		what = strings.Join(a.Shell.Argv, " ")
	case a.Streaming != nil:
		what = fmt.Sprintf("streaming %s -> %s", strings.Join(a.Streaming.Input, ","), a.Streaming.Output)
	case a.MapReduce != nil:
		what = strings.TrimSpace("map_reduce " + a.MapReduce.MainClass + " " + strings.Join(a.MapReduce.Args, " "))
	case a.Java != nil:
		what = "java " + a.Java.MainClass
	case a.DistCp != nil:
		what = fmt.Sprintf("distcp %s -> %s", strings.Join(a.DistCp.From, ","), a.DistCp.To)
	case a.HDFSWait != nil:
		what = "wait for " + strings.Join(a.HDFSWait.Paths, ", ")
	case a.FS != nil:
		ops := make([]string, len(a.FS.Ops))
		for i, op := range a.FS.Ops {
			ops[i] = string(op.Op) + " " + op.Path
		}
		what = "fs: " + strings.Join(ops, "; ")
	}
	s := node
	if each != nil {
		s += fmt.Sprintf("[%d]", each.Index)
	}
	return s + ": " + what
}

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

// startChild starts a sub-workflow as a child workflow named after the
// called workflow, with its run-time parameters evaluated now.
func (r *run) startChild(ctx workflow.Context, n *plan.Node, a *plan.Action, each *expr.Item, secrets []string) workflow.Future {
	sw := a.SubWorkflow
	if sw.Workflow == nil {
		return failedFuture(ctx, temporal.NewNonRetryableApplicationError("sub-workflow "+sw.File+" was not compiled into the plan", ErrBadInput, nil))
	}
	params := map[string]json.RawMessage{}
	for _, b := range sw.Params {
		v, diags := expr.Eval(b.Expr, r.scope(ctx, each))
		if diags.HasErrors() {
			return failedFuture(ctx, temporal.NewNonRetryableApplicationError("params."+b.Field+": "+r.redact(diags.Error()), ErrBadInput, nil))
		}
		// A value computed from a secret is one of the child's secrets.
		v, derived := expr.Unmark(v)
		secrets = append(slices.Clip(secrets), derived...)
		t, err := expr.ParseType(b.Type)
		if err != nil {
			return failedFuture(ctx, temporal.NewNonRetryableApplicationError(err.Error(), ErrBadInput, nil))
		}
		js, err := expr.ToJSON(v, t)
		if err != nil {
			return failedFuture(ctx, temporal.NewNonRetryableApplicationError("params."+b.Field+": "+err.Error(), ErrBadInput, nil))
		}
		params[b.Field] = js
	}
	id := workflow.GetInfo(ctx).WorkflowExecution.ID + "/" + n.Name
	if each != nil {
		id += fmt.Sprintf("[%d]", each.Index)
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        id,
		TaskQueue:         r.in.TaskQueue,
		ParentClosePolicy: enums.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		StaticSummary:     fmt.Sprintf("%s: sub-workflow %s of %s", n.Name, sw.Workflow.Name, r.plan.Name),
	})
	in := Input{Plan: sw.Workflow, Params: params, User: r.in.User, TaskQueue: r.in.TaskQueue, HeartbeatTimeout: r.in.HeartbeatTimeout, HistoryLimit: r.in.HistoryLimit, NoSearchAttributes: r.in.NoSearchAttributes, WorkDir: r.in.WorkDir, Secrets: secrets}
	if each == nil {
		// A rerun (or a held node's retry) of a failed child reruns only
		// the child's failed nodes.
		in.Rerun = r.childRerun(n)
	}
	return workflow.ExecuteChildWorkflow(cctx, sw.Workflow.Name, in)
}
