package e2e

import (
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
//	go test ./e2e -run x -bench SparkWordCount -benchtime 4x
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
