package main

import (
	"strings"
	"testing"

	"github.com/howdah/howdah/workflows"
)

// status says when a node's logs stop short, and why.
func TestStatusSaysLogsAreIncomplete(t *testing.T) {
	var b strings.Builder
	writeStatus(&b, workflows.State{Workflow: "w", Status: workflows.RunSucceeded, Nodes: []workflows.NodeState{
		{Name: "load", Kind: "action", Status: workflows.StatusOK, LogsLost: "the log store failed (no space left on device): its stdout stops after 0 bytes, the rest was not kept"},
	}})
	if !strings.Contains(b.String(), "load: LOGS INCOMPLETE: the log store failed (no space left on device)") {
		t.Errorf("status:\n%s", b.String())
	}
}
