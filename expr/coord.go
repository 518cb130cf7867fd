package expr

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// RootCoord is the variable a coordinator's params read: coord.name,
// coord.nominal_time, coord.actual_time, coord.inputs.NAME (a list of
// URIs), coord.outputs.NAME (a URI).
const RootCoord = "coord"

// CoordInstance is what coord.* holds for one instance. Times are RFC 3339
// in UTC.
type CoordInstance struct {
	Name        string
	NominalTime time.Time
	ActualTime  time.Time
	Inputs      map[string][]string
	Outputs     map[string]string
}

// CoordType is the type of the coord variable for a coordinator with the
// given input and output names.
func CoordType(inputs, outputs []string) cty.Type {
	in := map[string]cty.Type{}
	for _, n := range inputs {
		in[n] = cty.List(cty.String)
	}
	out := map[string]cty.Type{}
	for _, n := range outputs {
		out[n] = cty.String
	}
	return cty.Object(map[string]cty.Type{
		"name":         cty.String,
		"nominal_time": cty.String,
		"actual_time":  cty.String,
		"inputs":       cty.Object(in),
		"outputs":      cty.Object(out),
	})
}

// Value is the coord variable's value.
func (ci CoordInstance) Value(inputs, outputs []string) cty.Value {
	in := map[string]cty.Value{}
	for _, n := range inputs {
		uris := ci.Inputs[n]
		if len(uris) == 0 {
			in[n] = cty.ListValEmpty(cty.String)
			continue
		}
		vals := make([]cty.Value, len(uris))
		for i, u := range uris {
			vals[i] = cty.StringVal(u)
		}
		in[n] = cty.ListVal(vals)
	}
	out := map[string]cty.Value{}
	for _, n := range outputs {
		out[n] = cty.StringVal(ci.Outputs[n])
	}
	return cty.ObjectVal(map[string]cty.Value{
		"name":         cty.StringVal(ci.Name),
		"nominal_time": cty.StringVal(ci.NominalTime.UTC().Format(coord.TimeLayout)),
		"actual_time":  cty.StringVal(ci.ActualTime.UTC().Format(coord.TimeLayout)),
		"inputs":       cty.ObjectVal(in),
		"outputs":      cty.ObjectVal(out),
	})
}

// CoordFunctions are the functions coordinator params may call: the
// workflow functions without I/O, plus the date functions
// format_time(time, pattern[, zone]), date_offset(time, n, unit[, zone]),
// hours_in_day(time, n[, zone]), days_in_month(time, n[, zone]) and
// epoch(time). Zones default to the coordinator's.
func CoordFunctions(zone *time.Location) map[string]function.Function {
	fns := Functions(nil, nil)
	for _, name := range IOFunctions {
		delete(fns, name)
	}
	zoneArg := func(args []cty.Value, i int) (*time.Location, error) {
		if len(args) <= i {
			return zone, nil
		}
		return coord.LoadLocation(args[i].AsString())
	}
	fns["format_time"] = function.New(&function.Spec{
		Description: "Formats an RFC 3339 time with a Java SimpleDateFormat pattern (yyyy MM dd HH mm ss), in the coordinator's time zone or the one given.",
		Params:      []function.Parameter{{Name: "time", Type: cty.String}, {Name: "pattern", Type: cty.String}},
		VarParam:    &function.Parameter{Name: "zone", Type: cty.String},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			t, err := timeArg(args[0])
			if err != nil {
				return cty.NilVal, err
			}
			loc, err := zoneArg(args, 2)
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(2, "%s", err)
			}
			s, err := coord.FormatTime(t, args[1].AsString(), loc)
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(1, "%s", err)
			}
			return cty.StringVal(s), nil
		},
	})
	fns["date_offset"] = function.New(&function.Spec{
		Description: "Moves an RFC 3339 time by n minutes, hours, days, months or years (days, months and years in the zone's calendar).",
		Params:      []function.Parameter{{Name: "time", Type: cty.String}, {Name: "n", Type: cty.Number}, {Name: "unit", Type: cty.String}},
		VarParam:    &function.Parameter{Name: "zone", Type: cty.String},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			t, err := timeArg(args[0])
			if err != nil {
				return cty.NilVal, err
			}
			n, err := WholeNumber(args[1])
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(1, "n: %s", err)
			}
			loc, err := zoneArg(args, 3)
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(3, "%s", err)
			}
			out, err := coord.DateOffset(t, int(n), args[2].AsString(), loc)
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(2, "%s", err)
			}
			return cty.StringVal(out.UTC().Format(coord.TimeLayout)), nil
		},
	})
	calendar := func(desc string, f func(time.Time, int, *time.Location) int) function.Function {
		return function.New(&function.Spec{
			Description: desc,
			Params:      []function.Parameter{{Name: "time", Type: cty.String}, {Name: "n", Type: cty.Number}},
			VarParam:    &function.Parameter{Name: "zone", Type: cty.String},
			Type:        function.StaticReturnType(cty.Number),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				t, err := timeArg(args[0])
				if err != nil {
					return cty.NilVal, err
				}
				n, err := WholeNumber(args[1])
				if err != nil {
					return cty.NilVal, function.NewArgErrorf(1, "n: %s", err)
				}
				loc, err := zoneArg(args, 2)
				if err != nil {
					return cty.NilVal, function.NewArgErrorf(2, "%s", err)
				}
				return cty.NumberIntVal(int64(f(t, int(n), loc))), nil
			},
		})
	}
	fns["hours_in_day"] = calendar("Hours of the day n days from the time's day, in the coordinator's time zone or the one given (23 or 25 on a DST change day).", coord.HoursInDay)
	fns["days_in_month"] = calendar("Days of the month n months from the time's month, in the coordinator's time zone or the one given.", coord.DaysInMonth)
	fns["date_tz_offset"] = function.New(&function.Spec{
		Description: "Moves an RFC 3339 time by the zone's offset from UTC at that time: the zone's wall clock written as UTC (Oozie's coord:dateTzOffset).",
		Params:      []function.Parameter{{Name: "time", Type: cty.String}, {Name: "zone", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			t, err := timeArg(args[0])
			if err != nil {
				return cty.NilVal, err
			}
			loc, err := coord.LoadLocation(args[1].AsString())
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(1, "%s", err)
			}
			return cty.StringVal(coord.DateTzOffset(t, loc).Format(coord.TimeLayout)), nil
		},
	})
	fns["epoch"] = function.New(&function.Spec{
		Description: "Seconds since 1970-01-01T00:00:00Z of an RFC 3339 time.",
		Params:      []function.Parameter{{Name: "time", Type: cty.String}},
		Type:        function.StaticReturnType(cty.Number),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			t, err := timeArg(args[0])
			if err != nil {
				return cty.NilVal, err
			}
			return cty.NumberIntVal(t.Unix()), nil
		},
	})
	return fns
}

// EvalCoordParams evaluates a coordinator's params for one instance and
// returns the run-time ones as JSON, ready for the workflow's input.
// Errors point at the param's place in the coordinator file.
func EvalCoordParams(c *plan.Coordinator, ci CoordInstance) (map[string]json.RawMessage, error) {
	loc, err := coord.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, err
	}
	var inputs, outputs []string
	for _, in := range c.Inputs {
		inputs = append(inputs, in.Name)
	}
	for _, out := range c.Outputs {
		outputs = append(outputs, out.Name)
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{RootCoord: ci.Value(inputs, outputs)},
		Functions: CoordFunctions(loc),
	}
	out := map[string]json.RawMessage{}
	for _, p := range c.Params {
		if p.Expr == nil {
			continue
		}
		pos := hcl.Pos{Line: p.Expr.Range.Start.Line, Column: p.Expr.Range.Start.Column}
		if pos.Line == 0 {
			pos = hcl.InitialPos
		}
		x, diags := hclsyntax.ParseExpression([]byte(p.Expr.Source), p.Expr.Range.File, pos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("param %s: %s", p.Name, diags.Error())
		}
		// The workflow's sensitive parameters: their values, and what an
		// error would quote of them, are not shown.
		secret := c.Workflow != nil && c.Workflow.IsSensitive(p.Name)
		v, diags := x.Value(ctx)
		if diags.HasErrors() {
			if secret {
				diags = HideDetails(diags)
			}
			return nil, fmt.Errorf("param %s: %s", p.Name, diags.Error())
		}
		ty, err := ParseType(p.Type)
		if err != nil {
			ty = cty.DynamicPseudoType
		}
		raw, err := ToJSON(v, ty)
		if err != nil {
			if secret {
				return nil, fmt.Errorf("param %s (%s): the value (sensitive, not shown) is not %s", p.Name, p.Expr.Range, p.Type)
			}
			return nil, fmt.Errorf("param %s (%s): %s: %w", p.Name, p.Expr.Range, p.Type, err)
		}
		out[p.Name] = raw
	}
	return out, nil
}

// timeArg reads a function's first argument, an RFC 3339 time.
func timeArg(v cty.Value) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v.AsString())
	if err != nil {
		return t, function.NewArgErrorf(0, "not an RFC 3339 time: %s", err)
	}
	return t, nil
}
