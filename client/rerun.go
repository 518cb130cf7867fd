package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/internal/codec"
	"github.com/howdah/howdah/internal/md"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"golang.org/x/sync/errgroup"
)

// Ended is a run that has ended, as a rerun starts from it.
type Ended struct {
	ID     string
	RunID  string
	Status enumspb.WorkflowExecutionStatus
	// Input is what the run was started with (its plan, parameters, task
	// queue); for a run that continued as new, the last run's.
	Input api.Input
	// Record is the run's node states and results; nil when it left none
	// (terminated, timed out, or ended before howdah kept records).
	Record *api.Record
}

// ErrStillRunning is returned for a run that has not ended.
var ErrStillRunning = errors.New("the run has not ended: wait for it, or cancel it first")

// LoadEnded reads the latest run of id (or run runID) for a rerun: its
// input from the history's first event, its record from its result or
// its failure's details.
func LoadEnded(ctx context.Context, c sdkclient.Client, id, runID string) (*Ended, error) {
	desc, err := c.DescribeWorkflowExecution(ctx, id, runID)
	if err != nil {
		return nil, err
	}
	info := desc.GetWorkflowExecutionInfo()
	e := &Ended{ID: id, RunID: info.GetExecution().GetRunId(), Status: info.GetStatus()}
	if e.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		return nil, ErrStillRunning
	}
	if e.Status == enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW {
		return nil, fmt.Errorf("run %s continued as new: name the last run of the chain (or no run id)", e.RunID)
	}
	if e.Input, err = RunInput(ctx, c, id, e.RunID); err != nil {
		return nil, err
	}
	if e.Input.Plan == nil || e.Input.Batch != nil || e.Input.Instance != nil {
		return nil, fmt.Errorf("run %s is not a workflow run howdah can rerun (a for_each batch or a coordinator instance: rerun its parent, or use `howdah coordinator rerun`)", e.RunID)
	}
	e.Record = readRecord(ctx, c, id, e.RunID)
	return e, nil
}

// RunInput is the input run runID of id was started with (the first event
// of its history).
func RunInput(ctx context.Context, c sdkclient.Client, id, runID string) (api.Input, error) {
	var in api.Input
	it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	if !it.HasNext() {
		return in, fmt.Errorf("run %s has no history", runID)
	}
	first, err := it.Next()
	if err != nil {
		return in, err
	}
	attrs := first.GetWorkflowExecutionStartedEventAttributes()
	if attrs == nil {
		return in, fmt.Errorf("run %s: the first event is not the start", runID)
	}
	if err := codec.DataConverter().FromPayloads(attrs.GetInput(), &in); err != nil {
		return in, fmt.Errorf("run %s: its input is not a howdah workflow's: %w", runID, err)
	}
	return in, nil
}

// readRecord is the record a run ended with, or nil.
func readRecord(ctx context.Context, c sdkclient.Client, id, runID string) *api.Record {
	var out api.Output
	err := c.GetWorkflow(ctx, id, runID).Get(ctx, &out)
	if err == nil {
		return out.Record
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.HasDetails() {
		if rec := api.RecordFromDetails(app.Details); rec != nil {
			return rec
		}
	}
	var canceled *temporal.CanceledError
	if errors.As(err, &canceled) && canceled.HasDetails() {
		return api.RecordFromDetails(canceled.Details)
	}
	return nil
}

// RerunOptions say what a rerun runs again.
type RerunOptions struct {
	// Skip names the nodes to carry over; From reruns that node and every
	// node after it. With neither, every node that ended OK is carried
	// over (--failed).
	Skip []string
	From string
	// Plan is the workflow to run: the earlier run's, or the file
	// recompiled (new parameters, an edited file).
	Plan               *plan.Workflow
	User               string
	NoSearchAttributes bool
}

// SkipSet decides which nodes a rerun of e carries over, and checks them
// against the plan the rerun runs: every skipped node must have ended OK
// and still exist in the plan as an action of the same kind. It runs before
// anything starts, so a wrong --skip loses nothing.
func SkipSet(e *Ended, o RerunOptions) ([]string, error) {
	w := o.Plan
	if w == nil {
		w = e.Input.Plan
	}
	rec := e.Record
	if rec == nil {
		if o.From != "" && o.From == w.Start {
			return nil, nil // everything runs again
		}
		return nil, fmt.Errorf("run %s ended %s without a record of its nodes (terminated, timed out, or ended before howdah kept records), so nothing can be carried over: rerun it whole with --from %s", e.RunID, statusWord(e.Status), w.Start)
	}
	ok := map[string]bool{}
	for _, name := range api.SucceededNodes(rec) {
		ok[name] = true
	}
	var skip []string
	switch {
	case len(o.Skip) > 0 && o.From != "":
		return nil, errors.New("--skip and --from cannot be combined")
	case len(o.Skip) > 0:
		status, kind := map[string]string{}, map[string]string{}
		for _, st := range rec.States {
			status[st.Name], kind[st.Name] = st.Status, st.Kind
		}
		for _, name := range o.Skip {
			switch {
			case status[name] == "":
				return nil, fmt.Errorf("--skip %s: run %s has no node %q", name, e.RunID, name)
			case kind[name] != string(plan.KindAction):
				return nil, fmt.Errorf("--skip %s: only actions are skipped; %q is a %s, which a rerun evaluates again", name, name, kind[name])
			case slices.Contains(rec.Trimmed, name):
				return nil, fmt.Errorf("--skip %s: its outputs were too large to keep in run %s's record, so it must run again", name, e.RunID)
			case !ok[name]:
				return nil, fmt.Errorf("--skip %s: node %q did not succeed in run %s (it ended %s); only nodes that ended OK can be skipped", name, name, e.RunID, status[name])
			}
			if !slices.Contains(skip, name) {
				skip = append(skip, name)
			}
		}
	case o.From != "":
		if w.Node(o.From) == nil {
			return nil, fmt.Errorf("--from %s: the workflow has no node %q", o.From, o.From)
		}
		after := Reachable(w, o.From)
		for _, name := range api.SucceededNodes(rec) {
			if !after[name] {
				skip = append(skip, name)
			}
		}
	default:
		skip = api.SucceededNodes(rec)
	}
	// The plan the rerun runs must still have every skipped node, as an
	// action of the same kind.
	for _, name := range skip {
		old, cur := e.Input.Plan.Node(name), w.Node(name)
		switch {
		case cur == nil:
			return nil, fmt.Errorf("node %q ended OK in run %s and would be skipped, but the workflow file has no node %q now: restore it, or name the nodes to skip with --skip", name, e.RunID, name)
		case cur.Action == nil:
			return nil, fmt.Errorf("node %q ended OK in run %s as an action, but it is a %s in the workflow file now", name, e.RunID, cur.Kind)
		case old != nil && old.Action != nil && old.Action.Kind != cur.Action.Kind:
			return nil, fmt.Errorf("node %q ended OK in run %s as a %s action, but it is a %s action in the workflow file now", name, e.RunID, old.Action.Kind, cur.Action.Kind)
		}
	}
	return skip, nil
}

// Reachable is the set of nodes reachable from node from (itself
// included) through any transition.
func Reachable(w *plan.Workflow, from string) map[string]bool {
	seen := map[string]bool{}
	stack := []string{from}
	for len(stack) > 0 {
		name := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := w.Node(name)
		if n == nil || seen[name] {
			continue
		}
		seen[name] = true
		switch {
		case n.Action != nil:
			stack = append(stack, n.Action.OK, n.Action.Error)
		case n.Decision != nil:
			for _, c := range n.Decision.Cases {
				stack = append(stack, c.Goto)
			}
			stack = append(stack, n.Decision.Default)
		case n.Fork != nil:
			stack = append(stack, n.Fork.Branches...)
			stack = append(stack, n.Fork.Join)
		case n.Join != nil:
			stack = append(stack, n.Join.Next)
		}
	}
	return seen
}

// StartRerun starts the rerun of e: a new run of the same workflow id
// whose input names the nodes to skip and carries e's record.
func StartRerun(ctx context.Context, c sdkclient.Client, e *Ended, o RerunOptions) (sdkclient.WorkflowRun, *api.Rerun, error) {
	skip, err := SkipSet(e, o)
	if err != nil {
		return nil, nil, err
	}
	w := o.Plan
	if w == nil {
		w = e.Input.Plan
	}
	rr := &api.Rerun{Run: 1, Previous: e.RunID, Skip: skip, Prior: e.Record}
	if e.Record != nil {
		rr.Run = e.Record.Run + 1
	}
	in := e.Input
	in.Plan = w
	in.Resume = nil
	in.Rerun = rr
	if o.User != "" {
		in.User = o.User
	}
	in.NoSearchAttributes = o.NoSearchAttributes
	opts := sdkclient.StartWorkflowOptions{
		ID:                       e.ID,
		TaskQueue:                in.TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		// Two reruns of one ended run start one: the SDK would otherwise
		// hand the second the first one's handle as if it had started it.
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		StaticSummary:                            fmt.Sprintf("%s (rerun %d)", Summary(w), rr.Run),
		StaticDetails:                            Details(w) + rerunDetails(rr),
	}
	run, err := execute(ctx, c, opts, w, &in, rr.Run)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return nil, nil, fmt.Errorf("rerun %s: another run of it started meanwhile (run %s, perhaps another rerun): see howdah status %s", e.ID, started.RunId, e.ID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("rerun %s: %w", e.ID, err)
	}
	return run, rr, nil
}

func rerunDetails(rr *api.Rerun) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n**rerun %d** of run %s: ", rr.Run, md.Code(rr.Previous))
	if len(rr.Skip) == 0 {
		b.WriteString("every node runs again\n")
		return b.String()
	}
	fmt.Fprintf(&b, "%d node(s) carried over (skipped by rerun): ", len(rr.Skip))
	for i, name := range rr.Skip {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 20 {
			fmt.Fprintf(&b, "and %d more", len(rr.Skip)-20)
			break
		}
		fmt.Fprintf(&b, "`%s`", name)
	}
	b.WriteString("\n")
	return b.String()
}

func statusWord(s enumspb.WorkflowExecutionStatus) string {
	return strings.TrimPrefix(s.String(), "WORKFLOW_EXECUTION_STATUS_")
}

// PriorRecord is the record the previous run of a coordinator instance
// ended with, or nil when it left none. The previous run is in.PriorRunID,
// read from its own history; inputs recorded before the coordinator named
// it fall back to the visibility store (the run before in.RunID that did
// not continue as new), which can lag a run that has just closed.
func PriorRecord(ctx context.Context, c sdkclient.Client, in contract.PriorRecordInput) (*api.Record, error) {
	if in.PriorRunID != "" {
		return readRecord(ctx, c, in.WorkflowID, in.PriorRunID), nil
	}
	resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
		PageSize: 1,
		Query:    fmt.Sprintf("WorkflowId = %s AND RunId != %s AND ExecutionStatus != 'Running' AND ExecutionStatus != 'ContinuedAsNew'", Quote(in.WorkflowID), Quote(in.RunID)),
	})
	if err != nil {
		return nil, err
	}
	if len(resp.GetExecutions()) == 0 {
		return nil, nil
	}
	return readRecord(ctx, c, in.WorkflowID, resp.GetExecutions()[0].GetExecution().GetRunId()), nil
}

// LatestRuns maps each of ids that has a run to its latest run's id, read
// from each execution's own state (exact, unlike the visibility store).
func LatestRuns(ctx context.Context, c sdkclient.Client, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, id := range ids {
		g.Go(func() error {
			d, err := c.DescribeWorkflowExecution(gctx, id, "")
			var nf *serviceerror.NotFound
			if errors.As(err, &nf) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("describe %s: %w", id, err)
			}
			mu.Lock()
			out[id] = d.GetWorkflowExecutionInfo().GetExecution().GetRunId()
			mu.Unlock()
			return nil
		})
	}
	return out, g.Wait()
}

// Secrets are a run's sensitive values (its plan's and a parent run's),
// for commands that print what the run carries; nil when the run's input
// cannot be read.
func Secrets(ctx context.Context, c sdkclient.Client, id, runID string) []string {
	in, err := RunInput(ctx, c, id, runID)
	if err != nil || in.Plan == nil {
		return nil
	}
	return append(in.Plan.SecretsWith(in.Params), in.Secrets...)
}
