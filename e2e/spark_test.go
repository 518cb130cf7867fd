package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/internal/hadooptest"
	"github.com/howdah/howdah/worker"
)

// sparkCluster is the test cluster with the Spark that
// scripts/hadoop-minicluster prepare installs (pyspark from PyPI); in CI
// its absence is a failure.
func sparkCluster(t *testing.T) *hadooptest.Cluster {
	t.Helper()
	c := hadoopCluster(t)
	if c.SparkHome == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Spark: scripts/hadoop-minicluster prepare installs it")
		}
		t.Skip("no Spark: run scripts/hadoop-minicluster prepare")
	}
	return c
}

// wordCountPy is a PySpark word count: input, output, and optionally
// seconds to sleep before writing, or "fail" to raise.
const wordCountPy = `import sys, time
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
if len(sys.argv) > 3:
    if sys.argv[3] == "fail":
        raise RuntimeError("howdah-test: the job failed on purpose")
    time.sleep(float(sys.argv[3]))
counts = (spark.sparkContext.textFile(sys.argv[1])
          .flatMap(lambda l: l.split()).map(lambda w: (w, 1))
          .reduceByKey(lambda a, b: a + b).sortByKey())
counts.map(lambda kv: "%s\t%d" % kv).coalesce(1).saveAsTextFile(sys.argv[2])
spark.stop()
`

// sparkWordCount is a workflow running wordCountPy on YARN.
func sparkWordCount(t *testing.T, dir string, extra ...string) string {
	script := filepath.Join(t.TempDir(), "wordcount.py")
	if err := os.WriteFile(script, []byte(wordCountPy), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{`"` + dir + `/in"`, `"` + dir + `/out"`}
	for _, e := range extra {
		args = append(args, `"`+e+`"`)
	}
	return `workflow "spark-wordcount" {
  action "wc" {
    spark {
      jar  = "` + script + `"
      args = [` + strings.Join(args, ", ") + `]
    }
  }
}`
}

// TestSparkOnYARNWordCount runs a PySpark word count in cluster mode: the
// output is the word count's, the node's external id the one application
// carrying its tag, and the application is Spark's, tagged and named by
// howdah.
func TestSparkOnYARNWordCount(t *testing.T) {
	c := sparkCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "the quick brown fox\nthe lazy dog\n")
	put(t, dir+"/in/b.txt", "the end\n")
	run, err := runOnHadoop(t, compile(t, sparkWordCount(t, dir), nil))
	st := state(t, run)
	if err != nil {
		t.Fatalf("%v\n%+v", err, st)
	}
	b, err := hadoopActs.HDFS.ReadFile(context.Background(), dir+"/out/part-00000")
	if err != nil {
		t.Fatal(err)
	}
	if want := "brown\t1\ndog\t1\nend\t1\nfox\t1\nlazy\t1\nquick\t1\nthe\t3\n"; string(b) != want {
		t.Errorf("output:\n%s\nwant:\n%s", b, want)
	}
	apps, err := hadoopActs.Hadoop.YARN.AppsByTag(context.Background(), tagOf(run, "wc"))
	if err != nil || len(apps) != 1 || apps[0].ApplicationType != "SPARK" || !apps[0].Succeeded() {
		t.Fatalf("applications: %+v %v", apps, err)
	}
	if n := node(st, "wc"); n.ExternalID != apps[0].ID {
		t.Errorf("external id %q, application %s", n.ExternalID, apps[0].ID)
	}
	if apps[0].Name != "howdah:"+run.GetID()+"/wc" {
		t.Errorf("application name %q", apps[0].Name)
	}
}

// TestSparkOnYARNFailureDiagnostics: a job that raises fails the node
// with YARN's diagnostics and the driver's Python exception (read from the
// ApplicationMaster's stderr on the NodeManager) in the run's error.
func TestSparkOnYARNFailureDiagnostics(t *testing.T) {
	c := sparkCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "x\n")
	run, err := runOnHadoop(t, compile(t, sparkWordCount(t, dir, "fail"), nil))
	if err == nil {
		t.Fatal("a failing Spark job succeeded")
	}
	n := node(state(t, run), "wc")
	if n.Status != "ERROR" || !strings.Contains(n.Error, "FAILED") || !strings.Contains(n.Error, "application_") ||
		!strings.Contains(n.Error, "the driver's error: RuntimeError: howdah-test: the job failed on purpose") {
		t.Errorf("node: %+v", n)
	}
	t.Logf("error: %s", n.Error)
}

// TestSparkOnYARNCancelKillsTheApplication cancels the run while its Spark
// application runs: the application ends KILLED, the node KILLED.
func TestSparkOnYARNCancelKillsTheApplication(t *testing.T) {
	c := sparkCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "x\n")
	run := startOnHadoop(t, compile(t, sparkWordCount(t, dir, "300"), nil))
	tag := tagOf(run, "wc")
	waitAppRunning(t, tag)
	t.Logf("cancel to the run's end: %s", cancelKillsApplication(t, run, "wc", tag).Round(time.Millisecond))
}

// TestSparkOnYARNWorkerKilledReattaches SIGKILLs the worker while the
// application runs and starts another: the run succeeds, with exactly one
// application for the tag (re-attached, not submitted again).
func TestSparkOnYARNWorkerKilledReattaches(t *testing.T) {
	c := sparkCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "a b a\n")
	reattachesAfterWorkerStop(t, c, "spark-crash", compile(t, sparkWordCount(t, dir, "20"), nil), "wc", syscall.SIGKILL)
	b, err := hadoopActs.HDFS.ReadFile(context.Background(), dir+"/out/part-00000")
	if err != nil || string(b) != "a\t2\nb\t1\n" {
		t.Errorf("output %q, %v", b, err)
	}
}

// TestSparkLocalMaster runs the word count with master local[1] on the
// local worker (no YARN): the same output, from local files.
func TestSparkLocalMaster(t *testing.T) {
	sparkCluster(t) // for Spark's paths; the job does not use the cluster
	dir := t.TempDir()
	if err := os.MkdirAll(dir+"/in", 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(dir+"/in/a.txt", []byte("the quick brown fox\nthe lazy dog\n"), 0o644)
	os.WriteFile(dir+"/in/b.txt", []byte("the end\n"), 0o644)
	src := strings.Replace(sparkWordCount(t, "file://"+dir), "spark {", "spark {\n      master = \"local[1]\"", 1)
	st, err := runToEnd(t, compile(t, src, nil))
	if err != nil {
		t.Fatalf("%v\n%+v", err, st)
	}
	b, err := os.ReadFile(dir + "/out/part-00000")
	if want := "brown\t1\ndog\t1\nend\t1\nfox\t1\nlazy\t1\nquick\t1\nthe\t3\n"; err != nil || string(b) != want {
		t.Errorf("output %q, %v", b, err)
	}
}

// wordCountJava is the word count as a JVM application, compiled by the
// test against Spark's jars.
const wordCountJava = `import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

public class HowdahWordCount {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().getOrCreate();
    JavaSparkContext sc = new JavaSparkContext(spark.sparkContext());
    sc.textFile(args[0])
      .flatMap(l -> Arrays.asList(l.split("\\s+")).iterator())
      .filter(w -> !w.isEmpty())
      .mapToPair(w -> new Tuple2<>(w, 1))
      .reduceByKey(Integer::sum)
      .sortByKey()
      .map(t -> t._1() + "\t" + t._2())
      .coalesce(1)
      .saveAsTextFile(args[1]);
    spark.stop();
  }
}
`

// sparkJar compiles wordCountJava into a jar.
func sparkJar(t *testing.T, c *hadooptest.Cluster) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "HowdahWordCount.java")
	if err := os.WriteFile(src, []byte(wordCountJava), 0o644); err != nil {
		t.Fatal(err)
	}
	javac := exec.Command("javac", "-nowarn", "-cp", filepath.Join(c.SparkHome, "jars", "*"), "-d", filepath.Join(dir, "classes"), src)
	if out, err := javac.CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	jar := filepath.Join(dir, "wordcount.jar")
	if out, err := exec.Command("jar", "cf", jar, "-C", filepath.Join(dir, "classes"), ".").CombinedOutput(); err != nil {
		t.Fatalf("jar: %v\n%s", err, out)
	}
	return jar
}

// TestSparkOnYARNJVMJob runs a JVM word count compiled against Spark's
// jars, in cluster mode (the application followed by its tag) and in
// client mode (the driver in spark-submit on the worker, the application
// carrying the first try's tag): the output is the local word count's
// (TestSparkLocalMaster's). Without its arguments the job throws, and the
// run's error carries the exception the driver threw.
func TestSparkOnYARNJVMJob(t *testing.T) {
	c := sparkCluster(t)
	jar := sparkJar(t, c)
	for _, mode := range []string{"cluster", "client", "cluster-failing"} {
		t.Run(mode, func(t *testing.T) {
			dir := hdfsDir(t, c)
			put(t, dir+"/in/a.txt", "the quick brown fox\nthe lazy dog\n")
			put(t, dir+"/in/b.txt", "the end\n")
			args := `["` + dir + `/in", "` + dir + `/out"]`
			if mode == "cluster-failing" {
				args = "[]"
			}
			src := `workflow "spark-jvm" {
  action "wc" {
    spark {
      mode       = "` + strings.TrimSuffix(mode, "-failing") + `"
      jar        = "` + jar + `"
      main_class = "HowdahWordCount"
      args       = ` + args + `
    }
  }
}`
			run, err := runOnHadoop(t, compile(t, src, nil))
			if mode == "cluster-failing" {
				// YARN's diagnostics already say what the user class threw.
				if msg := node(state(t, run), "wc").Error; err == nil || strings.Count(msg, "java.lang.ArrayIndexOutOfBoundsException") != 1 {
					t.Errorf("error: %v: %s", err, msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%+v", err, state(t, run))
			}
			b, err := hadoopActs.HDFS.ReadFile(context.Background(), dir+"/out/part-00000")
			if want := "brown\t1\ndog\t1\nend\t1\nfox\t1\nlazy\t1\nquick\t1\nthe\t3\n"; err != nil || string(b) != want {
				t.Errorf("output %q, %v", b, err)
			}
			tag := tagOf(run, "wc")
			if mode == "client" {
				tag += "-1"
			}
			apps, err := hadoopActs.Hadoop.YARN.AppsByTag(context.Background(), tag)
			if err != nil || len(apps) != 1 || apps[0].ApplicationType != "SPARK" || !apps[0].Succeeded() {
				t.Fatalf("applications tagged %s: %+v %v", tag, apps, err)
			}
		})
	}
}

// TestSparkArchiveUploadedOnce: a worker with a SparkArchiveDir uploads
// the zip of Spark's jars on its first Spark job and later jobs use it as
// spark.yarn.archive (which takes precedence over the test cluster's
// spark.yarn.jars, so the runs succeeding show the archive works).
func TestSparkArchiveUploadedOnce(t *testing.T) {
	c := sparkCluster(t)
	dir := hdfsDir(t, c)
	put(t, dir+"/in/a.txt", "a b a\n")
	a, err := newHadoopActivities(c.ConfDir, c.Hadoop, c.StreamingJar)
	if err != nil {
		t.Fatal(err)
	}
	a.SparkSubmit, a.SparkArchiveDir = c.SparkSubmit(), dir+"/spark"
	const q = "spark-archive"
	w := worker.New(tc, q, a, worker.Options{})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	var first time.Time
	for i := range 2 {
		src := strings.Replace(sparkWordCount(t, dir), dir+"/out", fmt.Sprintf("%s/out-%d", dir, i), 1)
		run, err := client.Start(context.Background(), tc, compile(t, src, nil), client.Options{TaskQueue: q, User: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		err = run.Get(ctx, nil)
		cancel()
		if err != nil {
			t.Fatalf("run %d: %v\n%+v", i, err, state(t, run))
		}
		names, err := hadoopActs.HDFS.ReadDir(context.Background(), dir+"/spark")
		if err != nil || len(names) != 1 || !strings.HasPrefix(filepath.Base(names[0]), "spark-jars-") {
			t.Fatalf("archives after run %d: %v %v", i, names, err)
		}
		fi, err := hadoopActs.HDFS.Stat(context.Background(), dir+"/spark/"+filepath.Base(names[0]))
		if err != nil || fi.Size < 100<<20 {
			t.Fatalf("archive: %+v %v", fi, err)
		}
		if i == 0 {
			first = fi.ModTime
		} else if !fi.ModTime.Equal(first) {
			t.Errorf("the archive was written again: %v then %v", first, fi.ModTime)
		}
	}
}

// TestSparkArchiveConcurrentUploads: several workers (here Activities in
// one process, so with one pid, as workers in containers have) racing to
// upload the same archive all get it, and one whole archive is left, with
// no temporary file.
func TestSparkArchiveConcurrentUploads(t *testing.T) {
	c := sparkCluster(t)
	dir := hdfsDir(t, c)
	const n = 2
	urls, errs := make([]string, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		a, err := newHadoopActivities(c.ConfDir, c.Hadoop, c.StreamingJar)
		if err != nil {
			t.Fatal(err)
		}
		a.SparkSubmit, a.SparkArchiveDir = c.SparkSubmit(), dir+"/spark"
		wg.Add(1)
		go func() {
			defer wg.Done()
			urls[i], errs[i] = a.SparkArchive(context.Background())
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || urls[i] == "" || urls[i] != urls[0] {
			t.Errorf("worker %d: %q %v", i, urls[i], errs[i])
		}
	}
	names, err := hadoopActs.HDFS.ReadDir(context.Background(), dir+"/spark")
	if err != nil || len(names) != 1 || !strings.HasSuffix(urls[0], filepath.Base(names[0])) {
		t.Fatalf("the directory holds %v (%v), want only %s", names, err, urls[0])
	}
	fi, err := hadoopActs.HDFS.Stat(context.Background(), urls[0])
	if err != nil || fi.Size < 100<<20 {
		t.Errorf("archive: %+v %v", fi, err)
	}
}
