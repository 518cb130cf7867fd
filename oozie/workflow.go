package oozie

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

type workflowTranslator struct {
	im   *importer
	a    *app
	f    *appFile
	file string
	tr   translator

	params []*wparam
	byOrig map[string]*wparam
	byName map[string]*wparam

	nodes []*element        // action, decision, fork, join, kill, in order
	kinds map[string]string // node name -> HCL kind ("end" for the end node)
	// labels maps an Oozie node name that howdah reserves (an action
	// named fail, a node named end that is not the end) to the name it
	// is written under.
	labels  map[string]string
	endName string
	start   *element
	global  *element
	dropped map[string]bool // unreachable nodes, left out
}

func newWorkflowTranslator(im *importer, a *app, f *appFile) *workflowTranslator {
	w := &workflowTranslator{im: im, a: a, f: f, file: f.path, byOrig: map[string]*wparam{}, byName: map[string]*wparam{}, kinds: map[string]string{}, labels: map[string]string{}}
	w.tr = translator{vars: w.variable, known: func(name string) bool {
		_, ok := w.a.props.get(name)
		return ok || w.byOrig[name] != nil
	}, node: w.nodeRef, param: func(name string) hexpr {
		h, _ := w.variable(name)
		return h
	}}
	return w
}

// ref is the HCL reference to a node.
func (w *workflowTranslator) ref(name string) string {
	if w.kinds[name] == "end" {
		return "end"
	}
	return w.kinds[name] + "." + w.label(name)
}

// label is the name a node is written under.
func (w *workflowTranslator) label(name string) string {
	if l, ok := w.labels[name]; ok {
		return l
	}
	return name
}

// nodeRef is the HCL name of an action that EL refers to (wf:actionData,
// wf:errorCode, ...), or why there is none.
func (w *workflowTranslator) nodeRef(name string) (string, error) {
	switch w.kinds[name] {
	case "action":
		return w.label(name), nil
	case "":
		if w.dropped[name] {
			return "", untranslated{fmt.Sprintf("node %q is never reached, so it was left out", name)}
		}
		return "", untranslated{fmt.Sprintf("the workflow has no node %q (commented out?)", name)}
	}
	return "", untranslated{fmt.Sprintf("%q is a %s, not an action", name, w.kinds[name])}
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
			body.open(blockHeader("fork", w.label(n.attrValue("name"))))
			body.attr("branches", list(branches), "")
			body.close()
		case "join":
			if to := n.attrValue("to"); to != w.implicitNext(i) {
				body.line(blockHeader("join", w.label(n.attrValue("name"))) + " { ok = " + w.ref(to) + " }")
			} else {
				body.line(blockHeader("join", w.label(n.attrValue("name"))) + " {}")
			}
		case "kill":
			msg, note := w.val(n.kidText("message"), n.at())
			body.open(blockHeader("kill", w.label(n.attrValue("name"))))
			body.attr("message", msg, note)
			body.close()
		}
		for _, c := range n.After {
			body.comment(c)
		}
	}

	var out writer
	writeHeader(&out, root, w.file)
	name := objectName(w.a.props, &w.im.report, "workflow", root.attrValue("name"), root.at())
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
			checkNFC(&w.im.report, p.def, p.defAt)
			if p.num {
				attrs = append(attrs, [2]string{"default", p.def})
			} else {
				attrs = append(attrs, [2]string{"default", quote(p.def)})
			}
		}
		if p.sensitive {
			attrs = append(attrs, [2]string{"sensitive", "true"})
		}
		if p.within != "" {
			attrs = append(attrs, [2]string{"within", quote(p.within)})
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
	body.open(blockHeader("decision", w.label(n.attrValue("name"))))
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
	// Oozie's user retry fires only for the error codes its administrator
	// allows (oozie.service.LiteWorkflowStoreService.user.retry.error.code
	// and .ext): by default launcher and filesystem errors, which howdah's
	// workers retry on their own, never a script that exits non-zero or a
	// job that fails. So a failed action is not retried here either.
	w.im.report.add(n.at(), KindDifference, "retry-max=%d: Oozie retries only the error codes its administrator allows (by default JA008, JA009, JA017, JA018, JA019, FS008, FS009, FS014: launcher and filesystem errors, which howdah's workers retry on their own), not a failed job or a non-zero exit, so the retry lists ActionFailed as non_retryable; remove that line if your Oozie sets user.retry.error.code.ext=ALL", max)
	body.open("retry")
	body.attr("attempts", strconv.Itoa(max+1), "")
	body.attr("interval", quote(interval), "")
	body.attr("backoff", backoff, "")
	body.attr("non_retryable", `["ActionFailed"]`, "")
	body.close()
}
