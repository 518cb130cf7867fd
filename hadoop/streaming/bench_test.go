package streaming

import (
	"bufio"
	"context"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeText writes about mb megabytes of text: lines of words drawn from a
// Zipf-distributed vocabulary of 50,000 words, like natural language.
func writeText(tb testing.TB, path string, mb int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewSource(42))
	zipf := rand.NewZipf(rng, 1.1, 1, 49999)
	vocab := make([]string, 50000)
	for i := range vocab {
		vocab[i] = "w" + strconv.FormatInt(int64(i)*7919%1000003, 36)
	}
	written := 0
	for written < mb<<20 {
		n := 5 + rng.Intn(10)
		for i := 0; i < n; i++ {
			if i > 0 {
				w.WriteByte(' ')
				written++
			}
			s := vocab[zipf.Uint64()]
			w.WriteString(s)
			written += len(s)
		}
		w.WriteByte('\n')
		written++
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// peakRSS is this process's peak resident set (VmHWM), in MB.
func peakRSS() float64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkWordCount runs word count over generated text (200 MB, or
// $HOWDAH_BENCH_MB) with the local streaming runner and, in the same
// iteration, with the shell pipeline that is the lower bound for the same
// semantics: mapper < input | LC_ALL=C sort | reducer. It reports both
// times, their ratio, and the runner's peak RSS (the Go process; mapper and
// reducer processes are separate).
//
//	go test ./hadoop/streaming -run x -bench WordCount -benchtime 1x
func BenchmarkWordCount(b *testing.B) {
	mb := 200
	if v, err := strconv.Atoi(os.Getenv("HOWDAH_BENCH_MB")); err == nil && v > 0 {
		mb = v
	}
	dir := b.TempDir()
	input := filepath.Join(dir, "input.txt")
	writeText(b, input, mb)
	mapper := []string{"tr", "-s", "[:space:]", "\n"}
	reducer := []string{"uniq", "-c"}
	b.ResetTimer()
	var job, pipe time.Duration
	for i := 0; i < b.N; i++ {
		out := filepath.Join(dir, "out-"+strconv.Itoa(i))
		t0 := time.Now()
		if _, err := Run(context.Background(), Job{
			Inputs: []string{input}, Output: out, Mapper: mapper, Reducer: reducer, Reducers: 2, TempDir: dir,
		}, nil); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		sh := exec.Command("sh", "-c", `tr -s '[:space:]' '\n' < "$1" | LC_ALL=C sort | uniq -c > "$2"`, "pipeline", input, filepath.Join(dir, "pipe-"+strconv.Itoa(i)))
		if out, err := sh.CombinedOutput(); err != nil {
			b.Fatalf("pipeline: %v %s", err, out)
		}
		job += t1.Sub(t0)
		pipe += time.Since(t1)
		os.RemoveAll(out)
	}
	b.ReportMetric(job.Seconds()/float64(b.N), "runner-s")
	b.ReportMetric(pipe.Seconds()/float64(b.N), "pipeline-s")
	b.ReportMetric(float64(job)/float64(pipe), "ratio")
	b.ReportMetric(peakRSS(), "peak-RSS-MB")
	b.SetBytes(int64(mb) << 20)
}
