package workflows

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/internal/md"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// latestScan is how many candidate instances one poll looks at for a
// latest() input: the newest ones at or before the reference time.
const latestScan = 64

// Instance is one coordinator instance: WAITING for its inputs (workflow
// timers between batched checks, so no worker slot is held), READY, then
// RUNNING the workflow as a child once the coordinator grants a slot, and
// SUCCEEDED, FAILED or KILLED with it; TIMEDOUT when its data does not
// come in time (the workflow never starts); SKIPPED when the coordinator's
// execution order says it is stale. It tells the coordinator when it is
// ready and when it is done.
func Instance(ctx workflow.Context, in InstanceInput) (*InstanceStatus, error) {
	co := in.Coordinator
	if co == nil || co.Workflow == nil {
		return nil, temporal.NewNonRetryableApplicationError("instance input has no coordinator plan", ErrBadInput, nil)
	}
	st := &InstanceStatus{Coordinator: co.Name, Nominal: in.Nominal, Actual: workflow.Now(ctx), State: InstanceWaiting}
	if in.Status != nil {
		st = in.Status // continued as new while running its workflow
	}
	if err := workflow.SetQueryHandler(ctx, QueryInstance, func() (InstanceStatus, error) { return *st, nil }); err != nil {
		return nil, err
	}
	i := &instance{in: in, st: st, upserted: InstanceWaiting}
	if in.Status != nil || in.Granted {
		i.upserted = InstanceRunning
	}
	err := i.run(ctx)
	var can *workflow.ContinueAsNewError
	if errors.As(err, &can) {
		return nil, err // the workflow's history is long: it goes on in a new run
	}
	if st.Ended.IsZero() {
		st.Ended = workflow.Now(ctx)
	}
	if temporal.IsCanceledError(err) || errors.Is(ctx.Err(), workflow.ErrCanceled) {
		st.State = InstanceKilled
	}
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	i.setState(dctx, st.State)
	// Tell the coordinator, even when cancelled, so its slot is freed;
	// a quiet instance's coordinator run sees the child's completion,
	// unless it asked to be told (it is continuing as new).
	if takeReport(ctx, &i.in) {
		// Wait for the delivery: a signal still pending when the workflow
		// completes is dropped with it, and the coordinator would hold the
		// slot forever.
		_ = workflow.SignalExternalWorkflow(dctx, in.CoordinatorID, "", SignalCoordinator, CoordEvent{Kind: EventDone, ID: workflow.GetInfo(ctx).WorkflowExecution.ID, Nominal: in.Nominal, State: st.State}).Get(dctx, nil)
	}
	switch st.State {
	case InstanceSucceeded, InstanceSkipped:
		return st, nil
	case InstanceKilled:
		return st, temporal.NewCanceledError(*st)
	}
	if st.Error == "" && err != nil {
		st.Error = err.Error()
	}
	return st, temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s %s: %s", co.Name, in.Nominal.Format(time.RFC3339), st.Error), st.State, nil, *st)
}

// takeReport says whether the instance must signal its end: it is not
// quiet, or its coordinator asked (SignalReport, taken here, so an
// instance that continues as new carries the request in its input).
func takeReport(ctx workflow.Context, in *InstanceInput) bool {
	if in.Quiet && workflow.GetSignalChannel(ctx, SignalReport).ReceiveAsync(nil) {
		in.Quiet = false
	}
	return !in.Quiet
}

type instance struct {
	in       InstanceInput
	st       *InstanceStatus
	upserted string // the state search attribute's value
}

// setState records a state change for the UI: search attribute and
// current details.
func (i *instance) setState(ctx workflow.Context, state string) {
	i.st.State = state
	// The attribute changes with the state, once per change; a closed
	// instance's SUCCEEDED, FAILED or KILLED is its execution status.
	switch state {
	case InstanceSucceeded, InstanceFailed, InstanceKilled:
	default:
		if !i.in.NoSearchAttributes && state != i.upserted {
			_ = workflow.UpsertTypedSearchAttributes(ctx, temporal.NewSearchAttributeKeyKeyword(SearchInstanceState).ValueSet(state))
			i.upserted = state
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s @ %s", state, i.in.Coordinator.Name, i.in.Nominal.Format(time.RFC3339))
	if state == InstanceWaiting && len(i.st.Missing) > 0 {
		fmt.Fprintf(&b, "\n\nwaiting for %d input instance(s) (poll %d):\n", len(i.st.Missing), i.st.Polls)
		for _, m := range i.st.Missing[:min(10, len(i.st.Missing))] {
			fmt.Fprintf(&b, "- %s\n", md.Code(m))
		}
	}
	if i.st.WorkflowID != "" {
		fmt.Fprintf(&b, "\n\nworkflow run: %s", md.Code(i.st.WorkflowID))
	}
	if i.st.Error != "" {
		fmt.Fprintf(&b, "\n\nerror: %s", md.Text(i.st.Error))
	}
	workflow.SetCurrentDetails(ctx, b.String())
}

func (i *instance) run(ctx workflow.Context) error {
	co := i.in.Coordinator
	if i.in.Run != nil {
		return i.execute(ctx, *i.in.Run)
	}
	ds, err := coord.NewDatasets(co.Datasets)
	if err != nil {
		i.st.Error = err.Error()
		i.st.State = InstanceFailed
		return err
	}
	res, err := coord.Resolve(co, ds, i.in.Nominal)
	if err != nil {
		i.st.Error = err.Error()
		i.st.State = InstanceFailed
		return err
	}
	i.st.Outputs = map[string]string{}
	for k, out := range co.Outputs {
		i.st.Outputs[out.Name] = res.Outputs[k].URI
	}
	if !i.in.Quiet || !i.in.Granted {
		// A quiet granted instance has no inputs: it is RUNNING from
		// its start, and its attribute says so already.
		i.setState(ctx, InstanceWaiting)
	}

	// WAITING: poll until every input is ready or the timeout passes.
	var deadline time.Time
	if !co.WaitForever {
		deadline = i.st.Actual.Add(time.Duration(co.Timeout))
	}
	for {
		ready, err := i.poll(ctx, ds, res)
		if err != nil {
			return err
		}
		if ready {
			break
		}
		now := workflow.Now(ctx)
		wait := time.Duration(co.PollInterval)
		if !co.WaitForever {
			if !now.Before(deadline) {
				i.st.Error = fmt.Sprintf("data did not arrive within %s: still missing %s", time.Duration(co.Timeout), summarize(i.st.Missing))
				i.st.State = InstanceTimedOut
				return nil
			}
			wait = min(wait, deadline.Sub(now))
		}
		i.setState(ctx, InstanceWaiting)
		if err := workflow.Sleep(ctx, wait); err != nil {
			return err
		}
	}

	// READY: ask the coordinator for a run slot (unless it gave one at
	// start: an instance without inputs is ready at once).
	i.st.Ready = workflow.Now(ctx)
	i.st.Missing = nil
	self := workflow.GetInfo(ctx).WorkflowExecution.ID
	if i.in.Granted {
		return i.runWorkflow(ctx)
	}
	i.setState(ctx, InstanceReady)
	if err := workflow.SignalExternalWorkflow(ctx, i.in.CoordinatorID, "", SignalCoordinator, CoordEvent{Kind: EventReady, ID: self, Nominal: i.in.Nominal}).Get(ctx, nil); err != nil {
		i.st.Error = "cannot reach the coordinator: " + err.Error()
		i.st.State = InstanceFailed
		return err
	}
	var g Grant
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalInstance), func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &g) })
	sel.AddReceive(ctx.Done(), func(workflow.ReceiveChannel, bool) {})
	sel.Select(ctx)
	if err := ctx.Err(); err != nil {
		return err
	}
	if !g.Run {
		i.st.Error = g.Reason
		i.st.State = InstanceSkipped
		return nil
	}

	return i.runWorkflow(ctx)
}

// runWorkflow runs the coordinator's workflow: in this workflow, through
// the interpreter, so the instance is the run (its state query answers
// `howdah status`) and no child workflow adds a hop.
func (i *instance) runWorkflow(ctx workflow.Context) error {
	co := i.in.Coordinator
	params, err := expr.EvalCoordParams(co, expr.CoordInstance{Name: co.Name, NominalTime: i.in.Nominal, ActualTime: i.st.Actual, Inputs: i.st.Inputs, Outputs: i.st.Outputs})
	if err != nil {
		i.st.Error = err.Error()
		i.st.State = InstanceFailed
		return err
	}
	i.st.Started = workflow.Now(ctx)
	i.st.WorkflowID = workflow.GetInfo(ctx).WorkflowExecution.ID
	i.setState(ctx, InstanceRunning)
	run := Input{Plan: co.Workflow, Params: params, TaskQueue: i.in.TaskQueue, User: "coordinator:" + co.Name, NoSearchAttributes: i.in.NoSearchAttributes}
	if i.in.CarryOver {
		// The previous run of this instance's id left its workflow's
		// record in its result: rerun only what did not succeed.
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			TaskQueue:           i.in.TaskQueue,
			StartToCloseTimeout: time.Minute,
			RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 5},
		})
		var rec *Record
		id := workflow.GetInfo(ctx).WorkflowExecution
		switch p := i.in.Prior; {
		case p == nil:
			// Recorded before the coordinator named the previous run.
			if err := workflow.ExecuteActivity(actx, contract.PriorRecordName, contract.PriorRecordInput{WorkflowID: id.ID, RunID: id.RunID}).Get(ctx, &rec); err != nil {
				workflow.GetLogger(ctx).Warn("no record of the instance's previous run: its workflow reruns whole", "error", err)
			}
		case p.RunID == "":
			// The instance never ran: there is nothing to carry over.
		default:
			err := workflow.ExecuteActivity(actx, contract.PriorRecordName, contract.PriorRecordInput{WorkflowID: id.ID, RunID: id.RunID, PriorRunID: p.RunID}).Get(ctx, &rec)
			if err == nil && rec == nil {
				err = fmt.Errorf("its previous run %s left no record of its nodes (terminated, or timed out)", p.RunID)
			}
			if err != nil {
				// Running everything again would resubmit jobs that
				// succeeded: refuse, and say how to run it whole.
				i.st.Error = fmt.Sprintf("rerun of the failed nodes refused: %s; rerun the instance without --failed to run its whole workflow", rootMessage(err))
				i.st.State = InstanceFailed
				return temporal.NewNonRetryableApplicationError(i.st.Error, ErrBadInput, nil)
			}
		}
		if rec != nil {
			run.Rerun = &Rerun{Run: rec.Run + 1, Skip: SucceededNodes(rec), Prior: rec}
		}
	}
	return i.execute(ctx, run)
}

// execute runs the interpreter and records how the workflow ended. A
// continue-as-new of the interpreter continues this instance instead,
// carrying both.
func (i *instance) execute(ctx workflow.Context, run Input) error {
	next := i.in
	next.Run, next.Status = nil, i.st
	run.Instance = &next
	_, rec, err := execute(ctx, run)
	var can *workflow.ContinueAsNewError
	if errors.As(err, &can) {
		return err
	}
	i.st.Record = rec
	i.st.Ended = workflow.Now(ctx)
	switch {
	case err == nil:
		i.st.State = InstanceSucceeded
	case temporal.IsCanceledError(err) || errors.Is(ctx.Err(), workflow.ErrCanceled):
		i.st.State = InstanceKilled
	default:
		i.st.State = InstanceFailed
		i.st.Error = rootMessage(err)
	}
	return nil
}

// poll checks the inputs once: current() instances not yet seen, and the
// candidates of latest() inputs. It reports whether every input is ready.
func (i *instance) poll(ctx workflow.Context, ds *coord.Datasets, res *coord.Resolved) (bool, error) {
	co := i.in.Coordinator
	type ask struct {
		input int
		insts []coord.Instance
	}
	var asks []ask
	var paths []string
	for k, ev := range co.Inputs {
		insts := res.Inputs[k]
		switch ev.From.Fn {
		case plan.Latest:
			skip, size := coord.LatestSize(ev)
			cands, err := ds.LatestCandidates(ev.Dataset, i.st.Actual, 0, max(latestScan, skip+size))
			if err != nil {
				return false, err
			}
			insts = cands
		case plan.Future:
			cands, err := ds.FutureCandidates(ev.Dataset, i.in.Nominal, ev.From.Limit)
			if err != nil {
				return false, err
			}
			insts = cands
		}
		asks = append(asks, ask{input: k, insts: insts})
		for _, inst := range insts {
			paths = append(paths, inst.Check)
		}
	}
	exists := map[string]bool{}
	if len(paths) > 0 {
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			TaskQueue:           i.in.TaskQueue,
			StartToCloseTimeout: 2 * time.Minute,
			Summary:             fmt.Sprintf("check %d dataset path(s)", len(paths)),
			RetryPolicy: &temporal.RetryPolicy{
				InitialInterval:        time.Second,
				MaximumInterval:        time.Minute,
				MaximumAttempts:        5,
				NonRetryableErrorTypes: contract.NonRetryable,
			},
		})
		var r contract.DatasetCheckResult
		err := workflow.ExecuteActivity(actx, contract.DatasetCheckName, contract.DatasetCheckInput{Paths: paths}).Get(ctx, &r)
		i.st.Polls++
		if err != nil {
			var app *temporal.ApplicationError
			if errors.As(err, &app) && app.Type() == contract.ErrBadInput {
				i.st.Error = rootMessage(err)
				i.st.State = InstanceFailed
				return false, err
			}
			// The filesystem is down for now: the wait goes on, and only
			// the timeout ends it.
			return false, nil
		}
		i.st.Calls += r.Calls
		for k, p := range paths {
			exists[p] = r.Exists[k]
		}
	}
	i.st.Inputs = map[string][]string{}
	i.st.Missing = nil
	ready := true
	for _, a := range asks {
		ev := co.Inputs[a.input]
		var have []string
		var missing []string
		for _, inst := range a.insts {
			if exists[inst.Check] {
				have = append(have, inst.URI)
			} else {
				missing = append(missing, inst.Check)
			}
		}
		if ev.From.Fn == plan.Future {
			// Oldest first from current(0): the n-th available on.
			if len(have) <= ev.To.N {
				ready = false
				i.st.Missing = append(i.st.Missing, fmt.Sprintf("%s: %s..%s of %s (%d of %d available among the %d instances from current(0))", ev.Name, ev.From, ev.To, ev.Dataset, len(have), ev.To.N+1, ev.From.Limit))
				continue
			}
			i.st.Inputs[ev.Name] = have[ev.From.N : ev.To.N+1]
			continue
		}
		if ev.From.Fn == plan.Latest {
			// Newest first among the candidates: skip, then take size,
			// oldest first in the result as current() ranges are.
			skip, size := coord.LatestSize(ev)
			if len(have) < skip+size {
				ready = false
				i.st.Missing = append(i.st.Missing, fmt.Sprintf("%s: %s..%s of %s (%d of %d available)", ev.Name, ev.From, ev.To, ev.Dataset, len(have), skip+size))
				continue
			}
			picked := have[skip : skip+size]
			for l, r := 0, len(picked)-1; l < r; l, r = l+1, r-1 {
				picked[l], picked[r] = picked[r], picked[l]
			}
			i.st.Inputs[ev.Name] = picked
			continue
		}
		if len(have) < coord.Needed(ev, len(a.insts)) {
			ready = false
			i.st.Missing = append(i.st.Missing, missing...)
			continue
		}
		i.st.Inputs[ev.Name] = have
	}
	return ready, nil
}

// rootMessage is the innermost message of a chain of Temporal errors,
// without the SDK's "(type: ..., retryable: ...)" suffix.
func rootMessage(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return messageOf(err)
		}
		err = next
	}
}

// messageOf is err's message: an application error's own, not its
// Error(), which the SDK suffixes with its type and retryability.
func messageOf(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Message()
	}
	return err.Error()
}

// summarize names up to five paths.
func summarize(paths []string) string {
	if len(paths) == 0 {
		return "nothing"
	}
	if len(paths) <= 5 {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:5], ", "), len(paths)-5)
}
