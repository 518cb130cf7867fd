package activities

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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

func TestStreamingCommand(t *testing.T) {
	got := streamingCommand([]string{"tr", "-s", "[:space:]", "\\n", "a b", `say "hi"`, ""})
	want := `tr -s [:space:] \n "a b" 'say "hi"' ""`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func jar(t *testing.T, manifest string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.jar")
	f, _ := os.Create(p)
	z := zip.NewWriter(f)
	if manifest != "" {
		w, _ := z.Create("META-INF/MANIFEST.MF")
		w.Write([]byte(manifest))
	}
	z.Close()
	f.Close()
	return p
}

func TestJarCommand(t *testing.T) {
	plain := jar(t, "Manifest-Version: 1.0\r\n")
	withMain := jar(t, "Manifest-Version: 1.0\r\nMain-Class: org.example.Driver\r\n")
	cases := []struct {
		jar, main string
		want      []string
	}{
		{plain, "org.example.Job", []string{"jar", plain, "org.example.Job", "in"}},
		{withMain, "org.example.Job", []string{"org.example.Job", "in"}},
		{withMain, "org.example.Driver", []string{"jar", withMain, "org.example.Driver", "in"}},
		{withMain, "", []string{"jar", withMain, "in"}},
	}
	for _, c := range cases {
		got, err := jarCommand(c.jar, c.main, []string{"in"})
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("jarCommand(%s, %q) = %v %v, want %v", filepath.Base(c.jar), c.main, got, err, c.want)
		}
	}
	if _, err := jarCommand("/nonexistent.jar", "X", nil); err == nil {
		t.Error("a missing jar was accepted")
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
