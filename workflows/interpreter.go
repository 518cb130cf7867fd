package workflows

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Change ids for workflow.GetVersion: each gates a change of the commands
// the interpreter issues, so runs recorded before it replay as they ran.
const (
	versionStopOnCancel   = "stop-on-cancel"
	versionForEachBatches = "for-each-batches"
	versionLocalFS        = "local-fs"
	// The run keeps its HowdahNode search attribute up to date (1), at
	// most once per nodeAttrEvery (2).
	versionNodeSearchAttribute = "node-search-attribute"
	// A coordinator names the run each rerun instance carries over.
	versionPriorRunID = "prior-run-id"
	// fs items of a wide fan-out run as regular activities (wideFanOut).
	versionWideFanOutFS = "wide-fan-out-fs"
	// A coordinator learns of its instances' ends from their completions.
	versionChildDone = "child-done"
)

// defaultHistoryLimit keeps runs far below Temporal's 51,200-event cap.
const defaultHistoryLimit = 10000

// Run is the dynamic workflow function registered for every workflow type:
// it decodes the Input and executes the plan.
func Run(ctx workflow.Context, args converter.EncodedValues) (*Output, error) {
	var in Input
	if err := args.Get(&in); err != nil {
		return nil, temporal.NewNonRetryableApplicationError("cannot decode workflow input: "+err.Error(), ErrBadInput, err)
	}
	return Execute(ctx, in)
}

// Execute runs a plan to its end, kill or cancellation.
func Execute(ctx workflow.Context, in Input) (*Output, error) {
	out, _, err := execute(ctx, in)
	return out, err
}

// execute is Execute, and also returns the record the run ended with (nil
// when it continued as new or its input was bad).
func execute(ctx workflow.Context, in Input) (*Output, *Record, error) {
	if in.Plan == nil {
		return nil, nil, temporal.NewNonRetryableApplicationError("workflow input has no plan", ErrBadInput, nil)
	}
	if in.Plan.FormatVersion != plan.FormatVersion {
		return nil, nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf("plan format version %d is not supported (want %d)", in.Plan.FormatVersion, plan.FormatVersion), ErrBadInput, nil)
	}
	if in.Batch != nil {
		out, err := executeBatch(ctx, in)
		return out, nil, err
	}
	r := newRun(ctx, in)
	if !in.NoSearchAttributes {
		v := workflow.GetVersion(ctx, versionNodeSearchAttribute, workflow.DefaultVersion, 2)
		r.nodeAttr, r.throttled, r.root = v >= 1, v >= 2, ctx
	}
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return r.snapshot(), nil }); err != nil {
		return nil, nil, err
	}
	if err := workflow.SetQueryHandler(ctx, QueryResults, func() (map[string]expr.Result, error) { return r.results, nil }); err != nil {
		return nil, nil, err
	}
	r.listenForSignals(ctx)
	r.listenForOperator(ctx)

	from := in.Plan.Start
	if in.Resume != nil {
		from = in.Resume.Node
	}
	end, err := r.walk(ctx, from, "")
	var can *workflow.ContinueAsNewError
	if errors.As(err, &can) {
		return nil, nil, err
	}
	if err == nil && end != plan.EndNode {
		err = r.killError(ctx, end)
	}
	r.finish(ctx, end, err)
	rec := r.record()
	if err != nil {
		if temporal.IsCanceledError(err) || errors.Is(ctx.Err(), workflow.ErrCanceled) {
			return nil, rec, temporal.NewCanceledError(r.snapshot(), rec)
		}
		return nil, rec, r.withRecord(err, rec)
	}
	return &Output{Status: RunSucceeded, Nodes: r.snapshot().Nodes, Record: rec}, rec, nil
}

// withRecord puts the run's record in the details of the failure it ends
// with (after the kill details, which stay first).
func (r *run) withRecord(err error, rec *Record) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() == ErrKilled && r.killDetails != nil {
		return temporal.NewNonRetryableApplicationError(app.Message(), ErrKilled, nil, r.killDetails, rec)
	}
	code, msg := describe(err)
	msg = r.redact(msg)
	return temporal.NewNonRetryableApplicationError(msg, code, nil, map[string]string{"error": msg}, rec)
}

// run is the interpreter's state for one execution.
type run struct {
	in         Input
	plan       *plan.Workflow
	nodes      map[string]*plan.Node
	index      map[string]int
	progress   // node states, results, the run's status (state.go)
	shown      // what the Web UI's list shows of it (state.go)
	rerunState // what a rerun carries over and a record keeps (rerun.go)
	holds      // held nodes and their answers (hold.go)
	redaction  // the run's secrets (sensitive.go)
}

func newRun(ctx workflow.Context, in Input) *run {
	info := workflow.GetInfo(ctx)
	r := &run{
		in:    in,
		plan:  in.Plan,
		nodes: make(map[string]*plan.Node, len(in.Plan.Nodes)),
		index: make(map[string]int, len(in.Plan.Nodes)),
		progress: progress{
			results: map[string]expr.Result{},
			info:    expr.RunInfo{ID: info.WorkflowExecution.ID, User: in.User},
			status:  RunRunning,
			running: map[string]bool{},
		},
		rerunState: rerunState{skip: map[string]bool{}, partial: map[string]*Partial{}, children: map[string]*Record{}},
		holds:      holds{held: map[string]bool{}, answers: map[string]*OperatorCommand{}, base: map[string]int{}},
	}
	r.secrets = in.Plan.SecretsWith(in.Params)
	for _, s := range in.Secrets {
		if !slices.Contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
		}
	}
	r.redactor = plan.NewRedactor(r.secrets)
	if in.Rerun != nil {
		r.info.Run = in.Rerun.Run
		for _, name := range in.Rerun.Skip {
			r.skip[name] = true
		}
	}
	for i := range in.Plan.Nodes {
		n := &in.Plan.Nodes[i]
		r.nodes[n.Name] = n
		r.index[n.Name] = i
		src := ""
		if n.Range.Start.Line > 0 {
			src = n.Range.String()
		}
		r.states = append(r.states, NodeState{Name: n.Name, Kind: string(n.Kind), Status: StatusPrep, Source: src})
	}
	if rs := in.Resume; rs != nil && len(rs.States) == len(r.states) {
		copy(r.states, rs.States)
		for _, st := range rs.States {
			if st.Status == StatusRunning || st.Status == StatusUserRetry {
				r.running[st.Name] = true
			}
		}
		for k, v := range rs.Results {
			r.results[k] = v
		}
		r.info = rs.Info
		r.suspended = rs.Suspended
		for k, v := range rs.Partial {
			r.partial[k] = v
		}
		for k, v := range rs.Children {
			r.children[k] = v
		}
	}
	return r
}

func (r *run) state(name string) *NodeState { return &r.states[r.index[name]] }

// walk follows transitions from node from until it reaches stopAt (a
// fork's join), end, or a kill node, and returns where it stopped.
func (r *run) walk(ctx workflow.Context, from, stopAt string) (string, error) {
	cur := from
	for {
		if cur == stopAt {
			return cur, nil
		}
		n, ok := r.nodes[cur]
		if !ok {
			return "", temporal.NewNonRetryableApplicationError(fmt.Sprintf("plan has no node %q", cur), ErrBadInput, nil)
		}
		if err := r.awaitResumed(ctx); err != nil {
			return "", err
		}
		if err := stopIfCancelled(ctx); err != nil {
			return "", err
		}
		if stopAt == "" && n.Kind != plan.KindEnd && n.Kind != plan.KindKill && r.historyFull(ctx) {
			return "", r.continueAsNew(ctx, cur)
		}
		var err error
		switch n.Kind {
		case plan.KindAction:
			cur, err = r.runAction(ctx, n)
		case plan.KindDecision:
			cur, err = r.decide(ctx, n)
		case plan.KindFork:
			cur, err = r.runFork(ctx, n)
		case plan.KindJoin:
			// Reached outside its fork: the compiler forbids this.
			return "", temporal.NewNonRetryableApplicationError(fmt.Sprintf("join %q reached outside its fork", cur), ErrBadInput, nil)
		case plan.KindEnd:
			r.setStatus(ctx, cur, StatusOK)
			return cur, nil
		case plan.KindKill:
			// Reached: it killed the run (Oozie says OK here, which read
			// as if the failure had not happened).
			r.setStatus(ctx, cur, StatusKilled)
			return cur, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// stopIfCancelled ends a walk whose run (or fork branch) was cancelled
// before it takes its next node: an action that finished successfully
// after the cancel (a YARN job in its last seconds, an activity that had
// not heartbeated yet) must not lead the run into its next nodes, where a
// decision and the end would make a cancelled run SUCCEEDED. Runs recorded
// before this check replay as they ran.
func stopIfCancelled(ctx workflow.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	if workflow.GetVersion(ctx, versionStopOnCancel, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	return ctx.Err()
}

// historyFull says the run should continue as new before its next node.
func (r *run) historyFull(ctx workflow.Context) bool {
	limit := r.in.HistoryLimit
	if limit <= 0 {
		limit = defaultHistoryLimit
	}
	info := workflow.GetInfo(ctx)
	return info.GetCurrentHistoryLength() > limit || info.GetContinueAsNewSuggested()
}

// continueAsNew ends this run and starts the next one at node, carrying
// the state later nodes need. Only the top-level walk does it, between
// nodes, when nothing else is running.
func (r *run) continueAsNew(ctx workflow.Context, node string) error {
	in := r.in
	continued := 1
	if in.Resume != nil {
		continued = in.Resume.Continued + 1
	}
	in.Resume = &Resume{Node: node, States: r.states, Results: r.results, Info: r.info, Suspended: r.suspended, Continued: continued, Partial: r.partial, Children: r.children}
	if in.Instance != nil {
		// A coordinator instance runs its workflow in itself: it goes on
		// as the instance.
		inst := *in.Instance
		takeReport(ctx, &inst)
		in.Instance = nil
		inst.Run = &in
		return workflow.NewContinueAsNewError(ctx, InstanceType, inst)
	}
	return workflow.NewContinueAsNewError(ctx, r.plan.Name, in)
}

// runFork runs every branch concurrently until it reaches the join, then
// returns the join's successor. A branch that ends in a kill cancels the
// others and ends the run with that kill.
func (r *run) runFork(ctx workflow.Context, n *plan.Node) (string, error) {
	f := n.Fork
	r.setStatus(ctx, n.Name, StatusRunning)
	bctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	type outcome struct {
		end string
		err error
	}
	done := workflow.NewChannel(ctx)
	for _, b := range f.Branches {
		branch := b
		workflow.Go(bctx, func(gctx workflow.Context) {
			end, err := r.walk(gctx, branch, f.Join)
			done.Send(gctx, outcome{end, err})
		})
	}
	var first *outcome
	for range f.Branches {
		var o outcome
		done.Receive(ctx, &o)
		if first == nil && (o.err != nil || o.end != f.Join) {
			oc := o
			first = &oc
			cancel() // stop the other branches
		}
	}
	if first != nil {
		r.setStatus(ctx, n.Name, StatusKilled)
		return forkEnd(n.Name, first.end, first.err, ctx.Err())
	}
	r.setStatus(ctx, n.Name, StatusOK)
	r.setStatus(ctx, f.Join, StatusOK)
	return r.nodes[f.Join].Join.Next, nil
}

// forkEnd is where a fork goes when its first branch to stop did not reach
// the join: the node it ended at (a kill), or its error, or the run's
// cancellation (runErr). A branch cancelled while the run was not (its
// own activity or child cancelled from outside) fails the fork with an
// error that says so: it names no node to go to.
func forkEnd(fork, end string, err, runErr error) (string, error) {
	switch {
	case err != nil && !temporal.IsCanceledError(err):
		return "", err
	case runErr != nil:
		return "", runErr
	case err != nil || end == "":
		return "", temporal.NewNonRetryableApplicationError(fmt.Sprintf("fork %s: a branch was cancelled while the run was not (an activity or sub-workflow of it cancelled from outside): the fork cannot go on", fork), ErrCancelled, nil)
	}
	return end, nil
}

// decide evaluates the cases in order; the first true one wins.
func (r *run) decide(ctx workflow.Context, n *plan.Node) (string, error) {
	d := n.Decision
	r.setStatus(ctx, n.Name, StatusRunning)
	for i, c := range d.Cases {
		ok, err := r.evalBool(ctx, c.When)
		if err != nil {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			r.fail(ctx, n.Name, "DecisionError", fmt.Sprintf("case %d: %v", i+1, err))
			return plan.FailNode, nil
		}
		if ok {
			r.setStatus(ctx, n.Name, StatusOK)
			return c.Goto, nil
		}
	}
	r.setStatus(ctx, n.Name, StatusOK)
	return d.Default, nil
}

func (r *run) evalBool(ctx workflow.Context, v plan.BoolValue) (bool, error) {
	if v.Static != nil {
		return *v.Static, nil
	}
	if v.Expr == nil {
		return false, fmt.Errorf("empty predicate")
	}
	val, diags := expr.Eval(*v.Expr, r.scope(ctx, nil))
	if diags.HasErrors() {
		return false, fmt.Errorf("%s", diags.Error())
	}
	val, _ = val.UnmarkDeep() // a bool says nothing of the secret it tested
	if !val.IsKnown() || val.IsNull() || val.Type().FriendlyName() != "bool" {
		return false, fmt.Errorf("%s: the predicate is not a bool", v.Expr.Range)
	}
	return val.True(), nil
}

// scope is the expression scope at this point of the run.
func (r *run) scope(ctx workflow.Context, each *expr.Item) *expr.Scope {
	return &expr.Scope{
		Plan:    r.plan,
		Params:  r.in.Params,
		Run:     r.info,
		Results: r.results,
		Each:    each,
		FS:      &activityFS{ctx: ctx, r: r},
		Now:     func() time.Time { return workflow.Now(ctx) },
	}
}

// fail records a node's failure for wf.last_error_node and friends.
func (r *run) fail(ctx workflow.Context, node, code, msg string) {
	msg = r.redact(msg)
	st := r.state(node)
	st.Error = msg
	r.info.LastErrorNode = node
	r.info.ErrorCode = code
	r.info.ErrorMessage = msg
	res := r.results[node]
	res.Status = StatusError
	res.ErrorCode = code
	res.ErrorMessage = msg
	r.results[node] = res
	r.setStatus(ctx, node, StatusError)
}

// killError builds the run's failure from the kill node it ended at.
func (r *run) killError(ctx workflow.Context, kill string) error {
	msg := "killed at " + kill
	if k := r.nodes[kill].Kill; k != nil {
		if k.Message.Expr != nil {
			v, diags := expr.Eval(*k.Message.Expr, r.scope(ctx, nil))
			v = r.unmark(v)
			if !diags.HasErrors() && v.IsKnown() && !v.IsNull() {
				msg = v.AsString()
			} else if diags.HasErrors() {
				msg = fmt.Sprintf("killed at %s (its message failed: %s)", kill, diags.Error())
			}
		} else if k.Message.Static != "" {
			msg = k.Message.Static
		}
	}
	details := map[string]string{"workflow": r.plan.Name, "kill_node": kill, "last_error_node": r.info.LastErrorNode, "error_code": r.info.ErrorCode, "error": r.info.ErrorMessage}
	if n := r.nodes[r.info.LastErrorNode]; n != nil && n.Range.Start.Line > 0 {
		details["source"] = n.Range.String()
	}
	msg = r.redact(msg)
	for k, v := range details {
		details[k] = r.redact(v)
	}
	r.message = msg
	r.killDetails = details
	// The failure's message is what the Web UI shows first: where it
	// failed goes in it, not only in the details.
	if src := details["source"]; src != "" {
		msg += fmt.Sprintf(" [node %s at %s]", r.info.LastErrorNode, src)
	}
	return temporal.NewNonRetryableApplicationError(msg, ErrKilled, nil, details)
}

// finish sets the run's final status and marks nodes that never ran.
func (r *run) finish(ctx workflow.Context, end string, err error) {
	switch {
	case err != nil && (temporal.IsCanceledError(err) || ctx.Err() != nil):
		r.status = RunKilled
		r.message = "cancelled"
	case err != nil:
		r.status = RunFailed
		if r.message == "" {
			r.message = r.redact(messageOf(err))
		}
	case end == plan.EndNode:
		r.status = RunSucceeded
	default:
		r.status = RunFailed
	}
	for i := range r.states {
		switch r.states[i].Status {
		case StatusPrep:
			r.states[i].Status = StatusSkipped
		case StatusRunning, StatusUserRetry, StatusHeld:
			r.states[i].Status = StatusKilled
		}
	}
	clear(r.running)
	// Detached: the details must be set even when ctx is cancelled.
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	r.publishDetails(dctx)
}
