package workflows

import (
	"encoding/json"
	"fmt"
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
	in := contract.ActionInput{
		Node:    n.Name,
		Item:    item,
		Attempt: attempt,
		Action:  activityAction(*resolved),
		WorkDir: r.in.WorkDir,
		Secrets: secrets,
		User:    r.in.User,
	}
	opts := r.activityOptions(n, resolved, each, redactor)
	if resolved.Kind == plan.FSKind && opts.TaskQueue == r.in.TaskQueue && r.localFS(ctx) && !r.wideFanOut(ctx, n, each) {
		return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, localOptions(opts)), contract.FSName, in)
	}
	return workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), contract.NameFor(resolved.Kind), in)
}

// activityAction is what an activity needs of an action: not its
// transitions, retries, fan-out, hold or bindings, which are the
// interpreter's. Every scheduled activity's input is kept in the history
// and in the server's events cache (512 KiB a shard by default): a
// thousand fan-out items carrying those overflowed it, and each item's
// start then read the whole batch of scheduled events from the database.
func activityAction(a plan.Action) plan.Action {
	a.Description = ""
	a.Retry = plan.Retry{}
	a.Hold, a.ForEach, a.Bindings = nil, nil, nil
	a.OK, a.OKImplied, a.Error, a.ErrorImplied = "", false, "", false
	return a
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

// localFanOutMax is the widest fan-out whose fs items run as local
// activities. The SDK gives each local activity a coroutine of its own and
// wakes every coroutine at each local activity's result, so n concurrent
// ones cost n² coroutine switches in the workflow task: at 1,000 items
// that made a fan-out of mkdirs 2.2x slower than the same regular
// activities (BenchmarkOrchestration). Regular activities cost a round
// trip each but scale linearly.
const localFanOutMax = 32

// wideFanOut says an fs item of n runs as a regular activity: n fans
// out wider than localFanOutMax. Runs recorded before the change replay
// as they ran.
func (r *run) wideFanOut(ctx workflow.Context, n *plan.Node, each *expr.Item) bool {
	fe := n.Action.ForEach
	if each == nil || fe == nil {
		return false
	}
	width := fe.Parallelism
	if fe.ItemsExpr == nil && len(fe.Items) < width {
		width = len(fe.Items)
	}
	if width <= localFanOutMax {
		return false
	}
	return workflow.GetVersion(ctx, versionWideFanOutFS, workflow.DefaultVersion, 1) == 1
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
	case a.Spark != nil:
		what = strings.TrimSpace("spark " + a.Spark.Jar + " " + a.Spark.MainClass)
	case a.Hive != nil && a.Hive.Script != "":
		what = "hive " + a.Hive.Script
	case a.Hive != nil:
		what = "hive: " + strings.Join(strings.Fields(a.Hive.Query), " ")
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
