package workflows

import (
	"errors"
	"strings"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// attempts runs one execution of the action with the user's retry policy:
// a failed attempt is retried after the interval (growing by backoff) until
// attempts are exhausted or the error is not retryable.
func (r *run) attempts(ctx workflow.Context, n *plan.Node, each *expr.Item) (contract.ActionResult, error) {
	a := n.Action
	policy := a.Retry
	interval := time.Duration(policy.Interval)
	st := r.state(n.Name)
	base := r.base[n.Name]
	for attempt := base + 1; ; attempt++ {
		if each == nil {
			st.Attempts = attempt
		}
		res, err := r.execute(ctx, n, each, attempt)
		if err == nil || ctx.Err() != nil || attempt-base >= policy.Attempts || !retryable(err, policy) {
			return res, err
		}
		if each == nil {
			_, msg := describe(err)
			st.Error = r.redact(strings.TrimPrefix(msg, n.Name+": "))
			r.setStatus(ctx, n.Name, StatusUserRetry)
		}
		if err := workflow.Sleep(ctx, interval); err != nil {
			return res, err
		}
		if each == nil {
			r.setStatus(ctx, n.Name, StatusRunning)
		}
		interval = time.Duration(float64(interval) * max(policy.Backoff, 1))
		if m := time.Duration(policy.MaxInterval); m > 0 && interval > m {
			interval = m
		}
	}
}

// retryable says whether the user's policy retries err.
func retryable(err error, policy plan.Retry) bool {
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		return true
	}
	if app.Type() == contract.ErrBadInput {
		return false
	}
	for _, t := range policy.NonRetryable {
		if t == app.Type() {
			return false
		}
	}
	return true
}

// failureDetails are a failed action's details: where its attempt kept its
// output, and how often a lost worker made Temporal run it.
func failureDetails(err error) (d contract.FailureDetails) {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.HasDetails() {
		defer func() { recover() }() // details of another shape
		app.Details(&d)
	}
	return d
}

// describe turns an activity or child failure into Oozie's error code and
// message.
func describe(err error) (code, msg string) {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		if app.Type() == ErrKilled {
			// A sub-workflow killed by its failing node: that node's
			// error code, so the parent's wf.error_code and retry policy
			// see what failed, not that the child was killed.
			if d := killDetails(app); d["error_code"] != "" {
				return d["error_code"], "sub-workflow " + d["workflow"] + ": " + app.Message()
			}
		}
		return app.Type(), app.Message()
	}
	var timeout *temporal.TimeoutError
	if errors.As(err, &timeout) {
		return "Timeout", timeout.Error()
	}
	return "Error", err.Error()
}
