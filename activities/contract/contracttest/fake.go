// Package contracttest is a fake of the activity contract, for unit tests
// of the interpreter and the coordinators on the SDK's test environment:
// each activity is a function field, and Register registers them under
// their contract names. An activity whose field is nil fails, naming
// itself, so a test that reaches an activity it did not expect says so.
package contracttest

import (
	"context"
	"sync"

	"github.com/howdah/howdah/activities/contract"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
)

// Action is an action activity.
type Action func(context.Context, contract.ActionInput) (contract.ActionResult, error)

// Fake is the activity contract as function fields.
type Fake struct {
	Shell, FS, Streaming, Wait, MapReduce, Java, DistCp, Spark, Hive Action

	FSQuery      func(context.Context, contract.FSQueryInput) (contract.FSQueryResult, error)
	DatasetCheck func(context.Context, contract.DatasetCheckInput) (contract.DatasetCheckResult, error)
	// PriorRecord returns a *workflows.Record (any, so this package does
	// not import the interpreter it fakes for).
	PriorRecord func(context.Context, contract.PriorRecordInput) (any, error)
	LatestRuns  func(context.Context, contract.LatestRunsInput) (contract.LatestRunsResult, error)

	mu    sync.Mutex
	calls []contract.ActionInput
}

// Registry is where activities are registered: a worker, or the SDK's test
// environment.
type Registry interface {
	RegisterActivityWithOptions(a any, options activity.RegisterOptions)
}

// Register registers every activity of the contract on r.
func (f *Fake) Register(r Registry) {
	for name, fn := range map[string]Action{
		contract.ShellName: f.Shell, contract.FSName: f.FS, contract.StreamingName: f.Streaming,
		contract.WaitName: f.Wait, contract.MapReduceName: f.MapReduce, contract.JavaName: f.Java, contract.DistCpName: f.DistCp,
		contract.SparkName: f.Spark, contract.HiveName: f.Hive,
	} {
		r.RegisterActivityWithOptions(f.action(name, fn), activity.RegisterOptions{Name: name})
	}
	r.RegisterActivityWithOptions(func(ctx context.Context, in contract.FSQueryInput) (contract.FSQueryResult, error) {
		if f.FSQuery == nil {
			return contract.FSQueryResult{}, notFaked(contract.FSQueryName)
		}
		return f.FSQuery(ctx, in)
	}, activity.RegisterOptions{Name: contract.FSQueryName})
	r.RegisterActivityWithOptions(func(ctx context.Context, in contract.DatasetCheckInput) (contract.DatasetCheckResult, error) {
		if f.DatasetCheck == nil {
			return contract.DatasetCheckResult{}, notFaked(contract.DatasetCheckName)
		}
		return f.DatasetCheck(ctx, in)
	}, activity.RegisterOptions{Name: contract.DatasetCheckName})
	r.RegisterActivityWithOptions(func(ctx context.Context, in contract.PriorRecordInput) (any, error) {
		if f.PriorRecord == nil {
			return nil, notFaked(contract.PriorRecordName)
		}
		return f.PriorRecord(ctx, in)
	}, activity.RegisterOptions{Name: contract.PriorRecordName})
	r.RegisterActivityWithOptions(func(ctx context.Context, in contract.LatestRunsInput) (contract.LatestRunsResult, error) {
		if f.LatestRuns == nil {
			return contract.LatestRunsResult{}, notFaked(contract.LatestRunsName)
		}
		return f.LatestRuns(ctx, in)
	}, activity.RegisterOptions{Name: contract.LatestRunsName})
}

// action wraps an action activity: it records the call, and fails when
// the test gave no function.
func (f *Fake) action(name string, fn Action) Action {
	return func(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
		// As a worker's interceptor does: the activity's own run.
		exec := activity.GetInfo(ctx).WorkflowExecution
		in = in.OfRun(exec.ID, exec.RunID)
		f.mu.Lock()
		f.calls = append(f.calls, in)
		f.mu.Unlock()
		if fn == nil {
			return contract.ActionResult{}, notFaked(name)
		}
		return fn(ctx, in)
	}
}

// Calls are the action activities' inputs, in the order they ran.
func (f *Fake) Calls() []contract.ActionInput {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]contract.ActionInput(nil), f.calls...)
}

func notFaked(name string) error {
	return temporal.NewNonRetryableApplicationError("contracttest: activity "+name+" is not faked by this test", contract.ErrBadInput, nil)
}
