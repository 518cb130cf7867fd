package streaming

import (
	"bytes"
	"context"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// hadoopXML is StreamXmlRecordReader's fast matching written as plainly as
// Hadoop's Java does it, over a whole input in memory: the oracle the
// streaming reader is checked against.
func hadoopXML(in, begin, end string) []string {
	var out []string
	pos := 0
	// readUntil returns where pat ends after scanning from pos with
	// Hadoop's matcher (no retry of the byte that broke a partial match),
	// and where the match starts.
	readUntil := func(pat string) (start, stop int, ok bool) {
		m, mark := 0, pos
		for i := pos; i < len(in); i++ {
			if in[i] == pat[m] {
				m++
				if m == len(pat) {
					return mark, i + 1, true
				}
			} else {
				m, mark = 0, i+1
			}
		}
		return 0, 0, false
	}
	for {
		start, _, ok := readUntil(begin)
		if !ok {
			return out
		}
		pos = start
		_, stop, ok := readUntil(end)
		if !ok {
			return out
		}
		out = append(out, in[start:stop])
		pos = stop
	}
}

func feedString(t *testing.T, x *XMLRecords, in string) (string, int64) {
	t.Helper()
	var w bytes.Buffer
	recs, n, err := x.feed(&w, iotest.OneByteReader(strings.NewReader(in)))
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(in)) {
		t.Errorf("read %d bytes of %d", n, len(in))
	}
	return w.String(), recs
}

func TestXMLRecords(t *testing.T) {
	for _, tc := range []struct {
		name, in, begin, end string
		want                 []string
	}{
		{"two pages", "<doc>\n<page>a\nb</page> junk <page>c</page>\n</doc>\n", "<page>", "</page>", []string{"<page>a\nb</page>", "<page>c</page>"}},
		{"unclosed last record is dropped", "<p>1</p><p>2", "<p>", "</p>", []string{"<p>1</p>"}},
		// Hadoop's matcher does not retry the byte that broke a partial
		// match: the second '<' is lost, so this page is not found.
		{"no retry after a partial match", "<<page>x</page><page>y</page>", "<page>", "</page>", []string{"<page>y</page>"}},
		{"no retry in the end string", "<a>1<</a>2</a>", "<a>", "</a>", []string{"<a>1<</a>2</a>"}},
		// The end string is looked for from the begin string's start.
		{"end inside begin", "<p>rest<p>", "<p>", "p", []string{"<p", "<p"}},
		{"begin equals end", "xx x", "x", "x", []string{"x", "x", "x"}},
		{"nothing", "no records here", "<r>", "</r>", nil},
		{"multibyte", "é<r>ü</r>é", "<r>", "</r>", []string{"<r>ü</r>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hadoopXML(tc.in, tc.begin, tc.end); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("oracle gives %q, test wants %q", got, tc.want)
			}
			got, recs := feedString(t, &XMLRecords{Begin: tc.begin, End: tc.end}, tc.in)
			var want string
			for _, r := range tc.want {
				want += r + "\t\n"
			}
			if got != want || recs != int64(len(tc.want)) {
				t.Errorf("got %q (%d records), want %q", got, recs, want)
			}
		})
	}
}

// Random inputs over a tiny alphabet hit every partial-match path; the
// reader must agree with the oracle on all of them.
func TestXMLRecordsAgainstOracle(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	alphabet := "<>/ab\n"
	pats := []string{"<a>", "</a>", "<ab", "a", "aab", "</", "<a><"}
	for i := range 3000 {
		var b strings.Builder
		for range rng.Intn(60) {
			b.WriteByte(alphabet[rng.Intn(len(alphabet))])
		}
		begin, end := pats[rng.Intn(len(pats))], pats[rng.Intn(len(pats))]
		in := b.String()
		var want string
		for _, r := range hadoopXML(in, begin, end) {
			want += r + "\t\n"
		}
		got, _ := feedString(t, &XMLRecords{Begin: begin, End: end}, in)
		if got != want {
			t.Fatalf("case %d: input %q begin %q end %q:\ngot  %q\nwant %q", i, in, begin, end, got, want)
		}
	}
}

func TestXMLRecordTooLarge(t *testing.T) {
	var w bytes.Buffer
	_, _, err := (&XMLRecords{Begin: "<r>", End: "</r>", MaxRecord: 100}).feed(&w, strings.NewReader("<r>"+strings.Repeat("x", 1000)))
	if !errors.Is(err, ErrRecordTooLarge) {
		t.Fatalf("err = %v, want ErrRecordTooLarge", err)
	}
}

// A job with XML records: the mapper sees each record then a tab and a
// newline, and counts are records, not lines.
func TestRunWithXMLRecords(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	var doc strings.Builder
	doc.WriteString("<wiki>\n")
	for i := range 500 {
		doc.WriteString("<page>\n  <title>t" + string(rune('a'+i%26)) + "</title>\n</page>\n")
	}
	doc.WriteString("</wiki>\n")
	os.WriteFile(filepath.Join(in, "a.xml"), []byte(doc.String()), 0o644)
	out := filepath.Join(dir, "out")
	// The mapper turns each record into one line: its title and a 1.
	mapper := []string{"sh", "-c", `tr -d '\n' | sed 's#</page>\t#&\n#g' | sed -n 's#.*<title>\(.*\)</title>.*#\1\t1#p'`}
	c, err := Run(context.Background(), Job{
		Inputs: []string{in}, Output: out, Mapper: mapper, Reducers: 1,
		Reducer: []string{"uniq", "-c"}, SplitSize: 64, // tiny splits must not cut records
		XMLRecords: &XMLRecords{Begin: "<page>", End: "</page>"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c[TaskCounter]["MAP_INPUT_RECORDS"]; got != 500 {
		t.Errorf("MAP_INPUT_RECORDS = %d, want 500", got)
	}
	lines, _ := readParts(t, out)
	if len(lines) != 26 || !strings.Contains(lines[0], "20 ta\t1") {
		t.Errorf("output %q", lines)
	}
}
