package activities

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/hdfs"
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
