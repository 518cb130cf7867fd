package oozie

import (
	"fmt"
	"strconv"
	"strings"
)

// nodeArg reads a function's node-name argument, which must be a literal
// naming an action of the workflow.
func (t *translator) nodeArg(c elCall, i int) (string, error) {
	if i < len(c.args) {
		if s, ok := c.args[i].(elString); ok && isIdentifier(s.v) {
			if t.node == nil {
				return s.v, nil
			}
			return t.node(s.v)
		}
	}
	return "", untranslated{fmt.Sprintf("%s:%s() needs a literal node name here", c.ns, c.fn)}
}

func (t *translator) args(c elCall, want int) ([]hexpr, error) {
	if len(c.args) != want {
		name := c.fn
		if c.ns != "" {
			name = c.ns + ":" + c.fn
		}
		return nil, fmt.Errorf("%s() takes %d arguments, not %d", name, want, len(c.args))
	}
	out := make([]hexpr, len(c.args))
	for i, a := range c.args {
		h, err := t.tr(a)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

func fn(name string, kind valKind, args ...hexpr) hexpr {
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = a.hcl()
	}
	return hexpr{src: name + "(" + strings.Join(s, ", ") + ")", kind: kind, prec: atom}
}

func (t *translator) call(c elCall) (hexpr, error) {
	name := c.fn
	if c.ns != "" {
		name = c.ns + ":" + c.fn
	}
	v := func(src string, k valKind) (hexpr, error) { return hexpr{src: src, kind: k, prec: atom}, nil }
	switch name {
	case "wf:id":
		return v("wf.id", kStr)
	case "wf:name":
		return v("wf.name", kStr)
	case "wf:user":
		return t.user()
	case "wf:run":
		return v("wf.run", kNum)
	case "wf:lastErrorNode":
		return v("wf.last_error_node", kStr)
	case "wf:appPath":
		return t.vars(appPathVar)
	case "wf:conf", "coord:conf":
		if len(c.args) == 1 {
			if s, ok := c.args[0].(elString); ok {
				return t.vars(s.v)
			}
		}
		return hexpr{}, untranslated{name + "() needs a literal property name"}
	case "wf:errorCode", "wf:errorMessage":
		field := "error_code"
		if c.fn == "errorMessage" {
			field = "error_message"
		}
		if len(c.args) == 1 {
			if inner, ok := c.args[0].(elCall); ok && inner.ns == "wf" && inner.fn == "lastErrorNode" {
				return v("wf."+field, kStr)
			}
		}
		node, err := t.nodeArg(c, 0)
		if err != nil {
			return hexpr{}, err
		}
		return v("action."+node+"."+field, kStr)
	case "wf:actionData":
		node, err := t.nodeArg(c, 0)
		if err != nil {
			return hexpr{}, err
		}
		return v("action."+node+".output", kAny)
	case "wf:actionExternalId":
		node, err := t.nodeArg(c, 0)
		if err != nil {
			return hexpr{}, err
		}
		return v("action."+node+".external_id", kStr)
	case "wf:actionTrackerUri":
		node, err := t.nodeArg(c, 0)
		if err != nil {
			return hexpr{}, err
		}
		return v("action."+node+".tracker_url", kStr)
	case "hadoop:counters":
		node, err := t.nodeArg(c, 0)
		if err != nil {
			return hexpr{}, err
		}
		return v("action."+node+".counters", kAny)
	case "fs:exists", "fs:isDir", "fs:dirSize", "fs:fileSize":
		a, err := t.args(c, 1)
		if err != nil {
			return hexpr{}, err
		}
		hcl := map[string]string{"exists": "fs_exists", "isDir": "fs_is_dir", "dirSize": "fs_dir_size", "fileSize": "fs_file_size"}[c.fn]
		k := kNum
		if c.fn == "exists" || c.fn == "isDir" {
			k = kBool
		}
		return fn(hcl, k, a...), nil
	case "concat":
		a, err := t.args(c, 2)
		if err != nil {
			return hexpr{}, err
		}
		return concatParts(a...), nil
	case "replaceAll":
		a, err := t.args(c, 3)
		if err != nil {
			return hexpr{}, err
		}
		if a[2].src == "null" {
			a[2] = strLit("")
		}
		return fn("regex_replace", kStr, a...), nil
	case "firstNotNull":
		a, err := t.args(c, 2)
		if err != nil {
			return hexpr{}, err
		}
		return fn("coalesce", kAny, a...), nil
	case "trim":
		a, err := t.args(c, 1)
		if err != nil {
			return hexpr{}, err
		}
		return fn("trimspace", kStr, a...), nil
	case "urlEncode":
		a, err := t.args(c, 1)
		if err != nil {
			return hexpr{}, err
		}
		return fn("urlencode", kStr, a...), nil
	case "timestamp":
		if _, err := t.args(c, 0); err != nil {
			return hexpr{}, err
		}
		return fn("timestamp", kStr), nil
	}
	if t.coord {
		return t.coordCall(c, name)
	}
	return hexpr{}, untranslated{name + "() has no howdah equivalent"}
}

// concatParts joins expressions into one string template.
func concatParts(xs ...hexpr) hexpr {
	var parts []part
	for _, x := range xs {
		switch {
		case x.parts != nil:
			parts = append(parts, x.parts...)
		case x.lit:
			parts = append(parts, part{lit: x.litV})
		case x.src == "null":
		default:
			x := x
			parts = append(parts, part{expr: &x})
		}
	}
	// Adjacent text is one part, so that escaping sees it whole:
	// ${'$'}{wf.id} is the text "${wf.id}", not an interpolation.
	merged := parts[:0]
	for _, p := range parts {
		if n := len(merged); n > 0 && p.expr == nil && merged[n-1].expr == nil {
			merged[n-1].lit += p.lit
			continue
		}
		merged = append(merged, p)
	}
	return hexpr{parts: merged, kind: kStr, prec: atom}
}

// coordCall translates the coordinator's EL functions.
func (t *translator) coordCall(c elCall, name string) (hexpr, error) {
	switch c.fn {
	case "nominalTime":
		return hexpr{src: "coord.nominal_time", kind: kStr, prec: atom}, nil
	case "actualTime":
		return hexpr{src: "coord.actual_time", kind: kStr, prec: atom}, nil
	case "name":
		return hexpr{src: "coord.name", kind: kStr, prec: atom}, nil
	case "dataIn", "dataOut":
		if len(c.args) == 1 {
			if s, ok := c.args[0].(elString); ok {
				if t.event != nil && !t.event(c.fn, s.v) {
					return hexpr{}, untranslated{fmt.Sprintf("%s('%s') names no imported %s event (an input-logic name?)", name, s.v, map[string]string{"dataIn": "input", "dataOut": "output"}[c.fn])}
				}
				ev := mangle(s.v)
				if c.fn == "dataOut" {
					return hexpr{src: "coord.outputs." + ev, kind: kStr, prec: atom}, nil
				}
				// Oozie joins an input's URIs with commas, the newest
				// first; howdah lists them oldest first.
				return hexpr{src: `join(",", reverse(coord.inputs.` + ev + "))", kind: kStr, prec: atom}, nil
			}
		}
		return hexpr{}, untranslated{name + "() needs a literal event name"}
	case "endOfDays", "endOfWeeks", "endOfMonths":
		if t.step != nil {
			return t.startOf(c)
		}
		fallthrough
	case "current", "latest", "days", "hours", "minutes", "months":
		a, err := t.args(c, 1)
		if err != nil {
			return hexpr{}, err
		}
		hcl := map[string]string{"endOfDays": "end_of_days", "endOfWeeks": "end_of_weeks", "endOfMonths": "end_of_months"}[c.fn]
		if hcl == "" {
			hcl = c.fn
		}
		return fn(hcl, kAny, a...), nil
	case "formatTime":
		a, err := t.args(c, 2)
		if err != nil {
			return hexpr{}, err
		}
		// Oozie formats in UTC, its processing zone, whatever the
		// coordinator's timezone.
		if !t.utc {
			a = append(a, strLit("UTC"))
		}
		return fn("format_time", kStr, a...), nil
	case "dateOffset":
		var unit elString
		ok := len(c.args) == 3
		if ok {
			unit, ok = c.args[2].(elString)
		}
		units := map[string]string{"MINUTE": "minutes", "HOUR": "hours", "DAY": "days", "MONTH": "months", "YEAR": "years"}
		if !ok || units[strings.ToUpper(unit.v)] == "" {
			return hexpr{}, untranslated{"coord:dateOffset() with a unit other than a literal MINUTE, HOUR, DAY, MONTH or YEAR"}
		}
		a, err := t.args(c, 3)
		if err != nil {
			return hexpr{}, err
		}
		a[2] = strLit(units[strings.ToUpper(unit.v)])
		// Oozie's calendar is UTC's, its processing zone.
		if !t.utc {
			a = append(a, strLit("UTC"))
		}
		return fn("date_offset", kStr, a...), nil
	case "offset":
		return t.offset(c)
	case "dateTzOffset":
		a, err := t.args(c, 2)
		if err != nil {
			return hexpr{}, err
		}
		return fn("date_tz_offset", kStr, a...), nil
	case "absolute":
		a, err := t.args(c, 1)
		if err != nil {
			return hexpr{}, err
		}
		return fn("absolute", kAny, a...), nil
	case "future":
		a, err := t.args(c, 2)
		if err != nil {
			return hexpr{}, err
		}
		return fn("future", kAny, a...), nil
	case "hoursInDay", "daysInMonth":
		// Relative to the nominal time, in the coordinator's zone.
		a, err := t.args(c, 1)
		if err != nil {
			return hexpr{}, err
		}
		hcl := map[string]string{"hoursInDay": "hours_in_day", "daysInMonth": "days_in_month"}[c.fn]
		return fn(hcl, kNum, hexpr{src: "coord.nominal_time", kind: kStr, prec: atom}, a[0]), nil
	case "tzOffset":
		if _, err := t.args(c, 0); err != nil {
			return hexpr{}, err
		}
		if t.tzOffset == nil {
			return hexpr{}, untranslated{"coord:tzOffset() outside an input or output event"}
		}
		m, err := t.tzOffset()
		if err != nil {
			return hexpr{}, err
		}
		n := fmt.Sprint(m)
		return hexpr{src: n, kind: kNum, prec: atom, lit: true, litV: n}, nil
	case "epochTime":
		// coord:epochTime(time, millis): seconds, or milliseconds when
		// millis is true.
		a, err := t.args(c, 2)
		if err != nil {
			return hexpr{}, err
		}
		secs := fn("epoch", kNum, a[0])
		switch {
		case a[1].lit && a[1].litV == "false":
			return secs, nil
		case a[1].lit && a[1].litV == "true":
			return hexpr{src: secs.src + " * 1000", kind: kNum, prec: 6}, nil
		}
		return hexpr{src: boolean(a[1]).hcl() + " ? " + secs.src + " * 1000 : " + secs.src, kind: kNum, prec: 0}, nil
	}
	return hexpr{}, untranslated{name + "() has no howdah equivalent"}
}

// offset is coord:offset(n, unit) in an event: the dataset instance at or
// before current(0)'s time moved by n units. When the unit is the
// dataset's own kind (minutes and hours for a dataset counted in minutes,
// days for one in days, months and years for one in months) that is
// current(floor(n units / frequency)), exactly; otherwise it is reported.
func (t *translator) offset(c elCall) (hexpr, error) {
	if len(c.args) != 2 {
		return hexpr{}, fmt.Errorf("coord:offset() takes 2 arguments, not %d", len(c.args))
	}
	count, okN, err := literalInt(c.args[0])
	unit, okU := c.args[1].(elString)
	if !okN || !okU {
		return hexpr{}, untranslated{"coord:offset() with arguments that are not a literal count and unit"}
	}
	if err != nil {
		return hexpr{}, untranslated{"coord:offset() with a count that is not a whole number"}
	}
	if t.step == nil {
		return hexpr{}, untranslated{"coord:offset() outside an input or output event"}
	}
	freq, kind, err := t.step()
	if err != nil {
		return hexpr{}, err
	}
	per := map[string]map[string]int{
		"minute": {"MINUTE": 1, "HOUR": 60},
		"day":    {"DAY": 1},
		"month":  {"MONTH": 1, "YEAR": 12},
	}[kind][strings.ToUpper(unit.v)]
	if per == 0 || freq <= 0 {
		return hexpr{}, untranslated{fmt.Sprintf("coord:offset(%d, %q) of a dataset counted in %ss: howdah's current(n) counts the dataset's own instances", count, unit.v, kind)}
	}
	k := count * per
	q := k / freq
	if k%freq != 0 && k < 0 {
		q-- // floor: Oozie rewinds to the instance at or before
	}
	v := strconv.Itoa(q)
	return fn("current", kAny, hexpr{src: v, kind: kNum, prec: atom, lit: true, litV: v}), nil
}

// literalInt reads a literal whole number argument: ok says the argument
// is a literal number, err that it is not whole.
func literalInt(a elNode) (n int, ok bool, err error) {
	text := ""
	switch a := a.(type) {
	case elNumber:
		text, ok = a.v, true
	case elUnary:
		if x, isNum := a.x.(elNumber); isNum && a.op == "-" {
			text, ok = "-"+x.v, true
		}
	}
	if !ok {
		return 0, false, nil
	}
	n, err = strconv.Atoi(text)
	return n, true, err
}

// startOf is coord:endOfDays(n), endOfWeeks(n) or endOfMonths(n) in an
// event, which Oozie allows only as a start-instance (with a current(m)
// end-instance): the instance at the start of the (n+1)-th day, week or
// month from the nominal time's, howdah's start_of_day(n+1) and siblings.
func (t *translator) startOf(c elCall) (hexpr, error) {
	name := "coord:" + c.fn + "()"
	if !t.rangeStart {
		return hexpr{}, untranslated{name + " names an instance only as a start-instance (a range's start, with a current(n) end-instance), as Oozie allows it"}
	}
	if len(c.args) != 1 {
		return hexpr{}, fmt.Errorf("%s takes 1 argument, not %d", name, len(c.args))
	}
	n, ok, err := literalInt(c.args[0])
	if !ok || err != nil {
		return hexpr{}, untranslated{name + " with an argument that is not a literal whole number"}
	}
	hcl := map[string]string{"endOfDays": "start_of_day", "endOfWeeks": "start_of_week", "endOfMonths": "start_of_month"}[c.fn]
	v := strconv.Itoa(n + 1)
	return fn(hcl, kAny, hexpr{src: v, kind: kNum, prec: atom, lit: true, litV: v}), nil
}

// appPathVar is the variable wf:appPath() stands for.
const appPathVar = "oozie.wf.application.path"
