package activities

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
)

// attemptLogs are the log streams of one attempt of an action: what its
// processes print goes there as well as wherever the action needs it
// (captured output, the error's tail). A store that fails loses the logs,
// never the action.
type attemptLogs struct {
	store   logstore.Store
	dir     string
	writers []*logstore.Writer
	// outs are what actions write to: the writers, through the run's
	// redactor when it has sensitive values.
	outs []io.WriteCloser
	// names are the streams, lost what close found missing.
	names []string
	err   error
	lost  string
}

// openLogs starts the attempt's log streams, one per name (stdout, stderr,
// client).
func (a *Activities) openLogs(ctx context.Context, in contract.ActionInput, streams ...string) *attemptLogs {
	l := &attemptLogs{store: a.Logs, names: streams}
	if a.Logs == nil {
		return l
	}
	try := 1
	if activity.IsActivity(ctx) {
		try = int(activity.GetInfo(ctx).Attempt)
	}
	l.dir = logstore.NodeDir(in.WorkflowID, in.RunID, in.Node, in.Item)
	for _, s := range streams {
		w, err := a.Logs.Create(ctx, logstore.AttemptFile(l.dir, in.Attempt, try, s))
		if err != nil {
			l.err = err
			l.lost = fmt.Sprintf("attempt %d: the log store could not keep its %s (%v): none of it was kept", in.Attempt, s, err)
			l.writers = append(l.writers, logstore.NewWriter(nil, 1))
			continue
		}
		l.writers = append(l.writers, logstore.NewWriter(w, a.LogLimit))
	}
	red := plan.NewRedactor(in.Secrets)
	for _, w := range l.writers {
		l.outs = append(l.outs, lockedWriter(red.Writer(w)))
	}
	return l
}

// stream is the i-th stream opened (io.Discard without a store).
func (l *attemptLogs) stream(i int) io.Writer {
	if i >= len(l.outs) {
		return io.Discard
	}
	return l.outs[i]
}

// lockedWriter makes w safe for the concurrent writes of a streaming job's
// tasks.
func lockedWriter(w io.WriteCloser) io.WriteCloser { return &locked{w: w} }

type locked struct {
	mu sync.Mutex
	w  io.WriteCloser
}

func (l *locked) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *locked) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Close()
}

// close ends the streams and returns where the node's logs are ("" when
// there is no store), logging a store failure.
func (l *attemptLogs) close(ctx context.Context) string {
	if l.store == nil {
		return ""
	}
	for _, o := range l.outs {
		o.Close() // writes what the redactor held back
	}
	for i, w := range l.writers {
		err := w.Close()
		if err == nil {
			continue
		}
		if l.err == nil {
			l.err = err
		}
		if l.lost == "" {
			l.lost = fmt.Sprintf("the log store failed (%v): its %s stops after %d bytes, the rest was not kept", err, l.names[i], w.Kept())
		}
	}
	if l.err != nil && activity.IsActivity(ctx) {
		activity.GetLogger(ctx).Warn("the log store failed: this attempt's output is not all kept", "error", l.err, "lost", l.lost)
	}
	return l.store.Location(l.dir)
}

// withLogs adds where the attempt's logs are to an action's failure, as
// its details (the UI shows them; the interpreter puts them in the node's
// state).
func withLogs(err error, where string) error { return withLogsLost(err, where, "") }

// withLogsLost is withLogs, also saying what of the logs was lost.
func withLogsLost(err error, where, lost string) error {
	var app *temporal.ApplicationError
	if where == "" || !errors.As(err, &app) || app.HasDetails() {
		return err
	}
	return rebuild(err, nil, &contract.FailureDetails{Logs: where, LogsLost: lost})
}

// fail is withLogsLost for this attempt's logs, closing them.
func (l *attemptLogs) fail(ctx context.Context, err error) error {
	where := l.close(ctx)
	return withLogsLost(err, where, l.lost)
}
