package e2e

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/hadoop/hdfs"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/internal/hadooptest"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/worker"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
)

// The Hadoop tests share one cluster (started on first use) and one worker
// on the "hadoop" task queue configured for it.
var (
	hadoopOnce   sync.Once
	hadoopActs   *activities.Activities
	hadoopQueue  = "hadoop"
	hadoopWorker sdkworker.Worker
)

// hadoopCluster returns the test cluster and starts the Hadoop worker.
func hadoopCluster(t testing.TB) *hadooptest.Cluster {
	t.Helper()
	c := hadooptest.Get(t)
	hadoopOnce.Do(func() {
		a, err := newHadoopActivities(c.ConfDir, c.Hadoop, c.StreamingJar)
		if err != nil {
			t.Fatal(err)
		}
		// Every attempt's output goes to a log store in HDFS, as on a
		// cluster.
		store, err := logstore.Open(c.FS+"/howdah-logs", a.HDFS)
		if err != nil {
			t.Fatal(err)
		}
		a.Logs = store
		if c.SparkHome != "" {
			// As an operator's worker environment would point Spark at
			// the cluster (worker processes inherit it).
			os.Setenv("SPARK_HOME", c.SparkHome)
			os.Setenv("SPARK_CONF_DIR", c.SparkConfDir)
			a.SparkSubmit = c.SparkSubmit()
		}
		hadoopActs = a
		hadoopWorker = worker.New(tc, hadoopQueue, a, worker.Options{})
		if err := hadoopWorker.Start(); err != nil {
			t.Fatal(err)
		}
	})
	if hadoopActs == nil {
		t.Fatal("the Hadoop worker did not start")
	}
	return c
}

func newHadoopActivities(confDir, hadoop, streamingJar string) (*activities.Activities, error) {
	a, err := activities.NewWithHadoop(activities.HadoopConfig{
		ConfDir: confDir, Command: hadoop, StreamingJar: streamingJar, PollEvery: 500 * time.Millisecond,
	})
	if err != nil {
		return nil, err
	}
	a.HeartbeatEvery = 200 * time.Millisecond
	return a, nil
}

// runOnHadoop runs w on the Hadoop worker to its end.
func runOnHadoop(t testing.TB, w *plan.Workflow) (sdkclient.WorkflowRun, error) {
	t.Helper()
	run := startOnHadoop(t, w)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	return run, run.Get(ctx, nil)
}

func startOnHadoop(t testing.TB, w *plan.Workflow) sdkclient.WorkflowRun {
	t.Helper()
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: hadoopQueue, User: "tester", HeartbeatTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// hdfsDir makes a fresh HDFS directory for one test and returns its URL.
func hdfsDir(t testing.TB, c *hadooptest.Cluster) string {
	t.Helper()
	dir := fmt.Sprintf("%s/tests/%s-%d", c.FS, strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano())
	if err := hadoopActs.HDFS.MkdirAll(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func put(t testing.TB, url, data string) {
	t.Helper()
	if err := hadoopActs.HDFS.WriteFile(context.Background(), url, []byte(data)); err != nil {
		t.Fatal(err)
	}
}

func exists(t testing.TB, url string) bool {
	t.Helper()
	_, err := hadoopActs.HDFS.Stat(context.Background(), url)
	if err != nil && !errors.Is(err, iofs.ErrNotExist) {
		t.Fatal(err)
	}
	return err == nil
}

// TestHDFSFSActions runs every fs operation and a prepare block against
// HDFS and checks the result through a separate client.
func TestHDFSFSActions(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/old/file", "x")
	w := compile(t, `workflow "hdfs-fs" {
  param "dir" {}
  action "ops" {
    prepare {
      delete = ["${param.dir}/old"]
      mkdir  = ["${param.dir}/prepared"]
    }
    fs {
      mkdir  { path = "${param.dir}/a/b" }
      touchz { path = "${param.dir}/a/b/flag" }
      chmod {
        path        = "${param.dir}/a"
        permissions = "750"
        recursive   = true
      }
      chgrp {
        path  = "${param.dir}/a/b/flag"
        group = "supergroup"
      }
      setrep {
        path        = "${param.dir}/a/b/flag"
        replication = 1
      }
      move {
        path = "${param.dir}/a/b/flag"
        to   = "${param.dir}/a/moved"
      }
      mkdir { path = "${param.dir}/gone" }
      delete {
        path       = "${param.dir}/gone"
        skip_trash = true
      }
    }
  }
  decision "check" {
    case {
      when = fs_exists("${param.dir}/a/moved") && !fs_exists("${param.dir}/gone") && fs_is_dir("${param.dir}/prepared") && length(fs_glob("${param.dir}/*/mov?d")) == 1 && length(fs_glob("${param.dir}/[ap]*")) == 2
      goto = end
    }
    default = kill.bad
  }
  kill "bad" { message = "fs_* saw the wrong state" }
}`, map[string]string{"dir": dir})
	if _, err := runOnHadoop(t, w); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if exists(t, dir+"/old") || !exists(t, dir+"/prepared") || !exists(t, dir+"/a/moved") || exists(t, dir+"/a/b/flag") || exists(t, dir+"/gone") {
		t.Error("HDFS does not hold what the fs action made")
	}
	fi, err := hadoopActs.HDFS.Stat(ctx, dir+"/a")
	if err != nil || fi.Mode.Perm() != 0o750 {
		t.Errorf("chmod: %v %v", fi.Mode, err)
	}
}

// TestHDFSDeleteGuard: a delete that resolves to the root or to nothing is
// refused before anything runs, on HDFS as locally.
func TestHDFSDeleteGuard(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/keep", "x")
	for _, bad := range []string{c.FS + "/", c.FS, "hdfs:///", "", "/"} {
		in := contract.ActionInput{WorkflowID: "guard", Node: "wipe", Item: -1, Attempt: 1, Action: plan.Action{
			Kind: plan.FSKind,
			FS:   &plan.FS{Ops: []plan.FSOp{{Op: plan.OpMkdir, Path: dir + "/made"}, {Op: plan.OpDelete, Path: bad}}},
		}}
		_, err := hadoopActs.FSOps(context.Background(), in)
		if err == nil || !strings.Contains(err.Error(), contract.ErrBadInput) && !strings.Contains(err.Error(), "refus") {
			t.Errorf("delete %q: %v", bad, err)
		}
		prep := in
		prep.Action = plan.Action{Kind: plan.ShellKind, Shell: &plan.Shell{Argv: []string{"true"}}, Prepare: &plan.Prepare{Delete: []string{bad}}}
		if _, err := hadoopActs.Shell(context.Background(), prep); err == nil {
			t.Errorf("prepare delete %q ran", bad)
		}
	}
	if !exists(t, dir+"/keep") || exists(t, dir+"/made") {
		t.Error("a refused fs action changed HDFS")
	}
}

// TestHDFSWaitForDoneFlag: hdfs_wait returns when another process creates
// the flag, and times out cleanly when nobody does.
func TestHDFSWaitForDoneFlag(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	src := `workflow "hdfs-wait" {
  param "dir" {}
  param "timeout" { default = "2m" }
  action "wait" {
    hdfs_wait {
      paths         = ["${param.dir}/data"]
      done_flag     = "_SUCCESS"
      poll_interval = "1s"
      timeout       = param.timeout
    }
  }
}`
	run := startOnHadoop(t, compile(t, src, map[string]string{"dir": dir}))
	time.Sleep(3 * time.Second)
	if out, err := c.Run("fs", "-mkdir", "-p", dir+"/data"); err != nil {
		t.Fatal(out)
	}
	if out, err := c.Run("fs", "-touchz", dir+"/data/_SUCCESS"); err != nil {
		t.Fatal(out)
	}
	created := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("detected %s after the flag appeared", time.Since(created).Round(10*time.Millisecond))

	_, err := runOnHadoop(t, compile(t, src, map[string]string{"dir": dir + "/never", "timeout": "3s"}))
	if err == nil || !strings.Contains(err.Error(), "gave up") {
		t.Fatalf("timeout: %v", err)
	}
}

// TestHDFSWaitSurvivesNamenodeRestart restarts the namenode while a wait
// polls: the wait rides it out and completes when the flag appears.
func TestHDFSWaitSurvivesNamenodeRestart(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	run := startOnHadoop(t, compile(t, `workflow "hdfs-wait-restart" {
  param "dir" {}
  action "wait" {
    hdfs_wait {
      paths         = ["${param.dir}/flag"]
      done_flag     = ""
      poll_interval = "1s"
      timeout       = "3m"
    }
  }
}`, map[string]string{"dir": dir}))
	time.Sleep(2 * time.Second)
	c.RestartNamenode(t, 3*time.Second)
	if out, err := c.Run("fs", "-touchz", dir+"/flag"); err != nil {
		t.Fatal(out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

// TestYARNWordCount runs Hadoop's WordCount (examples jar) through
// examples/mapreduce on YARN: right output in HDFS, and counters that the
// workflow's decision reads.
func TestYARNWordCount(t *testing.T) {
	c := hadoopCluster(t)
	repo(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "the quick brown fox\nthe lazy dog\n")
	put(t, dir+"/in/b.txt", "the end\n")
	w := compile(t, "examples/mapreduce/workflow.hcl", map[string]string{
		"input": dir + "/in", "output": dir + "/out", "examples_jar": c.ExamplesJar,
	})
	run, err := runOnHadoop(t, w)
	st := state(t, run)
	if err != nil {
		t.Fatalf("%v\n%+v", err, st)
	}
	b, err := hadoopActs.HDFS.ReadFile(context.Background(), dir+"/out/part-r-00000")
	if err != nil {
		t.Fatal(err)
	}
	want := "brown\t1\ndog\t1\nend\t1\nfox\t1\nlazy\t1\nquick\t1\nthe\t3\n"
	if string(b) != want {
		t.Errorf("output:\n%s\nwant:\n%s", b, want)
	}
	if n := node(st, "wordcount"); !strings.HasPrefix(n.ExternalID, "application_") {
		t.Errorf("wordcount external id %q", n.ExternalID)
	}
}

// TestYARNStreamingMatchesLocal runs examples/wordcount once with the
// local runner and once on YARN (hadoop-streaming) on the same input: the
// part files must be byte-identical.
func TestYARNStreamingMatchesLocal(t *testing.T) {
	c := hadoopCluster(t)
	repo(t)
	local := filepath.Join(t.TempDir(), "out")
	if _, err := runToEnd(t, compile(t, "examples/wordcount/workflow.hcl", map[string]string{"output": local})); err != nil {
		t.Fatal(err)
	}
	dir := hdfsDir(t, c)
	files, _ := filepath.Glob("examples/wordcount/input/*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		put(t, dir+"/in/"+filepath.Base(f), string(b))
	}
	if _, err := runOnHadoop(t, compile(t, "examples/wordcount/workflow.hcl", map[string]string{"input": dir + "/in", "output": dir + "/out"})); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(local, "part-*"))
	if len(parts) != 2 {
		t.Fatalf("local parts: %v", parts)
	}
	for _, p := range parts {
		want, _ := os.ReadFile(p)
		got, err := hadoopActs.HDFS.ReadFile(context.Background(), dir+"/out/"+filepath.Base(p))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs:\nYARN:\n%q\nlocal:\n%q", filepath.Base(p), got, want)
		}
	}
}

// TestYARNFailures: a bad input path and a job whose tasks fail both take
// the error transition, with the client's or YARN's diagnostics in the
// node's error.
func TestYARNFailures(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	src := `workflow "yarn-fail" {
  param "jar" {}
  param "dir" {}
  action "bad_input" {
    map_reduce {
      jar        = param.jar
      main_class = "org.apache.hadoop.examples.WordCount"
      args       = ["${param.dir}/missing", "${param.dir}/out1"]
    }
    error = action.next_step
  }
  action "next_step" {
    streaming {
      input    = ["${param.dir}/in"]
      output   = "${param.dir}/out2"
      mapper   = ["false"]
      reducers = 0
    }
    configuration = { "mapreduce.map.maxattempts" = 1 }
    error = kill.failed
  }
  kill "failed" { message = "${wf.last_error_node}: ${wf.error_message}" }
}`
	put(t, dir+"/in/x.txt", "x\n")
	run, err := runOnHadoop(t, compile(t, src, map[string]string{"jar": c.ExamplesJar, "dir": dir}))
	if err == nil {
		t.Fatal("the workflow succeeded")
	}
	st := state(t, run)
	bad := node(st, "bad_input")
	if bad.Status != "ERROR" || !strings.Contains(bad.Error, "Input path does not exist") {
		t.Errorf("bad_input: %+v", bad)
	}
	next := node(st, "next_step")
	if next.Status != "ERROR" || !strings.Contains(next.Error, "FAILED") || !strings.Contains(next.Error, "application_") {
		t.Errorf("next_step: %+v", next)
	}
	t.Logf("bad_input error: %s", firstLine(bad.Error))
	t.Logf("next_step error: %s", firstLine(next.Error))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// sleepJob is a one-map streaming job that runs for secs seconds.
func sleepJob(dir string, secs int) string {
	return fmt.Sprintf(`workflow "yarn-sleep" {
  action "sleep" {
    streaming {
      input    = ["%s/in"]
      output   = "%s/out"
      mapper   = ["sh", "-c", "sleep %d; cat"]
      reducers = 0
    }
  }
}`, dir, dir, secs)
}

// tagOf is the tag the node's first attempt carries.
func tagOf(run sdkclient.WorkflowRun, node string) string {
	return activities.JobTag(contract.ActionInput{WorkflowID: run.GetID(), RunID: run.GetRunID(), Node: node, Item: -1, Attempt: 1})
}

// TestYARNCancelKillsTheApplication cancels the workflow while its job
// runs: the YARN application ends KILLED and the node KILLED.
func TestYARNCancelKillsTheApplication(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/x.txt", "x\n")
	run := startOnHadoop(t, compile(t, sleepJob(dir, 120), nil))
	y := hadoopActs.Hadoop.YARN
	tag := tagOf(run, "sleep")
	waitAppRunning(t, tag)
	// Readable tags and a job name find the run's application in YARN.
	byRun, err := y.AppsByTag(context.Background(), activities.ReadableTags(contract.ActionInput{WorkflowID: run.GetID(), Node: "sleep"})[0])
	if err != nil || len(byRun) != 1 || byRun[0].Name != "howdah:"+run.GetID()+"/sleep" {
		t.Errorf("applications tagged with the workflow id: %+v %v", byRun, err)
	}
	// status shows the running application: id, state, tracking URL.
	waitForLong(t, "status to show the application", func() bool {
		apps, _ := y.AppsByTag(context.Background(), tag)
		live := node(state(t, run), "sleep").Live
		return len(apps) == 1 && strings.Contains(live, apps[0].ID+" RUNNING") && strings.Contains(live, "http")
	})
	cancelKillsApplication(t, run, "sleep", tag)
}

// waitAppRunning waits until the one application tagged tag is RUNNING.
func waitAppRunning(t *testing.T, tag string) {
	t.Helper()
	waitForLong(t, "the application to run", func() bool {
		apps, err := hadoopActs.Hadoop.YARN.AppsByTag(context.Background(), tag)
		return err == nil && len(apps) == 1 && apps[0].State == "RUNNING"
	})
}

// cancelKillsApplication cancels run and checks that the application
// tagged tag ended KILLED and the node KILLED; it returns how long from
// the cancel to the run's end.
func cancelKillsApplication(t *testing.T, run sdkclient.WorkflowRun, nodeName, tag string) time.Duration {
	t.Helper()
	start := time.Now()
	if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run.Get(ctx, nil)
	took := time.Since(start)
	apps, err := hadoopActs.Hadoop.YARN.AppsByTag(context.Background(), tag)
	if err != nil || len(apps) != 1 || apps[0].State != "KILLED" {
		t.Fatalf("after cancel: %+v %v", apps, err)
	}
	if n := node(state(t, run), nodeName); n.Status != "KILLED" {
		t.Errorf("node: %+v", n)
	}
	return took
}

// TestYARNWorkerKilledReattaches kills the worker process while its job
// runs, with SIGKILL (a crash) and with SIGTERM (a graceful stop, which
// must leave the job running), and starts another: the node completes, and
// exactly one application carries the node's tag.
func TestYARNWorkerKilledReattaches(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) { workerKilledReattaches(t, sig) })
	}
}

func workerKilledReattaches(t *testing.T, sig syscall.Signal) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/x.txt", "x\n")
	q := "hadoop-crash-" + strings.ToLower(sig.String()[:4])
	reattachesAfterWorkerStop(t, c, q, compile(t, sleepJob(dir, 25), nil), "sleep", sig)
	if !exists(t, dir+"/out/_SUCCESS") {
		t.Error("no _SUCCESS")
	}
}

// reattachesAfterWorkerStop runs w on a worker process serving queue q,
// stops that worker with sig while the node's YARN application runs,
// starts another, and checks that the run succeeds with exactly one
// application carrying the node's tag (re-attached, not submitted again).
func reattachesAfterWorkerStop(t *testing.T, c *hadooptest.Cluster, q string, w *plan.Workflow, nodeName string, sig syscall.Signal) {
	t.Helper()
	env := []string{"HOWDAH_E2E_HADOOP_CONF=" + c.ConfDir, "HOWDAH_E2E_HADOOP=" + c.Hadoop, "HOWDAH_E2E_STREAMING_JAR=" + c.StreamingJar}
	first := startWorkerProcess(t, q, env...)
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: q, HeartbeatTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	y := hadoopActs.Hadoop.YARN
	tag := tagOf(run, nodeName)
	waitAppRunning(t, tag)
	first.Process.Signal(sig)
	first.Wait()
	startWorkerProcess(t, q, env...)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	apps, err := y.AppsByTag(context.Background(), tag)
	if err != nil || len(apps) != 1 || !apps[0].Succeeded() {
		t.Fatalf("applications tagged %s: %+v %v", tag, apps, err)
	}
}

// waitForLong waits up to two minutes: YARN starts an application master
// in seconds, not milliseconds.
func waitForLong(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitWithin(t, 2*time.Minute, 250*time.Millisecond, what, cond)
}

// TestYARNJavaDistCpAndConfigurationOnlyJob runs the other job-submitting
// kinds on YARN: a java action (WordCount's main class), distcp, and a
// map_reduce action defined by configuration alone (`mapred job -submit`,
// as Oozie's map-reduce action without a driver), each tracked through its
// tag to a succeeded application.
func TestYARNJavaDistCpAndConfigurationOnlyJob(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "b a\na\n")
	run, err := runOnHadoop(t, compile(t, `workflow "yarn-kinds" {
  param "jar" {}
  param "dir" {}
  action "java" {
    java {
      jar        = param.jar
      main_class = "org.apache.hadoop.examples.WordCount"
      args       = ["${param.dir}/in", "${param.dir}/java-out"]
    }
  }
  action "copy" {
    distcp {
      from = ["${param.dir}/java-out"]
      to   = "${param.dir}/copied"
    }
  }
  action "identity" {
    map_reduce {}
    configuration = {
      "mapred.mapper.class"                       = "org.apache.hadoop.mapred.lib.IdentityMapper"
      "mapred.reducer.class"                      = "org.apache.hadoop.mapred.lib.IdentityReducer"
      "mapreduce.job.output.key.class"            = "org.apache.hadoop.io.LongWritable"
      "mapreduce.job.output.value.class"          = "org.apache.hadoop.io.Text"
      "mapreduce.input.fileinputformat.inputdir"  = "${param.dir}/in"
      "mapreduce.output.fileoutputformat.outputdir" = "${param.dir}/identity-out"
      "mapreduce.job.reduces"                     = 1
    }
  }
}`, map[string]string{"jar": c.ExamplesJar, "dir": dir}))
	st := state(t, run)
	if err != nil {
		t.Fatalf("%v\n%+v", err, st)
	}
	for _, n := range []string{"java", "copy", "identity"} {
		if id := node(st, n).ExternalID; !strings.HasPrefix(id, "application_") {
			t.Errorf("%s: external id %q", n, id)
		}
	}
	ctx := context.Background()
	for path, want := range map[string]string{
		"/java-out/part-r-00000":   "a\t2\nb\t1\n",
		"/copied/part-r-00000":     "a\t2\nb\t1\n",
		"/identity-out/part-00000": "0\tb a\n4\ta\n",
	} {
		got, err := hadoopActs.HDFS.ReadFile(ctx, dir+path)
		if err != nil || string(got) != want {
			t.Errorf("%s: %q %v, want %q", path, got, err, want)
		}
	}
}

// TestJavaCaptureOutput: a java action's main class writes properties to
// the file Oozie's contract names; with capture_output they become the
// action's output, which a decision reads.
func TestJavaCaptureOutput(t *testing.T) {
	hadoopCluster(t)
	dir := t.TempDir()
	for _, cmd := range [][]string{
		{"javac", "-d", dir, "testdata/java/EmitOutput.java"},
		{"jar", "cf", filepath.Join(dir, "emit.jar"), "-C", dir, "EmitOutput.class"},
	} {
		if out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", cmd, err, out)
		}
	}
	_, err := runOnHadoop(t, compile(t, `workflow "java-output" {
  param "jar" {}
  action "emit" {
    java {
      jar        = param.jar
      main_class = "EmitOutput"
      args           = ["rows=42", "day=2026-11-25"]
      capture_output = true
    }
  }
  decision "check" {
    case {
      when = action.emit.output.rows == "42" && action.emit.output.day == "2026-11-25"
      goto = end
    }
    default = kill.bad
  }
  kill "bad" { message = "output: ${jsonencode(action.emit.output)}" }
}`, map[string]string{"jar": filepath.Join(dir, "emit.jar")}))
	if err != nil {
		t.Fatal(err)
	}
}

// TestHDFSDeleteToTrash: with the cluster's trash on (fs.trash.interval >
// 0), a delete without skip_trash moves the path under the user's
// .Trash/Current, keeping its full path, as `hadoop fs -rm` does; with
// skip_trash it is gone.
func TestHDFSDeleteToTrash(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/old/part-0", "x")
	put(t, dir+"/tmp/part-0", "x")
	conf, err := hdfs.LoadConf(c.ConfDir)
	if err != nil {
		t.Fatal(err)
	}
	conf["fs.trash.interval"] = "60"
	user := hadoopActs.HDFS.User()
	fs, err := hdfs.New(hdfs.Options{Conf: conf, User: user})
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	ctx := context.Background()
	if err := fs.Delete(ctx, dir+"/old", false); err != nil {
		t.Fatal(err)
	}
	if err := fs.Delete(ctx, dir+"/tmp", true); err != nil {
		t.Fatal(err)
	}
	_, p, _ := strings.Cut(strings.TrimPrefix(dir, "hdfs://"), "/")
	trashed := c.FS + "/user/" + user + "/.Trash/Current/" + p + "/old/part-0"
	if exists(t, dir+"/old") || !exists(t, trashed) {
		t.Errorf("old was not moved to %s", trashed)
	}
	if exists(t, dir+"/tmp") || exists(t, c.FS+"/user/"+user+"/.Trash/Current/"+p+"/tmp") {
		t.Error("skip_trash kept tmp")
	}
	// A second delete of the same name keeps both in the trash.
	put(t, dir+"/old/part-0", "y")
	if err := fs.Delete(ctx, dir+"/old", false); err != nil {
		t.Fatal(err)
	}
	matches, err := fs.Glob(ctx, c.FS+"/user/"+user+"/.Trash/Current/"+p+"/old*")
	if err != nil || len(matches) != 2 {
		t.Errorf("trash holds %v, %v", matches, err)
	}
}

// A prepare delete that HDFS refuses (another user's directory) fails at
// once, not retried, with who asked and what the namenode holds.
func TestHDFSPermissionDenied(t *testing.T) {
	c := hadoopCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/owned/part-0", "x")
	if err := hadoopActs.HDFS.Chmod(context.Background(), dir+"/owned", 0o755, false); err != nil {
		t.Fatal(err)
	}
	if err := hadoopActs.HDFS.Chmod(context.Background(), dir, 0o755, false); err != nil {
		t.Fatal(err)
	}
	conf, err := hdfs.LoadConf(c.ConfDir)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := hdfs.New(hdfs.Options{Conf: conf, User: "intruder"})
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	a := activities.New()
	a.Files.Register("hdfs", fs)
	a.HDFS = fs
	in := contract.ActionInput{WorkflowID: "perm", Node: "clean", Item: -1, Attempt: 1, Action: plan.Action{
		Kind: plan.ShellKind, Shell: &plan.Shell{Argv: []string{"true"}},
		Prepare: &plan.Prepare{Delete: []string{dir + "/owned"}, DeleteWithin: []string{dir}},
	}}
	begin := time.Now()
	_, err = a.Shell(context.Background(), in)
	var app *temporal.ApplicationError
	if !errors.As(err, &app) || !app.NonRetryable() {
		t.Fatalf("want a non-retryable failure, got %v", err)
	}
	for _, want := range []string{"permission denied", `HDFS user "intruder"`, "/owned is " + hadoopActs.HDFS.User()} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if time.Since(begin) > 10*time.Second {
		t.Errorf("took %s: retried?", time.Since(begin))
	}
	if !exists(t, dir+"/owned/part-0") {
		t.Error("the refused delete removed the directory")
	}
}

// Hadoop streaming's separator properties (and env, -cmdenv on YARN): the
// local runner's part files are YARN's, byte for byte, for a reduce job (two key fields split on
// ':', the reducer's input and output separators, TextOutputFormat's) and
// a map-only one.
func TestYARNStreamingSeparatorsMatchLocal(t *testing.T) {
	c := hadoopCluster(t)
	// No two records share a key: Hadoop's map-side sort is not stable, so
	// equal keys may come out in any order there.
	input := "a:x:1\nb:y:2\na:v:3\nb:z\nc\na:w:5:6\n"
	job := func(in, out string, reducers int, reducer string) string {
		red := ""
		if reducer != "" {
			red = fmt.Sprintf("reducer = [%q, %q, %q]", "sh", "-c", reducer)
		}
		return fmt.Sprintf(`workflow "seps" {
  action "count" {
    streaming {
      input    = [%q]
      output   = %q
      mapper   = ["sh", "-c", "sed \"s/^/$TAG/\""]
      %s
      reducers = %d
      env      = { TAG = "t-" }
    }
    configuration = {
      "stream.map.output.field.separator"           = ":"
      "stream.num.map.output.key.fields"            = 2
      "stream.reduce.input.field.separator"         = "="
      "stream.reduce.output.field.separator"        = "="
      "stream.num.reduce.output.key.fields"         = 1
      "mapreduce.output.textoutputformat.separator" = "|"
    }
  }
}`, in, out, red, reducers)
	}
	for _, tc := range []struct {
		name     string
		reducers int
		reducer  string
	}{
		{"reduce", 1, "sed 's/$/=seen/'"},
		{"map-only", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// YARN splits even a small file for its default two maps, the
			// local runner does not: compare the parts joined in order.
			locals, remotes := runLocalAndOnYARN(t, c, "in.txt", input, func(in, out string) string { return job(in, out, tc.reducers, tc.reducer) })
			want, got := strings.Join(locals, ""), strings.Join(remotes, "")
			if got != want || !strings.HasPrefix(want, "t-") {
				t.Errorf("output differs (or env did not reach the mapper):\nYARN:  %q\nlocal: %q", got, want)
			}
		})
	}
}

// record_reader: StreamXmlRecordReader's records reach the mapper on YARN
// exactly as the local runner gives them (a map-only job shows each
// record's bytes, a tab and newline made visible), and a reduce job over
// them agrees too. The begin string holds a comma, a quote and '<', which
// -inputreader could not carry.
func TestYARNStreamingXMLRecordsMatchLocal(t *testing.T) {
	c := hadoopCluster(t)
	var doc strings.Builder
	doc.WriteString("<?xml version=\"1.0\"?>\n<log>\n")
	for i := range 40 {
		fmt.Fprintf(&doc, "<rec kind=\"a,b\">\n  <id>%02d</id>\t<v>%d</v>\n</rec> between\n", i, i*i)
	}
	doc.WriteString("<rec kind=\"a,b\"><id>99</id>") // never closed: dropped
	input := doc.String()
	job := func(in, out string, reducers int, mapper string) string {
		return fmt.Sprintf(`workflow "xml" {
  action "recs" {
    streaming {
      input    = [%q]
      output   = %q
      mapper   = ["sh", "-c", %q]
      reducers = %d
      record_reader         = "StreamXmlRecordReader"
      record_reader_mapping = { begin = "<rec kind=\"a,b\">", end = "</rec>" }
    }
  }
}`, in, out, mapper, reducers)
	}
	for _, tc := range []struct {
		name     string
		reducers int
		mapper   string
	}{
		// Every byte the mapper reads, tabs shown, lines prefixed.
		{"map-only", 0, `sed 's/\t/<TAB>/g; s/^/L:/'`},
		// One line per record: its id, then its value.
		{"reduce", 1, `tr -d '\n' | sed 's#</rec>\t#&\n#g' | sed -n 's#.*<id>\([0-9]*\)</id>.*<v>\([0-9]*\)</v>.*#\1\t\2#p'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// YARN cuts the file in two splits and numbers its map tasks
			// largest split first; the local runner keeps a file whole.
			// Compare the part files' contents, each byte for byte, in
			// sorted order.
			wants, gots := runLocalAndOnYARN(t, c, "in.xml", input, func(in, out string) string { return job(in, out, tc.reducers, tc.mapper) })
			sort.Strings(wants)
			sort.Strings(gots)
			want, got := strings.Join(wants, ""), strings.Join(gots, "")
			if got != want || want == "" || strings.Contains(want, "99") {
				t.Errorf("output differs (or is empty, or kept the unclosed record):\nYARN:  %q\nlocal: %q", got, want)
			}
		})
	}
}

// runLocalAndOnYARN runs the workflow job(input, output) on the local
// streaming runner and on YARN, over the same input file, and returns each
// side's part files' contents in name order.
func runLocalAndOnYARN(t *testing.T, c *hadooptest.Cluster, name, input string, job func(in, out string) string) (local, yarn []string) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, name), []byte(input), 0o644)
	if _, err := runToEnd(t, compile(t, job(filepath.Join(dir, name), filepath.Join(dir, "out")), nil)); err != nil {
		t.Fatal(err)
	}
	h := hdfsDir(t, c)
	put(t, h+"/in/"+name, input)
	if _, err := runOnHadoop(t, compile(t, job(h+"/in", h+"/out"), nil)); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "out", "part-*"))
	for _, p := range parts {
		b, _ := os.ReadFile(p)
		local = append(local, string(b))
	}
	remotes, err := hadoopActs.HDFS.Glob(context.Background(), h+"/out/part-*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range remotes {
		b, err := hadoopActs.HDFS.ReadFile(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		yarn = append(yarn, string(b))
	}
	return local, yarn
}
