package oozie

import (
	"strings"
)

// hive imports Oozie's hive2 action (beeline against HiveServer2) and its
// hive action (the Hive CLI, retired since Hive 4) as howdah's hive
// action: beeline with the query tagged, its YARN applications tracked
// and killed. jdbc-url, password, script or query, params and arguments
// become its fields; the hive action names no server, so it runs against
// the worker's --hive-jdbc-url. Configuration becomes --hiveconf, less
// what belongs to the server (its metastore, its own settings, anything
// holding a password), which is reported and left out. It returns the
// comment that marks the step, or "".
func (w *workflowTranslator) hive(kw *writer, node string, kind *element, rest []*element, parts *actionParts) string {
	known := []string{"script", "query", "param", "argument"}
	if kind.Name == "hive2" {
		known = append(known, "jdbc-url", "password")
	}
	w.unknownKids(kind, rest, known...)
	comment := ""
	kw.open("hive")
	if u := kind.kid("jdbc-url"); u != nil {
		v, note := w.val(u.text(), u.at())
		kw.attr("jdbc_url", v, note)
	} else {
		w.im.report.add(kind.at(), KindDifference, "hive action (the Hive CLI) imported as a hive action: beeline runs it against the worker's HiveServer2 (--hive-jdbc-url)")
		comment = "Oozie <hive> action (Hive CLI): howdah runs it with beeline against the worker's HiveServer2 (--hive-jdbc-url), or set jdbc_url."
	}
	switch s, q := kind.kid("script"), kind.kid("query"); {
	case s != nil:
		v, note := w.appFile(s, "hive script")
		kw.attr("script", v, note)
	case q != nil:
		v, note := w.val(q.text(), q.at())
		kw.attr("query", v, note)
	default:
		w.im.report.add(kind.at(), KindUnsupported, "%s action without a <script> or <query>", kind.Name)
	}
	if ps := kind.kids("param"); len(ps) > 0 {
		w.pairs(kw, "params", ps)
	}
	w.argList(kw, "args", kind.kids("argument"))
	if p := kind.kid("password"); p != nil {
		if strings.Contains(p.text(), "${") {
			v, note := w.val(p.text(), p.at())
			w.markSensitive(p.text())
			kw.attr("password", v, note)
		} else {
			// A password written into the XML becomes a sensitive
			// parameter, so howdah never shows it.
			wp := w.param(node+".password", nil)
			wp.def, wp.hasDef, wp.num, wp.sensitive = p.text(), true, false, true
			kw.attr("password", "param."+wp.name, "")
		}
	}
	kw.close()
	kept := newProperties()
	for _, name := range parts.conf.order {
		p := parts.conf.vals[name]
		if serverSide(name) {
			w.im.report.add(p.at, KindDifference, "property %s is HiveServer2's own (or holds a password): not passed as --hiveconf", name)
			continue
		}
		kept.set(p)
	}
	parts.conf = kept
	return comment
}

// serverSide says whether a Hive property belongs to the server, not to
// a query: a hive-site.xml in an action's job-xml holds the metastore's
// connection (and its password), which the Hive CLI needed and beeline
// must not send.
func serverSide(name string) bool {
	for _, p := range []string{"javax.jdo.", "datanucleus.", "hive.metastore.", "hive.server2."} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return strings.Contains(strings.ToLower(name), "password")
}
