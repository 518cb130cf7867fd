package oozie

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/howdah/howdah/coord"
)

// coordinatorTranslator imports a coordinator-app: its datasets, then the
// coordinator block. Oozie resolves a coordinator's ${variables} from its
// job.properties when the job is submitted; howdah coordinators have no
// parameters, so the import substitutes the values.
type coordinatorTranslator struct {
	im    *importer
	a     *app
	f     *appFile
	props *properties
	tr    translator
	wf    *appFile // the workflow it runs
	cron  bool     // its frequency is a cron expression
}

func newCoordinatorTranslator(im *importer, a *app, f *appFile) *coordinatorTranslator {
	c := &coordinatorTranslator{im: im, a: a, f: f}
	// <parameters> defaults come below the properties.
	defaults := newProperties()
	if ps := f.root.kid("parameters"); ps != nil {
		for _, p := range ps.kids("property") {
			if v := p.kid("value"); v != nil {
				defaults.set(property{name: p.kidText("name"), value: v.text(), at: p.at()})
			}
		}
	}
	c.props = defaults.merge(a.props)
	events := map[string]bool{}
	for _, ev := range []struct{ el, fn string }{{"input-events", "dataIn"}, {"output-events", "dataOut"}} {
		for _, d := range f.root.kid(ev.el).orEmpty().Kids {
			events[ev.fn+"/"+d.attrValue("name")] = true
		}
	}
	c.tr = translator{coord: true, vars: c.variable, event: func(fn, name string) bool { return events[fn+"/"+name] }}
	// Oozie's date functions work in UTC: when the coordinator's zone is
	// UTC (or its cron frequency makes the import write it so), that is
	// the functions' default.
	c.tr.utc = true
	if tz, ok := f.root.attr("timezone"); ok {
		v, _ := c.props.resolve(strings.TrimSpace(tz))
		loc, err := coord.LoadLocation(strings.TrimSpace(v))
		freq, _ := c.props.resolve(strings.TrimSpace(f.root.attrValue("frequency")))
		c.tr.utc = isCron(freq) || err == nil && isUTC(loc)
	}
	return c
}

func (c *coordinatorTranslator) variable(name string) (hexpr, error) {
	if p, ok := c.props.get(name); ok {
		v, missing := c.props.resolve(p.value)
		if len(missing) == 0 {
			if canonicalInt.MatchString(strings.TrimSpace(v)) {
				n := strings.TrimSpace(v)
				return hexpr{src: n, kind: kNum, prec: atom, lit: true, litV: n}, nil
			}
			return strLit(v), nil
		}
		return hexpr{}, untranslated{fmt.Sprintf("%s = %s uses %s, which is not set", name, p.value, strings.Join(dedupe(missing), ", "))}
	}
	return hexpr{}, untranslated{fmt.Sprintf("${%s} is not set in job.properties or <parameters>", name)}
}

// val translates text in the coordinator's context.
func (c *coordinatorTranslator) val(text string, at Location) (string, string) {
	return translateValue(&c.tr, &c.im.report, text, at)
}

// literal resolves text to a constant with the properties.
func (c *coordinatorTranslator) literal(text string, at Location) (string, bool) {
	return c.literalShown(text, text, at)
}

// literalShown is literal, reporting shown as the text.
func (c *coordinatorTranslator) literalShown(text, shown string, at Location) (string, bool) {
	checkNFC(&c.im.report, shown, at)
	v, missing := c.props.resolve(text)
	if len(missing) > 0 {
		c.im.report.add(at, KindExpression, "%q needs %s: write the value", shown, missingText(dedupe(missing)))
		return v, false
	}
	return v, true
}

// missingText says why names could not be resolved at import.
func missingText(names []string) string {
	var parts []string
	for _, n := range names {
		if strings.Contains(n, "(") {
			parts = append(parts, "${"+n+"}, which Oozie evaluates when the job is submitted")
		} else {
			parts = append(parts, "${"+n+"}, which is not set in job.properties or <parameters>")
		}
	}
	return strings.Join(parts, "; ")
}

// frequency translates a frequency: minutes, ${coord:days(n)} and the
// like, or a cron expression.
func (c *coordinatorTranslator) frequency(text string, at Location) (string, string) {
	v, ok := c.fixed("frequency", text, at)
	if !ok {
		return `""`, ""
	}
	v = strings.TrimSpace(v)
	if n, err := strconv.Atoi(v); err == nil {
		return fmt.Sprintf("minutes(%d)", n), ""
	}
	if strings.Contains(v, "${") {
		return c.val(v, at)
	}
	cron, err := quartzCron(v)
	if err != nil {
		c.im.errorIn(at, "frequency %q: %s", v, err)
		return `""`, ""
	}
	c.cron = true
	if cron != v {
		return "cron(" + quote(cron) + ")", "Oozie: " + v + " (Quartz numbers the days of the week 1 = Sunday to 7 = Saturday)"
	}
	return "cron(" + quote(cron) + ")", ""
}

// isCron says whether a resolved frequency is a cron expression (neither
// minutes nor EL).
func isCron(v string) bool {
	v = strings.TrimSpace(v)
	_, err := strconv.Atoi(v)
	return err != nil && v != "" && !strings.Contains(v, "${")
}

// quartzCron turns Oozie's five-field cron, which Oozie reads as Quartz
// does, into howdah's: a day of week 1-7 is Sunday to Saturday in Quartz
// and 0-6 in howdah, so the numbers move down by one (names stay, and so
// do Quartz's L, W and # specials, which howdah's cron reads too); "?"
// means any.
func quartzCron(v string) (string, error) {
	f := strings.Fields(v)
	if len(f) != 5 {
		if len(f) == 1 && strings.HasPrefix(f[0], "@") {
			return f[0], nil
		}
		return "", fmt.Errorf("a cron frequency has five fields (minute hour day-of-month month day-of-week), this one %d", len(f))
	}
	conv := func(s string) (string, error) {
		if s == "" || !(s[0] >= '0' && s[0] <= '9') {
			return s, nil // *, ?, L, a name
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 7 {
			return "", fmt.Errorf("day of week %q: Quartz numbers the days 1 (Sunday) to 7 (Saturday)", s)
		}
		return strconv.Itoa(n - 1), nil
	}
	items := strings.Split(f[4], ",")
	for k, item := range items {
		// dL and d#k: the day, then the special.
		if i := strings.IndexAny(item, "L#"); i > 0 && item[0] >= '0' && item[0] <= '9' {
			d, err := conv(item[:i])
			if err != nil {
				return "", err
			}
			items[k] = d + item[i:]
			continue
		}
		base, step, hasStep := strings.Cut(item, "/")
		lo, hi, isRange := strings.Cut(base, "-")
		l, err := conv(lo)
		if err != nil {
			return "", err
		}
		out := l
		if isRange {
			h, err := conv(hi)
			if err != nil {
				return "", err
			}
			out += "-" + h
		}
		if hasStep {
			out += "/" + step
		}
		items[k] = out
	}
	f[4] = strings.Join(items, ",")
	cron := strings.Join(f, " ")
	if err := coord.ParseCron(cron); err != nil {
		return "", err
	}
	return cron, nil
}

// isUTC reports whether a zone is UTC at every time of year.
func isUTC(loc *time.Location) bool {
	for _, m := range []time.Month{time.January, time.July} {
		if _, off := time.Date(2026, m, 1, 0, 0, 0, 0, loc).Zone(); off != 0 {
			return false
		}
	}
	return true
}

// oozieTimeLayouts are the ways Oozie writes times: 2009-01-01T01:00Z,
// with an offset, or with seconds.
var oozieTimeLayouts = []string{"2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04"}

// time translates an Oozie time to RFC 3339.
func (c *coordinatorTranslator) time(what, text string, at Location) (string, string) {
	v, ok := c.fixed(what, text, at)
	if !ok {
		return `""`, ""
	}
	return normalizeTime(v, at, c.im)
}

// placeholder is a template's stand-in for a value (Falcon writes
// #START_TIME#, #NAME#), not a value.
var placeholder = regexp.MustCompile(`#[A-Za-z_][A-Za-z0-9_]*#?`)

// fixed resolves a value a coordinator or bundle must know when it is
// imported (its times, frequency and time zone, a dataset's): an empty
// value, a template placeholder or a property nothing sets is an error at
// its place, never a file that does not validate.
func (c *coordinatorTranslator) fixed(what, text string, at Location) (string, bool) {
	t := strings.TrimSpace(text)
	switch {
	case t == "":
		c.im.errorIn(at, "%s is empty: write the value (is this a template someone fills in?)", what)
		return "", false
	case placeholder.MatchString(t):
		c.im.errorIn(at, "%s %q is a template placeholder (%s), not a value: fill the template in first", what, text, placeholder.FindString(t))
		return "", false
	}
	checkNFC(&c.im.report, text, at)
	v, missing := c.props.resolve(t)
	var unset []string
	for _, m := range dedupe(missing) {
		if !strings.ContainsAny(m, "(:") {
			unset = append(unset, "${"+m+"}")
		}
	}
	if len(unset) > 0 {
		c.im.errorIn(at, "%s %q needs %s, which no job.properties sets: give the value with --properties FILE", what, text, strings.Join(unset, ", "))
		return "", false
	}
	return v, true
}

func normalizeTime(v string, at Location, im *importer) (string, string) {
	v = strings.TrimSpace(v)
	for _, l := range oozieTimeLayouts {
		if t, err := time.Parse(l, v); err == nil {
			if l == "2006-01-02T15:04" {
				return quote(t.Format("2006-01-02T15:04")), ""
			}
			return quote(t.Format(time.RFC3339)), ""
		}
	}
	im.errorIn(at, "%q is not a time Oozie reads (2009-01-01T01:00Z, or with an offset: 2009-01-01T01:00+0900)", v)
	return quote(v), ""
}

var uriVariable = regexp.MustCompile(`\$\{(YEAR|MONTH|DAY|HOUR|MINUTE)\}`)

// uri translates a dataset's uri-template: ${YEAR} becomes {YEAR}, other
// variables their values.
func (c *coordinatorTranslator) uri(text string, at Location) (string, string) {
	marked := uriVariable.ReplaceAllString(text, "\x00$1\x01")
	v, ok := c.fixedURI(marked, text, at)
	v = strings.NewReplacer("\x00", "{", "\x01", "}").Replace(v)
	if !ok {
		return quote(v), "Oozie: " + text
	}
	return quote(v), ""
}

// coordUser is Oozie's ${coord:user()}: the user who submits the job.
var coordUser = regexp.MustCompile(`\$\{\s*coord:user\(\s*\)\s*\}`)

// resolveURI resolves a uri-template's variables from the properties,
// ${coord:user()} from user.name.
func (c *coordinatorTranslator) resolveURI(text string) (string, []string) {
	if coordUser.MatchString(text) {
		if u, ok := c.props.get("user.name"); ok {
			if v, missing := c.props.resolve(u.value); len(missing) == 0 {
				text = coordUser.ReplaceAllLiteralString(text, v)
			}
		}
	}
	return c.props.resolve(text)
}

// fixedURI resolves a dataset's uri-template: a howdah dataset waits for
// exactly the path it names, so one that keeps a variable nobody sets, or
// EL Oozie evaluates at submission, would wait forever. That is an error
// at the template; ${coord:user()} takes user.name (as Oozie's client sets
// it) when the properties give one.
func (c *coordinatorTranslator) fixedURI(text, shown string, at Location) (string, bool) {
	checkNFC(&c.im.report, shown, at)
	v, missing := c.resolveURI(text)
	if len(missing) == 0 {
		return v, true
	}
	var need, unset []string
	for _, m := range dedupe(missing) {
		switch {
		case coordUser.MatchString("${" + m + "}"):
			need = append(need, "${coord:user()}, the user who submits the job: give user.name with --properties FILE")
		case strings.ContainsAny(m, "(:"):
			need = append(need, "${"+m+"}, which Oozie evaluates when the job is submitted: write the path it stands for")
		default:
			unset = append(unset, "${"+m+"}")
		}
	}
	if len(unset) > 0 {
		need = append([]string{strings.Join(unset, ", ") + ", which no job.properties sets: give the value with --properties FILE"}, need...)
	}
	c.im.errorIn(at, "uri-template %q needs %s (a dataset waits for exactly the path it names)", shown, strings.Join(need, "; "))
	return v, false
}

func (c *coordinatorTranslator) translate() []byte {
	root := c.f.root
	var out writer
	writeHeader(&out, root, c.f.path)
	datasets := map[string]bool{}
	for _, k := range root.Kids {
		switch k.Name {
		case "parameters", "controls", "input-events", "output-events":
		case "action":
			for _, a := range k.Kids {
				switch {
				case a.Name == "workflow":
				case a.Name == "info" && a.Space != k.Space: // sla:info
					c.im.report.add(a.at(), KindUnsupported, "SLA <sla:info> of the coordinator's action is not imported: howdah has no SLA monitoring, so its should-start, should-end and max-duration are not checked and no alert is sent")
				default:
					c.im.report.add(a.at(), KindUnsupported, "<action> <%s> is not imported", a.Name)
				}
			}
		case "datasets":
			for _, d := range k.Kids {
				if d.Name == "include" {
					c.im.report.add(d.at(), KindReference, "dataset include %s is not imported: copy its datasets into this file", d.text())
					continue
				}
				if d.Name == "async-dataset" || d.Name != "dataset" {
					c.im.report.add(d.at(), KindUnsupported, "<%s> is not imported", d.Name)
					continue
				}
				datasets[d.attrValue("name")] = true
				out.line("")
				for _, cm := range d.Before {
					out.comment(cm)
				}
				c.dataset(&out, d)
			}
		case "input-logic":
			c.im.report.add(k.at(), KindUnsupported, "<input-logic> is not imported: howdah waits for every input (use an input's min for a partial range)")
		default:
			c.im.report.add(k.at(), KindUnsupported, "<%s> is not imported", k.Name)
		}
	}
	out.line("")
	name := objectName(c.props, &c.im.report, "coordinator", root.attrValue("name"), root.at())
	out.open(blockHeader("coordinator", name))
	c.header(&out, root)
	for _, ev := range []string{"input-events", "output-events"} {
		e := root.kid(ev)
		if e == nil {
			continue
		}
		for _, d := range e.Kids {
			if d.Name != "data-in" && d.Name != "data-out" {
				c.im.report.add(d.at(), KindUnsupported, "<%s> is not imported", d.Name)
				continue
			}
			if !datasets[d.attrValue("dataset")] {
				c.im.errorAt(d, "%s %q names dataset %q, which this file does not declare", d.Name, d.attrValue("name"), d.attrValue("dataset"))
				continue
			}
			out.line("")
			c.event(&out, d)
		}
	}
	c.params(&out, root)
	out.close()
	return []byte(out.b.String())
}

func (c *coordinatorTranslator) dataset(out *writer, d *element) {
	out.open(blockHeader("dataset", d.attrValue("name")))
	v, note := c.uri(d.kidText("uri-template"), d.kid("uri-template").atOr(d))
	out.attr("uri", v, note)
	v, note = c.frequency(d.attrValue("frequency"), d.at())
	out.attr("frequency", v, note)
	v, note = c.time("initial-instance", d.attrValue("initial-instance"), d.at())
	out.attr("initial_instance", v, note)
	if tz, ok := d.attr("timezone"); ok {
		v, _ := c.fixed("timezone", tz, d.at())
		out.attr("timezone", quote(v), "")
	}
	if df := d.kid("done-flag"); df != nil {
		v, _ := c.literal(df.text(), df.at())
		out.attr("done_flag", quote(v), "")
	}
	out.close()
}

func (c *coordinatorTranslator) header(out *writer, root *element) {
	wf := c.workflowFile(root)
	out.attr("workflow", quote(wf), "")
	for _, a := range []struct{ xml, hcl string }{{"start", "start"}, {"end", "end"}} {
		if s, ok := root.attr(a.xml); ok {
			v, note := c.time(a.xml, s, root.at())
			out.attr(a.hcl, v, note)
		}
	}
	v, note := c.frequency(root.attrValue("frequency"), root.at())
	out.attr("frequency", v, note)
	if tz, ok := root.attr("timezone"); ok {
		v, _ := c.fixed("timezone", tz, root.at())
		if c.cron {
			// Oozie matches a cron frequency against its processing time
			// zone, UTC, whatever the coordinator's timezone says.
			if loc, err := coord.LoadLocation(v); err == nil && !isUTC(loc) {
				c.im.report.add(root.at(), KindDifference, "frequency %q: Oozie matches a cron expression in UTC whatever the coordinator's timezone (%s), so the coordinator is written with timezone UTC and fires at the same instants", root.attrValue("frequency"), v)
			}
			v = "UTC"
		}
		out.attr("timezone", quote(v), "")
	}
	ctl := root.kid("controls")
	if ctl == nil {
		return
	}
	for _, k := range ctl.Kids {
		v, ok := c.literal(k.text(), k.at())
		switch k.Name {
		case "timeout", "concurrency", "throttle":
			if _, err := strconv.Atoi(strings.TrimSpace(v)); !ok || err != nil {
				c.im.report.add(k.at(), KindUnsupported, "<%s>%s</%s> is not a number: not imported", k.Name, k.text(), k.Name)
				continue
			}
			out.attr(k.Name, strings.TrimSpace(v), "")
		case "execution":
			out.attr("execution", quote(strings.ToLower(strings.TrimSpace(v))), "")
		default:
			c.im.report.add(k.at(), KindUnsupported, "<controls> <%s> is not imported", k.Name)
		}
	}
}

// workflowFile is the HCL workflow the coordinator's action runs.
func (c *coordinatorTranslator) workflowFile(root *element) string {
	ap := root.kid("action").orEmpty().kid("workflow").orEmpty().kid("app-path")
	if ap == nil {
		c.im.errorAt(root, "the coordinator has no <action><workflow><app-path>")
		return ""
	}
	c.wf = c.im.reference(ap, c.props, "workflow", "workflow", c.a, c.f)
	if c.wf == nil {
		return ""
	}
	return relPath(c.f.out, c.wf.out)
}

func (c *coordinatorTranslator) event(out *writer, d *element) {
	block := "input"
	if d.Name == "data-out" {
		block = "output"
	}
	out.open(blockHeader(block, mangle(d.attrValue("name"))))
	out.attr("dataset", quote(d.attrValue("dataset")), "")
	c.tr.tzOffset = func() (int, error) { return c.tzOffset(d.attrValue("dataset")) }
	c.tr.step = func() (int, string, error) { return c.step(d.attrValue("dataset")) }
	defer func() { c.tr.tzOffset, c.tr.step = nil, nil }()
	instances := d.kids("instance")
	var absRange []string
	if len(instances) == 1 {
		absRange = absoluteRangeCall.FindStringSubmatch(instances[0].text())
	}
	switch {
	case absRange != nil:
		// Oozie's own form of absolute..current(n) in one instance.
		out.attr("from", fmt.Sprintf("absolute(%s)", quote(absRange[2])), "")
		out.attr("to", fmt.Sprintf("current(%s)", absRange[3]), "")
	case len(instances) == 1:
		v, note := c.val(instances[0].text(), instances[0].at())
		out.attr("instance", v, note)
	case len(instances) > 1:
		c.im.report.add(instances[1].at(), KindUnsupported, "%s %q lists %d instances: only the first is imported (howdah takes one instance or a range)", d.Name, d.attrValue("name"), len(instances))
		v, note := c.val(instances[0].text(), instances[0].at())
		out.attr("instance", v, note)
	default:
		if s := d.kid("start-instance"); s != nil {
			c.tr.rangeStart = true
			v, note := c.val(s.text(), s.at())
			c.tr.rangeStart = false
			out.attr("from", v, note)
		}
		if e := d.kid("end-instance"); e != nil {
			v, note := c.val(e.text(), e.at())
			out.attr("to", v, note)
		}
	}
	out.close()
}

// absoluteRangeCall is coord:absoluteRange("time", n), the range from the
// instance at time to current(n), which Oozie evaluates in an <instance>.
var absoluteRangeCall = regexp.MustCompile(`^\s*\$\{\s*coord:absoluteRange\(\s*(['"])([0-9T:Z+-]+)['"]\s*,\s*(-?\d+)\s*\)\s*\}\s*$`)

// params passes the action's configuration, and the coordinator's
// properties the workflow uses, as the workflow's parameters.
func (c *coordinatorTranslator) params(out *writer, root *element) {
	wfEl := root.kid("action").orEmpty().kid("workflow")
	if wfEl == nil {
		return
	}
	wf := c.wf
	known := map[string]*wparam{}
	if wf != nil {
		for _, p := range wf.params {
			known[p.orig] = p
		}
	}
	var entries []mapEntry
	set := map[string]bool{}
	conf := configurationProperties(wfEl.kid("configuration"))
	for _, name := range conf.order {
		p := conf.vals[name]
		key := mangle(name)
		if wf != nil {
			wp := known[name]
			if wp == nil {
				continue // the workflow does not use it
			}
			key = wp.name
		}
		set[name] = true
		v, note := c.val(p.value, p.at)
		entries = append(entries, mapEntry{key: key, value: v, comment: note})
	}
	if wf != nil {
		// Oozie hands the workflow the coordinator job's properties too.
		for _, wp := range wf.params {
			if set[wp.orig] {
				continue
			}
			p, ok := c.props.get(wp.orig)
			if !ok {
				continue
			}
			v, missing := c.props.resolve(p.value)
			if len(missing) > 0 || wp.hasDef && wp.def == v {
				continue
			}
			entries = append(entries, mapEntry{key: wp.name, value: quote(v)})
		}
	}
	if len(entries) > 0 {
		out.line("")
		out.object("params", entries)
	}
}

// appBase is the application directory's name in an app path: the name
// its files get when imported with others (see layout).
func appBase(appPath, file string) string {
	p := strings.TrimSuffix(strings.TrimRight(appPath, "/"), "/"+file)
	return mangle(p[strings.LastIndex(p, "/")+1:])
}

// bundle imports a bundle-app.
func (im *importer) bundle(a *app, f *appFile) []byte {
	root := f.root
	c := newCoordinatorTranslator(im, a, f)
	var out writer
	writeHeader(&out, root, f.path)
	name := objectName(c.props, &im.report, "bundle", root.attrValue("name"), root.at())
	out.open(blockHeader("bundle", name))
	if k := root.kid("controls").orEmpty().kid("kick-off-time"); k != nil {
		v, note := c.time("kick-off-time", k.text(), k.at())
		out.attr("kick_off", v, note)
	}
	var coords []string
	for _, k := range root.Kids {
		switch k.Name {
		case "parameters", "controls":
			continue
		case "coordinator":
		default:
			im.report.add(k.at(), KindUnsupported, "<%s> is not imported", k.Name)
			continue
		}
		ap := k.kid("app-path")
		if ap == nil {
			im.errorAt(k, "bundle coordinator %q has no <app-path>", k.attrValue("name"))
			continue
		}
		if cf := im.reference(ap, c.props, "coordinator", "coordinator", a, f); cf != nil {
			coords = append(coords, quote(relPath(f.out, cf.out)))
		}
		if conf := k.kid("configuration"); conf != nil && len(conf.kids("property")) > 0 {
			im.report.add(conf.at(), KindUnsupported, "the configuration bundle coordinator %q gets is not imported: howdah runs each coordinator as its file says; put the values there", k.attrValue("name"))
		}
	}
	out.attr("coordinators", list(coords), "")
	out.close()
	return []byte(out.b.String())
}

// step is a dataset's frequency as a count of its unit: "minute" (plain
// minutes, coord:minutes, coord:hours), "day" (coord:days,
// coord:endOfDays) or "month" (coord:months, coord:endOfMonths).
func (c *coordinatorTranslator) step(dataset string) (int, string, error) {
	for _, d := range c.f.root.kid("datasets").orEmpty().kids("dataset") {
		if d.attrValue("name") != dataset {
			continue
		}
		v, missing := c.props.resolve(strings.TrimSpace(d.attrValue("frequency")))
		if len(missing) > 0 {
			break
		}
		if n, err := strconv.Atoi(v); err == nil {
			return n, "minute", nil
		}
		m := freqCall.FindStringSubmatch(v)
		if m == nil {
			break
		}
		n, _ := strconv.Atoi(m[2])
		switch m[1] {
		case "minutes":
			return n, "minute", nil
		case "hours":
			return 60 * n, "minute", nil
		case "days", "endOfDays":
			return n, "day", nil
		case "endOfWeeks":
			return 7 * n, "day", nil
		case "months", "endOfMonths":
			return n, "month", nil
		}
	}
	return 0, "", untranslated{"coord:offset() of dataset " + dataset + ", whose frequency is not known when importing"}
}

// freqCall is a frequency written ${coord:days(1)} and the like.
var freqCall = regexp.MustCompile(`^\$\{\s*coord:(minutes|hours|days|months|endOfDays|endOfWeeks|endOfMonths)\(\s*(\d+)\s*\)\s*\}$`)

// tzOffset is Oozie's coord:tzOffset() for a dataset: the minutes its time
// zone is ahead of the coordinator's at the nominal time. It is a constant
// when the difference is the same in January and July (the same zone, or
// zones without daylight time); otherwise it has no translation.
func (c *coordinatorTranslator) tzOffset(dataset string) (int, error) {
	zone := func(e *element) (*time.Location, error) {
		tz, ok := e.attr("timezone")
		if !ok {
			return time.UTC, nil
		}
		v, _ := c.props.resolve(tz)
		return coord.LoadLocation(strings.TrimSpace(v))
	}
	var ds *element
	for _, d := range c.f.root.kid("datasets").orEmpty().kids("dataset") {
		if d.attrValue("name") == dataset {
			ds = d
		}
	}
	if ds == nil {
		return 0, untranslated{"coord:tzOffset() of dataset " + dataset + ", which this file does not declare"}
	}
	dz, err1 := zone(ds)
	cz, err2 := zone(c.f.root)
	if err1 != nil || err2 != nil {
		return 0, untranslated{"coord:tzOffset() of a time zone howdah does not know"}
	}
	diff := func(m time.Month) int {
		at := time.Date(2026, m, 1, 12, 0, 0, 0, time.UTC)
		_, d := at.In(dz).Zone()
		_, o := at.In(cz).Zone()
		return (d - o) / 60
	}
	if diff(time.January) != diff(time.July) {
		return 0, untranslated{"coord:tzOffset() changes with daylight time between the dataset's zone and the coordinator's"}
	}
	return diff(time.January), nil
}
