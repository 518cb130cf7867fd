package activities

import (
	"context"
	"strings"
	"time"

	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/hadoop/yarn"
)

// jobRunner is what the actions that submit YARN jobs (map_reduce, java,
// distcp, streaming on a cluster) need of the Hadoop job client: a
// *jobs.Client on a cluster (clusterJobs), a fake in the unit tests of
// re-attach and of cancel versus a worker stopping.
type jobRunner interface {
	// AppsByTag lists the applications carrying tag (an attempt's).
	AppsByTag(ctx context.Context, tag string) ([]yarn.App, error)
	// Start starts the Hadoop client for one job.
	Start(s jobs.Spec) (jobDriver, error)
	// Watch delivers the latest snapshot of tag's applications on the
	// channel until stop is called.
	Watch(tag string) (snapshots <-chan jobs.Snapshot, stop func())
	// KillRunning kills those of apps still running; KillTagged every
	// running application carrying tag, waiting until YARN says so.
	KillRunning(ctx context.Context, apps []yarn.App)
	KillTagged(tag string)
	// Counters reads a finished MapReduce job's counters; ok is false
	// when the cluster has no JobHistory server to ask.
	Counters(ctx context.Context, jobID string) (c map[string]map[string]int64, ok bool, err error)
	// ConfDir is the cluster's client configuration, which each job's
	// own overlays.
	ConfDir() string
	// DriverError is the exception a failed application's driver logged
	// (a Spark application's ApplicationMaster), "" when it cannot say.
	DriverError(ctx context.Context, app yarn.App) string
}

// jobDriver is a running Hadoop client process (*jobs.Driver).
type jobDriver interface {
	Done() <-chan struct{}
	Err() error
	Output() string
	Kill()
	Interrupt(grace time.Duration)
}

// jobRunner is the job client: the one a test set, else the cluster's
// (nil in local mode).
func (a *Activities) jobRunner() jobRunner {
	if a.jobs != nil {
		return a.jobs
	}
	if a.Hadoop == nil || a.Hadoop.YARN == nil {
		return nil
	}
	return clusterJobs{a.Hadoop}
}

// clusterJobs is jobRunner over the Hadoop client and YARN's REST APIs.
type clusterJobs struct{ c *jobs.Client }

func (j clusterJobs) AppsByTag(ctx context.Context, tag string) ([]yarn.App, error) {
	return j.c.YARN.AppsByTag(ctx, tag)
}

func (j clusterJobs) Start(s jobs.Spec) (jobDriver, error) {
	d, err := j.c.Start(s)
	if err != nil {
		return nil, err
	}
	return d, nil
}

func (j clusterJobs) Watch(tag string) (<-chan jobs.Snapshot, func()) {
	sub := j.c.Watch(tag)
	return sub.C, sub.Close
}

func (j clusterJobs) KillRunning(ctx context.Context, apps []yarn.App) { j.c.KillRunning(ctx, apps) }
func (j clusterJobs) KillTagged(tag string)                            { j.c.KillTagged(tag) }
func (j clusterJobs) ConfDir() string                                  { return j.c.ConfDir }

// DriverError reads the tail of a failed Spark application's
// ApplicationMaster stdout (where PySpark's driver process writes its
// traceback) and stderr (where a JVM driver's exception is logged) from
// the NodeManager, bounded to a few seconds: best effort.
func (j clusterJobs) DriverError(ctx context.Context, app yarn.App) string {
	if app.ApplicationType != "SPARK" {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var logs []string
	for _, f := range []string{"stdout", "stderr"} {
		if l, err := j.c.YARN.AMLogTail(ctx, app.ID, f, 256<<10); err == nil {
			logs = append(logs, l)
		}
	}
	return jobs.DriverError(strings.Join(logs, "\n"))
}

func (j clusterJobs) Counters(ctx context.Context, jobID string) (map[string]map[string]int64, bool, error) {
	if j.c.YARN.JHS == "" {
		return nil, false, nil
	}
	c, err := j.c.YARN.JobCounters(ctx, jobID, time.Minute)
	return c, err == nil, err
}
