// Package api is the workflows' wire API: what a client sends a run or a
// coordinator and reads back (inputs, the state query's answer, node
// states, records, coordinator events and requests, operator commands),
// and the names of their signals, queries, updates and search attributes.
// Package client and the CLI read runs through it; package workflows
// implements it. It imports plan, expr and the activity contract, no
// Temporal worker code.
package api

import (
	"encoding/json"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
)

// Input is the workflow's input: the compiled plan and what the run adds.
type Input struct {
	Plan *plan.Workflow `json:"plan"`
	// Params supplies the values of run-time parameters (a sub-workflow's
	// parameters its parent computed while running).
	Params map[string]json.RawMessage `json:"params,omitempty"`
	User   string                     `json:"user,omitempty"`
	// TaskQueue is where actions without a queue of their own run, and
	// where child workflows run; the submitting client sets it.
	TaskQueue string `json:"task_queue"`
	// HeartbeatTimeout overrides how soon an activity whose worker died is
	// retried (default 30s).
	HeartbeatTimeout plan.Duration `json:"heartbeat_timeout,omitempty"`
	// HistoryLimit is the history length (events) past which the run
	// continues as new at the next node boundary outside any fork
	// (default 10,000; Temporal refuses histories past 51,200 events).
	HistoryLimit int `json:"history_limit,omitempty"`
	// Resume carries a run's progress across continue-as-new.
	Resume *Resume `json:"resume,omitempty"`
	// BatchItems is how many items of a for_each a batch child runs, and
	// the size past which a fan-out runs in batches (default 1,000).
	BatchItems int `json:"batch_items,omitempty"`
	// Batch, when set, makes this run a batch child of a fan-out: it runs
	// that slice of the node's items and nothing else.
	Batch *Batch `json:"batch,omitempty"`
	// Instance, when set, is the coordinator instance this run executes
	// in: a continue-as-new continues the instance.
	Instance *InstanceInput `json:"instance,omitempty"`
	// Rerun, when set, makes this run a rerun of an earlier run: the nodes
	// it names are skipped and their recorded results carried over.
	Rerun *Rerun `json:"rerun,omitempty"`
	// NoSearchAttributes says the cluster has not registered howdah's
	// search attributes: the run must not upsert them.
	NoSearchAttributes bool `json:"no_search_attributes,omitempty"`
	// WorkDir is the directory the run was submitted from (absolute):
	// workers where it exists resolve relative local paths against it.
	WorkDir string `json:"work_dir,omitempty"`
	// Secrets are a parent run's sensitive values, redacted in this run
	// too (with this plan's own, plan.Workflow.Secrets).
	Secrets []string `json:"secrets,omitempty"`
}

// Resume is the interpreter's state when a run continues as new: where to
// go on, and everything later nodes may read.
type Resume struct {
	Node      string                 `json:"node"`
	States    []NodeState            `json:"states"`
	Results   map[string]expr.Result `json:"results,omitempty"`
	Info      expr.RunInfo           `json:"info"`
	Suspended bool                   `json:"suspended,omitempty"`
	Partial   map[string]*Partial    `json:"partial,omitempty"`
	Children  map[string]*Record     `json:"children,omitempty"`
	// Continued counts the continuations so far.
	Continued int `json:"continued"`
}

// Output is the workflow's result on success.
type Output struct {
	Status string      `json:"status"`
	Nodes  []NodeState `json:"nodes"`
	// Record is what a rerun of this run starts from.
	Record *Record `json:"record,omitempty"`
	// Batch is a batch child's items' outputs and counters.
	Batch *BatchResult `json:"batch,omitempty"`
}

// Error types of the failures the workflow ends with.
const (
	ErrKilled = "Killed" // a kill node (or fail) ended the run
	// ErrBadInput (contract.ErrBadInput): the input is not a plan this
	// code can run; shared with the activities' bad input, as the user's
	// retries treat both alike.
	ErrBadInput = contract.ErrBadInput
	// ErrCancelled: part of the run was cancelled while the run was not.
	ErrCancelled = "Cancelled"
)

// Node statuses, as Oozie names them.
const (
	StatusPrep      = "PREP"
	StatusRunning   = "RUNNING"
	StatusOK        = "OK"
	StatusError     = "ERROR"
	StatusUserRetry = "USER_RETRY"
	StatusKilled    = "KILLED"
	StatusSkipped   = "SKIPPED"
)

// Workflow statuses.
const (
	RunRunning   = "RUNNING"
	RunSuspended = "SUSPENDED"
	RunSucceeded = "SUCCEEDED"
	RunFailed    = "FAILED"
	RunKilled    = "KILLED"
)

// Query, signal and search attribute names.
const (
	QueryState = "state"
	// QueryResults answers the results of the actions that ended (their
	// outputs and counters), apart from the state query, which progress
	// displays poll often and a wide fan-out's outputs would weigh down.
	QueryResults  = "results"
	SignalSuspend = "suspend"
	SignalResume  = "resume"

	SearchWorkflow = "HowdahWorkflow"
	SearchApp      = "HowdahApp"
	SearchUser     = "HowdahUser"
	// SearchRun is a run's wf.run: 0, then 1, 2, ... for its reruns.
	SearchRun = "HowdahRun"
	// SearchNode (a keyword list) names the nodes running now (the last
	// ones started, between two nodes), or the node a failed run failed
	// at; a run that succeeded or was killed has none.
	// Added as a column in the Web UI's workflow list, it shows where each
	// run is.
	SearchNode = "HowdahNode"
)

// NodeState is one node as the state query reports it.
type NodeState struct {
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`
	Status     string    `json:"status"`
	Attempts   int       `json:"attempts,omitempty"`
	Started    time.Time `json:"started,omitzero"`
	Ended      time.Time `json:"ended,omitzero"`
	ExternalID string    `json:"external_id,omitempty"`
	Error      string    `json:"error,omitempty"`
	// Where the node is declared, so errors point back at the HCL.
	Source string `json:"source,omitempty"`
	// Items and Done count a for_each fan-out's items.
	Items int `json:"items,omitempty"`
	Done  int `json:"done,omitempty"`
	// Rerun is "skipped" for a node a rerun carried over from the run
	// before.
	Rerun string `json:"rerun,omitempty"`
	// Logs is where the node's attempts' stdout and stderr are kept.
	Logs string `json:"logs,omitempty"`
	// LogsLost says why and where an attempt's logs stop short (the log
	// store failed: full, unreachable); status and logs show it.
	LogsLost string `json:"logs_lost,omitempty"`
	// Tries counts the last attempt's runs when a lost worker made
	// Temporal run it again (0 or 1: once).
	Tries int `json:"tries,omitempty"`
	// Live is what a running action last reported (YARN applications,
	// their state, progress and tracking URL; a process's pid and output
	// size), and Retrying the infrastructure error it is waiting out.
	// Status fills them in from the server's view of the running
	// activities; the workflow does not keep them.
	Live     string `json:"live,omitempty"`
	Retrying string `json:"retrying,omitempty"`
}

// State is the whole run as the state query reports it.
type State struct {
	Workflow string      `json:"workflow"`
	Status   string      `json:"status"`
	Current  []string    `json:"current,omitempty"`
	Message  string      `json:"message,omitempty"`
	Nodes    []NodeState `json:"nodes"`
	// Run is wf.run: 0 for a first run, n for the nth rerun.
	Run int `json:"run,omitempty"`
	// Results are what the actions that ended left for later nodes:
	// outputs, counters, external ids and tracking URLs (status --json;
	// the results query, or an ended run's record).
	Results map[string]expr.Result `json:"results,omitempty"`
}
