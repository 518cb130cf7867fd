package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
)

// CoordinatorOptions say where coordinators run.
type CoordinatorOptions struct {
	Namespace string
	TaskQueue string
	// Paused applies a new coordinator paused.
	Paused bool
	// HistoryLimit overrides the coordinator's continue-as-new threshold.
	HistoryLimit int
	// NoSearchAttributes runs a new coordinator's instances without
	// howdah's search attributes (a namespace that cannot have them).
	NoSearchAttributes bool
	// raced: this apply lost a race to create it, and applies again.
	raced bool
}

// Applied says what ApplyCoordinator did.
type Applied struct {
	Name   string
	Action string // created, updated, unchanged
	// NoSearchAttributes: instances carry no search attributes (asked
	// for with CoordinatorOptions.NoSearchAttributes).
	NoSearchAttributes bool
}

// CoordinatorDigest identifies a coordinator plan: applying the same file twice
// gives the same digest, and ApplyCoordinator then changes nothing.
func CoordinatorDigest(co *plan.Coordinator) string {
	b, _ := co.Marshal()
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// MissingAttributesError refuses a coordinator on a namespace without
// howdah's search attributes: its instances would carry none for as long
// as it runs, even after they are registered.
type MissingAttributesError struct {
	Namespace string
	Missing   []string
}

func (e *MissingAttributesError) Error() string {
	return fmt.Sprintf("namespace %s lacks howdah's search attributes %s, which coordinator instances carry (their states in coordinator list and status, the Web UI's listing): register them with `howdah setup`, or apply with --no-search-attributes to run without them", e.Namespace, strings.Join(e.Missing, ", "))
}

// ApplyCoordinator creates the coordinator's workflow, or updates a running one with
// a changed plan (keeping its cursor and paused state), or does nothing
// when the plan is unchanged.
func ApplyCoordinator(ctx context.Context, c sdkclient.Client, co *plan.Coordinator, o CoordinatorOptions) (Applied, error) {
	out := Applied{Name: co.Name}
	id := coord.CoordinatorID(co.Name)
	digest := CoordinatorDigest(co)
	st, err := Coordinator(ctx, c, co.Name)
	if err == nil && st.Running {
		if st.State.Digest == digest {
			out.Action = "unchanged"
			return out, nil
		}
		if err := c.SignalWorkflow(ctx, id, "", api.SignalCoordinator, api.CoordEvent{Kind: api.EventUpdate, Coordinator: co, Digest: digest}); err != nil {
			return out, fmt.Errorf("update %s: %w", co.Name, err)
		}
		out.Action = "updated"
		return out, nil
	}
	out.NoSearchAttributes = o.NoSearchAttributes
	if !o.NoSearchAttributes {
		// A server that cannot be asked (no operator API) is taken to
		// have them; its instances' upserts say otherwise if not.
		if missing, err := MissingSearchAttributes(ctx, c, o.Namespace); err == nil && len(missing) > 0 {
			return out, &MissingAttributesError{Namespace: o.Namespace, Missing: missing}
		}
	}
	in := api.CoordinatorInput{Coordinator: co, Digest: digest, TaskQueue: o.TaskQueue, NoSearchAttributes: out.NoSearchAttributes, Paused: o.Paused, HistoryLimit: o.HistoryLimit}
	_, err = c.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{
		ID:                    id,
		TaskQueue:             o.TaskQueue,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		// Two applies at once: one creates it, the other must see that it
		// did not (the SDK's default hands back the running one as if it
		// had started it).
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		StaticSummary:                            fmt.Sprintf("coordinator %s: %s from %s (%s)", co.Name, co.Frequency, co.Start.Format(time.RFC3339), co.TimeZone),
		StaticDetails:                            fmt.Sprintf("### coordinator %s\n\n- file: `%s`\n- workflow: `%s`\n- frequency: %s in %s\n- concurrency %d, throttle %d, execution %s\n", co.Name, co.Source, co.Workflow.Source, co.Frequency, co.TimeZone, co.Concurrency, co.Throttle, co.Execution),
	}, api.CoordinatorType, in)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) && !o.raced {
		// Another apply created it meanwhile: apply to that one.
		o.raced = true
		out, err := ApplyCoordinator(ctx, c, co, o)
		if err == nil {
			out.Action += " (another apply created it meanwhile)"
		}
		return out, err
	}
	if err != nil {
		return out, fmt.Errorf("start coordinator %s: %w", co.Name, err)
	}
	out.Action = "created"
	return out, nil
}

// CoordinatorStatus is a coordinator as the server knows it.
type CoordinatorStatus struct {
	Name    string
	Running bool
	State   api.CoordinatorState
}

// Coordinator queries a coordinator's workflow.
func Coordinator(ctx context.Context, c sdkclient.Client, name string) (CoordinatorStatus, error) {
	out := CoordinatorStatus{Name: name}
	id := coord.CoordinatorID(name)
	d, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return out, fmt.Errorf("no coordinator %q on this server (apply its file first)", name)
		}
		return out, err
	}
	out.Running = d.GetWorkflowExecutionInfo().GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	if !out.Running {
		return out, nil
	}
	qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := c.QueryWorkflow(qctx, id, "", api.QueryCoordinator)
	if err != nil {
		return out, fmt.Errorf("query coordinator %s (is a worker running? howdah dev runs one): %w", name, err)
	}
	return out, v.Get(&out.State)
}

// SignalCoordinator sends an operator event to a running coordinator.
func SignalCoordinator(ctx context.Context, c sdkclient.Client, name string, ev api.CoordEvent) error {
	return c.SignalWorkflow(ctx, coord.CoordinatorID(name), "", api.SignalCoordinator, ev)
}

// RequestCoordinator asks a running coordinator for a backfill or rerun and waits
// for its answer: what it queued, or why it refused (paused, nothing in
// the range has come, over the bound). A worker must be running.
func RequestCoordinator(ctx context.Context, c sdkclient.Client, name string, ev api.CoordEvent) (api.RequestResult, error) {
	var res api.RequestResult
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	h, err := c.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{
		WorkflowID:   coord.CoordinatorID(name),
		UpdateName:   api.UpdateCoordinator,
		Args:         []any{ev},
		WaitForStage: sdkclient.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, &res)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return res, fmt.Errorf("coordinator %s did not answer within a minute (is a worker running? howdah dev runs one)", name)
	}
	return res, updateError(err)
}

// updateError is the reason an update was refused, without the SDK's
// wrapping.
func updateError(err error) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return errors.New(app.Message())
	}
	return err
}

// Coordinators names the running coordinators.
func Coordinators(ctx context.Context, c sdkclient.Client, ns string) ([]string, error) {
	var names []string
	var token []byte
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace:     ns,
			Query:         fmt.Sprintf("WorkflowType = '%s' AND ExecutionStatus = 'Running'", api.CoordinatorType),
			NextPageToken: token,
		})
		if err != nil {
			return nil, err
		}
		for _, e := range resp.GetExecutions() {
			names = append(names, strings.TrimPrefix(e.GetExecution().GetWorkflowId(), "coord/"))
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			break
		}
	}
	sort.Strings(names)
	return slices.Compact(names), nil
}

// Instance is one instance as visibility shows it.
type Instance struct {
	ID      string
	RunID   string
	Nominal time.Time
	State   string
	Started time.Time
	Closed  time.Time
}

// Instances lists a coordinator's instances (every run of each, the
// latest last) with nominal times in [from, to) (zero: unbounded),
// oldest first.
func Instances(ctx context.Context, c sdkclient.Client, ns, name string, from, to time.Time) ([]Instance, error) {
	prefix := coord.InstanceID(name, time.Time{})
	prefix = prefix[:strings.IndexByte(prefix, '@')+1]
	q := fmt.Sprintf("WorkflowType = '%s' AND WorkflowId STARTS_WITH '%s'", api.InstanceType, strings.ReplaceAll(prefix, "'", ""))
	var out []Instance
	var token []byte
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: ns, Query: q, NextPageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list instances of %s: %w", name, err)
		}
		for _, e := range resp.GetExecutions() {
			id := e.GetExecution().GetWorkflowId()
			t, err := time.Parse(time.RFC3339, strings.TrimPrefix(id, prefix))
			if err != nil || (!from.IsZero() && t.Before(from)) || (!to.IsZero() && !t.Before(to)) {
				continue
			}
			in := Instance{ID: id, RunID: e.GetExecution().GetRunId(), Nominal: t, State: stateOf(e.GetStatus(), e.GetSearchAttributes().GetIndexedFields())}
			if e.GetStartTime() != nil {
				in.Started = e.GetStartTime().AsTime()
			}
			if e.GetCloseTime() != nil {
				in.Closed = e.GetCloseTime().AsTime()
			}
			out = append(out, in)
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Nominal.Equal(out[j].Nominal) {
			return out[i].Nominal.Before(out[j].Nominal)
		}
		return out[i].Started.Before(out[j].Started)
	})
	return out, nil
}

// LatestInstances keeps the latest run of each instance.
func LatestInstances(all []Instance) []Instance {
	var out []Instance
	for i, in := range all {
		if i+1 < len(all) && all[i+1].ID == in.ID {
			continue
		}
		out = append(out, in)
	}
	return out
}

// stateOf reads the instance state search attribute, or derives a state
// from the execution status.
func stateOf(status enumspb.WorkflowExecutionStatus, fields map[string]*commonpb.Payload) string {
	if p, ok := fields[api.SearchInstanceState]; ok {
		var s string
		if converter.GetDefaultDataConverter().FromPayload(p, &s) == nil && s != "" {
			transient := s == api.InstanceWaiting || s == api.InstanceReady || s == api.InstanceRunning
			if status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING || !transient {
				return s
			}
		}
	}
	switch status {
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		return api.InstanceSucceeded
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED:
		return api.InstanceFailed
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		return api.InstanceKilled
	case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		return api.InstanceWaiting
	}
	return status.String()
}

// DeleteCoordinator stops a coordinator: its workflow is terminated and, unless
// keepInstances, its open instances are cancelled (their workflows end
// KILLED).
func DeleteCoordinator(ctx context.Context, c sdkclient.Client, ns, name string, keepInstances bool) (cancelled int, err error) {
	if err := c.TerminateWorkflow(ctx, coord.CoordinatorID(name), "", "howdah coordinator delete"); err != nil {
		var nf *serviceerror.NotFound
		if !errors.As(err, &nf) {
			return 0, err
		}
	}
	if keepInstances {
		return 0, nil
	}
	all, err := Instances(ctx, c, ns, name, time.Time{}, time.Time{})
	if err != nil {
		return 0, err
	}
	for _, in := range all {
		if in.Closed.IsZero() {
			if err := c.CancelWorkflow(ctx, in.ID, in.RunID); err == nil {
				cancelled++
			}
		}
	}
	return cancelled, nil
}

// InstanceResult reads an ended instance's status from its result, or from its
// failure's details (FAILED, KILLED and TIMEDOUT instances end failed):
// no worker is needed.
func InstanceResult(ctx context.Context, c sdkclient.Client, id, runID string) (api.InstanceStatus, error) {
	var is api.InstanceStatus
	err := c.GetWorkflow(ctx, id, runID).Get(ctx, &is)
	if err == nil {
		return is, nil
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.HasDetails() && app.Details(&is) == nil {
		return is, nil
	}
	var canceled *temporal.CanceledError
	if errors.As(err, &canceled) && canceled.HasDetails() && canceled.Details(&is) == nil {
		return is, nil
	}
	return is, err
}
