package dsl

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// intAttr reads a whole-number attribute with a minimum.
func (cc *coordCompiler) intAttr(content *hcl.BodyContent, name string, def, least int, why string) int {
	return cc.intAttrMax(content, name, def, least, 0, why)
}

// intAttrMax is intAttr with an upper bound (0: none).
func (cc *coordCompiler) intAttrMax(content *hcl.BodyContent, name string, def, least, most int, why string) int {
	a, ok := content.Attributes[name]
	if !ok {
		return def
	}
	v, ok := cc.constant(a.Expr, cty.Number)
	if !ok || v.IsNull() {
		return def
	}
	n, err := expr.WholeNumber(v)
	if err != nil || n < least || (most > 0 && n > most) {
		if most > 0 {
			cc.errorf(a.Expr.Range(), "Invalid "+name, "%s must be a whole number from %d to %d: %s.", name, least, most, why)
		} else {
			cc.errorf(a.Expr.Range(), "Invalid "+name, "%s must be a whole number of at least %d: %s.", name, least, why)
		}
		return def
	}
	return n
}

// durationAttr reads a duration attribute: a Go duration string ("90s",
// "2h") or a whole number of minutes, never negative. With forever, -1 and
// "none" are allowed too and return -1 (Oozie's timeout: wait forever).
func (cc *coordCompiler) durationAttr(content *hcl.BodyContent, name string, def time.Duration, forever bool) (time.Duration, bool) {
	a, ok := content.Attributes[name]
	if !ok {
		return def, true
	}
	what := fmt.Sprintf("%s is a duration such as \"90s\" or \"2h\", or a whole number of minutes, not negative", name)
	if forever {
		what = fmt.Sprintf("%s is a duration such as \"90s\" or \"2h\", a whole number of minutes, or -1 or \"none\" for no limit", name)
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() {
		cc.errorf(a.Expr.Range(), "Invalid "+name, "%s.", what)
		return def, false
	}
	var d time.Duration
	valid := false
	switch v.Type() {
	case cty.Number:
		if m, err := expr.WholeNumber(v); err == nil {
			if forever && m == -1 {
				return -1, true
			}
			d, valid = time.Duration(m)*time.Minute, m >= 0
		}
	case cty.String:
		s := v.AsString()
		if forever && s == "none" {
			return -1, true
		}
		var err error
		d, err = readDuration(s)
		valid = err == nil && d >= 0
	}
	if !valid {
		cc.errorf(a.Expr.Range(), "Invalid "+name, "%s, not %s.", what, friendlyValue(v))
		return def, false
	}
	return d, true
}

// friendlyValue shows a constant as written.
func friendlyValue(v cty.Value) string {
	switch v.Type() {
	case cty.String:
		return strconv.Quote(v.AsString())
	case cty.Number:
		return v.AsBigFloat().Text('g', -1)
	}
	return v.Type().FriendlyName()
}

func (cc *coordCompiler) decodeCoordinator(b *hcl.Block) *plan.Coordinator {
	name := b.Labels[0]
	cc.checkName(name, b.LabelRanges[0], "coordinator")
	content, diags := bodyContent(b.Body, coordinatorSchema)
	cc.diags = append(cc.diags, diags...)
	co := &plan.Coordinator{FormatVersion: plan.FormatVersion, Name: name, Source: cc.filename, Range: toPlanRange(b.DefRange)}
	broken := diags.HasErrors()
	if a, ok := content.Attributes["description"]; ok {
		if v, ok := cc.constant(a.Expr, cty.String); ok && !v.IsNull() {
			co.Description = v.AsString()
		}
	}
	zone, loc := cc.zone(content)
	co.TimeZone = zone
	broken = broken || loc == nil
	start, startRng, okStart := cc.timeAttr(content, "start", loc)
	if cc.opts.Start != nil {
		start, okStart = cc.opts.Start.UTC(), true
	}
	co.Start = start
	if _, has := content.Attributes["end"]; has || cc.opts.End != nil {
		end, endRng, ok := time.Time{}, startRng, true
		if cc.opts.End != nil {
			end = cc.opts.End.UTC()
		} else {
			end, endRng, ok = cc.timeAttr(content, "end", loc)
		}
		if ok && okStart && !end.After(start) {
			cc.errorCtx(endRng, startRng, "End before start", "The coordinator ends (%s) at or before it starts (%s, at %s): it would never run. end is exclusive.", end.Format(time.RFC3339), start.Format(time.RFC3339), startRng)
			ok = false
		}
		if ok {
			co.End = &end
		}
		broken = broken || !ok
	}
	broken = broken || !okStart
	if a, ok := content.Attributes["frequency"]; ok {
		f, ok := cc.frequency(a.Expr)
		co.Frequency = f
		broken = broken || !ok
	}
	timeout, ok := cc.durationAttr(content, "timeout", DefaultCoordTimeout, true)
	broken = broken || !ok
	if timeout < 0 {
		co.WaitForever = true
		timeout = 0
	}
	co.Timeout = plan.Duration(timeout)
	poll, ok := cc.durationAttr(content, "poll_interval", DefaultCoordPollInterval, false)
	if ok && poll < time.Second {
		cc.errorf(content.Attributes["poll_interval"].Expr.Range(), "Invalid poll_interval", "poll_interval must be at least 1s: every poll of every waiting instance is a NameNode call.")
	}
	co.PollInterval = plan.Duration(poll)
	tol, ok := cc.durationAttr(content, "tolerance", DefaultCoordTolerance, false)
	broken = broken || !ok
	co.Tolerance = plan.Duration(tol)
	// The gate starts up to throttle instances in one workflow task, and
	// Temporal bounds a workflow's pending children (2,000 by default).
	co.Concurrency = cc.intAttrMax(content, "concurrency", 1, 1, MaxCoordSlots, "it bounds the instances RUNNING at once")
	co.Throttle = cc.intAttrMax(content, "throttle", DefaultCoordThrottle, 1, MaxCoordSlots, "it bounds the instances WAITING for data at once")
	co.Execution = plan.ExecFIFO
	if a, ok := content.Attributes["execution"]; ok {
		if v, ok := cc.constant(a.Expr, cty.String); ok && !v.IsNull() {
			switch e := plan.Execution(strings.ToLower(v.AsString())); e {
			case plan.ExecFIFO, plan.ExecLIFO, plan.ExecLastOnly, plan.ExecNone:
				co.Execution = e
			default:
				cc.errorf(a.Expr.Range(), "Invalid execution", "execution is \"fifo\" (oldest ready instance first, the default), \"lifo\" (newest first), \"last_only\" (skip an instance once the next one's nominal time has passed) or \"none\" (skip an instance more than tolerance late), not %q.", v.AsString())
			}
		}
	}

	// Datasets this coordinator uses, and its events.
	used := map[string]bool{}
	names := map[string]hcl.Range{}
	var inNames, outNames []string
	for _, blk := range content.Blocks {
		if prev, dup := names[blk.Labels[0]]; dup {
			cc.errorCtx(blk.LabelRanges[0], prev, "Duplicate "+blk.Type, "%q is already an input or output name (at %s): coord.inputs and coord.outputs need distinct names.", blk.Labels[0], prev)
			continue
		}
		names[blk.Labels[0]] = blk.LabelRanges[0]
		if blk.Type == "input" {
			inNames = append(inNames, blk.Labels[0])
		} else {
			outNames = append(outNames, blk.Labels[0])
		}
		ev, ok := cc.decodeEvent(blk)
		if !ok {
			broken = true
			continue
		}
		used[ev.Dataset] = true
		if blk.Type == "input" {
			co.Inputs = append(co.Inputs, ev)
		} else {
			co.Outputs = append(co.Outputs, ev)
		}
	}
	for _, d := range sortedDatasets(cc.datasets) {
		if used[d.ds.Name] {
			co.Datasets = append(co.Datasets, d.ds)
		}
	}
	if !broken {
		broken = !cc.checkTimes(co, b)
	}

	// The workflow, compiled with the params.
	co.Workflow, co.Params = cc.compileCoordWorkflow(inNames, outNames, content, loc)
	if broken || co.Workflow == nil {
		return nil
	}
	return co
}

func sortedDatasets(m map[string]*datasetDecl) []*datasetDecl {
	var out []*datasetDecl
	for _, d := range m {
		out = append(out, d)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].ds.Name < out[j-1].ds.Name; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// decodeEvent reads an input or output block.
func (cc *coordCompiler) decodeEvent(b *hcl.Block) (plan.DataEvent, bool) {
	ev := plan.DataEvent{Name: b.Labels[0], Range: toPlanRange(b.DefRange)}
	if !cc.checkName(ev.Name, b.LabelRanges[0], b.Type) {
		return ev, false
	}
	content, diags := bodyContent(b.Body, eventSchema)
	cc.diags = append(cc.diags, diags...)
	if diags.HasErrors() {
		return ev, false
	}
	a := content.Attributes["dataset"]
	v, ok := cc.constant(a.Expr, cty.String)
	if !ok || v.IsNull() {
		return ev, false
	}
	ev.Dataset = v.AsString()
	d := cc.datasets[ev.Dataset]
	if d == nil {
		cc.errorf(a.Expr.Range(), "Unknown dataset", "No dataset %q is declared in %s.%s", ev.Dataset, filepath.Base(cc.filename), cc.datasetList())
		return ev, false
	}
	if d.ds.Name == "" {
		return ev, false // the dataset's own errors are reported
	}
	inst, hasInst := content.Attributes["instance"]
	from, hasFrom := content.Attributes["from"]
	to, hasTo := content.Attributes["to"]
	switch {
	case hasInst && (hasFrom || hasTo):
		cc.errorf(inst.Expr.Range(), "Conflicting instances", "Set either instance (one instance) or from and to (a range), not both.")
		return ev, false
	case hasInst:
		r, ok := cc.instance(inst)
		if !ok {
			return ev, false
		}
		if r.Fn.RangeStart() {
			cc.errorf(inst.Expr.Range(), "Invalid instance", "%s(...) starts a range: write from = %s, to = current(n), as Oozie's coord:%s is used.", r.Fn, r, map[plan.InstanceFn]string{plan.Absolute: "absolute", plan.StartOfDay: "endOfDays", plan.StartOfWeek: "endOfWeeks", plan.StartOfMonth: "endOfMonths"}[r.Fn])
			return ev, false
		}
		ev.From, ev.To = r, r
	case hasFrom && hasTo:
		f, ok1 := cc.instance(from)
		t, ok2 := cc.instance(to)
		if !ok1 || !ok2 {
			return ev, false
		}
		if f.Fn == plan.Absolute && t.Fn == plan.Current {
			if !cc.absoluteStart(ev, &f, d.ds, from) {
				return ev, false
			}
			ev.From, ev.To = f, t
			break
		}
		if f.Fn.RangeStart() && t.Fn == plan.Current {
			ev.From, ev.To = f, t // checked over the schedule (checkTimes)
			break
		}
		if f.Fn != t.Fn || f.Limit != t.Limit || t.Fn.RangeStart() {
			cc.errorf(from.Expr.Range(), "Mixed instance functions", "A range is current(a)..current(b), latest(a)..latest(b), future(a, limit)..future(b, limit), or absolute(time), start_of_day(a), start_of_week(a) or start_of_month(a) to current(b); %s and %s cannot be mixed.", f, t)
			return ev, false
		}
		if f.N > t.N {
			cc.errorCtx(from.Expr.Range(), to.Expr.Range(), "Range starts after it ends", "from = %s comes after to = %s: write the older instance first.", f, t)
			return ev, false
		}
		ev.From, ev.To = f, t
	default:
		rng := b.DefRange
		if hasFrom {
			rng = from.Expr.Range()
		} else if hasTo {
			rng = to.Expr.Range()
		}
		cc.errorf(rng, "Missing instance", "Set instance = current(n) or latest(n), or a range with both from and to.")
		return ev, false
	}
	if b.Type == "output" {
		if ev.From.Fn != plan.Current || ev.From != ev.To {
			cc.errorf(b.DefRange, "Invalid output", "An output is one instance named with current(n): latest() picks among existing data, and an instance writes one.")
			return ev, false
		}
		if _, has := content.Attributes["min"]; has {
			cc.errorf(content.Attributes["min"].Expr.Range(), "Invalid min", "min applies to inputs only.")
			return ev, false
		}
	}
	size := ev.To.N - ev.From.N + 1
	if ev.From.Fn.RangeStart() {
		size = 1 // its size changes; checked at each instance and over the schedule
	}
	depth := size
	switch ev.From.Fn {
	case plan.Latest:
		depth = -ev.From.N + 1 // latest(-n) looks at the n+1 newest available
	case plan.Future:
		depth = ev.From.Limit // future looks at limit instances
	}
	if size > MaxEventInstances || depth > MaxEventInstances {
		rng := b.DefRange
		if a, ok := content.Attributes["from"]; ok {
			rng = a.Expr.Range()
		} else if a, ok := content.Attributes["instance"]; ok {
			rng = a.Expr.Range()
		}
		cc.errorf(rng, "Range too large", "This input names %d instances; an input may name at most %d (every instance's paths are checked at each poll and passed to the workflow).", max(size, depth), MaxEventInstances)
		return ev, false
	}
	ev.Min = cc.intAttr(content, "min", 0, 1, "how many instances of the range must exist")
	if ev.Min > size && !ev.From.Fn.RangeStart() {
		cc.errorf(content.Attributes["min"].Expr.Range(), "Invalid min", "min = %d but the range has %d instance(s).", ev.Min, size)
		return ev, false
	}
	if ev.Min == size {
		ev.Min = 0
	}
	return ev, true
}

// absoluteStart checks absolute(time) as the start of a range: the time
// must be one of the dataset's instance times.
func (cc *coordCompiler) absoluteStart(ev plan.DataEvent, f *plan.InstanceRef, d plan.Dataset, a *hcl.Attribute) bool {
	ds, err := coord.NewDatasets([]plan.Dataset{d})
	if err != nil {
		return false // the dataset's own errors are reported
	}
	if _, err := ds.AbsoluteIndex(d.Name, *f.Time); err != nil {
		cc.errorf(a.Expr.Range(), "Invalid instance", "%s.", err)
		return false
	}
	return true
}

func (cc *coordCompiler) datasetList() string {
	var names []string
	for _, d := range sortedDatasets(cc.datasets) {
		names = append(names, d.ds.Name)
	}
	if len(names) == 0 {
		return " Declare it with a dataset block."
	}
	return " Declared: " + strings.Join(names, ", ") + "."
}

// checkedStarts is how many of the first nominal times the compiler
// resolves a range that starts at a time at: enough to cover a month of
// hourly instances, where a start_of_*(n)..current(m) range first shows
// its start after its end.
const checkedStarts = 800

// checkTimes runs the clock and the datasets over the first instance so
// mistakes that only show as "nothing ever runs" are reported now.
func (cc *coordCompiler) checkTimes(co *plan.Coordinator, b *hcl.Block) bool {
	clock, err := coord.NewClock(co)
	if err != nil {
		cc.errorf(b.DefRange, "Invalid schedule", "%s.", err)
		return false
	}
	first, ok := clock.First()
	if !ok {
		cc.errorf(b.DefRange, "No instances", "With this start, end and frequency the coordinator never fires: the first nominal time is at or after end.")
		return false
	}
	ds, err := coord.NewDatasets(co.Datasets)
	if err != nil {
		cc.errorf(b.DefRange, "Invalid dataset", "%s.", err)
		return false
	}
	good := true
	for _, events := range [][]plan.DataEvent{co.Inputs, co.Outputs} {
		for _, ev := range events {
			if ev.From.Fn.RangeStart() {
				// The range changes with the nominal time (absolute's
				// grows; start_of_*'s restarts each period): it must be a
				// range at the first checkedStarts nominal times, and
				// within bounds at the last.
				times := []time.Time{}
				for t, ok := first, true; ok && len(times) < checkedStarts; t, ok = clock.Next(t) {
					times = append(times, t)
				}
				if co.End != nil {
					if last, ok := clock.LastAtOrBefore(co.End.Add(-time.Nanosecond), first); ok {
						times = append(times, last)
					}
				}
				for _, t := range times {
					if err := ds.CheckRange(ev, t); err != nil {
						cc.errorf(toHCLRange(ev.Range), "Invalid range", "%s.", err)
						good = false
						break
					}
				}
				continue
			}
			if ev.From.Fn != plan.Current {
				continue
			}
			got, err := ds.Current(ev, first)
			if err != nil {
				continue
			}
			if len(got) == 0 {
				d := cc.datasets[ev.Dataset]
				cc.errorCtx(toHCLRange(ev.Range), d.rng, "Instance before initial instance", "At the first nominal time (%s) %s of dataset %q falls before its initial instance (%s, dataset at %s), so it resolves to nothing: start the coordinator later, or move the dataset's initial_instance back.", first.Format(time.RFC3339), ev.From, ev.Dataset, d.ds.Initial.Format(time.RFC3339), d.rng)
				good = false
			}
		}
	}
	return good
}

func toHCLRange(r plan.Range) hcl.Range {
	return hcl.Range{Filename: r.File, Start: hcl.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte}, End: hcl.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte}}
}

// compileCoordWorkflow compiles the coordinator's workflow file with its
// params: constant ones are compiled in, those over coord.* are run-time
// parameters the instance computes.
func (cc *coordCompiler) compileCoordWorkflow(inputs, outputs []string, content *hcl.BodyContent, loc *time.Location) (*plan.Workflow, []plan.CoordParam) {
	if loc == nil {
		loc = time.UTC
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{expr.RootCoord: cty.UnknownVal(expr.CoordType(inputs, outputs))},
		Functions: expr.CoordFunctions(loc),
	}
	values := map[string]paramValue{}
	for k, v := range cc.values {
		values[k] = v
	}
	deferred := map[string]*plan.Expr{}
	var order []string
	paramsOK := true
	if a, ok := content.Attributes["params"]; ok {
		pairs, diags := hcl.ExprMap(a.Expr)
		if diags.HasErrors() {
			cc.errorf(a.Expr.Range(), "Invalid params", "params is a map literal: { name = value, ... }.")
			paramsOK = false
		}
		seen := map[string]bool{}
		for _, p := range pairs {
			k, ok := cc.staticValue(p.Key, cty.String)
			if !ok {
				paramsOK = false
				continue
			}
			name := k.AsString()
			if seen[name] {
				cc.errorf(p.Key.Range(), "Duplicate parameter", "Parameter %q is passed twice.", name)
				continue
			}
			seen[name] = true
			rng := p.Key.Range()
			v, diags := p.Value.Value(ctx)
			if diags.HasErrors() {
				for _, d := range diags {
					if d.Subject == nil {
						d.Subject = p.Value.Range().Ptr()
					}
				}
				cc.diags = append(cc.diags, diags...)
				paramsOK = false
				values[name] = paramValue{val: cty.DynamicVal, rng: &rng}
				continue
			}
			if v.IsWhollyKnown() {
				values[name] = paramValue{val: v, rng: &rng}
			} else {
				values[name] = paramValue{val: cty.UnknownVal(v.Type()), rng: &rng}
				deferred[name] = cc.planExpr(p.Value)
			}
			order = append(order, name)
		}
	}

	fileAttr := content.Attributes["workflow"]
	if fileAttr == nil {
		return nil, nil
	}
	fv, ok := cc.constant(fileAttr.Expr, cty.String)
	if !ok || fv.IsNull() {
		return nil, nil
	}
	path := fv.AsString()
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(cc.filename), path)
	}
	if err := cc.sess.inTree(path); err != nil {
		cc.errorf(fileAttr.Expr.Range(), "Cannot read workflow", "%s (pass --allow-files-outside to allow it).", err)
		return nil, nil
	}
	src, err := readSource(path)
	if err != nil {
		cc.errorf(fileAttr.Expr.Range(), "Cannot read workflow", "%s (paths are relative to %s).", err, filepath.Dir(cc.filename))
		return nil, nil
	}
	child := cc.sess.newCompiler(path, src, cc.stack)
	child.allowMissing = cc.opts.AllowMissingParams
	child.caller = "coordinator"
	call := fileAttr.Expr.Range()
	w := child.compileWorkflow(values, &call)
	cc.diags = append(cc.diags, child.diags...)
	if w == nil || !paramsOK {
		return nil, nil
	}
	var params []plan.CoordParam
	for _, name := range order {
		ty := "any"
		if p := child.paramBy[name]; p != nil {
			ty = expr.TypeString(p.ty)
		}
		cp := plan.CoordParam{Name: name, Type: ty, Expr: deferred[name]}
		if cp.Expr == nil {
			if p := child.paramBy[name]; p != nil {
				if js, err := expr.ToJSON(p.val, p.ty); err == nil {
					cp.Value = json.RawMessage(js)
				}
			}
		}
		params = append(params, cp)
	}
	return w, params
}
