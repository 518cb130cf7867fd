package e2e

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/workflows/api"
)

// A map_reduce node that succeeded before a later node failed is not
// submitted again by the rerun: exactly one application carries its tag,
// the rerun submits none, and the decision downstream reads the first
// run's counters. Its Hadoop client's output and the failed node's stderr
// are in the HDFS log store.
func TestYARNRerunDoesNotResubmitSucceededJobs(t *testing.T) {
	c := hadoopCluster(t)
	repo(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "the quick brown fox\nthe lazy dog\n")
	ready := filepath.Join(t.TempDir(), "ready")
	w := compile(t, fmt.Sprintf(`workflow "yarn_rerun" {
  action "wordcount" {
    prepare { delete = ["%[1]s/out"] }
    map_reduce {
      jar        = "%[2]s"
      main_class = "org.apache.hadoop.examples.WordCount"
      args       = ["%[1]s/in", "%[1]s/out"]
    }
  }
  action "publish" {
    fs {
      mkdir { path = "%[1]s/published" }
    }
  }
  action "check" {
    shell { argv = ["sh", "-c", "[ -f \"$1\" ] || { echo 'not ready yet' >&2; exit 1; }", "check", "%[3]s"] }
  }
  decision "records" {
    case {
      when = action.wordcount.counters["org.apache.hadoop.mapreduce.TaskCounter"]["REDUCE_OUTPUT_RECORDS"] == 6
      goto = end
    }
    default = kill.wrong
  }
  kill "wrong" { message = "wrong counters" }
}`, dir, c.ExamplesJar, ready), nil)
	run, err := runOnHadoop(t, w)
	if err == nil {
		t.Fatal("the first run succeeded; want check to time out")
	}
	if n := node(state(t, run), "wordcount"); n.Status != api.StatusOK {
		t.Fatalf("wordcount: %+v", n)
	}
	if err := os.WriteFile(ready, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := client.LoadEnded(context.Background(), tc, run.GetID(), "")
	if err != nil {
		t.Fatal(err)
	}
	rerun, rr, err := client.StartRerun(context.Background(), tc, e, client.RerunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := rerun.Get(ctx, nil); err != nil {
		t.Fatalf("rerun: %v (skipped %v)", err, rr.Skip)
	}
	y := hadoopActs.Hadoop.YARN
	first, err := y.AppsByTag(context.Background(), tagOf(run, "wordcount"))
	if err != nil || len(first) != 1 {
		t.Fatalf("applications of the first run's wordcount: %+v %v", first, err)
	}
	for attempt := 1; attempt <= 3; attempt++ {
		tag := activities.JobTag(contract.ActionInput{WorkflowID: rerun.GetID(), RunID: rerun.GetRunID(), Node: "wordcount", Item: -1, Attempt: attempt})
		if apps, err := y.AppsByTag(context.Background(), tag); err != nil || len(apps) != 0 {
			t.Errorf("the rerun submitted wordcount again (attempt %d): %+v %v", attempt, apps, err)
		}
	}
	st := state(t, rerun)
	if n := node(st, "wordcount"); n.Rerun != api.RerunSkipped || n.ExternalID != first[0].ID {
		t.Errorf("wordcount in the rerun: %+v, want skipped with %s", n, first[0].ID)
	}

	// The logs: the Hadoop client's output of the job, in HDFS.
	store, err := logstore.Open(hadoopActs.Logs.Location(""), hadoopActs.HDFS)
	if err != nil {
		t.Fatal(err)
	}
	files, err := logstore.Files(context.Background(), store, logstore.NodeDir(run.GetID(), run.GetRunID(), "wordcount", -1))
	if err != nil || len(files) != 1 || files[0].Stream != "client" {
		t.Fatalf("wordcount's logs: %+v %v", files, err)
	}
	// What the client printed depends on its log4j settings (WARN here):
	// the file is there, its content is the client's.
	// The failed shell node's stderr, from the first run.
	files, err = logstore.Files(context.Background(), store, logstore.NodeDir(run.GetID(), run.GetRunID(), "check", -1))
	if err != nil || len(files) != 2 {
		t.Fatalf("check's logs: %+v %v", files, err)
	}
	r, err := store.Open(context.Background(), files[1].Rel)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	r.Close()
	if files[1].Stream != "stderr" || string(b) != "not ready yet\n" {
		t.Errorf("check's %s: %q", files[1].Stream, b)
	}
}
