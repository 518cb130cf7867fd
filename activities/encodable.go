package activities

import (
	"context"
	"errors"
	"unicode/utf8"

	"github.com/howdah/howdah/activities/contract"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
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
	identify(ctx, in.Args)
	var started int32
	res, err := a.Next.ExecuteActivity(context.WithValue(ctx, triesKey{}, &started), in)
	// An attempt that a lost worker made Temporal run again says so. An
	// attempt that adopted an earlier one's work (Attempts) reports the
	// tries that started work.
	try := int(activity.GetInfo(ctx).Attempt)
	if started > 0 {
		try = int(started)
	}
	if try > 1 {
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

func validChain(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if !utf8.ValidString(e.Error()) {
			return false
		}
	}
	return true
}

// identify names the run in an ActionInput that leaves it out: the
// interpreter sends the activity's own workflow execution, which its info
// carries anyway (a thousand fan-out items' copies of it pushed their
// events out of the server's events cache).
func identify(ctx context.Context, args []any) {
	for k, arg := range args {
		if in, ok := arg.(contract.ActionInput); ok {
			exec := activity.GetInfo(ctx).WorkflowExecution
			args[k] = in.OfRun(exec.ID, exec.RunID)
		}
	}
}
