package activities

import (
	"strings"
	"testing"

	"github.com/howdah/howdah/plan"
)

// The local runner implements StreamXmlRecordReader's literal matching and
// says clearly what only YARN runs.
func TestLocalRecordReader(t *testing.T) {
	mapping := func(kv ...string) []plan.Property {
		var out []plan.Property
		for i := 0; i < len(kv); i += 2 {
			out = append(out, plan.Property{Name: kv[i], Value: kv[i+1]})
		}
		return out
	}
	for _, tc := range []struct {
		reader  string
		mapping []plan.Property
		err     string
	}{
		{"", nil, ""},
		{"StreamXmlRecordReader", mapping("begin", "<a>", "end", "</a>"), ""},
		{plan.XMLRecordReader, mapping("begin", "<a>", "end", "</a>", "slowmatch", "false"), ""},
		{"StreamXmlRecordReader", mapping("begin", "<a>", "end", "</a>", "slowmatch", " TRUE"), "slowmatch"},
		{"com.example.JsonRecordReader", nil, "com.example.JsonRecordReader runs only on YARN"},
		{"StreamXmlRecordReader", mapping("begin", "<a>", "end", ""), "non-empty begin and end"},
	} {
		x, err := xmlRecords(&plan.Streaming{RecordReader: tc.reader, RecordReaderMapping: tc.mapping})
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.reader, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s %v: err = %v, want %q", tc.reader, tc.mapping, err, tc.err)
		case tc.err == "" && tc.reader != "" && (x == nil || x.Begin != "<a>" || x.End != "</a>"):
			t.Errorf("%s: reader %+v", tc.reader, x)
		}
	}
}
