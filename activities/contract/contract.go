// Package contract names howdah's activities and their inputs and results:
// the whole interface between the interpreter (package workflows), which
// calls activities by name, and package activities, which implements them.
// It imports only package plan, so the interpreter depends on no client.
package contract

import (
	"github.com/howdah/howdah/plan"
)

// Activity names, one per kind of work. They are registered under these
// names by package worker and called by name by package workflows.
const (
	ShellName     = "howdah.shell"
	FSName        = "howdah.fs"
	StreamingName = "howdah.streaming"
	WaitName      = "howdah.hdfs_wait"
	MapReduceName = "howdah.map_reduce"
	JavaName      = "howdah.java"
	DistCpName    = "howdah.distcp"
	SparkName     = "howdah.spark"
	HiveName      = "howdah.hive"
	FSQueryName   = "howdah.fs_query"
	// DatasetCheckName answers which dataset instances are complete, for
	// coordinator instances waiting on data.
	DatasetCheckName = "howdah.dataset_check"
	// PriorRecordName reads the record the previous run of a workflow id
	// ended with, for a coordinator instance's rerun.
	PriorRecordName = "howdah.prior_record"
	// LatestRunsName names the latest run of each of a list of workflow
	// ids, exactly (from each execution's own state, not the lagging
	// visibility store): a coordinator's rerun names the run each
	// instance's rerun carries over.
	LatestRunsName = "howdah.latest_runs"
)

// NameFor returns the activity that runs an action kind (sub_workflow runs
// as a child workflow, not an activity).
func NameFor(k plan.ActionKind) string {
	switch k {
	case plan.ShellKind:
		return ShellName
	case plan.FSKind:
		return FSName
	case plan.StreamingKind:
		return StreamingName
	case plan.HDFSWaitKind:
		return WaitName
	case plan.MapReduceKind:
		return MapReduceName
	case plan.JavaKind:
		return JavaName
	case plan.DistCpKind:
		return DistCpName
	case plan.SparkKind:
		return SparkName
	case plan.HiveKind:
		return HiveName
	}
	return ""
}

// Error types of the ApplicationErrors activities return.
const (
	// ErrActionFailed: the action ran and failed (non-zero exit, failed job).
	ErrActionFailed = "ActionFailed"
	// ErrBadInput: the action cannot run as written (missing executable or
	// file, unsafe delete, a kind this worker cannot run).
	ErrBadInput = "BadInput"
	// ErrTimeout: an hdfs_wait gave up.
	ErrTimeout = "WaitTimeout"
)

// NonRetryable are the error types no Temporal retry can fix: every
// activity's retry policy lists them (the interpreter's own user retries
// then decide, and never retry ErrBadInput). activities' error policy
// (activities/errors.go) says which failure is which.
var NonRetryable = []string{ErrActionFailed, ErrBadInput, ErrTimeout}

// ActionInput is what every action activity receives: the action with its
// run-time bindings already applied.
type ActionInput struct {
	// WorkflowID and RunID name the run; empty, the activity's own
	// workflow execution (the worker's interceptor fills them in).
	WorkflowID string      `json:"workflow_id,omitempty"`
	RunID      string      `json:"run_id,omitempty"`
	Node       string      `json:"node"`
	Item       int         `json:"item"` // for_each index, -1 otherwise
	Attempt    int         `json:"attempt"`
	Action     plan.Action `json:"action"`
	// WorkDir is the directory the run was submitted from: relative local
	// paths resolve against it on a worker where it exists.
	WorkDir string `json:"work_dir,omitempty"`
	// Secrets are the run's sensitive values: the worker redacts them from
	// the action's failure messages.
	Secrets []string `json:"secrets,omitempty"`
	// User is who the run acts for (the submitter, or --user): a worker
	// that impersonates runs its Hadoop jobs as this user.
	User string `json:"user,omitempty"`
}

// OfRun is in naming the run (id, runID) unless it names one already: the
// interpreter leaves the activity's own run out, and the worker (or a
// fake) fills it in from the activity's info.
func (in ActionInput) OfRun(id, runID string) ActionInput {
	if in.WorkflowID == "" {
		in.WorkflowID, in.RunID = id, runID
	}
	return in
}

// ActionResult is what an action leaves for later nodes.
type ActionResult struct {
	Output     map[string]string           `json:"output,omitempty"`
	Counters   map[string]map[string]int64 `json:"counters,omitempty"`
	ExternalID string                      `json:"external_id,omitempty"`
	TrackerURL string                      `json:"tracker_url,omitempty"`
	// Logs is where this attempt's stdout and stderr were kept.
	Logs string `json:"logs,omitempty"`
	// LogsLost says why and where the attempt's logs stop short: the store
	// failed (full, unreachable), so the rest of a stream was not kept.
	LogsLost string `json:"logs_lost,omitempty"`
	// Tries counts the activity's own tries for this attempt: more than 1
	// when a worker was lost and Temporal ran it again.
	Tries int `json:"tries,omitempty"`
}

// PriorRecordInput names the run asking for its predecessor's record, and
// the predecessor when it is known (PriorRunID): its record is then read
// from its own history. Without PriorRunID (inputs recorded before it
// existed) the predecessor is looked up in the visibility store.
type PriorRecordInput struct {
	WorkflowID string `json:"workflow_id"`
	RunID      string `json:"run_id"`
	PriorRunID string `json:"prior_run_id,omitempty"`
}

// LatestRunsInput lists workflow ids.
type LatestRunsInput struct {
	IDs []string `json:"ids"`
}

// LatestRunsResult maps each id that has a run to its latest run's id.
type LatestRunsResult struct {
	RunIDs map[string]string `json:"run_ids,omitempty"`
}

// FailureDetails are the details of an action's failure.
type FailureDetails struct {
	// Logs is where the failed attempt's stdout and stderr were kept.
	Logs string `json:"logs,omitempty"`
	// LogsLost: see ActionResult.
	LogsLost string `json:"logs_lost,omitempty"`
	// Tries: see ActionResult.
	Tries int `json:"tries,omitempty"`
}

// FSQueryInput asks one fs_* question about one path.
type FSQueryInput struct {
	Op      string `json:"op"` // exists, is_dir, dir_size, file_size, glob
	Path    string `json:"path"`
	WorkDir string `json:"work_dir,omitempty"` // see ActionInput
}

// FSQueryResult answers it.
type FSQueryResult struct {
	Bool  bool     `json:"bool,omitempty"`
	Size  int64    `json:"size,omitempty"`
	Paths []string `json:"paths,omitempty"`
}

// DatasetCheckInput lists paths (an instance's directory, or its done
// flag) to look for.
type DatasetCheckInput struct {
	Paths []string `json:"paths"`
}

// DatasetCheckResult says, per path, whether it exists; Calls counts the
// filesystem calls the answer took (one listing can answer many flags in
// one directory).
type DatasetCheckResult struct {
	Exists []bool `json:"exists"`
	Calls  int    `json:"calls"`
}

// Progress is what long activities report in their heartbeats.
type Progress struct {
	// Node and Item say which action (and for_each item, or -1) beats, so
	// status can show it against its node.
	Node     string  `json:"node,omitempty"`
	Item     int     `json:"item,omitempty"`
	Phase    string  `json:"phase,omitempty"`
	Fraction float64 `json:"fraction,omitempty"`
	Detail   string  `json:"detail,omitempty"`
	// Retrying is the infrastructure error the action is waiting out
	// (the ResourceManager unreachable), empty when all is well.
	Retrying string `json:"retrying,omitempty"`
}
