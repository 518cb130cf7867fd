package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"path/filepath"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/internal/codec"
	"github.com/howdah/howdah/internal/md"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
)

// Options say how to start a run.
type Options struct {
	// ID is the workflow id. Starting twice with the same id while the first
	// run is open returns that run (idempotent submission). Default:
	// NAME-<random>.
	ID        string
	TaskQueue string
	User      string
	// NoSearchAttributes skips howdah's search attributes, for clusters
	// where they are not registered.
	NoSearchAttributes bool
	// HeartbeatTimeout overrides how soon a dead worker's action is retried.
	HeartbeatTimeout time.Duration
	// HistoryLimit overrides the history length at which a run continues
	// as new (see api.Input).
	HistoryLimit int
	// BatchItems overrides the size of a for_each's batches (see
	// api.Input).
	BatchItems int
	// WorkDir is the directory relative local paths mean (the
	// submitter's working directory); absolute, or ignored.
	WorkDir string
}

// SearchAttributes are the custom search attributes runs carry; the
// embedded dev server registers them.
var SearchAttributes = map[string]enumspb.IndexedValueType{
	api.SearchWorkflow: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	api.SearchApp:      enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	api.SearchUser:     enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	// Coordinator instances.
	api.SearchCoordinator:   enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	api.SearchNominalTime:   enumspb.INDEXED_VALUE_TYPE_DATETIME,
	api.SearchInstanceState: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	// Reruns and holds.
	api.SearchRun:  enumspb.INDEXED_VALUE_TYPE_INT,
	api.SearchHeld: enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
	// Where a run is, for the Web UI's workflow list.
	api.SearchNode: enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
}

// Start starts w. It does not wait for the run.
func Start(ctx context.Context, c sdkclient.Client, w *plan.Workflow, o Options) (sdkclient.WorkflowRun, error) {
	if o.ID == "" {
		o.ID = w.Name + "-" + randomSuffix()
	}
	opts := sdkclient.StartWorkflowOptions{
		ID:                       o.ID,
		TaskQueue:                o.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		StaticSummary:            Summary(w),
		StaticDetails:            Details(w),
	}
	in := api.Input{Plan: w, User: o.User, TaskQueue: o.TaskQueue, HeartbeatTimeout: plan.Duration(o.HeartbeatTimeout), HistoryLimit: o.HistoryLimit, BatchItems: o.BatchItems, NoSearchAttributes: o.NoSearchAttributes}
	if filepath.IsAbs(o.WorkDir) {
		in.WorkDir = o.WorkDir
	}
	return execute(ctx, c, opts, w, &in, 0)
}

// execute starts the run with howdah's search attributes (HowdahRun is
// its wf.run), or without them on a cluster where they are not registered.
func execute(ctx context.Context, c sdkclient.Client, opts sdkclient.StartWorkflowOptions, w *plan.Workflow, in *api.Input, rerun int) (sdkclient.WorkflowRun, error) {
	if !in.NoSearchAttributes {
		opts.TypedSearchAttributes = temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword(api.SearchWorkflow).ValueSet(w.Name),
			temporal.NewSearchAttributeKeyKeyword(api.SearchApp).ValueSet(w.Source),
			temporal.NewSearchAttributeKeyKeyword(api.SearchUser).ValueSet(in.User),
			temporal.NewSearchAttributeKeyInt64(api.SearchRun).ValueSet(int64(rerun)),
			// Empty lists store nothing, but the server checks they are
			// registered: a cluster that has the others and not these
			// (registered for an older howdah) must not fail the run's
			// first upsert of them.
			temporal.NewSearchAttributeKeyKeywordList(api.SearchHeld).ValueSet([]string{}),
			temporal.NewSearchAttributeKeyKeywordList(api.SearchNode).ValueSet([]string{}),
		)
	}
	run, err := c.ExecuteWorkflow(ctx, opts, w.Name, *in)
	if err != nil && opts.TypedSearchAttributes.Size() > 0 && strings.Contains(strings.ToLower(err.Error()), "search attribute") {
		// A cluster where howdah's search attributes are not registered:
		// run without them rather than not at all, and tell the run not
		// to set them either.
		opts.TypedSearchAttributes = temporal.SearchAttributes{}
		in.NoSearchAttributes = true
		run, err = c.ExecuteWorkflow(ctx, opts, w.Name, *in)
	}
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", w.Name, err)
	}
	return run, nil
}

// Summary is the one line the UI shows for a run: name and parameters.
func Summary(w *plan.Workflow) string {
	var b strings.Builder
	b.WriteString(w.Name)
	for i, p := range w.Params {
		if i == 0 {
			b.WriteString(" ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", p.Name, md.Inline(shownValue(p)))
	}
	return plan.Clip(b.String(), 400)
}

// Details is the Markdown the UI shows: what the run is, from where.
func Details(w *plan.Workflow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", w.Name)
	if w.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", w.Description)
	}
	fmt.Fprintf(&b, "- source: %s\n- plan: `%s`\n- nodes: %d\n", md.Code(w.Source), w.SourceDigest, len(w.Nodes))
	if len(w.Params) > 0 {
		b.WriteString("\n| parameter | value |\n|---|---|\n")
		params := append([]plan.Param(nil), w.Params...)
		sort.Slice(params, func(i, j int) bool { return params[i].Name < params[j].Name })
		for _, p := range params {
			fmt.Fprintf(&b, "| %s | %s |\n", p.Name, md.Code(shownValue(p)))
		}
	}
	return b.String()
}

// shownValue is how a parameter's value is shown: its JSON, or Redacted.
func shownValue(p plan.Param) string {
	if p.Sensitive {
		return plan.Redacted
	}
	return string(p.Value)
}

func randomSuffix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// State is a run's node states: for a run that has ended, from the record
// it ended with (no worker needed); for a running one, from the
// interpreter's state query. An empty runID means the latest run of id,
// which follows continue-as-new and reruns.
func State(ctx context.Context, c sdkclient.Client, id, runID string) (api.State, error) {
	var st api.State
	desc, err := c.DescribeWorkflowExecution(ctx, id, runID)
	if err != nil {
		return st, err
	}
	info := desc.GetWorkflowExecutionInfo()
	status := info.GetStatus()
	if status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING && status != enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW {
		if rec := readRecord(ctx, c, id, info.GetExecution().GetRunId()); rec != nil {
			return api.State{Workflow: info.GetType().GetName(), Status: rec.Status, Message: rec.Message, Nodes: rec.States, Run: rec.Run, Results: rec.Results}, nil
		}
	}
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	v, err := c.QueryWorkflow(qctx, id, info.GetExecution().GetRunId(), api.QueryState)
	if err != nil {
		return st, err
	}
	if err := v.Get(&st); err != nil {
		return st, err
	}
	addLive(&st, desc.GetPendingActivities())
	return st, nil
}

// Results are the results of a run's ended actions: from the record of
// an ended run, else the results query.
func Results(ctx context.Context, c sdkclient.Client, id, runID string, st api.State) (map[string]expr.Result, error) {
	if st.Results != nil || st.Status != api.RunRunning && st.Status != api.RunSuspended {
		return st.Results, nil
	}
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	v, err := c.QueryWorkflow(qctx, id, runID, api.QueryResults)
	if err != nil {
		return nil, err
	}
	var res map[string]expr.Result
	return res, v.Get(&res)
}

// addLive adds to running nodes what their activities last reported in a
// heartbeat, and the error Temporal is retrying them after.
func addLive(st *api.State, pending []*workflowpb.PendingActivityInfo) {
	index := map[string]int{}
	for i, n := range st.Nodes {
		index[n.Name] = i
	}
	for _, pa := range pending {
		var p contract.Progress
		if hd := pa.GetHeartbeatDetails(); hd != nil {
			if err := codec.DataConverter().FromPayloads(hd, &p); err != nil {
				continue
			}
		}
		i, ok := index[p.Node]
		if !ok {
			continue
		}
		n := &st.Nodes[i]
		live := p.Phase
		if p.Fraction > 0 {
			live += fmt.Sprintf(" %.0f%%", 100*p.Fraction)
		}
		if p.Detail != "" {
			live += ": " + p.Detail
		}
		if p.Item >= 0 && n.Items > 0 {
			live = fmt.Sprintf("item %d %s", p.Item, live)
		}
		if n.Live == "" {
			n.Live = live
		} else if !strings.HasSuffix(n.Live, "...") {
			n.Live += "; ..."
		}
		switch {
		case p.Retrying != "":
			n.Retrying = p.Retrying
		case pa.GetAttempt() > 1 && pa.GetLastFailure() != nil:
			n.Retrying = fmt.Sprintf("try %d after: %s", pa.GetAttempt(), pa.GetLastFailure().GetMessage())
		}
	}
}

// Quote makes s a string literal of a visibility query: quoted, with its
// backslashes and quotes escaped, so an id cannot change the query.
func Quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// RunOf is the run id of rerun n of id (0: the first run): the latest run
// carrying HowdahRun = n, so a rerun that continued as new gives its last
// run.
func RunOf(ctx context.Context, c sdkclient.Client, namespace, id string, n int) (string, error) {
	resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
		Namespace: namespace,
		PageSize:  1,
		Query:     fmt.Sprintf("WorkflowId = %s AND %s = %d", Quote(id), api.SearchRun, n),
	})
	if err != nil {
		return "", err
	}
	if len(resp.GetExecutions()) == 0 {
		// The visibility store lags a run that has just started: the
		// latest run itself says exactly which rerun it is.
		if d, err := c.DescribeWorkflowExecution(ctx, id, ""); err == nil {
			var got int64
			if p := d.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()[api.SearchRun]; p != nil &&
				converter.GetDefaultDataConverter().FromPayload(p, &got) == nil && got == int64(n) {
				return d.GetWorkflowExecutionInfo().GetExecution().GetRunId(), nil
			}
		}
		return "", fmt.Errorf("%s has no run %d (runs count from 0; `howdah list` shows the latest run's number; --run-id names a run directly)", id, n)
	}
	return resp.GetExecutions()[0].GetExecution().GetRunId(), nil
}

// Answer sends an operator's command to a held node and waits for the run
// to take it: it says what was accepted, or returns why it was refused (the
// node is not held, another answer was taken first). A worker must be
// running.
func Answer(ctx context.Context, c sdkclient.Client, id, runID string, cmd api.OperatorCommand) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	h, err := c.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{
		WorkflowID:   id,
		RunID:        runID,
		UpdateName:   api.UpdateOperator,
		Args:         []any{cmd},
		WaitForStage: sdkclient.WorkflowUpdateStageCompleted,
	})
	var answer string
	if err == nil {
		err = h.Get(ctx, &answer)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "", fmt.Errorf("the run did not answer within a minute (is a worker running? howdah dev runs one)")
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return "", errors.New(app.Message())
	}
	return answer, err
}
