package api

import (
	"time"

	"github.com/howdah/howdah/plan"
)

// Workflow types, signals, queries and search attributes of coordinators.
const (
	// CoordinatorType is the one long-running workflow per coordinator
	// (id coord.CoordinatorID): its clock and its gate.
	CoordinatorType = "howdah.coordinator"
	// InstanceType is one coordinator instance (id coord.InstanceID): it
	// waits for its data, takes a run slot from the coordinator, and runs
	// the workflow as a child.
	InstanceType = "howdah.coordinator.instance"

	SignalCoordinator = "coordinator" // CoordEvent, to the coordinator
	// UpdateCoordinator carries a backfill or rerun CoordEvent: refused
	// with the reason when it cannot take effect (the coordinator is
	// paused, no nominal time in the range has come, more instances than
	// the request's bound), else queued; the answer is a RequestResult.
	UpdateCoordinator = "coordinator-request"
	SignalInstance    = "grant" // Grant, to an instance
	// SignalReport asks a Quiet instance to signal its end (EventDone):
	// the coordinator run that started it is about to continue as new,
	// and its successor does not see the child's completion.
	SignalReport     = "report"
	QueryCoordinator = "coordinator" // -> CoordinatorState
	QueryInstance    = "instance"    // -> InstanceStatus

	SearchCoordinator   = "HowdahCoordinator"   // keyword: the coordinator's name
	SearchNominalTime   = "HowdahNominalTime"   // datetime: the instance's nominal time
	SearchInstanceState = "HowdahInstanceState" // keyword: WAITING, READY, ...
)

// Instance states, as Oozie names coordinator actions'.
const (
	InstanceWaiting   = "WAITING"
	InstanceReady     = "READY"
	InstanceRunning   = "RUNNING"
	InstanceSucceeded = "SUCCEEDED"
	InstanceFailed    = "FAILED"
	InstanceKilled    = "KILLED"
	InstanceTimedOut  = "TIMEDOUT"
	InstanceSkipped   = "SKIPPED"
)

// CoordEvent is what the coordinator workflow is told: by its instances
// (ready, done) and by operators (pause, resume, trigger, backfill, rerun,
// update).
type CoordEvent struct {
	Kind    string    `json:"kind"`
	ID      string    `json:"id,omitempty"`
	Nominal time.Time `json:"nominal,omitzero"`
	State   string    `json:"state,omitempty"`
	// From and To bound a backfill or rerun: nominal times in [From, To).
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Times lists a rerun's nominal times one by one (rerun --failed).
	Times []time.Time `json:"times,omitempty"`
	// CarryOver makes a rerun's instances skip the nodes their workflow
	// ran OK before (rerun --failed), as howdah rerun does for runs.
	CarryOver bool `json:"carry_over,omitempty"`
	// Coordinator is an update's new plan, Digest its identity.
	Coordinator *plan.Coordinator `json:"coordinator,omitempty"`
	Digest      string            `json:"digest,omitempty"`
	// MaxInstances bounds how many instances a backfill or rerun sent as
	// an update may start (0: DefaultMaxRequestInstances).
	MaxInstances int `json:"max_instances,omitempty"`
}

// DefaultMaxRequestInstances bounds a backfill or rerun unless the request
// raises it: a minutely backfill of years is millions of instances.
const DefaultMaxRequestInstances = 10000

// MaxRequestInstances is the most a request may raise that bound to: the
// coordinator counts a request's instances in one workflow task.
const MaxRequestInstances = 1000000

// RequestResult is the answer to an accepted backfill or rerun.
type RequestResult struct {
	// Instances is how many nominal times were queued; Clipped says the
	// range reached past the times the clock has reached (the rest come
	// with the clock).
	Instances int       `json:"instances"`
	First     time.Time `json:"first"`
	Last      time.Time `json:"last"`
	Clipped   bool      `json:"clipped,omitempty"`
}

// Event kinds.
const (
	EventReady    = "ready"
	EventDone     = "done"
	EventPause    = "pause"
	EventResume   = "resume"
	EventTrigger  = "trigger"
	EventBackfill = "backfill"
	EventRerun    = "rerun"
	EventUpdate   = "update"
)

// Grant is the coordinator's answer to a READY instance: run now, or be
// skipped (execution last_only or none) with a reason.
type Grant struct {
	Run    bool   `json:"run"`
	Reason string `json:"reason,omitempty"`
}

// CoordinatorInput is the coordinator workflow's input.
type CoordinatorInput struct {
	Coordinator *plan.Coordinator `json:"coordinator"`
	// Digest identifies the plan, so applying the same file is a no-op.
	Digest    string `json:"digest,omitempty"`
	TaskQueue string `json:"task_queue"`
	// NoSearchAttributes: the server has not registered howdah's
	// coordinator search attributes, so instances go without them.
	NoSearchAttributes bool `json:"no_search_attributes,omitempty"`
	// Paused starts the coordinator paused (apply --paused).
	Paused bool `json:"paused,omitempty"`
	// HistoryLimit is the history length past which the coordinator
	// continues as new (default 4,000 events).
	HistoryLimit int `json:"history_limit,omitempty"`
	// State carries the coordinator across continue-as-new.
	State *CoordinatorState `json:"state,omitempty"`
}

// CoordinatorState is the coordinator's state: what its clock has
// materialised and what its gate holds. The query returns it.
type CoordinatorState struct {
	Name   string `json:"name"`
	Bundle string `json:"bundle,omitempty"`
	Digest string `json:"digest,omitempty"`
	Paused bool   `json:"paused"`
	// Ended: the clock is past the coordinator's end.
	Ended bool `json:"ended,omitempty"`
	// Cursor is the last nominal time the clock materialised (zero: none).
	Cursor time.Time `json:"cursor,omitzero"`
	// Next is when the clock fires next (zero: paused or ended).
	Next time.Time `json:"next,omitzero"`
	// Pending are nominal times materialised but not started: they wait
	// for a throttle slot, oldest first.
	Pending []PendingRange `json:"pending,omitempty"`
	// Waiting are instances started and waiting for data (bounded by
	// throttle); Ready ones wait for a run slot; Running ones hold one
	// (bounded by concurrency).
	Waiting []Slot `json:"waiting,omitempty"`
	Ready   []Slot `json:"ready,omitempty"`
	Running []Slot `json:"running,omitempty"`
	// Counts of instance runs by final state (a rerun counts again: the
	// instances' own latest states are in visibility), and of instances
	// not started because they already existed.
	Counts    map[string]int `json:"counts,omitempty"`
	Duplicate int            `json:"duplicate,omitempty"`
	Continued int            `json:"continued"`
	// MaxRunning is the most instances ever RUNNING at once (a check on
	// concurrency).
	MaxRunning int `json:"max_running"`
}

// PendingRange is nominal times in [From, To) still to start; Rerun
// starts them even where an instance already ran.
type PendingRange struct {
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Rerun bool      `json:"rerun,omitempty"`
	// CarryOver: see CoordEvent.
	CarryOver bool `json:"carry_over,omitempty"`
	// Times, when set, lists the nominal times instead of a range.
	Times []time.Time `json:"times,omitempty"`
}

// Slot is an instance the gate knows.
type Slot struct {
	ID      string    `json:"id"`
	Nominal time.Time `json:"nominal"`
	Since   time.Time `json:"since"`
	// RunID is the instance's first run, once the coordinator run that
	// started it learnt it: its completion frees this slot, not a later
	// rerun's under the same id.
	RunID string `json:"run_id,omitempty"`
}

// InstanceInput is an instance workflow's input.
type InstanceInput struct {
	Coordinator        *plan.Coordinator `json:"coordinator"`
	Nominal            time.Time         `json:"nominal"`
	CoordinatorID      string            `json:"coordinator_id"`
	TaskQueue          string            `json:"task_queue"`
	NoSearchAttributes bool              `json:"no_search_attributes,omitempty"`
	// Granted: the coordinator reserved a run slot at start (no inputs,
	// fifo), so the instance runs without asking.
	Granted bool `json:"granted,omitempty"`
	// Quiet: the coordinator run that starts the instance learns of its
	// end from the child's completion, so the instance signals its end
	// (EventDone) only once asked (SignalReport). Instances started
	// without it always signal.
	Quiet bool `json:"quiet,omitempty"`
	// CarryOver: the instance reruns its workflow's failed nodes only,
	// carrying over what the instance's previous run did (its record).
	CarryOver bool `json:"carry_over,omitempty"`
	// Prior names the previous run whose record CarryOver carries over,
	// as the coordinator found it when it started this run (nil in inputs
	// recorded before it did; an empty RunID: there was no previous run).
	Prior *PriorRun `json:"prior,omitempty"`
	// Run and Status resume an instance that continued as new while
	// running its workflow.
	Run    *Input          `json:"run,omitempty"`
	Status *InstanceStatus `json:"status,omitempty"`
}

// InstanceStatus is an instance as its query and result report it.
type InstanceStatus struct {
	Coordinator string    `json:"coordinator"`
	Nominal     time.Time `json:"nominal"`
	Actual      time.Time `json:"actual"`
	State       string    `json:"state"`
	// Inputs are the resolved input URIs (latest() ones once found);
	// Missing, the checks still failing at the last poll.
	Inputs  map[string][]string `json:"inputs,omitempty"`
	Outputs map[string]string   `json:"outputs,omitempty"`
	Missing []string            `json:"missing,omitempty"`
	Polls   int                 `json:"polls"`
	// Calls counts the filesystem calls the polls took.
	Calls int `json:"calls"`
	// Record is the workflow's record once it ended, for a rerun.
	Record *Record `json:"record,omitempty"`
	// WorkflowID is the run of the coordinator's workflow, once started.
	WorkflowID string    `json:"workflow_id,omitempty"`
	Ready      time.Time `json:"ready,omitzero"`
	Started    time.Time `json:"started,omitzero"`
	Ended      time.Time `json:"ended,omitzero"`
	Error      string    `json:"error,omitempty"`
}

// PriorRun is the run of an instance's id before the one being started.
type PriorRun struct {
	RunID string `json:"run_id,omitempty"`
}
