package activities

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os/exec"
	"strings"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/fspath"
	"github.com/howdah/howdah/hadoop/hdfs"
	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
)

// The error policy of every activity: the kinds of failure and what
// Temporal does with each, decided here and nowhere else. Clients below
// (hadoop/*) mark their errors with sentinels (errors.Is) or types
// (errors.As); an activity returns failed(ctx, node, err), or badInput and
// actionFailed for failures it finds itself.
//
//	kind           from                                           Temporal
//	cancelled      the activity's context ended                   ctx.Err(): a cancel, not a failure
//	transient      hdfs.ErrUnavailable, jobs.ErrTransient,        returned as is: Temporal retries the
//	               errTransient (a ResourceManager down, ...)     activity (which re-attaches to jobs)
//	kerberos       kerberos.Retryable (the KDC unreachable)       as transient
//	bad input      fspath.ErrUnsafeDelete, exec.ErrNotFound,        non-retryable contract.ErrBadInput:
//	               fs.ErrNotExist, jobs.ErrBadInput, errBadInput   never retried, by Temporal or the
//	               (and kerberos errors that are not retryable)   user's retry policy
//	permission     fs.ErrPermission                               as bad input (retrying cannot help)
//	timeout        *waitTimeout (an hdfs_wait gave up)            non-retryable contract.ErrTimeout
//	action failed  anything else: the action ran and failed       non-retryable contract.ErrActionFailed:
//	                                                              the user's retry policy decides
//
// The interpreter (package workflows) reads only the types, through
// contract.NonRetryable and its own retry policy.
type kind int

const (
	kindCancelled kind = iota + 1
	kindTransient
	kindKerberos
	kindBadInput
	kindPermission
	kindTimeout
	kindActionFailed
)

// Sentinels for what activities find themselves.
var (
	errBadInput  = errors.New("bad input")
	errTransient = errors.New("transient")
)

// waitTimeout is an hdfs_wait that gave up.
type waitTimeout struct{ msg string }

func (e *waitTimeout) Error() string { return e.msg }

// classify says which kind err is.
func classify(ctx context.Context, err error) kind {
	var wt *waitTimeout
	switch {
	case ctx.Err() != nil:
		return kindCancelled
	case kerberos.Retryable(err):
		return kindKerberos
	case errors.Is(err, errTransient), errors.Is(err, hdfs.ErrUnavailable), errors.Is(err, jobs.ErrTransient):
		return kindTransient
	case errors.Is(err, iofs.ErrPermission):
		return kindPermission
	case errors.Is(err, fspath.ErrUnsafeDelete), errors.Is(err, exec.ErrNotFound), errors.Is(err, iofs.ErrNotExist),
		errors.Is(err, errBadInput), errors.Is(err, jobs.ErrBadInput):
		return kindBadInput
	case errors.As(err, &wt):
		return kindTimeout
	}
	return kindActionFailed
}

// failed is err as Temporal must see it (see the table above), its
// message prefixed with what failed (the node). nil stays nil.
func failed(ctx context.Context, what string, err error) error {
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf("%s: %v", what, err)
	switch classify(ctx, err) {
	case kindCancelled:
		return ctx.Err()
	case kindTransient, kindKerberos:
		return err
	case kindBadInput, kindPermission:
		return temporal.NewNonRetryableApplicationError(msg, contract.ErrBadInput, err)
	case kindTimeout:
		return temporal.NewNonRetryableApplicationError(msg, contract.ErrTimeout, err)
	}
	return temporal.NewNonRetryableApplicationError(msg, contract.ErrActionFailed, err)
}

// badInput is a failure of node that no retry can fix: the action cannot
// run as written.
func badInput(node, format string, args ...any) error {
	return temporal.NewNonRetryableApplicationError(node+": "+fmt.Sprintf(format, args...), contract.ErrBadInput, nil)
}

// actionFailed is node's action having run and failed; the user's retry
// policy decides what happens next.
func actionFailed(node, format string, args ...any) error {
	return temporal.NewNonRetryableApplicationError(node+": "+fmt.Sprintf(format, args...), contract.ErrActionFailed, nil)
}

// transientErr is a failure of the infrastructure while node was doing
// what: Temporal retries the activity (a cancel stays a cancel).
func transientErr(ctx context.Context, node, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%s: %s: %w", node, what, err)
}

// rebuild returns an error equivalent to err with its messages passed
// through fix (a redactor, a UTF-8 repair; nil keeps them) and its
// details replaced by d when d is not nil: an ApplicationError keeps its
// type, retryability and retry delay, and its cause (flattened to its
// message) and details; a cancel is returned as it is; anything else
// becomes a plain error. It is the one place the SDK's errors are made
// again, so no rewrite loses what another kept.
func rebuild(err error, fix func(string) string, d *contract.FailureDetails) error {
	if err == nil {
		return nil
	}
	if fix == nil {
		fix = func(s string) string { return s }
	}
	var app *temporal.ApplicationError
	if !errors.As(err, &app) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || temporal.IsCanceledError(err) {
			return err
		}
		return errors.New(fix(err.Error()))
	}
	opts := temporal.ApplicationErrorOptions{NonRetryable: app.NonRetryable(), NextRetryDelay: app.NextRetryDelay()}
	if c := errors.Unwrap(app); c != nil {
		opts.Cause = errors.New(fix(c.Error()))
	}
	if d == nil {
		if old, ok := failureDetails(err); ok && old != (contract.FailureDetails{}) {
			d = &old
		}
	}
	if d != nil {
		opts.Details = []any{*d}
	}
	return temporal.NewApplicationErrorWithOptions(fix(app.Message()), app.Type(), opts)
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
	return rebuild(err, nil, &d)
}

// redactError returns err, or when its message (or a cause's) holds one
// of secrets, an equivalent error without them.
func redactError(err error, secrets []string) error {
	r := plan.NewRedactor(secrets)
	if err == nil || r == nil {
		return err
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if r.String(e.Error()) != e.Error() {
			return rebuild(err, r.String, nil)
		}
	}
	return err
}

// Encodable returns err, or when any message in its chain is not valid
// UTF-8, an equivalent error whose messages are (invalid bytes become
// U+FFFD).
func Encodable(err error) error {
	if err == nil || validChain(err) {
		return err
	}
	return rebuild(err, func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }, nil)
}
