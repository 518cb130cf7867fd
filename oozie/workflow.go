package oozie

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// wparam is a workflow parameter the import declares: one of <parameters>,
// or a variable the workflow uses (${name}, wf:conf('name')).
type wparam struct {
	orig, name  string // Oozie's name, the HCL one
	def         string
	hasDef      bool
	desc        string
	sensitive   bool
	num         bool // the default is an integer: type = number
	declaredAt  *element
	unresolved  []string // names its job.properties value refers to that nobody sets
	unresolvedV string
}

type workflowTranslator struct {
	im   *importer
	a    *app
	f    *appFile
	file string
	tr   translator

	params []*wparam
	byOrig map[string]*wparam
	byName map[string]*wparam

	nodes   []*element        // action, decision, fork, join, kill, in order
	kinds   map[string]string // node name -> HCL kind ("end" for the end node)
	endName string
	start   *element
	global  *element
}

func newWorkflowTranslator(im *importer, a *app, f *appFile) *workflowTranslator {
	w := &workflowTranslator{im: im, a: a, f: f, file: f.path, byOrig: map[string]*wparam{}, byName: map[string]*wparam{}, kinds: map[string]string{}}
	w.tr = translator{vars: w.variable, known: func(name string) bool {
		_, ok := w.a.props.get(name)
		return ok || w.byOrig[name] != nil
	}}
	return w
}

// variable declares (once) the parameter an Oozie variable becomes.
func (w *workflowTranslator) variable(name string) (hexpr, error) {
	p := w.param(name, nil)
	k := kStr
	if p.num {
		k = kNum
	}
	return hexpr{src: "param." + p.name, kind: k, prec: atom}, nil
}

// nodeName is Oozie's rule for node names; howdah's is the same.
var nodeName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_-]{0,99}$`)

var canonicalInt = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,14})$`)

func (w *workflowTranslator) param(orig string, decl *element) *wparam {
	if p, ok := w.byOrig[orig]; ok {
		return p
	}
	name := mangle(orig)
	if orig == appPathVar {
		name = "app_path"
	}
	for i := 2; w.byName[name] != nil; i++ {
		name = fmt.Sprintf("%s_%d", mangle(orig), i)
	}
	p := &wparam{orig: orig, name: name, declaredAt: decl}
	if decl != nil {
		if v := decl.kid("value"); v != nil {
			p.def, p.hasDef = v.text(), true
		}
		p.desc = decl.kidText("description")
	}
	if pr, ok := w.a.props.get(orig); ok {
		v, missing := w.a.props.resolve(pr.value)
		if len(missing) == 0 {
			p.def, p.hasDef = v, true
		} else {
			p.unresolved, p.unresolvedV = missing, pr.value
			w.im.report.add(pr.at, KindDifference, "%s = %s refers to %s, which only Oozie's client sets: parameter %q is required", orig, pr.value, strings.Join(dedupe(missing), ", "), name)
		}
	}
	if p.hasDef && strings.Contains(p.def, "${") {
		// A <parameters> default that uses other variables.
		v, missing := w.a.props.resolve(p.def)
		if len(missing) > 0 {
			w.im.report.add(decl.at(), KindDifference, "the default of %s uses %s, which howdah parameter defaults cannot: parameter %q is required", orig, strings.Join(dedupe(missing), ", "), name)
			p.hasDef = false
		} else {
			p.def = v
		}
	}
	p.num = p.hasDef && canonicalInt.MatchString(p.def)
	w.byOrig[orig], w.byName[name] = p, p
	w.params = append(w.params, p)
	return p
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// val translates text holding EL; when some of it has no translation, the
// text is kept literally, the original goes into the returned note and the
// report has a line for it.
func (w *workflowTranslator) val(text string, at Location) (string, string) {
	r := w.tr.template(text)
	if r.problem == "" {
		return r.hcl, ""
	}
	w.im.report.add(at, KindExpression, "%s: kept as text", r.problem)
	return r.hcl, "Oozie: " + text
}

// vals translates a list of texts.
func (w *workflowTranslator) vals(texts []string, at Location) (string, string) {
	out := make([]string, len(texts))
	var notes []string
	for i, t := range texts {
		var n string
		out[i], n = w.val(t, at)
		if n != "" {
			notes = append(notes, n)
		}
	}
	return list(out), strings.Join(notes, "; ")
}

// checkDelete reports a delete path howdah's delete guard will refuse:
// one that starts with a value only known at run time (a parameter
// without a default, as a coordinator passes its output, a captured
// output), so no fixed directory keeps it from resolving to "/".
func (w *workflowTranslator) checkDelete(text string, at Location) {
	h, err := w.tr.templateExpr(text)
	if err != nil {
		return
	}
	first := h
	if h.parts != nil {
		if h.parts[0].expr == nil {
			return // a fixed prefix; the compiler checks the rest
		}
		first = *h.parts[0].expr
	} else if h.lit {
		return
	}
	if p, ok := w.byName[strings.TrimPrefix(first.src, "param.")]; ok && strings.HasPrefix(first.src, "param.") && p.hasDef {
		return // known when compiling: the compiler checks the whole path
	}
	w.im.report.add(at, KindDifference, "delete %s starts with a value only known at run time: howdah deletes only below a fixed directory (docs/language.md, \"the delete guard\"), so the workflow does not validate until the path names one, e.g. \"/data/out/${...}\"", text)
}

// literal resolves text against the properties only, for what howdah
// needs at compile time (retry counts, names).
func (w *workflowTranslator) literal(text string, at Location) (string, bool) {
	v, missing := w.a.props.resolve(text)
	if len(missing) > 0 {
		w.im.report.add(at, KindExpression, "%q must be known when importing, and it needs %s", text, missingText(dedupe(missing)))
		return v, false
	}
	return v, true
}

var nodeElements = map[string]string{"action": "action", "decision": "decision", "fork": "fork", "join": "join", "kill": "kill"}

// collect reads the workflow's top-level elements and checks names,
// transitions and cycles. It returns false when the workflow has errors.
func (w *workflowTranslator) collect() bool {
	root := w.f.root
	errs := len(w.im.errs)
	seen := map[string]*element{}
	for _, k := range root.Kids {
		if k.Space != root.Space && k.Name == "info" {
			w.im.report.add(k.at(), KindUnsupported, "SLA <%s:info> is not imported: howdah has no SLA monitoring", "sla")
			continue
		}
		switch k.Name {
		case "parameters":
			for _, p := range k.kids("property") {
				w.param(p.kidText("name"), p)
			}
			continue
		case "global":
			w.global = k
			continue
		case "credentials":
			for _, c := range k.kids("credential") {
				w.im.report.add(c.at(), KindUnsupported, "credential %q (type %s) is not imported: a howdah worker authenticates to Hadoop with its own Kerberos login (docs/hadoop.md); %s delegation tokens are not fetched", c.attrValue("name"), c.attrValue("type"), c.attrValue("type"))
			}
			continue
		case "start":
			w.start = k
			continue
		case "end":
			w.endName = k.attrValue("name")
		default:
			if nodeElements[k.Name] == "" {
				w.im.report.add(k.at(), KindUnsupported, "<%s> is not part of an Oozie workflow; ignored", k.Name)
				continue
			}
			w.nodes = append(w.nodes, k)
		}
		name := k.attrValue("name")
		if name == "" {
			w.im.errorAt(k, "<%s> has no name", k.Name)
			continue
		}
		if !nodeName.MatchString(name) {
			w.im.errorAt(k, "node name %q is not a valid Oozie node name (a letter or _, then letters, digits, - and _)", name)
			continue
		}
		if prev, ok := seen[name]; ok {
			w.im.errorAt(k, "node name %q is used twice (first at line %d)", name, prev.Line)
			continue
		}
		seen[name] = k
		if k.Name == "end" {
			w.kinds[name] = "end"
		} else {
			w.kinds[name] = k.Name
		}
	}
	if w.start == nil {
		w.im.errorAt(root, "the workflow has no <start>")
	}
	if w.endName == "" {
		w.im.errorAt(root, "the workflow has no <end>")
	}
	for _, e := range w.edges(root) {
		if _, ok := w.kinds[e.to]; !ok {
			w.im.errorAt(e.at, "transition to %q, which is not a node of this workflow", e.to)
		}
	}
	if len(w.im.errs) > errs {
		return false
	}
	w.checkCycles()
	return len(w.im.errs) == errs
}

type edge struct {
	from, to string
	at       *element
}

// edges lists every transition, with the element that states it.
func (w *workflowTranslator) edges(root *element) []edge {
	var out []edge
	add := func(from string, e *element, attr string) {
		if e == nil {
			return
		}
		to, ok := e.attr(attr)
		if !ok {
			w.im.errorAt(e, "<%s> has no %s attribute", e.Name, attr)
			return
		}
		out = append(out, edge{from, to, e})
	}
	if w.start != nil {
		add("", w.start, "to")
	}
	for _, n := range w.nodes {
		name := n.attrValue("name")
		switch n.Name {
		case "action":
			kinds := 0
			for _, k := range n.Kids {
				if k.Name != "ok" && k.Name != "error" && k.Space == n.Space || k.Space != n.Space && k.Name != "info" {
					kinds++
				}
			}
			if kinds == 0 {
				w.im.errorAt(n, "action %q has no action element (map-reduce, shell, fs, ...)", name)
			}
			if n.kid("ok") == nil {
				w.im.errorAt(n, "action %q has no <ok> transition", name)
			}
			if n.kid("error") == nil {
				w.im.errorAt(n, "action %q has no <error> transition", name)
			}
			add(name, n.kid("ok"), "to")
			add(name, n.kid("error"), "to")
		case "decision":
			sw := n.kid("switch")
			if sw == nil {
				w.im.errorAt(n, "decision %q has no <switch>", name)
				continue
			}
			for _, c := range sw.kids("case") {
				add(name, c, "to")
			}
			if sw.kid("default") == nil {
				w.im.errorAt(sw, "decision %q has no <default>", name)
			}
			add(name, sw.kid("default"), "to")
		case "fork":
			for _, p := range n.kids("path") {
				add(name, p, "start")
			}
		case "join":
			add(name, n, "to")
		}
	}
	return out
}

// checkCycles reports the first cycle found as a -> b -> a, at the
// transition that closes it.
func (w *workflowTranslator) checkCycles() {
	next := map[string][]edge{}
	for _, e := range w.edges(w.f.root) {
		next[e.from] = append(next[e.from], e)
	}
	state := map[string]int{} // 1 on the path, 2 done
	var path []string
	var visit func(string) bool
	visit = func(n string) bool {
		state[n] = 1
		path = append(path, n)
		for _, e := range next[n] {
			switch state[e.to] {
			case 1:
				i := len(path) - 1
				for path[i] != e.to {
					i--
				}
				cyc := append(append([]string{}, path[i:]...), e.to)
				w.im.errorAt(e.at, "cycle: %s (Oozie workflows are acyclic)", strings.Join(cyc, " -> "))
				return true
			case 0:
				if visit(e.to) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		state[n] = 2
		return false
	}
	for _, n := range w.nodes {
		if state[n.attrValue("name")] == 0 && visit(n.attrValue("name")) {
			return
		}
	}
}

// ref is the HCL reference to a node.
func (w *workflowTranslator) ref(name string) string {
	if w.kinds[name] == "end" {
		return "end"
	}
	return w.kinds[name] + "." + name
}

// implicitNext is what an action's or join's ok means when not written:
// the next declared node that is not a kill, else end.
func (w *workflowTranslator) implicitNext(i int) string {
	for _, n := range w.nodes[i+1:] {
		if n.Name != "kill" {
			return n.attrValue("name")
		}
	}
	return w.endName
}

func (w *workflowTranslator) translate() []byte {
	if !w.collect() {
		return nil
	}
	root := w.f.root
	var body writer
	body.depth = 1
	w.defaults(&body)
	if to := w.start.attrValue("to"); to != "" {
		first := ""
		for _, n := range w.nodes {
			if n.Name != "kill" {
				first = n.attrValue("name")
				break
			}
		}
		if to != first || first == "" {
			body.attr("start", w.ref(to), "")
		}
	}
	for i, n := range w.nodes {
		body.line("")
		for _, c := range n.Before {
			body.comment(c)
		}
		switch n.Name {
		case "action":
			w.action(&body, i, n)
		case "decision":
			w.decision(&body, n)
		case "fork":
			var branches []string
			for _, p := range n.kids("path") {
				branches = append(branches, w.ref(p.attrValue("start")))
			}
			body.open(blockHeader("fork", n.attrValue("name")))
			body.attr("branches", list(branches), "")
			body.close()
		case "join":
			if to := n.attrValue("to"); to != w.implicitNext(i) {
				body.line(blockHeader("join", n.attrValue("name")) + " { ok = " + w.ref(to) + " }")
			} else {
				body.line(blockHeader("join", n.attrValue("name")) + " {}")
			}
		case "kill":
			msg, note := w.val(n.kidText("message"), n.at())
			body.open(blockHeader("kill", n.attrValue("name")))
			body.attr("message", msg, note)
			body.close()
		}
		for _, c := range n.After {
			body.comment(c)
		}
	}

	var out writer
	for _, c := range root.Before {
		out.comment(c)
	}
	out.comment(fmt.Sprintf("Imported from %s (%s) by howdah import oozie.", filepath.ToSlash(w.file), root.Space))
	name, _ := w.literal(root.attrValue("name"), root.at())
	out.open(blockHeader("workflow", name))
	w.writeParams(&out)
	out.b.WriteString(body.b.String())
	for _, c := range root.After {
		out.line("")
		out.comment(c)
	}
	out.close()
	return []byte(out.b.String())
}

func (w *workflowTranslator) writeParams(out *writer) {
	for _, p := range w.params {
		var lines []string
		if p.orig != p.name {
			lines = append(lines, "# Oozie: "+oneLine(p.orig))
		}
		var attrs [][2]string
		if p.num {
			attrs = append(attrs, [2]string{"type", "number"})
		}
		if p.desc != "" {
			attrs = append(attrs, [2]string{"description", quote(p.desc)})
		}
		if p.hasDef {
			if p.num {
				attrs = append(attrs, [2]string{"default", p.def})
			} else {
				attrs = append(attrs, [2]string{"default", quote(p.def)})
			}
		}
		if p.sensitive {
			attrs = append(attrs, [2]string{"sensitive", "true"})
		}
		for _, l := range lines {
			out.line(l)
		}
		switch len(attrs) {
		case 0:
			out.line(blockHeader("param", p.name) + " {}")
		case 1:
			out.line(blockHeader("param", p.name) + " { " + attrs[0][0] + " = " + attrs[0][1] + " }")
		default:
			out.open(blockHeader("param", p.name))
			for _, a := range attrs {
				out.attr(a[0], a[1], "")
			}
			out.close()
		}
	}
}

// defaults writes <global> as defaults.
func (w *workflowTranslator) defaults(body *writer) {
	g := w.global
	if g == nil {
		return
	}
	parts := &actionParts{}
	for _, k := range g.Kids {
		if !w.common(k, parts) {
			w.im.report.add(k.at(), KindUnsupported, "<global> <%s> is not imported", k.Name)
		}
	}
	var inner writer
	inner.depth = body.depth + 1
	w.writeSettings(&inner, parts)
	body.line("")
	for _, c := range g.Before {
		body.comment(c)
	}
	if inner.b.Len() == 0 {
		body.comment("<global> held only settings howdah takes from the worker (name-node, job-tracker, launcher).")
		return
	}
	body.open("defaults")
	body.b.WriteString(inner.b.String())
	body.close()
}

func (w *workflowTranslator) decision(body *writer, n *element) {
	body.open(blockHeader("decision", n.attrValue("name")))
	sw := n.kid("switch")
	for _, c := range sw.kids("case") {
		for _, cm := range c.Before {
			body.comment(cm)
		}
		r := w.tr.predicate(c.text())
		note := ""
		if r.problem != "" {
			w.im.report.add(c.at(), KindExpression, "%s: the case is never taken", r.problem)
			note = "Oozie: " + c.text()
		}
		body.open("case")
		body.attr("when", r.hcl, note)
		body.attr("goto", w.ref(c.attrValue("to")), "")
		body.close()
	}
	body.attr("default", w.ref(sw.kid("default").attrValue("to")), "")
	body.close()
}

// readJobXML reads a <job-xml> file from the application directory.
func (w *workflowTranslator) readJobXML(e *element) (*properties, bool) {
	p, ok := w.literal(e.text(), e.at())
	if !ok || strings.Contains(p, "://") || filepath.IsAbs(p) {
		return nil, false
	}
	file := filepath.Join(w.a.dir, filepath.FromSlash(p))
	// Only files inside the application directory, links resolved: a
	// job-xml of ../../etc/shadow is not read.
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return nil, false
	}
	base, _ := filepath.EvalSymlinks(w.a.dir)
	if rel, err := filepath.Rel(base, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		w.im.report.add(e.at(), KindReference, "job-xml %q lies outside the application directory: not read", e.text())
		return nil, false
	}
	data, err := readFile(file)
	if err != nil {
		return nil, false
	}
	root, err := parseXML(file, data)
	if err != nil {
		w.im.errs = append(w.im.errs, locate(file, err))
		return nil, false
	}
	if root.Name != "configuration" {
		w.im.errorAt(root, "a job-xml file holds <configuration>, not <%s>", root.Name)
		return nil, false
	}
	return configurationProperties(root), true
}

// retry writes retry-max, retry-interval and retry-policy.
func (w *workflowTranslator) retry(body *writer, n *element) {
	maxS, ok := n.attr("retry-max")
	if !ok {
		return
	}
	maxS, okv := w.literal(maxS, n.at())
	max, err := strconv.Atoi(strings.TrimSpace(maxS))
	if !okv || err != nil || max < 0 {
		w.im.report.add(n.at(), KindUnsupported, "retry-max=%q is not a number: no retry imported", maxS)
		return
	}
	if max == 0 {
		return
	}
	if max > 3 {
		w.im.report.add(n.at(), KindDifference, "retry-max=%d: Oozie caps user retries at 3 by default (oozie.service.LiteWorkflowStoreService.user.retry.max); howdah makes all %d attempts", max, max+1)
	}
	interval := "10m" // Oozie's default retry-interval
	if s, ok := n.attr("retry-interval"); ok {
		s, okv := w.literal(s, n.at())
		m, err := strconv.Atoi(strings.TrimSpace(s))
		if okv && err == nil && m >= 0 {
			interval = fmt.Sprintf("%dm", m)
			if m == 0 {
				interval = "0s"
			}
		} else {
			w.im.report.add(n.at(), KindUnsupported, "retry-interval=%q is not a number of minutes: 10m used", s)
		}
	}
	backoff := "1" // periodic
	if p, _ := n.attr("retry-policy"); strings.EqualFold(p, "exponential") {
		backoff = "2"
	}
	body.open("retry")
	body.attr("attempts", strconv.Itoa(max+1), "")
	body.attr("interval", quote(interval), "")
	body.attr("backoff", backoff, "")
	body.close()
}
