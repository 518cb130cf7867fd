package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkSparkWordCount measures howdah's overhead around a real Spark
// job: the PySpark word count submitted directly with spark-submit
// (cluster mode, which waits for the application by default) and as a
// one-node howdah workflow, alternating which goes first, on the same
// cluster. It reports seconds per job for each and their ratio (target
// <= 1.05).
//
//	go test ./e2e -run '^$' -bench SparkWordCount -benchtime 4x
func BenchmarkSparkWordCount(b *testing.B) {
	c := hadoopCluster(b)
	if c.SparkHome == "" {
		b.Skip("no Spark: run scripts/hadoop-minicluster prepare")
	}
	dir := hdfsDir(b, c)
	put(b, dir+"/in/a.txt", strings.Repeat("the quick brown fox jumps over the lazy dog\n", 20000))
	script := filepath.Join(b.TempDir(), "wordcount.py")
	if err := os.WriteFile(script, []byte(wordCountPy), 0o644); err != nil {
		b.Fatal(err)
	}
	var direct, howdah time.Duration
	runDirect := func(i int) {
		start := time.Now()
		cmd := exec.Command(c.SparkSubmit(), "--master", "yarn", "--deploy-mode", "cluster", script, dir+"/in", fmt.Sprintf("%s/direct-%d", dir, i))
		cmd.Env = append(c.Env(), "SPARK_CONF_DIR="+c.SparkConfDir)
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("direct: %v\n%s", err, o)
		}
		direct += time.Since(start)
	}
	runHowdah := func(i int) {
		w := compileB(b, fmt.Sprintf(`workflow "bench-spark" {
  action "wc" {
    spark {
      jar  = %q
      args = [%q, %q]
    }
  }
}`, script, dir+"/in", fmt.Sprintf("%s/howdah-%d", dir, i)))
		start := time.Now()
		if _, err := runOnHadoop(b, w); err != nil {
			b.Fatal(err)
		}
		howdah += time.Since(start)
	}
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			runDirect(i)
			runHowdah(i)
		} else {
			runHowdah(i)
			runDirect(i)
		}
	}
	b.ReportMetric(direct.Seconds()/float64(b.N), "direct-s/job")
	b.ReportMetric(howdah.Seconds()/float64(b.N), "howdah-s/job")
	b.ReportMetric(howdah.Seconds()/direct.Seconds(), "ratio")
}

// BenchmarkSparkJarsUpload measures what spark.yarn.archive saves: the
// same PySpark job submitted directly, alternating, once as a cluster
// without spark.yarn.jars or spark.yarn.archive runs it (spark-submit
// zips and uploads SPARK_HOME/jars on every submit) and once with the
// archive a worker's --spark-archive-dir uploads once (timed separately).
//
//	go test ./e2e -run '^$' -bench SparkJarsUpload -benchtime 3x
func BenchmarkSparkJarsUpload(b *testing.B) {
	c := hadoopCluster(b)
	if c.SparkHome == "" {
		b.Skip("no Spark: run scripts/hadoop-minicluster prepare")
	}
	dir := hdfsDir(b, c)
	put(b, dir+"/in/a.txt", "the quick brown fox\n")
	tmp := b.TempDir()
	script := filepath.Join(tmp, "wordcount.py")
	if err := os.WriteFile(script, []byte(wordCountPy), 0o644); err != nil {
		b.Fatal(err)
	}
	// The test cluster's Spark configuration without its local: jars.
	defaults, err := os.ReadFile(filepath.Join(c.SparkConfDir, "spark-defaults.conf"))
	if err != nil {
		b.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(string(defaults), "\n") {
		if !strings.HasPrefix(l, "spark.yarn.jars") {
			kept = append(kept, l)
		}
	}
	conf := filepath.Join(tmp, "conf")
	os.MkdirAll(conf, 0o755)
	if err := os.WriteFile(filepath.Join(conf, "spark-defaults.conf"), []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		b.Fatal(err)
	}
	a, err := newHadoopActivities(c.ConfDir, c.Hadoop, c.StreamingJar)
	if err != nil {
		b.Fatal(err)
	}
	a.SparkSubmit, a.SparkArchiveDir = c.SparkSubmit(), dir+"/spark"
	start := time.Now()
	archive, err := a.SparkArchive(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	upload := time.Since(start)
	submit := func(i int, extra ...string) time.Duration {
		args := append([]string{"--master", "yarn", "--deploy-mode", "cluster"}, extra...)
		cmd := exec.Command(c.SparkSubmit(), append(args, script, dir+"/in", fmt.Sprintf("%s/out-%d-%d", dir, i, len(extra)))...)
		cmd.Env = append(c.Env(), "SPARK_CONF_DIR="+conf)
		start := time.Now()
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("spark-submit: %v\n%s", err, o)
		}
		return time.Since(start)
	}
	var uploading, archived time.Duration
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			uploading += submit(i)
			archived += submit(i, "--conf", "spark.yarn.archive="+archive)
		} else {
			archived += submit(i, "--conf", "spark.yarn.archive="+archive)
			uploading += submit(i)
		}
	}
	b.ReportMetric(uploading.Seconds()/float64(b.N), "upload-each-s/job")
	b.ReportMetric(archived.Seconds()/float64(b.N), "archive-s/job")
	b.ReportMetric(uploading.Seconds()/archived.Seconds(), "ratio")
	b.ReportMetric(upload.Seconds(), "one-upload-s")
}
