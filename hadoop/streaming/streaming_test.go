package streaming

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// writeCorpus writes n lines of random words over files and returns the
// expected word counts.
func writeCorpus(t *testing.T, dir string, files, lines int) map[string]int {
	t.Helper()
	rng := rand.New(rand.NewSource(1))
	words := []string{"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "a", "b", "naïve", "Zebra", "zebra", "10", "9"}
	want := map[string]int{}
	for f := 0; f < files; f++ {
		var b strings.Builder
		for l := 0; l < lines; l++ {
			n := rng.Intn(8)
			for i := 0; i < n; i++ {
				w := words[rng.Intn(len(words))]
				want[w]++
				if i > 0 {
					b.WriteString(" ")
				}
				b.WriteString(w)
			}
			b.WriteString("\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("in-%d.txt", f)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "_ignored"), []byte("ignored words\n"), 0o644)
	return want
}

// readParts reads every part file, checking each is sorted by key, and
// returns their lines and how many part files there were.
func readParts(t *testing.T, out string) ([]string, int) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(out, "_SUCCESS")); err != nil {
		t.Fatalf("no _SUCCESS: %v", err)
	}
	parts, _ := filepath.Glob(filepath.Join(out, "part-*"))
	var all []string
	for _, p := range parts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(b) == 0 {
			lines = nil
		}
		all = append(all, lines...)
	}
	return all, len(parts)
}

func TestWordCountWithSpillsAndManyReducers(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	want := writeCorpus(t, in, 3, 4000)
	out := filepath.Join(dir, "out")
	var last Progress
	c, err := Run(context.Background(), Job{
		Inputs:     []string{in},
		Output:     out,
		Mapper:     []string{"tr", "-s", "[:space:]", "\n"},
		Reducer:    []string{"uniq", "-c"},
		Reducers:   3,
		SplitSize:  10 << 10, // many splits
		SortMemory: 8 << 10,  // many spills
	}, func(p Progress) { last = p })
	if err != nil {
		t.Fatal(err)
	}
	lines, parts := readParts(t, out)
	if parts != 3 {
		t.Errorf("%d part files, want 3", parts)
	}
	got := map[string]int{}
	for _, l := range lines {
		// uniq -c prints "  count word"; its input had the empty value's
		// tab. Splits that start with a blank line make tr -s print an empty
		// word, as they would on Hadoop.
		var n int
		f := strings.SplitN(strings.TrimLeft(strings.TrimSuffix(l, "\t"), " "), " ", 2)
		if _, err := fmt.Sscan(f[0], &n); err != nil || len(f) != 2 {
			t.Fatalf("line %q: %v", l, err)
		}
		w := f[1]
		if _, dup := got[w]; dup {
			t.Errorf("word %q counted in two places: a key went to two reducers", w)
		}
		got[w] = n
	}
	empties := got[""]
	delete(got, "")
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("counts differ:\n got %v\nwant %v", got, want)
	}
	total := 0
	for _, n := range want {
		total += n
	}
	tc := c[TaskCounter]
	if tc["REDUCE_INPUT_RECORDS"] != int64(total+empties) || tc["REDUCE_INPUT_GROUPS"] != int64(len(got)+min(empties, 1)) || tc["MAP_INPUT_RECORDS"] != 12000 {
		t.Errorf("counters %v, want %d records in %d groups from 12000 lines", tc, total, len(want))
	}
	if tc["SPILLED_RECORDS"] < tc["MAP_OUTPUT_RECORDS"] || c[JobCounter]["TOTAL_LAUNCHED_MAPS"] < 6 {
		t.Errorf("expected spills and several maps: %v %v", tc, c[JobCounter])
	}
	if last.MapsDone != last.Maps || last.ReducesDone != 3 {
		t.Errorf("last progress %+v", last)
	}
	if _, err := os.Stat(filepath.Join(out, "_temporary")); !errors.Is(err, iofs.ErrNotExist) {
		t.Error("_temporary left behind")
	}
}

// TestSameAsSortPipeline checks the job against the shell pipeline with the
// same semantics, mapper | sort | reducer, on one reducer. The mapper must
// treat lines independently (awk, not tr -s, which squeezes across split
// boundaries) for the two to agree.
func TestSameAsSortPipeline(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 2, 3000)
	out := filepath.Join(dir, "out")
	_, err := Run(context.Background(), Job{
		Inputs: []string{filepath.Join(dir, "in-*.txt")}, Output: out,
		Mapper: []string{"awk", "{for (i = 1; i <= NF; i++) print $i}"}, Reducer: []string{"uniq", "-c"},
		Reducers: 1, SplitSize: 7 << 10, SortMemory: 4 << 10,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(out, "part-00000"))
	sh := exec.Command("sh", "-c", `cat in-0.txt in-1.txt | awk '{for (i = 1; i <= NF; i++) print $i}' | sed 's/$/\t/' | LC_ALL=C sort -t '	' -k1,1 -s | uniq -c`)
	sh.Dir = dir
	want, err := sh.Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("job output differs from the pipeline:\n%s\n---\n%s", got, want)
	}
}

func TestMapOnlyAndIdentityReducer(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("b\t2\na\t1\nc\n"), 0o644)
	// Map-only: the mapper's lines, in order, one part per split.
	_, err := Run(context.Background(), Job{Inputs: []string{filepath.Join(dir, "a.txt")}, Output: filepath.Join(dir, "m"), Mapper: []string{"cat"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "m", "part-00000")); string(b) != "b\t2\na\t1\nc\t\n" {
		t.Errorf("map-only output %q", b)
	}
	// No reducer command: sorted map output (Hadoop's identity reducer).
	_, err = Run(context.Background(), Job{Inputs: []string{filepath.Join(dir, "a.txt")}, Output: filepath.Join(dir, "i"), Mapper: []string{"cat"}, Reducers: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "i", "part-00000")); string(b) != "a\t1\nb\t2\nc\t\n" {
		t.Errorf("identity output %q", b)
	}
}

func TestCombiner(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Repeat("x y x\n", 500)), 0o644)
	c, err := Run(context.Background(), Job{
		Inputs: []string{filepath.Join(dir, "a.txt")}, Output: filepath.Join(dir, "o"),
		Mapper:   []string{"tr", " ", "\n"},
		Combiner: []string{"sh", "-c", `uniq -c | awk '{print $2 "\t" $1}'`},
		Reducer:  []string{"awk", "-F", "\t", `{s[$1]+=$2} END {for (k in s) print k "\t" s[k]}`},
		Reducers: 1, SortMemory: 1 << 10,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines, _ := readParts(t, filepath.Join(dir, "o"))
	sort.Strings(lines)
	if strings.Join(lines, ",") != "x\t1000,y\t500" {
		t.Errorf("output %q", lines)
	}
	tc := c[TaskCounter]
	if tc["COMBINE_OUTPUT_RECORDS"] >= tc["COMBINE_INPUT_RECORDS"] {
		t.Errorf("the combiner did not combine: %v", tc)
	}
}

func TestFailures(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("x\n"), 0o644)
	in := []string{filepath.Join(dir, "a.txt")}

	_, err := Run(context.Background(), Job{Inputs: in, Output: filepath.Join(dir, "o1"), Mapper: []string{"sh", "-c", "echo boom >&2; exit 3"}, Reducers: 1}, nil)
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("failing mapper: %v", err)
	}
	if _, serr := os.Stat(filepath.Join(dir, "o1", "_SUCCESS")); serr == nil {
		t.Error("_SUCCESS written for a failed job")
	}
	_, err = Run(context.Background(), Job{Inputs: in, Output: filepath.Join(dir, "o2"), Mapper: []string{"cat"}, Reducer: []string{"false"}, Reducers: 2}, nil)
	if err == nil || !strings.Contains(err.Error(), "reducer") {
		t.Errorf("failing reducer: %v", err)
	}
	_, err = Run(context.Background(), Job{Inputs: []string{filepath.Join(dir, "nope")}, Output: filepath.Join(dir, "o3"), Mapper: []string{"cat"}}, nil)
	if !errors.Is(err, iofs.ErrNotExist) {
		t.Errorf("missing input: %v", err)
	}
	_, err = Run(context.Background(), Job{Inputs: in, Output: dir, Mapper: []string{"cat"}}, nil)
	if !errors.Is(err, ErrOutputExists) {
		t.Errorf("existing output: %v", err)
	}
	_, err = Run(context.Background(), Job{Inputs: in, Output: filepath.Join(dir, "o4"), Mapper: []string{"no-such-mapper-binary"}}, nil)
	if err == nil || !errors.Is(err, exec.ErrNotFound) && !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing mapper: %v", err)
	}
}

func TestCancelKillsTheProcesses(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("x\n"), 0o644)
	marker := filepath.Join(dir, "child.pid")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, Job{Inputs: []string{filepath.Join(dir, "a.txt")}, Output: filepath.Join(dir, "o"),
			Mapper: []string{"sh", "-c", "sleep 60 & echo $! > " + marker + "; wait"}}, nil)
		done <- err
	}()
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(marker); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("cancelled job succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("job did not stop after cancel")
	}
	pid, _ := os.ReadFile(marker)
	if !gone(strings.TrimSpace(string(pid)), 5*time.Second) {
		t.Errorf("the mapper's child %s survived the cancel", pid)
	}
}

// gone waits until a process has exited (a zombie counts as exited).
func gone(pid string, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		stat, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil {
			return true
		}
		if f := strings.Fields(string(stat)); len(f) > 2 && f[2] == "Z" {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func TestPartitionMatchesHadoop(t *testing.T) {
	// Text.hashCode is WritableComparator.hashBytes: h = 1, then 31*h + b:
	// "the" = 31*(31*(31*1+116)+104)+101 = 144592.
	if got := partition([]byte("the"), 1<<30); got != 144592 {
		t.Errorf("hash of \"the\" = %d, want 144592", got)
	}
	// Signed bytes: "é" is 0xC3 0xA9 = -61, -87: 31*(31-61)-87 = -1017,
	// & MAX_VALUE = 2147482631, % 2^30 = 1073740807.
	if got := partition([]byte("é"), 1<<30); got != 1073740807 {
		t.Errorf("hash of é = %d, want 1073740807", got)
	}
	if got := partition([]byte("the"), 3); got != 144592%3 {
		t.Errorf("partition of \"the\" over 3 = %d", got)
	}
}
