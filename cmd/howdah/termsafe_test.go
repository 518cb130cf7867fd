package main

import (
	"strings"
	"testing"

	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/workflows/api"
)

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"plain text\twith tab\n":         "plain text\twith tab\n",
		"héllo ✔":                        "héllo ✔",
		"\x1b]52;c;ZWNobyBoaQ==\x07oops": `\x1b]52;c;ZWNobyBoaQ==\x07oops`,
		"\x1b[2J\x1b[Hfake prompt$ ":     `\x1b[2J\x1b[Hfake prompt$ `,
		"csi \u009b31m red":              `csi \u009b31m red`,
		"bad \xff\xfe bytes\r":           `bad \xff\xfe bytes\x0d`,
		"del\x7f":                        `del\x7f`,
	} {
		if got := visible(in); got != want {
			t.Errorf("visible(%q) = %q, want %q", in, got, want)
		}
	}
}

// The streaming writer gives what visible gives on the whole, however the
// input is cut.
func TestVisibleWriterAcrossWrites(t *testing.T) {
	in := "é✔\x1b[31mred\u009b\xffend"
	for cut := 0; cut <= len(in); cut++ {
		var b strings.Builder
		w := &visibleWriter{w: &b}
		w.Write([]byte(in[:cut]))
		w.Write([]byte(in[cut:]))
		w.Flush()
		if b.String() != visible(in) {
			t.Errorf("cut at %d: %q, want %q", cut, b.String(), visible(in))
		}
	}
}

// status prints what an action wrote on stderr without its escape
// sequences.
func TestStatusEscapesHostileErrors(t *testing.T) {
	var b strings.Builder
	writeStatus(&b, api.State{Workflow: "w", Status: "FAILED", Message: "killed: \x1b[2J", Nodes: []api.NodeState{
		{Name: "a", Kind: "action", Status: "ERROR", Error: "exit status 1: \x1b]52;c;cm0gLXJmIH4=\x07\x1b[1A"},
	}})
	if strings.ContainsRune(b.String(), 0x1b) || strings.ContainsRune(b.String(), 0x07) {
		t.Errorf("status printed control characters: %q", b.String())
	}
	if !strings.Contains(b.String(), `\x1b]52;c;`) {
		t.Errorf("status hid the error: %q", b.String())
	}
}

// status --json carries the ended actions' results; the table names a
// job's tracking URL and record counts.
func TestStatusShowsResults(t *testing.T) {
	var b strings.Builder
	writeStatus(&b, api.State{Workflow: "w", Status: "SUCCEEDED", Nodes: []api.NodeState{{Name: "wc", Kind: "action", Status: "OK"}},
		Results: map[string]expr.Result{"wc": {Status: "OK", TrackerURL: "http://rm:8088/proxy/application_1_0001/", Counters: map[string]map[string]int64{
			expr.TaskCounterGroup: {"MAP_INPUT_RECORDS": 7, "MAP_OUTPUT_RECORDS": 9, "REDUCE_OUTPUT_RECORDS": 3},
		}}}})
	if !strings.Contains(b.String(), "wc: http://rm:8088/proxy/application_1_0001/ records: map in 7, map out 9, reduce out 3") {
		t.Errorf("status:\n%s", b.String())
	}
}
