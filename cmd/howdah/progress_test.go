package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/workflows/api"
)

func states(pairs ...string) api.State {
	st := api.State{Workflow: "w", Status: api.RunRunning}
	for i := 0; i+1 < len(pairs); i += 2 {
		st.Nodes = append(st.Nodes, api.NodeState{Name: pairs[i], Kind: "action", Status: pairs[i+1]})
	}
	return st
}

func TestPlainProgressPrintsEachChangeOnce(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, false)
	p.update(states("a", "RUNNING", "b", "PREP"))
	p.update(states("a", "RUNNING", "b", "PREP"))
	st := states("a", "ERROR", "b", "PREP")
	st.Nodes[0].Error = "exit status 1\nmore"
	st.Nodes[0].Attempts = 2
	p.update(st)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "a") || !strings.HasSuffix(lines[0], "RUNNING") ||
		!strings.HasSuffix(lines[1], "ERROR (attempt 2): exit status 1 …") {
		t.Errorf("plain progress:\n%s", buf.String())
	}
}

func TestTerminalProgressRedrawsInPlace(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, true)
	p.update(states("a", "RUNNING", "b", "PREP"))
	first := buf.String()
	p.update(states("a", "OK", "b", "RUNNING"))
	second := strings.TrimPrefix(buf.String(), first)
	// Three lines (two nodes and the run's status) are moved over and cleared.
	if !strings.HasPrefix(second, "\x1b[3A\x1b[J") {
		t.Errorf("redraw does not start by moving up over the table: %q", second)
	}
	if !strings.Contains(second, "a ") || !strings.Contains(second, "OK") || !strings.Contains(second, "RUNNING") {
		t.Errorf("redrawn table: %q", second)
	}
}

// Every retry is printed, not only the first, and a fan-out's done count
// moves while it runs.
func TestPlainProgressShowsEveryRetryAndItems(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, false)
	for attempt := 1; attempt <= 3; attempt++ {
		st := states("a", "USER_RETRY")
		st.Nodes[0].Attempts = attempt
		st.Nodes[0].Error = "boom"
		p.update(st)
	}
	st := states("f", "RUNNING")
	st.Nodes[0].Items, st.Nodes[0].Done = 6, 2
	p.update(st)
	p.at["f"] = time.Now().Add(-2 * itemsEvery) // a second later
	st.Nodes[0].Done = 4
	p.update(st)
	out := buf.String()
	if strings.Count(out, "USER_RETRY") != 3 || !strings.Contains(out, "(attempt 3): boom") {
		t.Errorf("retries:\n%s", out)
	}
	if !strings.Contains(out, "(2/6 items)") || !strings.Contains(out, "(4/6 items)") {
		t.Errorf("items:\n%s", out)
	}
}
