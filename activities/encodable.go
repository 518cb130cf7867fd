package activities

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
)

// EncodableErrors is a worker interceptor that makes every activity
// failure encodable, whatever bytes it carries. Temporal sends a failure's
// message (and its causes') as protobuf strings, which must be UTF-8: a
// command that printed Latin-1 or binary to stderr, or a UTF-8 tail cut
// inside a character, made the failure impossible to report, so the
// activity timed out and Temporal ran the command again, up to its
// infrastructure retry limit. Invalid bytes become U+FFFD; the error's
// type and retryability are kept.
type EncodableErrors struct {
	interceptor.WorkerInterceptorBase
}

// InterceptActivity implements interceptor.WorkerInterceptor.
func (*EncodableErrors) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &encodableActivity{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}}
}

type encodableActivity struct {
	interceptor.ActivityInboundInterceptorBase
}

func (a *encodableActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	res, err := a.Next.ExecuteActivity(ctx, in)
	// An attempt that a lost worker made Temporal run again says so.
	if try := int(activity.GetInfo(ctx).Attempt); try > 1 {
		if r, ok := res.(contract.ActionResult); ok {
			r.Tries = try
			res = r
		}
		if d, ok := failureDetails(err); ok {
			d.Tries = try
			err = withDetails(err, d)
		}
	}
	return res, Encodable(redactError(err, secretsOf(in.Args)))
}

// secretsOf finds the run's sensitive values in an activity's arguments.
func secretsOf(args []any) []string {
	for _, a := range args {
		switch in := a.(type) {
		case contract.ActionInput:
			return in.Secrets
		case *contract.ActionInput:
			return in.Secrets
		}
	}
	return nil
}

// redactError returns err, or when its message (or a cause's) holds one
// of secrets, an equivalent error without them: same type, retryability
// and details, the cause's message redacted too.
func redactError(err error, secrets []string) error {
	r := plan.NewRedactor(secrets)
	if err == nil || r == nil {
		return err
	}
	leaks := false
	for e := err; e != nil; e = errors.Unwrap(e) {
		if r.String(e.Error()) != e.Error() {
			leaks = true
			break
		}
	}
	if !leaks {
		return err
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		opts := temporal.ApplicationErrorOptions{NonRetryable: app.NonRetryable(), NextRetryDelay: app.NextRetryDelay()}
		if c := errors.Unwrap(app); c != nil {
			opts.Cause = errors.New(r.String(c.Error()))
		}
		if d, ok := failureDetails(err); ok && d != (contract.FailureDetails{}) {
			opts.Details = []interface{}{d}
		}
		return temporal.NewApplicationErrorWithOptions(r.String(app.Message()), app.Type(), opts)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || temporal.IsCanceledError(err) {
		return err
	}
	return errors.New(r.String(err.Error()))
}

// failureDetails are an action failure's details, made in this process.
func failureDetails(err error) (d contract.FailureDetails, ok bool) {
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		return d, false
	}
	if !app.HasDetails() {
		return d, true
	}
	// In-process details are Go values the SDK assigns by reflection,
	// which panics on another type.
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return d, app.Details(&d) == nil
}

// withDetails is err (an ApplicationError) with d as its details.
func withDetails(err error, d contract.FailureDetails) error {
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		return err
	}
	return temporal.NewApplicationErrorWithOptions(app.Message(), app.Type(), temporal.ApplicationErrorOptions{
		NonRetryable: app.NonRetryable(), Cause: errors.Unwrap(app), NextRetryDelay: app.NextRetryDelay(), Details: []interface{}{d},
	})
}

// Encodable returns err, or when any message in its chain is not valid
// UTF-8, an equivalent error whose messages are.
func Encodable(err error) error {
	if err == nil || validChain(err) {
		return err
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		var cause error
		if c := errors.Unwrap(app); c != nil {
			cause = errors.New(strings.ToValidUTF8(c.Error(), "\uFFFD"))
		}
		opts := temporal.ApplicationErrorOptions{NonRetryable: app.NonRetryable(), Cause: cause, NextRetryDelay: app.NextRetryDelay()}
		if d, ok := failureDetails(err); ok && d != (contract.FailureDetails{}) {
			opts.Details = []interface{}{d} // where the logs are, kept
		}
		return temporal.NewApplicationErrorWithOptions(strings.ToValidUTF8(app.Message(), "\uFFFD"), app.Type(), opts)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || temporal.IsCanceledError(err) {
		return err
	}
	return errors.New(strings.ToValidUTF8(err.Error(), "\uFFFD"))
}

func validChain(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if !utf8.ValidString(e.Error()) {
			return false
		}
	}
	return true
}
