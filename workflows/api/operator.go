package api

import (
	"github.com/howdah/howdah/plan"
)

// StatusHeld is a node waiting for an operator after its retries.
const StatusHeld = "HELD"

// SignalOperator carries an OperatorCommand; SearchHeld lists a run's held
// nodes.
const (
	SignalOperator = "operator"
	// UpdateOperator carries an OperatorCommand, answered with what was
	// accepted or refused with why.
	UpdateOperator = "operator"
	SearchHeld     = "HowdahHeld"
)

// Operator commands.
const (
	OperatorRetry = "retry"
	OperatorSkip  = "skip"
	OperatorFail  = "fail"
)

// OperatorCommand answers a held node.
type OperatorCommand struct {
	Node   string `json:"node"`
	Action string `json:"action"` // retry, skip or fail
	// Output is a skipped node's output (what capture_output would give).
	Output map[string]string `json:"output,omitempty"`
	// Replace, for retry, is the node's action compiled with new
	// parameters; it must be the same kind.
	Replace *plan.Action `json:"replace,omitempty"`
	// By says who sent it, for the history.
	By string `json:"by,omitempty"`
}
