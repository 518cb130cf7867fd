package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// repo is the repository root, where the examples' default paths resolve.
func repo(t *testing.T) {
	t.Helper()
	t.Chdir("..")
}

func TestWordcountExample(t *testing.T) {
	repo(t)
	out := filepath.Join(t.TempDir(), "wc")
	w := compile(t, "examples/wordcount/workflow.hcl", map[string]string{"output": out})
	st, err := runToEnd(t, w)
	if err != nil {
		t.Fatalf("run: %v (%s)", err, statuses(st, "count", "check"))
	}
	if got := statuses(st, "count", "check", "end", "failed"); got != "count=OK check=OK end=OK failed=SKIPPED" {
		t.Errorf("states: %s", got)
	}
	// Count the sample input in Go and compare.
	want := map[string]int{}
	inputs, _ := filepath.Glob("examples/wordcount/input/*")
	for _, f := range inputs {
		b, _ := os.ReadFile(f)
		for _, word := range strings.Fields(string(b)) {
			want[word]++
		}
	}
	got := map[string]int{}
	parts, _ := filepath.Glob(filepath.Join(out, "part-*"))
	if len(parts) != 2 {
		t.Errorf("%d part files, want 2 (reducers = 2)", len(parts))
	}
	for _, p := range parts {
		b, _ := os.ReadFile(p)
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var n int
			var word string
			if _, err := fmt.Sscanf(strings.TrimSpace(line), "%d %s", &n, &word); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			got[word] = n
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("word counts:\n got %v\nwant %v", got, want)
	}
}

func TestLocalExamples(t *testing.T) {
	repo(t)
	dir := t.TempDir()
	cases := []struct {
		example string
		params  map[string]string
		want    string
		check   func(t *testing.T)
	}{
		{"forkjoin", map[string]string{"workdir": filepath.Join(dir, "fj")},
			"setup=OK extract=OK users=OK orders=OK extracted=OK merge=OK",
			func(t *testing.T) {
				b, _ := os.ReadFile(filepath.Join(dir, "fj", "merged.txt"))
				if string(b) != "alice\nalice 3\nbob\nbob 5\n" {
					t.Errorf("merged.txt = %q", b)
				}
			}},
		{"decision", nil, "probe=OK size=OK big=OK small=SKIPPED nothing=SKIPPED", nil},
		{"decision", map[string]string{"threshold": "1000000"}, "probe=OK size=OK big=SKIPPED small=OK", nil},
		{"fanout", map[string]string{"out": filepath.Join(dir, "fo")}, "prepare=OK checksum=OK summary=OK",
			func(t *testing.T) {
				b, _ := os.ReadFile(filepath.Join(dir, "fo", "summary.txt"))
				lines := strings.Split(strings.TrimSpace(string(b)), "\n")
				sort.Strings(lines)
				if len(lines) != 2 || lines[0] != "16 examples/wordcount/input/fox.txt" || lines[1] != "18 examples/wordcount/input/hamlet.txt" {
					t.Errorf("summary.txt = %q", b)
				}
			}},
		{"subworkflow", map[string]string{"base": filepath.Join(dir, "sw")}, "list=OK clean_users=OK clean_second=OK",
			func(t *testing.T) {
				for _, f := range []string{"users/_READY", "events/_READY"} {
					if _, err := os.Stat(filepath.Join(dir, "sw", f)); err != nil {
						t.Errorf("sub-workflow did not create %s: %v", f, err)
					}
				}
			}},
		{"housekeeping", map[string]string{"root": filepath.Join(dir, "hk")}, "layout=OK rotate=OK replicate=OK cleanup=OK",
			func(t *testing.T) {
				st, err := os.Stat(filepath.Join(dir, "hk", "archive", "2026-11-23"))
				if err != nil || st.Mode().Perm() != 0o750 {
					t.Errorf("rotated archive: %v %v", st, err)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.example, func(t *testing.T) {
			w := compile(t, "examples/"+c.example+"/workflow.hcl", c.params)
			st, err := runToEnd(t, w)
			names := []string{}
			for _, kv := range strings.Fields(c.want) {
				names = append(names, strings.SplitN(kv, "=", 2)[0])
			}
			if err != nil {
				t.Fatalf("run: %v (%s)", err, statuses(st, names...))
			}
			if got := statuses(st, names...); got != c.want {
				t.Errorf("states:\n got %s\nwant %s", got, c.want)
			}
			if c.check != nil {
				c.check(t)
			}
		})
	}
}

func TestMapReduceWithoutHadoopFailsClearly(t *testing.T) {
	repo(t)
	w := compile(t, "examples/mapreduce/workflow.hcl", nil)
	st, err := runToEnd(t, w)
	if err == nil {
		t.Fatal("a map_reduce action without Hadoop succeeded")
	}
	n := node(st, "wordcount")
	if n.Status != "ERROR" || !strings.Contains(n.Error, "need Hadoop") || n.Attempts != 1 {
		t.Errorf("wordcount: %+v (bad input must not be retried)", n)
	}
	if n.Source != "examples/mapreduce/workflow.hcl:23:3" {
		t.Errorf("source = %q", n.Source)
	}
}
