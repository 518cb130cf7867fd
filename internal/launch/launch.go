// Package launch starts compiled plans as Temporal workflows the way every
// howdah command does: workflow type = the HCL workflow's name, search
// attributes for filtering, and a static summary and details for the UI.
package launch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
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
	// as new (see workflows.Input).
	HistoryLimit int
	// BatchItems overrides the size of a for_each's batches (see
	// workflows.Input).
	BatchItems int
}

// SearchAttributes are the custom search attributes runs carry; the
// embedded dev server registers them.
var SearchAttributes = map[string]enumspb.IndexedValueType{
	workflows.SearchWorkflow: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	workflows.SearchApp:      enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	workflows.SearchUser:     enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	// Coordinator instances.
	workflows.SearchCoordinator:   enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	workflows.SearchNominalTime:   enumspb.INDEXED_VALUE_TYPE_DATETIME,
	workflows.SearchInstanceState: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
}

// Start starts w. It does not wait for the run.
func Start(ctx context.Context, c client.Client, w *plan.Workflow, o Options) (client.WorkflowRun, error) {
	if o.ID == "" {
		o.ID = w.Name + "-" + randomSuffix()
	}
	opts := client.StartWorkflowOptions{
		ID:                       o.ID,
		TaskQueue:                o.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		StaticSummary:            Summary(w),
		StaticDetails:            Details(w),
	}
	if !o.NoSearchAttributes {
		opts.TypedSearchAttributes = temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword(workflows.SearchWorkflow).ValueSet(w.Name),
			temporal.NewSearchAttributeKeyKeyword(workflows.SearchApp).ValueSet(w.Source),
			temporal.NewSearchAttributeKeyKeyword(workflows.SearchUser).ValueSet(o.User),
		)
	}
	in := workflows.Input{Plan: w, User: o.User, TaskQueue: o.TaskQueue, HeartbeatTimeout: plan.Duration(o.HeartbeatTimeout), HistoryLimit: o.HistoryLimit, BatchItems: o.BatchItems}
	run, err := c.ExecuteWorkflow(ctx, opts, w.Name, in)
	if err != nil && opts.TypedSearchAttributes.Size() > 0 && strings.Contains(strings.ToLower(err.Error()), "search attribute") {
		// A cluster where howdah's search attributes are not registered:
		// run without them rather than not at all.
		opts.TypedSearchAttributes = temporal.SearchAttributes{}
		run, err = c.ExecuteWorkflow(ctx, opts, w.Name, in)
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
		fmt.Fprintf(&b, "%s=%s", p.Name, p.Value)
	}
	s := b.String()
	if len(s) > 400 {
		s = s[:399] + "…"
	}
	return s
}

// Details is the Markdown the UI shows: what the run is, from where.
func Details(w *plan.Workflow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", w.Name)
	if w.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", w.Description)
	}
	fmt.Fprintf(&b, "- source: `%s`\n- plan: `%s`\n- nodes: %d\n", w.Source, w.SourceDigest, len(w.Nodes))
	if len(w.Params) > 0 {
		b.WriteString("\n| parameter | value |\n|---|---|\n")
		params := append([]plan.Param(nil), w.Params...)
		sort.Slice(params, func(i, j int) bool { return params[i].Name < params[j].Name })
		for _, p := range params {
			fmt.Fprintf(&b, "| %s | `%s` |\n", p.Name, p.Value)
		}
	}
	return b.String()
}

func randomSuffix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// State asks a run for its node states with the interpreter's state query;
// it works on closed runs too. An empty runID means the latest run of id,
// which follows continue-as-new.
func State(ctx context.Context, c client.Client, id, runID string) (workflows.State, error) {
	var st workflows.State
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	v, err := c.QueryWorkflow(qctx, id, runID, workflows.QueryState)
	if err != nil {
		return st, err
	}
	return st, v.Get(&st)
}
