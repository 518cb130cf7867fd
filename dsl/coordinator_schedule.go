package dsl

import (
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/gocty"
)

// The schedule vocabulary of coordinator and dataset files: frequencies
// (minutes(15), days(1), cron("..."), "10s") and instances (current(n),
// latest(n)), as HCL functions returning typed objects.

var freqType = cty.Object(map[string]cty.Type{"unit": cty.String, "n": cty.Number, "cron": cty.String})
var instanceType = cty.Object(map[string]cty.Type{"fn": cty.String, "n": cty.Number, "limit": cty.Number, "time": cty.String})

// freqFunc is minutes(n), days(n), ...: a frequency value.
func freqFunc(unit plan.FreqUnit, scale int) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "n", Type: cty.Number}},
		Type:   function.StaticReturnType(freqType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			n, err := expr.WholeNumber(args[0])
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(0, "%s", err)
			}
			if n < 1 {
				return cty.NilVal, function.NewArgErrorf(0, "the count must be at least 1, not %d", n)
			}
			return cty.ObjectVal(map[string]cty.Value{"unit": cty.StringVal(string(unit)), "n": cty.NumberIntVal(int64(n * scale)), "cron": cty.StringVal("")}), nil
		},
	})
}

func instanceFunc(fn plan.InstanceFn) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "n", Type: cty.Number}},
		Type:   function.StaticReturnType(instanceType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			n, err := expr.WholeNumber(args[0])
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(0, "%s", err)
			}
			if n > MaxInstanceOffset || n < -MaxInstanceOffset {
				return cty.NilVal, function.NewArgErrorf(0, "n must lie between -%d and %d, not %d", MaxInstanceOffset, MaxInstanceOffset, n)
			}
			if fn == plan.Latest && n > 0 {
				return cty.NilVal, function.NewArgErrorf(0, "latest(n) counts back from the newest instance: n must be 0 or negative, not %d", n)
			}
			return cty.ObjectVal(map[string]cty.Value{"fn": cty.StringVal(string(fn)), "n": cty.NumberIntVal(int64(n)), "limit": cty.Zero, "time": cty.StringVal("")}), nil
		},
	})
}

// futureFunc is future(n, limit): the n-th available instance from
// current(0) on, among the limit instances from it.
var futureFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "n", Type: cty.Number}, {Name: "limit", Type: cty.Number}},
	Type:   function.StaticReturnType(instanceType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := expr.WholeNumber(args[0])
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "%s", err)
		}
		limit, err := expr.WholeNumber(args[1])
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(1, "%s", err)
		}
		if n < 0 {
			return cty.NilVal, function.NewArgErrorf(0, "future(n, limit) counts forward from current(0): n must be 0 or more, not %d", n)
		}
		if limit <= n || limit > MaxEventInstances {
			return cty.NilVal, function.NewArgErrorf(1, "limit is how many instances from current(0) future looks at: more than n (%d) and at most %d, not %d", n, MaxEventInstances, limit)
		}
		return cty.ObjectVal(map[string]cty.Value{"fn": cty.StringVal(string(plan.Future)), "n": cty.NumberIntVal(int64(n)), "limit": cty.NumberIntVal(int64(limit)), "time": cty.StringVal("")}), nil
	},
})

// absoluteFunc is absolute("2026-01-01T00:00Z"): the dataset's instance at
// a fixed time (UTC unless the time has an offset), a range's start.
var absoluteFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "time", Type: cty.String}},
	Type:   function.StaticReturnType(instanceType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		t, err := coord.ParseTime(args[0].AsString(), time.UTC)
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "%s", err)
		}
		return cty.ObjectVal(map[string]cty.Value{"fn": cty.StringVal(string(plan.Absolute)), "n": cty.Zero, "limit": cty.Zero, "time": cty.StringVal(t.UTC().Format(time.RFC3339))}), nil
	},
})

var scheduleCtx = &hcl.EvalContext{Functions: map[string]function.Function{
	"seconds":       freqFunc(plan.FreqSeconds, 1),
	"minutes":       freqFunc(plan.FreqMinutes, 1),
	"hours":         freqFunc(plan.FreqMinutes, 60),
	"days":          freqFunc(plan.FreqDays, 1),
	"months":        freqFunc(plan.FreqMonths, 1),
	"end_of_days":   freqFunc(plan.FreqEndOfDays, 1),
	"end_of_weeks":  freqFunc(plan.FreqEndOfWeeks, 1),
	"end_of_months": freqFunc(plan.FreqEndOfMonths, 1),
	"cron": function.New(&function.Spec{
		Params: []function.Parameter{{Name: "expr", Type: cty.String}},
		Type:   function.StaticReturnType(freqType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := coord.ParseCron(args[0].AsString()); err != nil {
				return cty.NilVal, function.NewArgErrorf(0, "%s", err)
			}
			return cty.ObjectVal(map[string]cty.Value{"unit": cty.StringVal(string(plan.FreqCron)), "n": cty.Zero, "cron": args[0]}), nil
		},
	}),
	"current":  instanceFunc(plan.Current),
	"latest":   instanceFunc(plan.Latest),
	"future":   futureFunc,
	"absolute": absoluteFunc,
	// As a range's start: the instance at the start of the day, week or
	// month n periods from the nominal time's (Oozie's coord:endOfDays(n-1)
	// and its siblings as a start-instance).
	"start_of_day":   instanceFunc(plan.StartOfDay),
	"start_of_week":  instanceFunc(plan.StartOfWeek),
	"start_of_month": instanceFunc(plan.StartOfMonth),
}}

const freqHelp = "Write minutes(15), hours(1), days(1), months(1), end_of_days(1), end_of_weeks(1), end_of_months(1), cron(\"0 2 * * *\"), or a duration such as \"15m\", \"1h\" or \"10s\"."

// frequency reads a frequency attribute.
func (cc *coordCompiler) frequency(e hcl.Expression) (plan.Frequency, bool) {
	v, diags := e.Value(scheduleCtx)
	if diags.HasErrors() {
		cc.errorf(e.Range(), "Invalid frequency", "%s %s", diagText(diags), freqHelp)
		return plan.Frequency{}, false
	}
	if v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
		d, err := readDuration(v.AsString())
		if err != nil || d < time.Second || d%time.Second != 0 {
			cc.errorf(e.Range(), "Invalid frequency", "%q is not a duration in whole seconds. %s", v.AsString(), freqHelp)
			return plan.Frequency{}, false
		}
		if d%time.Minute != 0 {
			return plan.Frequency{Unit: plan.FreqSeconds, N: int(d / time.Second)}, true
		}
		return plan.Frequency{Unit: plan.FreqMinutes, N: int(d / time.Minute)}, true
	}
	if !v.Type().Equals(freqType) || !v.IsWhollyKnown() {
		cc.errorf(e.Range(), "Invalid frequency", "%s", freqHelp)
		return plan.Frequency{}, false
	}
	f := plan.Frequency{Unit: plan.FreqUnit(v.GetAttr("unit").AsString()), Cron: v.GetAttr("cron").AsString()}
	_ = gocty.FromCtyValue(v.GetAttr("n"), &f.N)
	return f, true
}

// instance reads current(n), latest(n) or future(n, limit).
func (cc *coordCompiler) instance(a *hcl.Attribute) (plan.InstanceRef, bool) {
	v, diags := a.Expr.Value(scheduleCtx)
	if diags.HasErrors() || !v.Type().Equals(instanceType) || !v.IsWhollyKnown() {
		detail := ""
		if diags.HasErrors() {
			detail = diagText(diags) + " "
		}
		cc.errorf(a.Expr.Range(), "Invalid instance", "%s%s is current(n) (the instance the nominal time falls in, shifted by n), latest(n) (the newest available, n <= 0), future(n, limit) (the n-th available from current(0) on, among limit instances) or, as a range's start, absolute(time), start_of_day(n), start_of_week(n) or start_of_month(n).", detail, a.Name)
		return plan.InstanceRef{}, false
	}
	r := plan.InstanceRef{Fn: plan.InstanceFn(v.GetAttr("fn").AsString())}
	_ = gocty.FromCtyValue(v.GetAttr("n"), &r.N)
	_ = gocty.FromCtyValue(v.GetAttr("limit"), &r.Limit)
	if s := v.GetAttr("time").AsString(); s != "" {
		t, _ := time.Parse(time.RFC3339, s)
		r.Time = &t
	}
	return r, true
}

// diagText joins diagnostics' details for an error built on them.
func diagText(diags hcl.Diagnostics) string {
	var parts []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			parts = append(parts, strings.TrimSuffix(d.Detail, "."))
		}
	}
	return strings.Join(parts, "; ") + "."
}
