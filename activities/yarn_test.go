package activities

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/hdfs"
	"github.com/howdah/howdah/hadoop/yarn"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
)

func TestJobTag(t *testing.T) {
	in := contract.ActionInput{WorkflowID: "wf", RunID: "r1", Node: "count", Item: -1, Attempt: 1}
	tag := JobTag(in)
	if tag != JobTag(in) || len(tag) > 100 {
		t.Fatalf("tag %q", tag)
	}
	for _, other := range []contract.ActionInput{
		{WorkflowID: "wf", RunID: "r1", Node: "count", Item: -1, Attempt: 2},
		{WorkflowID: "wf", RunID: "r1", Node: "count", Item: 0, Attempt: 1},
		{WorkflowID: "wf", RunID: "r2", Node: "count", Item: -1, Attempt: 1},
		{WorkflowID: "wf", RunID: "r1", Node: "other", Item: -1, Attempt: 1},
	} {
		if JobTag(other) == tag {
			t.Errorf("%+v has the same tag", other)
		}
	}
}

func TestNamenodeOutageIsRetryable(t *testing.T) {
	err := failed(context.Background(), "n", fmt.Errorf("prepare delete x: %w", hdfs.ErrUnavailable))
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		t.Errorf("a namenode outage became %s, which the activity's retry policy does not retry", app.Type())
	}
}

func TestReadableTagsAndJobName(t *testing.T) {
	in := contract.ActionInput{WorkflowID: "ETL 2026/11,24 'x'" + strings.Repeat("y", 120), Node: "load", Item: 3}
	for _, tag := range ReadableTags(in) {
		if len(tag) > 100 || strings.ContainsAny(tag, ", 'ABC") {
			t.Errorf("tag %q is not a YARN tag", tag)
		}
	}
	if got := ReadableTags(contract.ActionInput{WorkflowID: "Etl-1", Node: "load"}); got[0] != "howdah-wf:etl-1" || got[1] != "howdah-node:load" {
		t.Errorf("tags %v", got)
	}
	if got := JobName(contract.ActionInput{WorkflowID: "etl-1", Node: "load", Item: -1}); got != "howdah:etl-1/load" {
		t.Errorf("job name %q", got)
	}
}

func TestMissingHadoopConfDir(t *testing.T) {
	_, err := NewWithHadoop(HadoopConfig{ConfDir: "/nonexistent/hadoop/conf"})
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") || strings.Contains(err.Error(), "ResourceManager") {
		t.Errorf("missing conf dir: %v", err)
	}
}

// A java action's captured output keeps the keys its code wrote, howdah's
// own (tag, state, application_id, ...) filling only the others; a try
// re-attached after its driver died reads the output the driver left, and
// fails, saying why, when it left none instead of succeeding without it.
func TestJavaCapturedOutput(t *testing.T) {
	a := New()
	a.WorkDir = t.TempDir()
	in := contract.ActionInput{WorkflowID: "wf", RunID: "r", Node: "emit", Item: -1, Attempt: 1,
		Action: plan.Action{Kind: plan.JavaKind, Java: &plan.Java{MainClass: "M"}, CaptureOutput: true}}
	tag := JobTag(in)
	apps := []yarn.App{{ID: "application_1_0001", State: "FINISHED", FinalStatus: "SUCCEEDED", ApplicationType: "YARN"}}
	path := a.outputPath(tag)
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte("state=loaded\nrows=42\n"), 0o600)
	for _, reattached := range []bool{false, true} {
		j := &job{a: a, in: in, tag: tag, outputFile: path, captured: true, reattached: reattached}
		res, err := j.finish(context.Background(), apps)
		if err != nil {
			t.Fatal(err)
		}
		if res.Output["state"] != "loaded" || res.Output["rows"] != "42" || res.Output["application_id"] != "application_1_0001" || res.Output["tag"] != tag {
			t.Errorf("reattached=%v: output %v", reattached, res.Output)
		}
	}
	os.Remove(path)
	j := &job{a: a, in: in, tag: tag, outputFile: path, captured: true, reattached: true}
	if _, err := j.finish(context.Background(), apps); err == nil || !strings.Contains(err.Error(), "before it wrote its captured output") {
		t.Errorf("a re-attached try without the output: %v", err)
	}
}
