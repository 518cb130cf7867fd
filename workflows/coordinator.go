package workflows

import (
	"fmt"
	"slices"
	"time"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// defaultCoordHistoryLimit keeps the coordinator's history far below
// 10,000 events: it continues as new past it.
const defaultCoordHistoryLimit = 4000

// Coordinator is a coordinator's clock and gate, one long-running workflow
// per coordinator. The clock materialises every nominal time that has come
// (catch-up included: a start in the past, or the time spent paused); the
// gate starts an instance per nominal time while fewer than throttle are
// WAITING, and lets READY instances run, in the execution order, while
// fewer than concurrency are RUNNING. Backfills and reruns go through the
// same gate, so they never flood. Instance ids are derived from the
// nominal time and started with a reject-duplicate policy: a tick, a
// backfill and a trigger can never create the same instance twice (a rerun
// is the one way to run a nominal time again).
func Coordinator(ctx workflow.Context, in CoordinatorInput) (*CoordinatorState, error) {
	if in.Coordinator == nil || in.Coordinator.Workflow == nil {
		return nil, temporal.NewNonRetryableApplicationError("coordinator input has no plan", ErrBadInput, nil)
	}
	g := &gate{in: in, notes: workflow.NewBufferedChannel(ctx, 10000)}
	if in.State != nil {
		g.st = *in.State
	} else {
		g.st = CoordinatorState{Name: in.Coordinator.Name, Paused: in.Paused}
	}
	// Instances report their end as children's completions, not by signal.
	g.childDone = workflow.GetVersion(ctx, versionChildDone, workflow.DefaultVersion, 1) == 1
	if in.Digest != "" {
		g.st.Digest = in.Digest
	}
	g.st.Bundle = in.Coordinator.Bundle
	if g.st.Counts == nil {
		g.st.Counts = map[string]int{}
	}
	if err := g.setPlan(in.Coordinator); err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), ErrBadInput, err)
	}
	if err := workflow.SetQueryHandler(ctx, QueryCoordinator, func() (CoordinatorState, error) { return g.st, nil }); err != nil {
		return nil, err
	}
	events := workflow.GetSignalChannel(ctx, SignalCoordinator)
	// Accepted requests (updates) reach the loop as events do.
	requests := workflow.NewBufferedChannel(ctx, 1000)
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateCoordinator,
		func(ctx workflow.Context, ev CoordEvent) (RequestResult, error) {
			res, _ := g.checkRequest(ev)
			requests.SendAsync(ev)
			return res, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ev CoordEvent) error {
			_, err := g.checkRequest(ev)
			return err
		}},
	); err != nil {
		return nil, err
	}
	limit := in.HistoryLimit
	if limit <= 0 {
		limit = defaultCoordHistoryLimit
	}
	var timer workflow.Future
	var timerAt time.Time
	var cancelTimer workflow.CancelFunc
	for {
		// Take every event already delivered before acting on any.
		g.drainNotes()
		g.drainEvents(ctx, events)
		g.drainEvents(ctx, requests)
		g.materialise(ctx)
		if err := g.startPending(ctx); err != nil {
			return nil, err
		}
		g.grant(ctx)
		g.describe(ctx)

		if workflow.GetInfo(ctx).GetCurrentHistoryLength() > limit || workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			// Instances whose start is answered meanwhile join the
			// children to ask: ask until every one has ended or been asked.
			for {
				g.askReports(ctx)
				if err := workflow.Await(ctx, func() bool { return g.inflight == 0 && (g.settled() || g.unasked()) }); err != nil {
					return nil, err
				}
				if g.settled() {
					break
				}
			}
			g.drainNotes()
			g.drainEvents(ctx, events)
			g.drainEvents(ctx, requests)
			next := in
			next.Coordinator = g.plan
			next.Digest = g.st.Digest
			st := g.st
			st.Continued++
			next.State = &st
			return nil, workflow.NewContinueAsNewError(ctx, CoordinatorType, next)
		}

		// Sleep until the clock's next time or the next event.
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(events, func(c workflow.ReceiveChannel, _ bool) {
			var ev CoordEvent
			c.Receive(ctx, &ev)
			g.handle(ctx, ev)
		})
		sel.AddReceive(requests, func(c workflow.ReceiveChannel, _ bool) {
			var ev CoordEvent
			c.Receive(ctx, &ev)
			g.handle(ctx, ev)
		})
		sel.AddReceive(g.notes, func(c workflow.ReceiveChannel, _ bool) {
			var n gateNote
			c.Receive(ctx, &n)
			g.note(n)
		})
		if !g.st.Next.Equal(timerAt) && cancelTimer != nil {
			cancelTimer()
			timer, cancelTimer = nil, nil
		}
		if !g.st.Next.IsZero() && timer == nil {
			tctx, cancel := workflow.WithCancel(ctx)
			timer, cancelTimer, timerAt = workflow.NewTimer(tctx, max(g.st.Next.Sub(workflow.Now(ctx)), time.Millisecond)), cancel, g.st.Next
		}
		if timer != nil {
			t := timer
			sel.AddFuture(t, func(workflow.Future) {
				timer, cancelTimer, timerAt = nil, nil, time.Time{}
			})
		}
		sel.Select(ctx)
	}
}

type gate struct {
	in    CoordinatorInput
	st    CoordinatorState
	plan  *plan.Coordinator
	clock *coord.Clock
	// ended: the clock has no more times. The workflow stays open (idle,
	// no timer) so reruns and backfills still work; delete ends it.
	ended bool
	notes workflow.Channel // gateNote
	// inflight counts child starts, grants and asks to report not yet
	// answered: continue-as-new waits for them, or they would be lost with
	// the run that issued them.
	inflight int
	// childDone: this run started its instances quiet (Quiet), and
	// children lists them, in start order.
	childDone bool
	children  []*child
}

func (g *gate) setPlan(p *plan.Coordinator) error {
	clock, err := coord.NewClock(p)
	if err != nil {
		return err
	}
	g.plan, g.clock = p, clock
	return nil
}

func (g *gate) handle(ctx workflow.Context, ev CoordEvent) {
	now := workflow.Now(ctx)
	switch ev.Kind {
	case EventReady:
		runID := ""
		if i := slotIndex(g.st.Waiting, ev.ID); i >= 0 {
			runID = g.st.Waiting[i].RunID
			g.st.Waiting = slices.Delete(g.st.Waiting, i, i+1)
		}
		if slotIndex(g.st.Ready, ev.ID) < 0 {
			g.st.Ready = append(g.st.Ready, Slot{ID: ev.ID, Nominal: ev.Nominal, Since: now, RunID: runID})
		}
	case EventDone:
		g.tell(ev.ID)
		for _, list := range []*[]Slot{&g.st.Waiting, &g.st.Ready, &g.st.Running} {
			if i := slotIndex(*list, ev.ID); i >= 0 {
				*list = slices.Delete(*list, i, i+1)
			}
		}
		g.st.Counts[ev.State]++
	case EventPause:
		g.st.Paused = true
	case EventResume:
		g.st.Paused = false
	case EventTrigger:
		// The next nominal time, now.
		if t, ok := g.clock.Next(g.st.Cursor); ok {
			g.st.Pending = append(g.st.Pending, PendingRange{From: t, To: t.Add(time.Nanosecond)})
			g.st.Cursor = t
		}
	case EventBackfill, EventRerun:
		// Only nominal times the clock has reached: the future is the
		// clock's to materialise, when it comes.
		limit := g.st.Cursor.Add(time.Nanosecond)
		r := PendingRange{From: ev.From, To: ev.To, Rerun: ev.Kind == EventRerun, CarryOver: ev.Kind == EventRerun && ev.CarryOver}
		if r.To.After(limit) {
			r.To = limit
		}
		if ev.Times != nil {
			r.Times = []time.Time{}
			for _, t := range ev.Times {
				if t.Before(limit) {
					r.Times = append(r.Times, t)
				}
			}
			if len(r.Times) == 0 {
				return
			}
		}
		if r.Times != nil || r.From.Before(r.To) {
			g.st.Pending = append(g.st.Pending, r)
		}
	case EventUpdate:
		if ev.Coordinator != nil {
			if err := g.setPlan(ev.Coordinator); err != nil {
				workflow.GetLogger(ctx).Error("update refused", "error", err)
				return
			}
			g.st.Digest = ev.Digest
			g.st.Bundle = ev.Coordinator.Bundle
			g.ended = false
		}
	}
}

// checkRequest says what a backfill or rerun would queue, or why it cannot
// take effect. It changes nothing (it is the update's validator too).
func (g *gate) checkRequest(ev CoordEvent) (RequestResult, error) {
	var res RequestResult
	if ev.Kind != EventBackfill && ev.Kind != EventRerun {
		return res, fmt.Errorf("a request is a backfill or a rerun, not %q", ev.Kind)
	}
	if g.st.Paused {
		return res, fmt.Errorf("coordinator %s is paused: it starts no instance until it is resumed (howdah coordinator resume %s), so the %s would not run", g.plan.Name, g.plan.Name, ev.Kind)
	}
	bound := ev.MaxInstances
	if bound <= 0 {
		bound = DefaultMaxRequestInstances
	}
	if bound > MaxRequestInstances {
		return res, fmt.Errorf("a %s may start at most %d instances (--max-instances %d): split the range", ev.Kind, MaxRequestInstances, bound)
	}
	// Only nominal times the clock has reached, as handle does.
	limit := g.st.Cursor.Add(time.Nanosecond)
	var times []time.Time
	more := false
	if ev.Times != nil {
		for _, t := range ev.Times {
			if t.Before(limit) {
				times = append(times, t)
			} else {
				res.Clipped = true
			}
		}
		more = len(times) > bound
	} else {
		to := ev.To
		if to.After(limit) {
			to, res.Clipped = limit, true
		}
		times, more = g.clock.Between(ev.From, to, bound+1)
		more = more || len(times) > bound
	}
	switch {
	case more:
		return res, fmt.Errorf("the %s would start more than %d instances: narrow the range, or raise the bound (--max-instances)", ev.Kind, bound)
	case len(times) == 0 && g.st.Cursor.IsZero():
		return res, fmt.Errorf("coordinator %s has reached no nominal time yet (its first is at or after %s): nothing to %s", g.plan.Name, g.plan.Start.Format(time.RFC3339), ev.Kind)
	case len(times) == 0:
		return res, fmt.Errorf("no nominal time of coordinator %s in that range has come (it starts %s and has reached %s; later times come with the clock)", g.plan.Name, g.plan.Start.Format(time.RFC3339), g.st.Cursor.Format(time.RFC3339))
	}
	res.Instances, res.First, res.Last = len(times), times[0], times[len(times)-1]
	return res, nil
}

func slotIndex(list []Slot, id string) int {
	return slices.IndexFunc(list, func(s Slot) bool { return s.ID == id })
}

// materialise moves the clock's cursor over every nominal time that has
// come, and sets when it fires next.
func (g *gate) materialise(ctx workflow.Context) {
	g.st.Next = time.Time{}
	if g.st.Paused {
		return
	}
	now := workflow.Now(ctx)
	from := g.st.Cursor
	next, ok := g.clock.Next(from)
	if !ok {
		g.ended = true
		return
	}
	if !next.After(now) {
		// Everything up to now, as one range (a catch-up of a year of
		// minutes is one entry, started one instance at a time). A cron
		// clock steps a bounded number of times per task: if it did not
		// reach now, Next is in the past and the timer fires at once.
		last, _ := g.clock.LastAtOrBefore(now, next)
		if last.Before(next) {
			last = next
		}
		g.st.Pending = append(g.st.Pending, PendingRange{From: next, To: last.Add(time.Nanosecond)})
		g.st.Cursor = last
		next, ok = g.clock.Next(last)
		if !ok {
			g.ended = true
			return
		}
	}
	g.st.Next = next
}

// describe keeps the UI's current details up to date.
func (g *gate) describe(ctx workflow.Context) {
	g.st.Ended = g.ended
	state := "active"
	if g.st.Paused {
		state = "PAUSED"
	}
	next := "none"
	if !g.st.Next.IsZero() {
		next = g.st.Next.Format(time.RFC3339)
	}
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("**%s** %s: %d waiting, %d ready, %d running; next nominal time %s; done %v",
		g.plan.Name, state, len(g.st.Waiting), len(g.st.Ready), len(g.st.Running), next, g.st.Counts))
}

// instanceDetails is the Markdown the UI shows for an instance.
func instanceDetails(c *plan.Coordinator, t time.Time) string {
	s := fmt.Sprintf("### %s @ %s\n\n- coordinator file: `%s`\n- workflow: `%s`\n", c.Name, t.Format(time.RFC3339), c.Source, c.Workflow.Source)
	for _, in := range c.Inputs {
		s += fmt.Sprintf("- input `%s`: dataset `%s`, %s..%s\n", in.Name, in.Dataset, in.From, in.To)
	}
	return s
}

func (g *gate) drainNotes() {
	for {
		var n gateNote
		if !g.notes.ReceiveAsync(&n) {
			return
		}
		g.note(n)
	}
}

// drainEvents handles every event already delivered.
func (g *gate) drainEvents(ctx workflow.Context, events workflow.ReceiveChannel) {
	for {
		var ev CoordEvent
		if !events.ReceiveAsync(&ev) {
			return
		}
		g.handle(ctx, ev)
	}
}
