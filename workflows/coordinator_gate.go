package workflows

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/plan"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// The coordinator's gate: starting instances under the throttle, granting
// run slots under the concurrency in the execution order, and what its own
// coroutines report back.

// startPending starts instances from the pending ranges, oldest range
// first, while fewer than throttle are WAITING. A batch of starts goes out
// in one workflow task; the gate then waits for the server's answers.
func (g *gate) startPending(ctx workflow.Context) error {
	// Duplicates free their slot at once: go on until the throttle is
	// reached or nothing is pending.
	for !g.st.Paused && len(g.st.Pending) > 0 && g.room() {
		if err := g.startBatch(ctx); err != nil {
			return err
		}
	}
	return nil
}

// preGrant: instances of a coordinator without inputs are ready the
// moment they start; under fifo the gate gives them their run slot at
// start, and starts no more than there are free slots (the rest wait as
// pending times, in order), which saves each a ready/grant round trip.
func (g *gate) preGrant() bool {
	return len(g.plan.Inputs) == 0 && g.plan.Execution == plan.ExecFIFO
}

// room says whether another instance may start now.
func (g *gate) room() bool {
	if g.preGrant() {
		return len(g.st.Running) < g.plan.Concurrency
	}
	return len(g.st.Waiting) < g.plan.Throttle
}

func (g *gate) startBatch(ctx workflow.Context) error {
	type starting struct {
		slot                  Slot
		rerun, carry, granted bool
		child                 workflow.ChildWorkflowFuture
	}
	var batch []starting
	for len(g.st.Pending) > 0 && g.room() {
		r := &g.st.Pending[0]
		var t time.Time
		var ok bool
		if r.Times != nil {
			if len(r.Times) > 0 {
				t, ok = r.Times[0], true
				r.Times = r.Times[1:]
			}
		} else if n, more := g.clock.Next(r.From.Add(-time.Nanosecond)); more && n.Before(r.To) {
			t, ok = n, true
			r.From = n.Add(time.Nanosecond)
		}
		if !ok {
			g.st.Pending = g.st.Pending[1:]
			continue
		}
		slot := Slot{ID: coord.InstanceID(g.plan.Name, t), Nominal: t, Since: workflow.Now(ctx)}
		granted := g.preGrant()
		if granted {
			g.st.Running = append(g.st.Running, slot)
			g.st.MaxRunning = max(g.st.MaxRunning, len(g.st.Running))
		} else {
			g.st.Waiting = append(g.st.Waiting, slot)
		}
		batch = append(batch, starting{slot: slot, rerun: r.Rerun, carry: r.CarryOver, granted: granted})
	}
	priors, err := g.priorRuns(ctx, func(yield func(string, bool) bool) {
		for _, s := range batch {
			if !yield(s.slot.ID, s.carry) {
				return
			}
		}
	})
	if err != nil {
		return err
	}
	for k := range batch {
		s := &batch[k]
		s.child = g.start(ctx, s.slot.Nominal, s.rerun, s.carry, s.granted, priors[s.slot.ID])
	}
	// The answers come back while the gate goes on (a done instance's
	// slot is reused at once): failures arrive on g.notes.
	for _, s := range batch {
		g.inflight++
		workflow.Go(ctx, func(gctx workflow.Context) {
			var exec workflow.Execution
			err := s.child.GetChildWorkflowExecution().Get(gctx, &exec)
			g.inflight--
			if err != nil && gctx.Err() == nil {
				dup := temporal.IsWorkflowExecutionAlreadyStartedError(err)
				if !dup {
					workflow.GetLogger(gctx).Error("cannot start instance", "id", s.slot.ID, "error", err)
				}
				g.notes.Send(gctx, gateNote{ID: s.slot.ID, NotStarted: true, Duplicate: dup})
			}
			if err != nil || !g.childDone {
				return
			}
			g.awaitChild(gctx, s.slot.ID, exec.RunID, s.child)
		})
	}
	return nil
}

// child is an instance this coordinator run started quietly: the run
// learns of its end from its completion, or, once it asked the instance
// to report (before continuing as new), from the instance's signal.
type child struct {
	id, runID string
	// report is the ask's delivery, once sent; reported, that it
	// reached the instance before it ended.
	report   workflow.Future
	reported bool
	// ended: the completion came (and was noted unless reported); the
	// child is then off the list.
	ended bool
	// told: it signalled its end anyway, asked by someone else: the
	// signal counted it, its completion does not again.
	told bool
}

// tell records that instance id signalled its end, so its completion is
// not counted a second time.
func (g *gate) tell(id string) {
	for _, c := range g.children {
		if c.id == id {
			c.told = true
		}
	}
}

// awaitChild records a started instance's run id on its slot and frees
// the slot when the instance ends.
func (g *gate) awaitChild(ctx workflow.Context, id, runID string, f workflow.ChildWorkflowFuture) {
	for _, list := range [][]Slot{g.st.Waiting, g.st.Ready, g.st.Running} {
		if k := slotIndex(list, id); k >= 0 && list[k].RunID == "" {
			list[k].RunID = runID
		}
	}
	c := &child{id: id, runID: runID}
	g.children = append(g.children, c)
	var st InstanceStatus
	err := f.Get(ctx, &st)
	if ctx.Err() != nil {
		return
	}
	asked := c.report != nil && c.report.Get(ctx, nil) == nil
	c.ended = true
	g.children = slices.DeleteFunc(g.children, func(o *child) bool { return o == c })
	if asked || c.told {
		return // it signalled its end (EventDone): that freed the slot
	}
	g.notes.Send(ctx, gateNote{ID: id, RunID: runID, Ended: true, State: endState(st, err)})
}

// endState is the state of an instance as its child future ended.
func endState(st InstanceStatus, err error) string {
	var app *temporal.ApplicationError
	switch {
	case err == nil && st.State != "":
		return st.State
	case err == nil:
		return InstanceSucceeded
	case errors.As(err, &app) && slices.Contains([]string{InstanceFailed, InstanceTimedOut, InstanceSkipped}, app.Type()):
		return app.Type()
	case temporal.IsCanceledError(err), temporal.IsTerminatedError(err):
		return InstanceKilled
	}
	return InstanceFailed
}

// askReports asks every instance this run started and still awaits to
// signal its end instead, before the run continues as new. An instance
// that ended first cannot take the ask: its completion is noted.
func (g *gate) askReports(ctx workflow.Context) {
	for _, c := range g.children {
		if c.ended || c.report != nil {
			continue
		}
		c.report = workflow.SignalExternalWorkflow(ctx, c.id, "", SignalReport, nil)
		g.inflight++
		workflow.Go(ctx, func(gctx workflow.Context) {
			c.reported = c.report.Get(gctx, nil) == nil
			g.inflight--
		})
	}
}

// unasked says whether an instance this run awaits has not been asked to
// report yet (its start was answered after the last asks).
func (g *gate) unasked() bool {
	for _, c := range g.children {
		if !c.ended && c.report == nil {
			return true
		}
	}
	return false
}

// settled says whether every quiet instance of this run ended or will
// signal its end: the run may continue as new.
func (g *gate) settled() bool {
	for _, c := range g.children {
		if !c.ended && !c.reported {
			return false
		}
	}
	return true
}

// gateNote is what the gate's own coroutines report: an instance that
// did not start (it exists already, or the start failed) or cannot be
// reached.
type gateNote struct {
	ID         string
	NotStarted bool
	Duplicate  bool
	Gone       bool
	// Ended: the instance's run RunID ended in State.
	Ended bool
	RunID string
	State string
}

// note frees the slot a note says is not used.
func (g *gate) note(n gateNote) {
	for _, list := range []*[]Slot{&g.st.Waiting, &g.st.Ready, &g.st.Running} {
		// An end frees its own run's slot, not a rerun's.
		if i := slotIndex(*list, n.ID); i >= 0 && (!n.Ended || (*list)[i].RunID == n.RunID || (*list)[i].RunID == "") {
			*list = slices.Delete(*list, i, i+1)
		}
	}
	switch {
	case n.Ended:
		g.st.Counts[n.State]++
	case n.Duplicate:
		g.st.Duplicate++ // it exists: a tick, a backfill or a trigger made it
	case n.NotStarted:
		g.st.Counts["START_FAILED"]++
	}
}

// priorRuns names, for each instance id of the batch whose rerun carries
// over (carry), the run it carries over: the id's latest run, read from
// the execution itself, since the visibility store lags a run that has
// just closed and a rerun that found no record would run everything
// again. Runs recorded before this existed get nil, and look their
// previous run up themselves.
func (g *gate) priorRuns(ctx workflow.Context, ids iter.Seq2[string, bool]) (map[string]*PriorRun, error) {
	var carried []string
	for id, carry := range ids {
		if carry {
			carried = append(carried, id)
		}
	}
	if len(carried) == 0 || workflow.GetVersion(ctx, versionPriorRunID, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil, nil
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		TaskQueue:           g.in.TaskQueue,
		StartToCloseTimeout: time.Minute,
		Summary:             fmt.Sprintf("latest runs of %d instance(s) to rerun", len(carried)),
		// Until the server answers: starting the reruns without it would
		// rerun whole workflows.
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, MaximumInterval: time.Minute},
	})
	var res contract.LatestRunsResult
	if err := workflow.ExecuteActivity(actx, contract.LatestRunsName, contract.LatestRunsInput{IDs: carried}).Get(ctx, &res); err != nil {
		return nil, err
	}
	out := make(map[string]*PriorRun, len(carried))
	for _, id := range carried {
		out[id] = &PriorRun{RunID: res.RunIDs[id]}
	}
	return out, nil
}

// start starts the instance of nominal time t, unless it exists already
// (or, for a rerun, is still open): the returned future then fails. prior,
// for a rerun that carries over, is the run it carries over.
func (g *gate) start(ctx workflow.Context, t time.Time, rerun, carry, granted bool, prior *PriorRun) workflow.ChildWorkflowFuture {
	policy := enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE
	if rerun {
		policy = enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
	}
	opts := workflow.ChildWorkflowOptions{
		WorkflowID:            coord.InstanceID(g.plan.Name, t),
		TaskQueue:             g.in.TaskQueue,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
		WorkflowIDReusePolicy: policy,
		StaticSummary:         fmt.Sprintf("%s @ %s", g.plan.Name, t.Format(time.RFC3339)),
		StaticDetails:         instanceDetails(g.plan, t),
	}
	initial := InstanceWaiting
	if granted {
		initial = InstanceRunning // set now: it saves the instance an upsert
	}
	if !g.in.NoSearchAttributes {
		opts.TypedSearchAttributes = temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword(SearchCoordinator).ValueSet(g.plan.Name),
			temporal.NewSearchAttributeKeyTime(SearchNominalTime).ValueSet(t),
			temporal.NewSearchAttributeKeyKeyword(SearchInstanceState).ValueSet(initial),
			// The instance is the workflow's run: list --workflow finds it.
			temporal.NewSearchAttributeKeyKeyword(SearchWorkflow).ValueSet(g.plan.Workflow.Name),
			temporal.NewSearchAttributeKeyKeyword(SearchApp).ValueSet(g.plan.Workflow.Source),
			temporal.NewSearchAttributeKeyKeyword(SearchUser).ValueSet("coordinator:"+g.plan.Name),
		)
	}
	return workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, opts), InstanceType, InstanceInput{
		Coordinator:        g.plan,
		Nominal:            t,
		CoordinatorID:      workflow.GetInfo(ctx).WorkflowExecution.ID,
		TaskQueue:          g.in.TaskQueue,
		NoSearchAttributes: g.in.NoSearchAttributes,
		Granted:            granted,
		Quiet:              g.childDone,
		CarryOver:          carry,
		Prior:              prior,
	})
}

// grant lets READY instances run while slots are free, in the execution
// order, skipping stale ones under last_only and none.
func (g *gate) grant(ctx workflow.Context) {
	now := workflow.Now(ctx)
	for len(g.st.Ready) > 0 {
		// Skips first: they free nothing and wait for nothing.
		skipped := false
		for k := 0; k < len(g.st.Ready); k++ {
			s := g.st.Ready[k]
			if reason := g.stale(s, now); reason != "" {
				g.send(ctx, s.ID, Grant{Run: false, Reason: reason})
				g.st.Ready = slices.Delete(g.st.Ready, k, k+1)
				skipped = true
				break
			}
		}
		if skipped {
			continue
		}
		if len(g.st.Running) >= g.plan.Concurrency {
			return
		}
		k := 0
		for j, s := range g.st.Ready {
			better := s.Nominal.Before(g.st.Ready[k].Nominal)
			if g.plan.Execution == plan.ExecLIFO || g.plan.Execution == plan.ExecLastOnly {
				better = s.Nominal.After(g.st.Ready[k].Nominal)
			}
			if better {
				k = j
			}
		}
		s := g.st.Ready[k]
		g.st.Ready = slices.Delete(g.st.Ready, k, k+1)
		s.Since = now
		g.st.Running = append(g.st.Running, s)
		g.st.MaxRunning = max(g.st.MaxRunning, len(g.st.Running))
		g.send(ctx, s.ID, Grant{Run: true})
	}
}

// stale says why a READY instance is skipped: under last_only once the
// next nominal time has passed, under none once it is more than tolerance
// late.
func (g *gate) stale(s Slot, now time.Time) string {
	switch g.plan.Execution {
	case plan.ExecLastOnly:
		if next, ok := g.clock.Next(s.Nominal); ok && !next.After(now) {
			return fmt.Sprintf("execution last_only: the next nominal time (%s) has passed", next.Format(time.RFC3339))
		}
	case plan.ExecNone:
		if late := now.Sub(s.Nominal); late > time.Duration(g.plan.Tolerance) {
			return fmt.Sprintf("execution none: %s late, past the tolerance of %s", late.Round(time.Second), time.Duration(g.plan.Tolerance))
		}
	}
	return ""
}

// send signals an instance without waiting: many grants go out in one
// workflow task. An instance that cannot be reached (terminated by hand)
// is reported on g.gone, and its slot freed.
func (g *gate) send(ctx workflow.Context, id string, gr Grant) {
	f := workflow.SignalExternalWorkflow(ctx, id, "", SignalInstance, gr)
	g.inflight++
	workflow.Go(ctx, func(gctx workflow.Context) {
		err := f.Get(gctx, nil)
		g.inflight--
		if err != nil && gctx.Err() == nil {
			workflow.GetLogger(gctx).Warn("instance unreachable", "id", id, "error", err)
			g.notes.Send(gctx, gateNote{ID: id, Gone: true})
		}
	})
}
