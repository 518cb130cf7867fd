package worker

import (
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/workflows"
	"github.com/howdah/howdah/workflows/api"
	"go.temporal.io/sdk/activity"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// DefaultTaskQueue is the queue `howdah run`, `submit` and `worker` use
// unless told otherwise.
const DefaultTaskQueue = "howdah"

// Register registers the interpreter for every workflow type (dynamic
// registration: the type is the HCL workflow's name) and every activity
// under its contract name.
func Register(r sdkworker.Registry, a *activities.Activities) {
	r.RegisterDynamicWorkflow(workflows.Run, workflow.DynamicRegisterOptions{})
	r.RegisterWorkflowWithOptions(workflows.Coordinator, workflow.RegisterOptions{Name: api.CoordinatorType})
	r.RegisterWorkflowWithOptions(workflows.Instance, workflow.RegisterOptions{Name: api.InstanceType})
	for name, fn := range map[string]any{
		contract.ShellName:        a.Shell,
		contract.FSName:           a.FSOps,
		contract.StreamingName:    a.Streaming,
		contract.WaitName:         a.HDFSWait,
		contract.FSQueryName:      a.FSQuery,
		contract.MapReduceName:    a.MapReduce,
		contract.JavaName:         a.Java,
		contract.DistCpName:       a.DistCp,
		contract.SparkName:        a.Spark,
		contract.HiveName:         a.Hive,
		contract.DatasetCheckName: a.DatasetCheck,
	} {
		r.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
}

// HeartbeatThrottle is the longest the worker holds an activity's
// heartbeat back, and so how long a cancel may wait to reach it.
const HeartbeatThrottle = time.Second

// Options tune a worker.
type Options struct {
	// MaxConcurrentActivities bounds the actions this worker runs at once
	// (0: the SDK's default).
	MaxConcurrentActivities int
	// MaxConcurrentWorkflowTasks bounds workflow tasks (0: default).
	MaxConcurrentWorkflowTasks int
	// StopTimeout is how long a stopping worker lets running actions go on
	// before cancelling them (0: at once). Jobs on YARN are not killed by a
	// stopping worker: the next try of the action re-attaches to them.
	StopTimeout time.Duration
}

// New returns a worker for queue with everything registered.
func New(c sdkclient.Client, queue string, a *activities.Activities, o Options) sdkworker.Worker {
	w := sdkworker.New(c, queue, sdkworker.Options{
		MaxConcurrentActivityExecutionSize:     o.MaxConcurrentActivities,
		MaxConcurrentWorkflowTaskExecutionSize: o.MaxConcurrentWorkflowTasks,
		WorkerStopTimeout:                      o.StopTimeout,
		// Temporal delivers a cancel to a running activity only in the
		// answer to its next heartbeat, and the SDK holds heartbeats back
		// for 0.8 x the heartbeat timeout (24 s for howdah's 30 s) by
		// default. Sending them every second keeps a cancel's reach to a
		// running job, process or wait within about two seconds, for one
		// small call per running action per second.
		MaxHeartbeatThrottleInterval:     HeartbeatThrottle,
		DefaultHeartbeatThrottleInterval: HeartbeatThrottle,
		// Attempts heartbeats for long actions itself, every second, so
		// a server that is down or restarting does not stop a step that
		// goes on running; a later attempt on this worker adopts the work
		// of one the server gave up.
		Interceptors: []interceptor.WorkerInterceptor{&activities.EncodableErrors{}, &activities.Attempts{Heartbeat: c.RecordActivityHeartbeat, Every: HeartbeatThrottle}},
	})
	Register(w, a)
	RegisterTemporal(w, c)
	return w
}

// RegisterTemporal registers the activities that read Temporal itself
// (activities.Temporal) with client c.
func RegisterTemporal(r sdkworker.Registry, c sdkclient.Client) {
	t := &activities.Temporal{Client: c}
	r.RegisterActivityWithOptions(t.PriorRecord, activity.RegisterOptions{Name: contract.PriorRecordName})
	r.RegisterActivityWithOptions(t.LatestRuns, activity.RegisterOptions{Name: contract.LatestRunsName})
}
