package main

import (
	"strings"
	"testing"

	"github.com/howdah/howdah/workflows/api"
)

// status says when a node's logs stop short, and why.
func TestStatusSaysLogsAreIncomplete(t *testing.T) {
	var b strings.Builder
	writeStatus(&b, api.State{Workflow: "w", Status: api.RunSucceeded, Nodes: []api.NodeState{
		{Name: "load", Kind: "action", Status: api.StatusOK, LogsLost: "the log store failed (no space left on device): its stdout stops after 0 bytes, the rest was not kept"},
	}})
	if !strings.Contains(b.String(), "load: LOGS INCOMPLETE: the log store failed (no space left on device)") {
		t.Errorf("status:\n%s", b.String())
	}
}
