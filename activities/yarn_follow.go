package activities

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/hadoop/yarn"
	"go.temporal.io/sdk/activity"
)

// job follows one action's tagged applications.
type job struct {
	a      *Activities
	h      jobRunner
	in     contract.ActionInput
	tag    string
	client clientProc

	// outputFile is where a java action with capture_output writes its
	// properties (Oozie's oozie.action.output.properties).
	outputFile string

	// captured says the action captures output; reattached, that this
	// try found the attempt's applications running (its driver died with
	// an earlier worker).
	captured, reattached bool

	mu       sync.Mutex
	apps     []yarn.App
	attached string // set when re-attached
	retrying string // the REST error being waited out
}

func (j *job) setRetrying(s string) {
	j.mu.Lock()
	j.retrying = s
	j.mu.Unlock()
}

func (j *job) setApps(apps []yarn.App) {
	j.mu.Lock()
	j.apps = apps
	j.mu.Unlock()
}

// progress is what heartbeats carry: the applications, their states and
// the mean progress.
func (j *job) progress() contract.Progress {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.apps) == 0 {
		return contract.Progress{Phase: "submitting", Detail: "tag " + j.tag, Retrying: j.retrying}
	}
	var sum float64
	parts := make([]string, len(j.apps))
	for i, a := range j.apps {
		sum += a.Progress
		parts[i] = fmt.Sprintf("%s %s %.0f%%", a.ID, a.State, a.Progress)
		if a.TrackingURL != "" {
			parts[i] += " " + a.TrackingURL
		}
	}
	detail := strings.Join(parts, ", ")
	if j.attached != "" {
		detail += " (" + j.attached + ")"
	}
	return contract.Progress{Phase: "running", Fraction: sum / 100 / float64(len(j.apps)), Detail: detail, Retrying: j.retrying}
}

// restGrace is how long the ResourceManager may stay unreachable before
// the activity gives up (and Temporal retries it, re-attaching).
const restGrace = 2 * time.Minute

func (j *job) follow(ctx context.Context, driver jobDriver) (contract.ActionResult, error) {
	h := j.h
	stop := j.a.heartbeat(ctx, j.in, j.progress)
	defer stop()
	snapshots, unwatch := h.Watch(j.tag)
	defer unwatch()
	var driverDone <-chan struct{}
	if driver != nil {
		driverDone = driver.Done()
	}
	var failingSince time.Time
	for {
		var snap jobs.Snapshot
		select {
		case <-ctx.Done():
			return contract.ActionResult{}, j.cancel(ctx, driver)
		case snap = <-snapshots:
		case <-driverDone:
			// The client ended: look now rather than at the next poll.
			driverDone = nil
			snap.Apps, snap.Err = h.AppsByTag(ctx, j.tag)
		}
		if ctx.Err() != nil {
			return contract.ActionResult{}, j.cancel(ctx, driver)
		}
		if snap.Err != nil {
			if failingSince.IsZero() {
				failingSince = time.Now()
				// Said in the heartbeat (status shows it) and the log,
				// not only after restGrace.
				activity.GetLogger(ctx).Warn("YARN REST call failing; retrying", "node", j.in.Node, "tag", j.tag, "error", snap.Err)
			} else if time.Since(failingSince) > restGrace {
				return contract.ActionResult{}, transientErr(ctx, j.in.Node, "following applications tagged "+j.tag, snap.Err)
			}
			j.setRetrying(fmt.Sprintf("%v (since %s; retrying up to %s)", snap.Err, failingSince.Format("15:04:05"), restGrace))
			continue
		}
		if !failingSince.IsZero() {
			activity.GetLogger(ctx).Info("YARN REST calls work again", "node", j.in.Node, "after", time.Since(failingSince).Round(time.Second))
		}
		failingSince = time.Time{}
		j.setRetrying("")
		j.setApps(snap.Apps)
		if driver != nil && !isClosed(driver.Done()) {
			continue
		}
		if driver != nil && driver.Err() != nil {
			return contract.ActionResult{}, j.driverFailed(ctx, driver, snap.Apps)
		}
		if jobs.AllEnded(snap.Apps) {
			return j.finish(ctx, snap.Apps)
		}
	}
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// finish turns ended applications into the action's result.
func (j *job) finish(ctx context.Context, apps []yarn.App) (contract.ActionResult, error) {
	res := contract.ActionResult{Output: map[string]string{}}
	// howdah's own keys, unless the action's captured output has its own
	// of the same name: what the job's code says wins.
	ours := func(k, v string) {
		if _, theirs := res.Output[k]; !theirs {
			res.Output[k] = v
		}
	}
	if j.captured {
		b, err := os.ReadFile(j.outputFile)
		switch {
		case os.IsNotExist(err) && j.reattached:
			// The driver died with its worker before it wrote its output:
			// succeeding without it would hand later nodes an empty
			// output as if it were the job's.
			return res, failed(ctx, j.in.Node, fmt.Errorf("the java action's driver was lost with its worker before it wrote its captured output (its applications %s finished %s); the output cannot be recovered: retry the node", jobs.IDs(apps), describeStates(apps)))
		case err != nil && !os.IsNotExist(err):
			return res, failed(ctx, j.in.Node, err)
		}
		if len(b) > j.a.outputLimit() {
			return res, failed(ctx, j.in.Node, fmt.Errorf("captured output is %d bytes, over the %d-byte limit", len(b), j.a.outputLimit()))
		}
		maps.Copy(res.Output, ParseProperties(b))
	}
	ours("tag", j.tag)
	if len(apps) == 0 {
		return res, nil // a java action that submitted nothing
	}
	var bad []string
	for _, a := range apps {
		if !a.Succeeded() {
			d := jobs.Describe(a)
			if a.FinalStatus == "FAILED" {
				if e := j.h.DriverError(ctx, a); e != "" && !strings.Contains(d, e) {
					d += "; the driver's error: " + e
				}
			}
			bad = append(bad, d)
		}
	}
	last := apps[len(apps)-1]
	res.ExternalID = jobs.IDs(apps)
	res.TrackerURL = last.TrackingURL
	ours("application_id", last.ID)
	ours("state", last.State)
	ours("final_status", last.FinalStatus)
	if last.ApplicationType == "MAPREDUCE" {
		ours("job_id", last.JobID())
	}
	if len(bad) > 0 {
		return res, failed(ctx, j.in.Node, fmt.Errorf("%s", strings.Join(bad, "; ")))
	}
	if last.ApplicationType == "MAPREDUCE" {
		c, ok, err := j.h.Counters(ctx, last.JobID())
		if err != nil {
			// The job succeeded; the retry re-attaches and asks again.
			return res, transientErr(ctx, j.in.Node, "reading counters of "+last.JobID()+" from the JobHistory server", err)
		}
		if ok {
			res.Counters = c
		}
	}
	return res, nil
}

// driverFailed explains a client that exited non-zero (classified by
// jobs.ClientFailed); applications still running are killed: the action
// has failed.
func (j *job) driverFailed(ctx context.Context, d jobDriver, apps []yarn.App) error {
	j.h.KillRunning(ctx, apps)
	var err error
	if j.client.explain != nil {
		err = j.client.explain(d.Output(), d.Err(), apps)
	} else {
		err = jobs.ClientFailed(d.Output(), d.Err(), apps)
	}
	if errors.Is(err, jobs.ErrTransient) {
		return transientErr(ctx, j.in.Node, "submitting", err)
	}
	return failed(ctx, j.in.Node, err)
}

// cancel kills the client and every tagged application still running, and
// waits (up to a minute) for YARN to report them ended. When the context
// ended because this worker is shutting down, the applications are left
// running: the activity's next try, on another worker, re-attaches to them.
func (j *job) cancel(ctx context.Context, driver jobDriver) error {
	if driver != nil {
		if j.client.interrupt && !workerStopping(ctx) {
			driver.Interrupt(interruptGrace)
		} else {
			driver.Kill()
		}
	}
	if workerStopping(ctx) {
		return ctx.Err()
	}
	j.h.KillTagged(j.tag)
	if j.client.onCancel != nil {
		j.client.onCancel()
	}
	if err := ctx.Err(); err != nil {
		return err // cancelled, or the action's timeout
	}
	return context.Canceled
}

// workerStopping reports whether the worker running this activity is
// shutting down.
func workerStopping(ctx context.Context) bool {
	if !activity.IsActivity(ctx) {
		return false
	}
	select {
	case <-activity.GetWorkerStopChannel(ctx):
		return true
	default:
		return false
	}
}

// describeStates is the applications' final states, for a message.
func describeStates(apps []yarn.App) string {
	var out []string
	for _, a := range apps {
		out = append(out, a.State+"/"+a.FinalStatus)
	}
	return strings.Join(out, ", ")
}
