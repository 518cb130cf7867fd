package workflows

import (
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

var listOfStrings = cty.List(cty.String)

// activityFS answers the fs_* functions of expressions with the fs_query
// activity, so each answer is recorded in history and a replay sees the
// same one.
type activityFS struct {
	ctx workflow.Context
	r   *run
}

var _ expr.FS = (*activityFS)(nil)

func (f *activityFS) query(op, path string) (contract.FSQueryResult, error) {
	opts := workflow.ActivityOptions{
		TaskQueue:           f.r.in.TaskQueue,
		StartToCloseTimeout: 2 * time.Minute,
		Summary:             plan.Clip(f.r.redact("fs_"+op+"("+path+")"), maxSummary),
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        time.Second,
			MaximumAttempts:        5,
			NonRetryableErrorTypes: contract.NonRetryable,
		},
	}
	in := contract.FSQueryInput{Op: op, Path: path, WorkDir: f.r.in.WorkDir}
	var res contract.FSQueryResult
	var err error
	if f.r.localFS(f.ctx) {
		err = workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(f.ctx, localOptions(opts)), contract.FSQueryName, in).Get(f.ctx, &res)
	} else {
		err = workflow.ExecuteActivity(workflow.WithActivityOptions(f.ctx, opts), contract.FSQueryName, in).Get(f.ctx, &res)
	}
	return res, err
}

func (f *activityFS) Exists(p string) (bool, error) {
	r, err := f.query("exists", p)
	return r.Bool, err
}

func (f *activityFS) IsDir(p string) (bool, error) {
	r, err := f.query("is_dir", p)
	return r.Bool, err
}

func (f *activityFS) DirSize(p string) (int64, error) {
	r, err := f.query("dir_size", p)
	return r.Size, err
}

func (f *activityFS) FileSize(p string) (int64, error) {
	r, err := f.query("file_size", p)
	return r.Size, err
}

func (f *activityFS) Glob(p string) ([]string, error) {
	r, err := f.query("glob", p)
	return r.Paths, err
}
