package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
)

// BenchmarkHadoopWordCount measures howdah's overhead around a real job:
// the same WordCount, submitted directly with the Hadoop client and as a
// one-node howdah workflow, alternating, on the same cluster. It reports
// seconds per job for each and their ratio (target <= 1.10).
//
//	go test ./e2e -run '^$' -bench HadoopWordCount -benchtime 3x
func BenchmarkHadoopWordCount(b *testing.B) {
	c := hadoopCluster(b)
	dir := hdfsDir(b, c)
	put(b, dir+"/in/a.txt", strings.Repeat("the quick brown fox jumps over the lazy dog\n", 20000))
	var direct, howdah time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		out := fmt.Sprintf("%s/direct-%d", dir, i)
		cmd := exec.Command(c.Hadoop, "jar", c.ExamplesJar, "wordcount", dir+"/in", out)
		cmd.Env = c.Env()
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("direct: %v\n%s", err, o)
		}
		direct += time.Since(start)

		w := compileB(b, fmt.Sprintf(`workflow "bench-wordcount" {
  action "count" {
    map_reduce {
      jar        = %q
      main_class = "org.apache.hadoop.examples.WordCount"
      args       = [%q, %q]
    }
  }
}`, c.ExamplesJar, dir+"/in", fmt.Sprintf("%s/howdah-%d", dir, i)))
		start = time.Now()
		if _, err := runOnHadoop(b, w); err != nil {
			b.Fatal(err)
		}
		howdah += time.Since(start)
	}
	b.ReportMetric(direct.Seconds()/float64(b.N), "direct-s/job")
	b.ReportMetric(howdah.Seconds()/float64(b.N), "howdah-s/job")
	b.ReportMetric(howdah.Seconds()/direct.Seconds(), "ratio")
}

// BenchmarkHDFSWatchLatency measures how long after a done-flag appears an
// hdfs_wait workflow (poll interval 2 s) completes; the flag is created at
// a random moment of the poll cycle. Target: <= interval + 1 s.
//
//	go test ./e2e -run '^$' -bench HDFSWatchLatency -benchtime 5x
func BenchmarkHDFSWatchLatency(b *testing.B) {
	c := hadoopCluster(b)
	var sum, worst time.Duration
	for i := 0; i < b.N; i++ {
		dir := hdfsDir(b, c)
		w := compileB(b, fmt.Sprintf(`workflow "bench-watch" {
  action "wait" {
    hdfs_wait {
      paths         = [%q]
      done_flag     = ""
      poll_interval = "2s"
      timeout       = "2m"
    }
  }
}`, dir+"/data"))
		run := startOnHadoop(b, w)
		time.Sleep(3*time.Second + time.Duration(rand.Int64N(int64(2*time.Second))))
		if err := hadoopActs.HDFS.MkdirAll(context.Background(), dir+"/data"); err != nil {
			b.Fatal(err)
		}
		created := time.Now()
		if err := run.Get(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
		d := time.Since(created)
		sum += d
		worst = max(worst, d)
	}
	b.ReportMetric(sum.Seconds()/float64(b.N), "mean-latency-s")
	b.ReportMetric(worst.Seconds(), "max-latency-s")
}

// BenchmarkHDFSWatchRPCs counts namenode calls of an hdfs_wait on 1,000
// paths polled every 10 s (three polls, none satisfied), for three layouts
// of the done-flags: 1,000 hourly directories under 42 day directories
// (none created yet), the same with every hour directory present, and
// 1,000 flags in 10 directories. Reported: calls per poll and per second.
//
//	go test ./e2e -run '^$' -bench HDFSWatchRPCs -benchtime 1x
func BenchmarkHDFSWatchRPCs(b *testing.B) {
	c := hadoopCluster(b)
	ctx := context.Background()
	layouts := map[string]func(dir string) ([]string, string){
		"hourly-absent": func(dir string) ([]string, string) {
			var p []string
			for i := 0; i < 1000; i++ {
				p = append(p, fmt.Sprintf("%s/day=%02d/hour=%02d", dir, i/24, i%24))
			}
			return p, "_SUCCESS"
		},
		"hourly-present": func(dir string) ([]string, string) {
			var p []string
			for i := 0; i < 1000; i++ {
				d := fmt.Sprintf("%s/day=%02d/hour=%02d", dir, i/24, i%24)
				p = append(p, d)
			}
			for day := 0; day < 42; day++ {
				for h := 0; h < 24 && day*24+h < 1000; h++ {
					if err := hadoopActs.HDFS.MkdirAll(ctx, fmt.Sprintf("%s/day=%02d/hour=%02d", dir, day, h)); err != nil {
						b.Fatal(err)
					}
				}
			}
			return p, "_SUCCESS"
		},
		"ten-dirs": func(dir string) ([]string, string) {
			var p []string
			for i := 0; i < 1000; i++ {
				p = append(p, fmt.Sprintf("%s/dir%d/flag%04d", dir, i%10, i))
			}
			return p, ""
		},
	}
	for _, name := range []string{"hourly-absent", "hourly-present", "ten-dirs"} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				paths, flag := layouts[name](hdfsDir(b, c))
				in := contract.ActionInput{WorkflowID: "bench", Node: "wait", Item: -1, Attempt: 1, Action: plan.Action{
					Kind: plan.HDFSWaitKind,
					HDFSWait: &plan.HDFSWait{Paths: paths, DoneFlag: flag,
						PollInterval: plan.Duration(10 * time.Second), Timeout: plan.Duration(21 * time.Second)},
				}}
				before := hadoopActs.HDFS.RPCs()
				_, err := hadoopActs.HDFSWait(ctx, in)
				var polls int
				if err == nil || func() bool {
					_, e := fmt.Sscanf(err.Error()[strings.Index(err.Error(), "("):], "(%d polls)", &polls)
					return e != nil
				}() {
					b.Fatalf("want a timeout: %v", err)
				}
				perPoll := float64(hadoopActs.HDFS.RPCs()-before) / float64(polls)
				b.ReportMetric(perPoll, "rpcs/poll")
				b.ReportMetric(perPoll/10, "rpcs/s")
			}
		})
	}
}
