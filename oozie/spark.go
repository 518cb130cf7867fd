package oozie

import "strings"

// spark imports Oozie's spark action as howdah's spark action (spark-submit
// with the job tagged, tracked, re-attached and killed on YARN): master,
// mode, name, class and jar become its fields, spark-opts its spark_opts
// (a --master or --deploy-mode among them becomes the master or mode,
// which howdah passes itself), and the action's spark.* configuration
// --conf options; other configuration stays the Hadoop configuration
// spark-submit reads.
func (w *workflowTranslator) spark(kw *writer, kind *element, rest []*element, parts *actionParts) {
	w.unknownKids(kind, rest, "master", "mode", "name", "class", "jar", "spark-opts", "arg")
	var master, mode string
	if e := kind.kid("master"); e != nil {
		master = strings.TrimSpace(e.text())
	}
	if e := kind.kid("mode"); e != nil {
		mode = strings.TrimSpace(e.text())
	}
	var opts []string
	optsAt := kind.at()
	if o := kind.kid("spark-opts"); o != nil {
		optsAt = o.at()
		words := splitCommand(o.text())
		for i := 0; i < len(words); i++ {
			word := words[i]
			for _, f := range []struct {
				flag string
				dst  *string
			}{{"--master", &master}, {"--deploy-mode", &mode}} {
				if word == f.flag && i+1 < len(words) {
					*f.dst, word = words[i+1], ""
					i++
				} else if v, ok := strings.CutPrefix(word, f.flag+"="); ok {
					*f.dst, word = v, ""
				}
			}
			if word != "" {
				opts = append(opts, word)
			}
		}
	}
	// Spark 2 and later refuse yarn-cluster and yarn-client; Oozie turns
	// them into yarn and a mode, and so does howdah.
	if m := strings.TrimPrefix(master, "yarn-"); m != master && (m == "cluster" || m == "client") {
		master = "yarn"
		if mode == "" {
			mode = m
		}
	}
	for _, name := range parts.conf.order {
		if strings.HasPrefix(name, "spark.") {
			opts = append(opts, "--conf", name+"="+parts.conf.vals[name].value)
		}
	}
	kept := newProperties()
	for _, name := range parts.conf.order {
		if !strings.HasPrefix(name, "spark.") {
			kept.set(parts.conf.vals[name])
		}
	}
	parts.conf = kept
	kw.open("spark")
	for _, f := range []struct{ attr, v string }{{"master", master}, {"mode", mode}} {
		if f.v != "" {
			v, note := w.val(f.v, kind.at())
			kw.attr(f.attr, v, note)
		}
	}
	if e := kind.kid("name"); e != nil {
		v, note := w.val(e.text(), e.at())
		kw.attr("name", v, note)
	}
	if e := kind.kid("class"); e != nil {
		v, note := w.val(e.text(), e.at())
		kw.attr("main_class", v, note)
	}
	if j := kind.kid("jar"); j != nil {
		v, note := w.appFile(j, "spark application")
		kw.attr("jar", v, note)
	} else {
		w.im.report.add(kind.at(), KindUnsupported, "spark action without a <jar>: howdah needs the application's jar or Python file")
	}
	if len(opts) > 0 {
		v, note := w.vals(opts, optsAt)
		kw.attr("spark_opts", v, note)
	}
	w.argList(kw, "args", kind.kids("arg"))
	kw.close()
}
