package activities

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Attempts is a worker interceptor that keeps an action's work (its
// process, the client of its job, its wait) going through what is not a
// reason to stop it, so a Temporal server that is down, restarted or slow
// does not make a step run twice:
//
//   - The server unreachable. The SDK cancels an activity whose heartbeat
//     it cannot record within a second; Attempts records the heartbeats
//     itself and keeps the work running until the server answers again,
//     and the attempt then reports the work's result.
//   - The server gave the attempt up (its heartbeat timeout passed while
//     it was down, or a worker-side stall), and scheduled the next one. The
//     next attempt, when this worker takes it, adopts the work still
//     running instead of starting it again, or the result of work that
//     finished but could not be reported. Work nobody adopts within Grace
//     is cancelled, and a result nobody collects is dropped.
//
// A cancel request, a pause or reset from the server, the action's own
// timeout and the worker stopping cancel the work as before. An attempt
// taken by another worker runs the action again (Temporal's at-least-once
// activities): only this worker's processes can be adopted.
type Attempts struct {
	interceptor.WorkerInterceptorBase
	// Heartbeat records an attempt's heartbeat (the worker's client's
	// RecordActivityHeartbeat with the attempt's task token).
	Heartbeat func(ctx context.Context, taskToken []byte, details ...any) error
	// Every is how often a running attempt heartbeats (default 1 s): how
	// soon a cancel reaches the work.
	Every time.Duration
	// Grace is how long work whose attempt the server gave up waits for
	// the next attempt (default 1 minute, the retry policy's longest
	// backoff).
	Grace time.Duration

	mu      sync.Mutex
	running map[attemptKey]*execution
}

// detachable are the activities whose work Attempts keeps: those that
// run long and heartbeat. fs steps are local activities; questions are
// quick and safe to ask twice.
var detachable = map[string]bool{
	contract.ShellName:     true,
	contract.StreamingName: true,
	contract.WaitName:      true,
	contract.MapReduceName: true,
	contract.JavaName:      true,
	contract.DistCpName:    true,
	contract.SparkName:     true,
	contract.HiveName:      true,
}

type attemptKey struct{ workflowID, runID, activityID string }

// execution is one action's work on this worker, across the attempts that
// own it in turn.
type execution struct {
	started int32 // the attempt that started the work
	cancel  context.CancelCauseFunc
	done    chan struct{}
	res     any
	err     error

	mu       sync.Mutex
	owner    int32         // the attempt reporting it; 0: none (given up)
	token    []byte        // the owner's task token
	changed  chan struct{} // closed when the owner changes
	last     []any         // the latest heartbeat details
	orphaned *time.Timer   // cancels the work when nobody adopts it
}

type executionKey struct{}

// InterceptActivity implements interceptor.WorkerInterceptor.
func (a *Attempts) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &attemptsActivity{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}, a: a}
}

type attemptsActivity struct {
	interceptor.ActivityInboundInterceptorBase
	a *Attempts
}

func (a *Attempts) every() time.Duration {
	if a.Every > 0 {
		return a.Every
	}
	return time.Second
}

func (a *Attempts) grace() time.Duration {
	if a.Grace > 0 {
		return a.Grace
	}
	return time.Minute
}

var (
	errSuperseded  = errors.New("a later attempt of this action took its work over")
	errAttemptGone = errors.New("Temporal gave this attempt up and no later attempt came to this worker")
)

func (x *attemptsActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	info := activity.GetInfo(ctx)
	if info.IsLocalActivity || !detachable[info.ActivityType.Name] || x.a.Heartbeat == nil {
		return x.Next.ExecuteActivity(ctx, in)
	}
	a := x.a
	key := attemptKey{info.WorkflowExecution.ID, info.WorkflowExecution.RunID, info.ActivityID}
	a.mu.Lock()
	if a.running == nil {
		a.running = map[attemptKey]*execution{}
	}
	e := a.running[key]
	adopted := e != nil && e.started < info.Attempt
	if adopted {
		e.adopt(info.Attempt, info.TaskToken)
	} else {
		e = &execution{started: info.Attempt, done: make(chan struct{})}
		e.adopt(info.Attempt, info.TaskToken)
		a.running[key] = e
		var workCtx context.Context
		// The work's context keeps the attempt's values (its info, the
		// worker's stop channel) but not its cancellation: the owner
		// below decides what cancels the work.
		workCtx, e.cancel = context.WithCancelCause(context.WithValue(context.WithoutCancel(ctx), executionKey{}, e))
		go func() {
			defer func() {
				if p := recover(); p != nil {
					e.err = temporal.NewApplicationError(fmt.Sprintf("panic: %v", p), "panic")
				}
				e.cancel(nil)
				close(e.done)
				a.mu.Lock()
				defer a.mu.Unlock()
				if a.running[key] != e {
					return
				}
				if e.err != nil {
					delete(a.running, key)
					return
				}
				// A result the owner may not get to report (the server
				// down): the next attempt collects it.
				time.AfterFunc(a.grace(), func() {
					a.mu.Lock()
					defer a.mu.Unlock()
					if a.running[key] == e {
						delete(a.running, key)
					}
				})
			}()
			e.res, e.err = x.Next.ExecuteActivity(workCtx, in)
		}()
	}
	a.mu.Unlock()
	if adopted {
		activity.GetLogger(ctx).Info("adopting the action's work: an earlier attempt on this worker started it and Temporal gave that attempt up", "startedBy", e.started, "attempt", info.Attempt)
	}
	if tries, ok := ctx.Value(triesKey{}).(*int32); ok {
		*tries = e.started
	}
	return e.own(ctx, a, info.Attempt)
}

// adopt makes attempt the owner, waking the previous one.
func (e *execution) adopt(attempt int32, token []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.changed != nil {
		close(e.changed)
	}
	e.owner, e.token = attempt, token
	e.changed = make(chan struct{})
	if e.orphaned != nil {
		e.orphaned.Stop()
		e.orphaned = nil
	}
}

// own reports the work as attempt: it heartbeats for it, passes a real
// cancel on, and returns the work's result, or an error when the attempt
// ends without it (given up, superseded).
func (e *execution) own(ctx context.Context, a *Attempts, attempt int32) (any, error) {
	e.mu.Lock()
	changed := e.changed
	e.mu.Unlock()
	tick := time.NewTicker(a.every())
	defer tick.Stop()
	ctxDone := ctx.Done()
	var unreachable time.Time // since when heartbeats fail to reach the server
	logger := activity.GetLogger(ctx)
	for {
		select {
		case <-e.done:
			return e.res, e.err
		case <-changed:
			return nil, errSuperseded
		case <-ctxDone:
			cause := context.Cause(ctx)
			if stopsWork(ctx, cause) {
				e.cancel(cause)
				<-e.done
				return e.res, e.err
			}
			// The SDK gave up recording a heartbeat (the server is
			// unreachable): the heartbeats below go on.
			ctxDone = nil
		case <-tick.C:
			err := e.beat(ctx, a)
			switch {
			case err != nil && isTransient(err) && unreachable.IsZero():
				unreachable = time.Now()
				logger.Warn("Temporal does not answer this action's heartbeats; the action goes on and its result waits for the server", "error", err)
			case err == nil && !unreachable.IsZero():
				logger.Info("Temporal answers this action's heartbeats again", "after", time.Since(unreachable).Round(time.Second))
				unreachable = time.Time{}
			}
			switch {
			case err == nil:
			case temporal.IsCanceledError(err), errors.Is(err, activity.ErrActivityPaused), errors.Is(err, activity.ErrActivityReset):
				e.cancel(err)
				<-e.done
				return e.res, e.err
			case isGone(err):
				e.release(a, attempt)
				return nil, err
			}
		}
	}
}

// stopsWork reports whether the attempt's context ended for a reason that
// must stop the work: not the SDK's failed heartbeat while the server is
// unreachable.
func stopsWork(ctx context.Context, cause error) bool {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return true // the action's own timeout
	}
	if temporal.IsCanceledError(cause) || errors.Is(cause, activity.ErrActivityPaused) || errors.Is(cause, activity.ErrActivityReset) {
		return true
	}
	if isGone(cause) {
		return false
	}
	if workerStopping(ctx) {
		return true
	}
	return !isTransient(cause)
}

// isTransient reports whether err is a failure to reach the server that
// may pass.
func isTransient(err error) bool {
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	var exhausted *serviceerror.ResourceExhausted
	if errors.As(err, &unavailable) || errors.As(err, &deadline) || errors.As(err, &exhausted) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.ResourceExhausted:
		return true
	}
	return false
}

// isGone reports whether err says the attempt no longer exists on the
// server.
func isGone(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}

// beat records the latest heartbeat details for the owner.
func (e *execution) beat(ctx context.Context, a *Attempts) error {
	e.mu.Lock()
	token, details := e.token, e.last
	e.mu.Unlock()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return a.Heartbeat(rctx, token, details...)
}

// release gives the work up for attempt: the next attempt may adopt it
// within the grace; after that it is cancelled.
func (e *execution) release(a *Attempts, attempt int32) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.owner != attempt {
		return
	}
	e.owner = 0
	e.orphaned = time.AfterFunc(a.grace(), func() {
		e.mu.Lock()
		still := e.owner == 0
		e.mu.Unlock()
		if still {
			e.cancel(errAttemptGone)
		}
	})
}

// record keeps the work's latest progress for the next heartbeat.
func (e *execution) record(details ...any) {
	e.mu.Lock()
	e.last = details
	e.mu.Unlock()
}

// executionOf is the execution whose work ctx belongs to, if any.
func executionOf(ctx context.Context) *execution {
	e, _ := ctx.Value(executionKey{}).(*execution)
	return e
}

// triesKey holds, in an attempt's context, the attempt that started the
// work it reports (set by Attempts, read by EncodableErrors).
type triesKey struct{}
