package dsl

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestErrorFixtures compiles every testdata/errors/*.hcl file. Each line
// that must get an error carries a marker comment:
//
//	ok = action.nope   # ERROR: Reference to undeclared node
//
// The test checks that a diagnostic whose summary contains the text starts
// on that line, and that no diagnostic lands on an unmarked line. A
// "# PARAM name=value" line passes a -p value; markers in sub-workflow
// files the fixture calls count too.
func TestErrorFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	distinct := map[string]bool{}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Params: map[string]string{}}
			for _, line := range strings.Split(string(src), "\n") {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "# PARAM "); ok {
					k, v, _ := strings.Cut(rest, "=")
					opts.Params[k] = v
				}
			}
			res := CompileFile(file, opts)
			if res.Plan != nil {
				t.Errorf("compiled without errors; want diagnostics")
			}
			checkMarkers(t, res.Files, res.Diags, distinct)
		})
	}
	if len(distinct) < 40 {
		var names []string
		for s := range distinct {
			names = append(names, s)
		}
		sort.Strings(names)
		t.Errorf("fixtures cover %d distinct error summaries, want at least 40:\n%s", len(distinct), strings.Join(names, "\n"))
	}
	t.Logf("%d fixtures, %d distinct error summaries", len(files), len(distinct))
}

// checkMarkers checks diagnostics against the files' "# ERROR:" markers:
// each marked line gets a diagnostic whose summary contains the text, and
// no diagnostic lands elsewhere. Summaries seen are added to distinct.
func checkMarkers(t *testing.T, files map[string]*hcl.File, diags hcl.Diagnostics, distinct map[string]bool) {
	t.Helper()
	want := map[string]map[int]string{} // file -> line -> summary text
	for name, f := range files {
		if m := markers(f.Bytes); len(m) > 0 {
			want[name] = m
		}
	}
	if len(want) == 0 {
		t.Fatalf("fixture has no ERROR markers")
	}
	matched := map[string]bool{}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if d.Subject == nil {
			t.Errorf("diagnostic without a source range: %s: %s", d.Summary, d.Detail)
			continue
		}
		key := fmt.Sprintf("%s:%d", d.Subject.Filename, d.Subject.Start.Line)
		text, ok := want[d.Subject.Filename][d.Subject.Start.Line]
		if !ok {
			t.Errorf("unexpected diagnostic at %s: %s: %s", d.Subject, d.Summary, d.Detail)
			continue
		}
		if !strings.Contains(d.Summary, text) {
			t.Errorf("diagnostic at %s is %q (%s), want summary containing %q", d.Subject, d.Summary, d.Detail, text)
			continue
		}
		matched[key] = true
		distinct[d.Summary] = true
	}
	for name, lines := range want {
		for line, text := range lines {
			if !matched[fmt.Sprintf("%s:%d", name, line)] {
				t.Errorf("%s:%d: no diagnostic %q", name, line, text)
			}
		}
	}
}

// markers maps line numbers to the text of their "# ERROR:" comment.
func markers(src []byte) map[int]string {
	out := map[int]string{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		if _, text, ok := strings.Cut(sc.Text(), "# ERROR: "); ok {
			out[n] = strings.TrimSpace(text)
		}
	}
	return out
}
