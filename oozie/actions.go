package oozie

import (
	"path/filepath"
	"strings"
)

// actionParts are the elements every Oozie action may have, read before
// the kind-specific ones.
type actionParts struct {
	deletes, mkdirs []*element
	conf            *properties // job-xml files' properties, then <configuration>'s
	files, archives []*element
	notes           []string // comments for what could not be carried
}

// common reads an element every action (and <global>) may have. It
// returns false for anything else.
func (w *workflowTranslator) common(k *element, parts *actionParts) bool {
	if parts.conf == nil {
		parts.conf = newProperties()
	}
	switch k.Name {
	case "job-tracker", "resource-manager", "name-node", "launcher":
		// The worker's Hadoop configuration names the cluster; howdah
		// has no launcher job.
	case "prepare":
		for _, op := range k.Kids {
			switch op.Name {
			case "delete":
				parts.deletes = append(parts.deletes, op)
			case "mkdir":
				parts.mkdirs = append(parts.mkdirs, op)
			default:
				w.im.report.add(op.at(), KindUnsupported, "<prepare> <%s> is not imported", op.Name)
			}
		}
	case "job-xml":
		if props, ok := w.readJobXML(k); ok {
			parts.conf = parts.conf.merge(props)
		} else {
			w.im.report.add(k.at(), KindReference, "job-xml %q was not found in the application directory: its properties are not imported", k.text())
			parts.notes = append(parts.notes, "job_xml "+k.text()+" was not found when importing")
		}
	case "configuration":
		parts.conf = parts.conf.merge(configurationProperties(k))
	case "file":
		parts.files = append(parts.files, k)
	case "archive":
		parts.archives = append(parts.archives, k)
	default:
		return false
	}
	return true
}

func (w *workflowTranslator) writePrepare(b *writer, parts *actionParts) {
	if len(parts.deletes)+len(parts.mkdirs) == 0 {
		return
	}
	for _, e := range parts.deletes {
		w.checkDelete(e.attrValue("path"), e.at())
	}
	paths := func(es []*element) (string, string) {
		var texts []string
		at := Location{}
		for _, e := range es {
			texts = append(texts, e.attrValue("path"))
			at = e.at()
		}
		return w.vals(texts, at)
	}
	if len(parts.deletes) == 0 || len(parts.mkdirs) == 0 {
		attr, es := "delete", parts.deletes
		if len(es) == 0 {
			attr, es = "mkdir", parts.mkdirs
		}
		v, note := paths(es)
		if note == "" {
			b.line("prepare { " + attr + " = " + v + " }")
			return
		}
	}
	b.open("prepare")
	if len(parts.deletes) > 0 {
		v, note := paths(parts.deletes)
		b.attr("delete", v, note)
	}
	if len(parts.mkdirs) > 0 {
		v, note := paths(parts.mkdirs)
		b.attr("mkdir", v, note)
	}
	b.close()
}

// writeSettings writes configuration, files and archives.
func (w *workflowTranslator) writeSettings(b *writer, parts *actionParts) {
	for _, n := range parts.notes {
		b.comment(n)
	}
	if parts.conf != nil && len(parts.conf.order) > 0 {
		var entries []mapEntry
		for _, name := range parts.conf.order {
			p := parts.conf.vals[name]
			v, note := w.val(p.value, p.at)
			entries = append(entries, mapEntry{key: name, value: v, comment: note})
		}
		// Keys are always quoted: Hadoop property names hold dots.
		if len(entries) == 1 && entries[0].comment == "" {
			b.line("configuration = { " + quote(entries[0].key) + " = " + entries[0].value + " }")
		} else {
			b.line("configuration = {")
			b.depth++
			for _, e := range entries {
				b.attr(quote(e.key), e.value, e.comment)
			}
			b.depth--
			b.line("}")
		}
	}
	for _, l := range []struct {
		name string
		es   []*element
	}{{"files", parts.files}, {"archives", parts.archives}} {
		if len(l.es) == 0 {
			continue
		}
		var texts []string
		for _, e := range l.es {
			texts = append(texts, e.text())
		}
		// howdah ships files when it compiles the workflow, before a
		// run has a user: wf:user() there is a parameter.
		w.tr.static = true
		v, note := w.vals(texts, l.es[0].at())
		w.tr.static = false
		if w.tr.staticUser {
			w.tr.staticUser = false
			p := w.byOrig["user.name"]
			w.im.report.add(l.es[0].at(), KindDifference, "wf:user() in <%s> becomes param.%s: howdah reads files and archives when it compiles the workflow, before a run has a user (give it with -p %s=NAME, or user.name in job.properties)", l.es[0].Name, p.name, p.name)
		}
		b.attr(l.name, v, note)
	}
}

// take removes the first of names set in conf and returns its property.
func take(conf *properties, names ...string) (property, bool) {
	for _, n := range names {
		if p, ok := conf.vals[n]; ok {
			delete(conf.vals, n)
			for i, o := range conf.order {
				if o == n {
					conf.order = append(conf.order[:i], conf.order[i+1:]...)
					break
				}
			}
			return p, true
		}
	}
	return property{}, false
}

func (w *workflowTranslator) action(body *writer, i int, n *element) {
	name := n.attrValue("name")
	var kind *element
	for _, k := range n.Kids {
		if k.Name == "ok" || k.Name == "error" {
			continue
		}
		if k.Name == "info" && k.Space != n.Space { // sla:info
			w.im.report.add(k.at(), KindUnsupported, "SLA <sla:info> of action %q is not imported: howdah has no SLA monitoring", name)
			continue
		}
		if kind == nil {
			kind = k
		} else {
			w.im.report.add(k.at(), KindUnsupported, "<%s> after the action's <%s> is ignored", k.Name, kind.Name)
		}
	}
	if kind == nil {
		w.im.errorAt(n, "action %q has no action element (map-reduce, shell, fs, ...)", name)
		return
	}
	if c, ok := n.attr("cred"); ok {
		w.im.report.add(n.at(), KindUnsupported, "action %q uses credentials %q, which are not imported", name, c)
	}
	parts := &actionParts{conf: newProperties()}
	var rest []*element
	for _, k := range kind.Kids {
		ownConf := kind.Name == "sub-workflow" && k.Name == "configuration" // its parameters
		if kind.Name == "fs" && (k.Name == "delete" || k.Name == "mkdir") || ownConf || !w.common(k, parts) {
			rest = append(rest, k)
		}
	}
	var kw writer
	kw.depth = body.depth + 1
	var foreign string
	switch kind.Name {
	case "map-reduce":
		foreign = w.mapReduce(&kw, kind, rest, parts)
	case "java":
		w.java(&kw, kind, rest, parts)
	case "shell":
		w.shell(&kw, kind, rest, parts)
	case "fs":
		w.fs(&kw, kind, rest)
	case "sub-workflow":
		w.subWorkflow(&kw, kind, rest)
	case "distcp":
		w.distcp(&kw, kind, rest)
	case "spark":
		w.spark(&kw, kind, rest, parts)
	case "hive", "hive2":
		foreign = w.hive(&kw, name, kind, rest, parts)
	default:
		foreign = w.foreign(&kw, name, kind, rest, parts)
	}
	switch kind.Name {
	case "map-reduce", "java", "spark", "pig", "sqoop":
		// Their jobs ship files and archives (pipes too: a Hadoop client).
	default:
		for _, l := range [][]*element{parts.files, parts.archives} {
			for _, e := range l {
				w.im.report.add(e.at(), KindDifference, "<%s> %s is not imported: Oozie ships it to the %s action's launcher; howdah runs the %s action on the worker host, where the file must be", e.Name, strings.TrimSpace(e.text()), kind.Name, kind.Name)
			}
		}
		parts.files, parts.archives = nil, nil
	}
	body.open(blockHeader("action", w.label(name)))
	for _, c := range kind.Before {
		body.comment(c)
	}
	if foreign != "" {
		body.comment(foreign)
	}
	w.writePrepare(body, parts)
	body.b.WriteString(kw.b.String())
	for _, c := range kind.After {
		body.comment(c)
	}
	w.writeSettings(body, parts)
	w.retry(body, n)
	if to := n.kid("ok").attrValue("to"); to != w.implicitNext(i) {
		body.attr("ok", w.ref(to), "")
	}
	if to := n.kid("error").attrValue("to"); !(to == "fail" && w.kinds[to] == "kill") {
		body.attr("error", w.ref(to), "")
	}
	body.close()
}

// unknownKids reports elements a handler did not read.
func (w *workflowTranslator) unknownKids(kind *element, rest []*element, known ...string) {
	for _, k := range rest {
		ok := false
		for _, n := range known {
			if k.Name == n {
				ok = true
			}
		}
		if !ok {
			w.im.report.add(k.at(), KindUnsupported, "<%s> in <%s> is not imported", k.Name, kind.Name)
		}
	}
}

func (e *element) atOr(other *element) Location {
	if e == nil {
		return other.at()
	}
	return e.at()
}

// argList writes a list attribute from elements' texts.
func (w *workflowTranslator) argList(kw *writer, attr string, es []*element) {
	if len(es) == 0 {
		return
	}
	texts := make([]string, len(es))
	for i, e := range es {
		texts[i] = e.text()
	}
	v, note := w.vals(texts, es[0].at())
	kw.attr(attr, v, note)
}

func (w *workflowTranslator) shell(kw *writer, kind *element, rest []*element, parts *actionParts) {
	w.unknownKids(kind, rest, "exec", "argument", "env-var", "capture-output")
	exec := kind.kid("exec")
	args := append([]*element{exec}, kind.kids("argument")...)
	if exec == nil {
		w.im.errorAt(kind, "shell action without <exec>")
		return
	}
	for _, f := range parts.files {
		link := f.text()
		if i := strings.LastIndex(link, "#"); i >= 0 {
			link = link[i+1:]
		}
		if filepath.Base(link) == filepath.Base(exec.text()) {
			w.im.report.add(exec.at(), KindDifference, "the script %s is shipped with <file> in Oozie; howdah runs the command on the worker host, from the directory howdah runs in", exec.text())
			break
		}
	}
	kw.open("shell")
	w.argList(kw, "argv", args)
	if es := kind.kids("env-var"); len(es) > 0 {
		w.pairs(kw, "env", es)
	}
	if kind.kid("capture-output") != nil {
		kw.attr("capture_output", "true", "")
	}
	kw.close()
}

func (w *workflowTranslator) fs(kw *writer, kind *element, rest []*element) {
	kw.open("fs")
	for _, op := range rest {
		var attrs [][3]string // name, value, note
		add := func(name, text string) {
			v, note := w.val(text, op.at())
			attrs = append(attrs, [3]string{name, v, note})
		}
		recursive := op.kid("recursive") != nil
		switch op.Name {
		case "delete":
			w.checkDelete(op.attrValue("path"), op.at())
			add("path", op.attrValue("path"))
			if st, _ := op.attr("skip-trash"); st == "true" {
				attrs = append(attrs, [3]string{"skip_trash", "true", ""})
			}
		case "mkdir", "touchz":
			add("path", op.attrValue("path"))
		case "move":
			add("path", op.attrValue("source"))
			add("to", op.attrValue("target"))
		case "chmod", "chgrp":
			add("path", op.attrValue("path"))
			if op.Name == "chmod" {
				add("permissions", op.attrValue("permissions"))
			} else {
				add("group", op.attrValue("group"))
			}
			if recursive {
				attrs = append(attrs, [3]string{"recursive", "true", ""})
			}
			// Oozie's dir-files defaults to true; howdah's to false.
			if df, set := op.attr("dir-files"); !recursive && (!set || df == "true") {
				attrs = append(attrs, [3]string{"dir_files", "true", ""})
			}
		case "setrep":
			add("path", op.attrValue("path"))
			v, note := w.number(op.attrValue("replication-factor"), op.at())
			attrs = append(attrs, [3]string{"replication", v, note})
		default:
			w.im.report.add(op.at(), KindUnsupported, "<%s> in <fs> is not imported", op.Name)
			continue
		}
		for _, c := range op.Before {
			kw.comment(c)
		}
		if len(attrs) == 1 && attrs[0][2] == "" {
			kw.line(op.Name + " { " + attrs[0][0] + " = " + attrs[0][1] + " }")
			continue
		}
		kw.open(op.Name)
		for _, a := range attrs {
			kw.attr(a[0], a[1], a[2])
		}
		kw.close()
	}
	kw.close()
}

func (w *workflowTranslator) subWorkflow(kw *writer, kind *element, rest []*element) {
	w.unknownKids(kind, rest, "app-path", "propagate-configuration", "configuration")
	ap := kind.kid("app-path")
	if ap == nil {
		w.im.errorAt(kind, "sub-workflow without <app-path>")
		return
	}
	child := w.im.reference(ap, w.a.props, "workflow", "sub-workflow", w.a, w.f)
	if child == nil {
		return
	}
	file := relPath(w.f.out, child.out)
	childParams := map[string]*wparam{}
	for _, p := range child.params {
		childParams[p.orig] = p
	}
	var entries []mapEntry
	set := map[string]bool{}
	conf := configurationProperties(kind.kid("configuration"))
	for _, name := range conf.order {
		p := conf.vals[name]
		set[name] = true
		if childParams[name] == nil {
			continue // the child does not use it
		}
		key := mangle(name)
		if cp := childParams[name]; cp != nil {
			key = cp.name
		}
		v, note := w.val(p.value, p.at)
		entries = append(entries, mapEntry{key: key, value: v, comment: note})
	}
	propagate := kind.kid("propagate-configuration") != nil
	if propagate {
		// Oozie hands the child the parent's whole configuration: pass
		// every parameter the child has that the parent knows.
		for _, cp := range child.params {
			if set[cp.orig] || cp.orig == "lib_dir" || cp.orig == "app_dir" {
				continue
			}
			_, inProps := w.a.props.get(cp.orig)
			if w.byOrig[cp.orig] == nil && !inProps {
				continue
			}
			h, _ := w.variable(cp.orig)
			entries = append(entries, mapEntry{key: cp.name, value: h.src})
		}
	}
	kw.open("sub_workflow")
	kw.attr("file", quote(file), "")
	if len(entries) > 0 {
		kw.object("params", entries)
	}
	if propagate {
		kw.attr("propagate_configuration", "true", "")
	}
	kw.close()
}
