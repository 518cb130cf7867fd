package workflows

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/internal/md"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// snapshot copies the state for the query (handlers must not share slices
// the workflow keeps changing).
func (r *run) snapshot() State {
	s := State{Workflow: r.plan.Name, Status: r.status, Message: r.message, Nodes: append([]NodeState(nil), r.states...), Run: r.info.Run}
	if r.suspended && r.status == RunRunning {
		s.Status = RunSuspended
	}
	s.Current = r.current()
	return s
}

// current lists the running nodes in plan order.
func (r *run) current() []string {
	cur := make([]string, 0, len(r.running))
	for name := range r.running {
		cur = append(cur, name)
	}
	sort.Slice(cur, func(i, j int) bool { return r.index[cur[i]] < r.index[cur[j]] })
	return cur
}

// setStatus changes a node's status and republishes the current details
// shown in the Temporal UI.
func (r *run) setStatus(ctx workflow.Context, name, status string) {
	st := r.state(name)
	now := workflow.Now(ctx)
	switch status {
	case StatusRunning:
		if st.Started.IsZero() {
			st.Started = now
		}
	case StatusOK, StatusError, StatusKilled:
		st.Ended = now
	}
	st.Status = status
	if status == StatusRunning || status == StatusUserRetry || status == StatusHeld {
		r.running[name] = true
	} else {
		delete(r.running, name)
	}
	r.publishDetails(ctx)
}

// publishDetails sets the workflow's current details (Markdown in the UI)
// and its HowdahNode search attribute.
func (r *run) publishDetails(ctx workflow.Context) {
	cur := r.current()
	r.upsertNodes(ctx, cur)
	var b strings.Builder
	switch {
	case r.status != RunRunning:
		fmt.Fprintf(&b, "**%s**", r.status)
		if n := r.info.LastErrorNode; n != "" && r.status == RunFailed {
			fmt.Fprintf(&b, " at %s", md.Code(n))
			if src := r.state(n).Source; src != "" {
				fmt.Fprintf(&b, " (%s)", md.Code(src))
			}
		}
		if r.message != "" {
			fmt.Fprintf(&b, ": %s", md.Text(r.message))
		}
	case r.suspended:
		b.WriteString("**SUSPENDED**: no new nodes start until resumed")
	case len(cur) == 0:
		b.WriteString("between nodes")
	default:
		b.WriteString("running: ")
		for i, name := range cur {
			if i > 0 {
				b.WriteString(", ")
			}
			st := r.state(name)
			fmt.Fprintf(&b, "`%s`", name)
			if st.Status == StatusHeld {
				fmt.Fprintf(&b, " **HELD** for an operator (%s)", md.Code("howdah retry|skip|fail "+r.info.ID+" "+name))
			}
			if st.Attempts > 1 {
				fmt.Fprintf(&b, " (attempt %d)", st.Attempts)
			}
			if st.Items > 0 {
				fmt.Fprintf(&b, " (%d/%d items)", st.Done, st.Items)
			}
		}
	}
	workflow.SetCurrentDetails(ctx, b.String())
}

func (r *run) listenForSignals(ctx workflow.Context) {
	suspend := workflow.GetSignalChannel(ctx, SignalSuspend)
	resume := workflow.GetSignalChannel(ctx, SignalResume)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			sel := workflow.NewSelector(ctx)
			sel.AddReceive(suspend, func(c workflow.ReceiveChannel, _ bool) {
				c.Receive(ctx, nil)
				r.suspended = true
				r.publishDetails(ctx)
			})
			sel.AddReceive(resume, func(c workflow.ReceiveChannel, _ bool) {
				c.Receive(ctx, nil)
				r.suspended = false
				r.publishDetails(ctx)
			})
			sel.Select(ctx)
			if ctx.Err() != nil {
				return
			}
		}
	})
}

// awaitResumed blocks while the run is suspended.
func (r *run) awaitResumed(ctx workflow.Context) error {
	return workflow.Await(ctx, func() bool { return !r.suspended })
}

// upsertNodes sets HowdahNode when what it should say changed: the
// running nodes (the last ones between two nodes), the failing node once
// failed, nothing once ended otherwise. Only a change costs a history
// event; fan-out items do not.
func (r *run) upsertNodes(ctx workflow.Context, cur []string) {
	if !r.nodeAttr {
		return
	}
	want := cur
	switch r.status {
	case RunRunning:
		if len(cur) == 0 {
			// Between two nodes: keep the last one shown rather than pay
			// an event to clear it and another to set the next.
			return
		}
	case RunFailed:
		want = nil
		if n := r.info.LastErrorNode; n != "" {
			want = []string{n}
		}
	default:
		want = nil
	}
	if slices.Equal(want, r.nodesShown) {
		return
	}
	now := workflow.Now(ctx)
	if r.throttled && r.status == RunRunning && !r.shownAt.IsZero() && now.Sub(r.shownAt) < nodeAttrEvery {
		if !r.recheck {
			r.recheck = true
			wait := nodeAttrEvery - now.Sub(r.shownAt)
			workflow.Go(r.root, func(ctx workflow.Context) {
				err := workflow.Sleep(ctx, wait)
				r.recheck = false
				if err == nil {
					r.upsertNodes(ctx, r.current())
				}
			})
		}
		return
	}
	r.nodesShown, r.shownAt = slices.Clone(want), now
	key := temporal.NewSearchAttributeKeyKeywordList(SearchNode)
	if len(want) == 0 {
		_ = workflow.UpsertTypedSearchAttributes(ctx, key.ValueUnset())
		return
	}
	_ = workflow.UpsertTypedSearchAttributes(ctx, key.ValueSet(want))
}

// progress is the run's state as the state query reports it: its nodes,
// the results later nodes read, and the run's own status.
type progress struct {
	states  []NodeState
	results map[string]expr.Result
	// info is what wf.* reads (the last failure included).
	info      expr.RunInfo
	suspended bool
	status    string
	message   string
	// running holds the nodes now RUNNING or in USER_RETRY, so the UI's
	// current details cost what is running, not the plan's size.
	running map[string]bool
	// killDetails are the details of the kill the run ended at.
	killDetails map[string]string
}

// shown is what the Web UI's workflow list shows of the run: nodeAttr says
// the run keeps HowdahNode up to date, nodesShown what it says now.
type shown struct {
	nodeAttr   bool
	nodesShown []string
	// throttled: while the run goes on, HowdahNode changes at most once
	// per nodeAttrEvery (shownAt: the last change; recheck: a timer will
	// show what holds then).
	throttled bool
	shownAt   time.Time
	recheck   bool
	root      workflow.Context
}

// nodeAttrEvery bounds how often HowdahNode changes while a run goes on.
// Each change is a write to the visibility store, which a chain of short
// steps would pay per step (a quarter of a shell step's time on the
// embedded server); a node that starts sooner is shown when the interval
// has passed, if it still runs.
const nodeAttrEvery = time.Second
