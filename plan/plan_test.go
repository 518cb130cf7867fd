package plan

import (
	"encoding/json"
	"testing"
	"time"
)

func TestRangeJSONRoundTrip(t *testing.T) {
	for _, r := range []Range{
		{File: "examples/a.hcl", Start: Pos{Line: 3, Column: 5}, End: Pos{Line: 4, Column: 1}},
		{File: "C:/odd:name-x.hcl", Start: Pos{Line: 10, Column: 12}, End: Pos{Line: 10, Column: 30}},
		{},
	} {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var got Range
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if got != r {
			t.Errorf("round trip of %s = %+v, want %+v", b, got, r)
		}
	}
	var r Range
	if err := json.Unmarshal([]byte(`"nonsense"`), &r); err == nil {
		t.Error("want an error for a malformed range")
	}
}

func TestDurationJSON(t *testing.T) {
	b, _ := json.Marshal(Duration(90 * time.Second))
	if string(b) != `"1m30s"` {
		t.Errorf("got %s", b)
	}
	var d Duration
	if err := json.Unmarshal([]byte(`"2h"`), &d); err != nil || time.Duration(d) != 2*time.Hour {
		t.Errorf("got %v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`"soon"`), &d); err == nil {
		t.Error("want an error for a bad duration")
	}
}

func TestUnmarshalChecksVersion(t *testing.T) {
	if _, err := Unmarshal([]byte(`{"format_version": 99}`)); err == nil {
		t.Error("want an error for an unknown format version")
	}
	w := &Workflow{FormatVersion: FormatVersion, Name: "x", Nodes: []Node{{Name: "end", Kind: KindEnd}}}
	b, err := w.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unmarshal(b)
	if err != nil || got.Node("end") == nil || got.Node("nope") != nil {
		t.Fatalf("Unmarshal: %v %+v", err, got)
	}
}
