package expr_test

import (
	"testing"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/expr"
	"github.com/zclconf/go-cty/cty"
)

// The calendar functions coordinator params may call, in the
// coordinator's zone by default and in the one given.
func TestCoordCalendarFunctions(t *testing.T) {
	la, err := coord.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	fns := expr.CoordFunctions(la)
	for _, c := range []struct {
		fn   string
		args []cty.Value
		want int64
	}{
		{"hours_in_day", []cty.Value{cty.StringVal("2009-03-08T08:00:00Z"), cty.NumberIntVal(0)}, 23},
		{"hours_in_day", []cty.Value{cty.StringVal("2009-03-08T08:00:00Z"), cty.NumberIntVal(0), cty.StringVal("UTC")}, 24},
		{"hours_in_day", []cty.Value{cty.StringVal("2009-11-01T08:00:00Z"), cty.NumberIntVal(0)}, 25},
		{"days_in_month", []cty.Value{cty.StringVal("2009-02-01T11:00:00Z"), cty.NumberIntVal(-1)}, 31},
		{"days_in_month", []cty.Value{cty.StringVal("2024-01-31T23:00:00Z"), cty.NumberIntVal(1), cty.StringVal("UTC")}, 29},
	} {
		v, err := fns[c.fn].Call(c.args)
		if err != nil {
			t.Fatalf("%s%v: %v", c.fn, c.args, err)
		}
		if got, _ := v.AsBigFloat().Int64(); got != c.want {
			t.Errorf("%s%v = %d, want %d", c.fn, c.args, got, c.want)
		}
	}
	v, err := fns["date_offset"].Call([]cty.Value{cty.StringVal("2009-09-08T23:59:00Z"), cty.NumberIntVal(1), cty.StringVal("years"), cty.StringVal("UTC")})
	if err != nil || v.AsString() != "2010-09-08T23:59:00Z" {
		t.Errorf("date_offset 1 year = %v, %v (Oozie's testDateOffset: 2010-09-08T23:59Z)", v, err)
	}
}
