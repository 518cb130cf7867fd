package workflows

import (
	"time"
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
	QueryState    = "state"
	SignalSuspend = "suspend"
	SignalResume  = "resume"

	SearchWorkflow = "HowdahWorkflow"
	SearchApp      = "HowdahApp"
	SearchUser     = "HowdahUser"
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
}

// State is the whole run as the state query reports it.
type State struct {
	Workflow string      `json:"workflow"`
	Status   string      `json:"status"`
	Current  []string    `json:"current,omitempty"`
	Message  string      `json:"message,omitempty"`
	Nodes    []NodeState `json:"nodes"`
}
