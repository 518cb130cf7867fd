package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/client"
)

// A shell action with hadoop_client runs a real Hadoop client (`hadoop
// jar`, as pig, sqoop or the hive CLI would run) whose MapReduce jobs
// carry the try's tag whatever its command line: followed in status,
// killed on cancel, and killed before a try after a lost worker runs the
// command again.

// hadoopClientWordCount is `hadoop jar examples.jar wordcount`.
func hadoopClientWordCount(jar, dir string) string {
	return `workflow "hadoop-client" {
  action "wc" {
    shell {
      argv          = ["hadoop", "jar", "` + jar + `", "wordcount", "` + dir + `/in", "` + dir + `/out"]
      hadoop_client = true
    }
  }
}`
}

// hadoopClientSleep is `hadoop jar hadoop-streaming.jar` with a mapper
// that sleeps secs seconds.
func hadoopClientSleep(jar, dir, secs string) string {
	return `workflow "hadoop-client-sleep" {
  action "sleep" {
    prepare { delete = ["` + dir + `/out"] }
    shell {
      argv          = ["hadoop", "jar", "` + jar + `", "-input", "` + dir + `/in", "-output", "` + dir + `/out", "-mapper", "sh -c 'sleep ` + secs + `; cat'", "-numReduceTasks", "0"]
      hadoop_client = true
    }
  }
}`
}

// tryTag is the tag of try n of the node's first attempt.
func tryTag(tag string, n int) string { return tag + "-" + strconv.Itoa(n) }

// TestHadoopClientTaggedAndTracked: the job `hadoop jar ... wordcount`
// submits carries the try's tag and the run's readable tags, the node's
// external id is its application, and the output is the word count's.
func TestHadoopClientTaggedAndTracked(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "b a\na\n")
	run, err := runOnHadoop(t, compile(t, hadoopClientWordCount(c.ExamplesJar, dir), nil))
	if err != nil {
		t.Fatal(err)
	}
	tag := tryTag(tagOf(run, "wc"), 1)
	apps, err := hadoopActs.Hadoop.YARN.AppsByTag(context.Background(), tag)
	if err != nil || len(apps) != 1 || !apps[0].Succeeded() || apps[0].ApplicationType != "MAPREDUCE" {
		t.Fatalf("applications tagged %s: %+v %v", tag, apps, err)
	}
	byRun, err := hadoopActs.Hadoop.YARN.AppsByTag(context.Background(), activities.ReadableTags(contract.ActionInput{WorkflowID: run.GetID(), Node: "wc"})[0])
	if err != nil || len(byRun) != 1 || byRun[0].ID != apps[0].ID {
		t.Errorf("applications with the run's readable tag: %+v %v", byRun, err)
	}
	if n := node(state(t, run), "wc"); n.ExternalID != apps[0].ID || n.Status != "OK" {
		t.Errorf("node: %+v", n)
	}
	b, err := hadoopActs.HDFS.ReadFile(context.Background(), dir+"/out/part-r-00000")
	if err != nil || string(b) != "a\t2\nb\t1\n" {
		t.Errorf("output %q, %v", b, err)
	}
}

// TestHadoopClientCancelKillsTheJob cancels the run while the client's
// job runs: status showed the application, which ends KILLED, and the
// node KILLED.
func TestHadoopClientCancelKillsTheJob(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/x.txt", "x\n")
	run := startOnHadoop(t, compile(t, hadoopClientSleep(c.StreamingJar, dir, "300"), nil))
	tag := tryTag(tagOf(run, "sleep"), 1)
	waitAppRunning(t, tag)
	waitForLong(t, "status to show the application", func() bool {
		apps, _ := hadoopActs.Hadoop.YARN.AppsByTag(context.Background(), tag)
		return len(apps) == 1 && strings.Contains(node(state(t, run), "sleep").Live, apps[0].ID+" RUNNING")
	})
	t.Logf("cancel to the run's end: %s", cancelKillsApplication(t, run, "sleep", tag).Round(time.Millisecond))
}

// TestHadoopClientWorkerKilledRunsAgain SIGKILLs the worker while the
// client's job runs and starts another: the new try kills the lost try's
// application (a client cannot be re-attached) and runs the command
// again, and the run succeeds.
func TestHadoopClientWorkerKilledRunsAgain(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/x.txt", "x\n")
	env := []string{"HOWDAH_E2E_HADOOP_CONF=" + c.ConfDir, "HOWDAH_E2E_HADOOP=" + c.Hadoop, "HOWDAH_E2E_STREAMING_JAR=" + c.StreamingJar}
	q := "hadoop-client-crash"
	first := startWorkerProcess(t, q, env...)
	run, err := client.Start(context.Background(), tc, compile(t, hadoopClientSleep(c.StreamingJar, dir, "20"), nil), client.Options{TaskQueue: q, HeartbeatTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	tag := tagOf(run, "sleep")
	waitAppRunning(t, tryTag(tag, 1))
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	startWorkerProcess(t, q, env...)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	y := hadoopActs.Hadoop.YARN
	lost, err := y.AppsByTag(context.Background(), tryTag(tag, 1))
	if err != nil || len(lost) != 1 || lost[0].State != "KILLED" {
		t.Errorf("the lost try's application: %+v %v", lost, err)
	}
	again, err := y.AppsByTag(context.Background(), tryTag(tag, 2))
	if err != nil || len(again) != 1 || !again[0].Succeeded() {
		t.Errorf("the second try's application: %+v %v", again, err)
	}
	if !exists(t, dir+"/out/_SUCCESS") {
		t.Error("no _SUCCESS")
	}
}

// TestHadoopClientShipsFiles: the action's files reach the distributed
// cache of the jobs a Hadoop client submits (tmpfiles, whatever its
// command line): the streaming mapper reads the shipped file by its link.
func TestHadoopClientShipsFiles(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/x.txt", "x\n")
	lookup := filepath.Join(t.TempDir(), "lookup table.txt")
	os.WriteFile(lookup, []byte("shipped\n"), 0o644)
	src := `workflow "hadoop-client-files" {
  action "job" {
    files = ["` + lookup + `#lookup"]
    shell {
      argv          = ["hadoop", "jar", "` + c.StreamingJar + `", "-input", "` + dir + `/in", "-output", "` + dir + `/out", "-mapper", "cat lookup", "-numReduceTasks", "0"]
      hadoop_client = true
    }
  }
}`
	if _, err := runOnHadoop(t, compile(t, src, nil)); err != nil {
		t.Fatal(err)
	}
	b, err := hadoopActs.HDFS.ReadFile(context.Background(), dir+"/out/part-00000")
	if err != nil || strings.TrimSpace(string(b)) != "shipped" {
		t.Errorf("output %q, %v", b, err)
	}
}
