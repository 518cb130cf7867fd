package oozie

import (
	"archive/zip"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// splitCommand splits a streaming command as Hadoop streaming does: on
// spaces, with single or double quotes grouping words.
func splitCommand(s string) []string {
	var out []string
	var cur strings.Builder
	in := false
	var q byte
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
				continue
			}
		case depth > 0:
			if c == '}' {
				depth--
			}
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			cur.WriteString("${")
			i++
			in = true
			continue
		case c == '\'' || c == '"':
			q = c
			in = true
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
			continue
		}
		cur.WriteByte(c)
		in = true
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// splitCommas splits a comma-separated list outside ${...}.
func splitCommas(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// number writes a value that must be a number: a literal stays one.
func (w *workflowTranslator) number(text string, at Location) (string, string) {
	t := strings.TrimSpace(text)
	if _, err := strconv.Atoi(t); err == nil {
		return t, ""
	}
	return w.val(t, at)
}

func (w *workflowTranslator) mapReduce(kw *writer, kind *element, rest []*element, parts *actionParts) string {
	st, pipes := kind.kid("streaming"), kind.kid("pipes")
	w.unknownKids(kind, rest, "streaming", "pipes", "config-class")
	if cc := kind.kid("config-class"); cc != nil {
		w.im.report.add(cc.at(), KindUnsupported, "config-class %s is not run: howdah takes the job's configuration from the workflow only", cc.text())
	}
	input, hasIn := take(parts.conf, "mapred.input.dir", "mapreduce.input.fileinputformat.inputdir")
	output, hasOut := take(parts.conf, "mapred.output.dir", "mapreduce.output.fileoutputformat.outputdir")
	if pipes != nil {
		return w.pipes(kw, pipes, input, hasIn, output, hasOut, parts)
	}
	if st == nil {
		// Configuration-only: put the directories back where Hadoop reads them.
		if hasIn {
			parts.conf.set(input)
		}
		if hasOut {
			parts.conf.set(output)
		}
		kw.open("map_reduce")
		class := ""
		for _, n := range []string{"mapreduce.job.map.class", "mapred.mapper.class"} {
			if p, ok := parts.conf.get(n); ok {
				class = p.value
			}
		}
		if jar, libs := w.jarFor(class, kind); jar != "" {
			kw.attr("jar", jar, "")
			if len(libs) > 0 {
				kw.attr("libs", list(libs), "")
			}
		} else if c := strings.TrimSpace(class); c != "" && !strings.HasPrefix(c, "org.apache.hadoop.") {
			w.im.report.add(kind.at(), KindReference, "no lib/*.jar in %s holds the mapper %s: the job would run with the Hadoop classpath only and fail to find it; set the map_reduce action's jar", w.a.dir, c)
		}
		kw.close()
		return ""
	}
	w.unknownKids(st, st.Kids, "mapper", "reducer", "record-reader", "record-reader-mapping", "env")
	kw.open("streaming")
	if hasIn {
		v, note := w.vals(splitCommas(input.value), input.at)
		kw.attr("input", v, note)
	} else {
		w.im.report.add(st.at(), KindUnsupported, "streaming job without mapred.input.dir in its configuration: set input")
		kw.attr("input", "[]", "Oozie's configuration named no input directory")
	}
	if hasOut {
		v, note := w.val(output.value, output.at)
		kw.attr("output", v, note)
	} else {
		w.im.report.add(st.at(), KindUnsupported, "streaming job without mapred.output.dir in its configuration: set output")
		kw.attr("output", `""`, "Oozie's configuration named no output directory")
	}
	for _, role := range []string{"mapper", "reducer"} {
		if e := st.kid(role); e != nil {
			v, note := w.vals(splitCommand(e.text()), e.at())
			kw.attr(role, v, note)
		}
	}
	if r, ok := take(parts.conf, "mapred.reduce.tasks", "mapreduce.job.reduces"); ok {
		v, note := w.number(r.value, r.at)
		kw.attr("reducers", v, note)
	}
	if e := st.kid("record-reader"); e != nil {
		v, note := w.val(e.text(), e.at())
		kw.attr("record_reader", v, note)
	}
	if es := st.kids("record-reader-mapping"); len(es) > 0 {
		w.pairs(kw, "record_reader_mapping", es)
	}
	if es := st.kids("env"); len(es) > 0 {
		w.pairs(kw, "env", es)
	}
	kw.close()
	return ""
}

// pairs writes NAME=value elements (env-var, env, record-reader-mapping)
// as a map.
func (w *workflowTranslator) pairs(kw *writer, attr string, es []*element) {
	var entries []mapEntry
	for _, e := range es {
		k, v, ok := strings.Cut(e.text(), "=")
		if !ok {
			w.im.report.add(e.at(), KindUnsupported, "%q is not NAME=value: ignored", e.text())
			continue
		}
		hv, note := w.val(v, e.at())
		entries = append(entries, mapEntry{key: strings.TrimSpace(k), value: hv, comment: note})
	}
	if len(entries) > 0 {
		kw.object(attr, entries)
	}
}

func (w *workflowTranslator) pipes(kw *writer, pipes *element, input property, hasIn bool, output property, hasOut bool, parts *actionParts) string {
	argv := []string{quote("mapred"), quote("pipes")}
	var notes []string
	add := func(flag, text string, at Location) {
		v, note := w.val(text, at)
		argv = append(argv, quote(flag), v)
		if note != "" {
			notes = append(notes, note)
		}
	}
	for _, name := range parts.conf.order {
		p := parts.conf.vals[name]
		add("-D", name+"="+p.value, p.at)
	}
	parts.conf = newProperties()
	if hasIn {
		add("-input", input.value, input.at)
	}
	if hasOut {
		add("-output", output.value, output.at)
	}
	for _, k := range pipes.Kids {
		flag := map[string]string{"map": "-map", "reduce": "-reduce", "inputformat": "-inputformat", "partitioner": "-partitioner", "writer": "-writer", "program": "-program"}[k.Name]
		if flag == "" {
			w.im.report.add(k.at(), KindUnsupported, "<%s> in <pipes> is not imported", k.Name)
			continue
		}
		add(flag, k.text(), k.at())
	}
	w.im.report.add(pipes.at(), KindShell, "pipes job imported as a shell step running `mapred pipes` on the worker host (howdah has no pipes action)")
	kw.open("shell")
	kw.attr("argv", list(argv), strings.Join(notes, "; "))
	kw.attr("hadoop_client", "true", "")
	kw.close()
	return "Oozie map-reduce <pipes>: run with `mapred pipes` on the worker host; its job carries the step's YARN tag."
}

// jarFor picks the lib/ jar holding class (or the only jar): the jar,
// then the other jars, as HCL values under param.lib_dir.
func (w *workflowTranslator) jarFor(class string, at *element) (string, []string) {
	if len(w.a.libs) == 0 {
		return "", nil
	}
	main := ""
	if class != "" {
		entry := strings.ReplaceAll(strings.TrimSpace(class), ".", "/") + ".class"
		for _, l := range w.a.libs {
			if jarHas(filepath.Join(w.a.dir, filepath.FromSlash(l)), entry) {
				main = l
				break
			}
		}
	}
	if main == "" {
		main = w.a.libs[0]
	}
	dir := w.libDir(at)
	jar := `"${param.` + dir + `}/` + escapeTemplate(filepath.Base(main)) + `"`
	var libs []string
	for _, l := range w.a.libs {
		if l != main {
			libs = append(libs, `"${param.`+dir+`}/`+escapeTemplate(filepath.Base(l))+`"`)
		}
	}
	return jar, libs
}

// libDir declares the lib_dir parameter: Oozie ships an application's
// lib/ jars from HDFS; howdah runs `hadoop jar` with jars on the worker
// host, by default where the import found them.
func (w *workflowTranslator) libDir(at *element) string {
	const name = "lib_dir"
	if p, ok := w.byName[name]; ok {
		return p.name
	}
	abs, _ := filepath.Abs(filepath.Join(w.a.dir, "lib"))
	p := &wparam{orig: name, name: name, def: filepath.ToSlash(abs), hasDef: true, desc: "directory on the worker host holding the jars of the Oozie application's lib/"}
	w.byOrig[name], w.byName[name] = p, p
	w.params = append(w.params, p)
	w.im.report.add(at.at(), KindDifference, "the classes come from the application's lib/ jars: Oozie ships them from HDFS, howdah runs `hadoop jar` with them from param.lib_dir on the worker host (default %s)", p.def)
	return name
}

// appDir declares the app_dir parameter: Oozie reads a relative script
// (a hive or pig <script>, a spark <jar>) from the application's directory
// on HDFS; howdah runs the command on the worker host, which reads it from
// param.app_dir, by default where the import found the application.
func (w *workflowTranslator) appDir() string {
	const name = "app_dir"
	if p, ok := w.byName[name]; ok {
		return p.name
	}
	abs, _ := filepath.Abs(w.a.dir)
	p := &wparam{orig: name, name: name, def: filepath.ToSlash(abs), hasDef: true, desc: "directory on the worker host holding the Oozie application's files (its scripts), as its app path did in Oozie"}
	w.byOrig[name], w.byName[name] = p, p
	w.params = append(w.params, p)
	return name
}

// appFile translates a file an action names relative to its application
// (Oozie resolves it against the app path): a relative path without EL
// becomes "${param.app_dir}/path", a jar found in lib/ "${param.lib_dir}/x.jar",
// each reported; anything else is translated as written.
func (w *workflowTranslator) appFile(e *element, what string) (string, string) {
	t := strings.TrimSpace(e.text())
	if t == "" || strings.Contains(t, "${") || strings.HasPrefix(t, "/") || strings.Contains(t, "://") {
		return w.val(e.text(), e.at())
	}
	if strings.HasSuffix(t, ".jar") {
		for _, l := range w.a.libs {
			if filepath.Base(l) == filepath.Base(t) {
				dir := w.libDir(e)
				return `"${param.` + dir + `}/` + escapeTemplate(filepath.Base(l)) + `"`, ""
			}
		}
	}
	dir := w.appDir()
	w.im.report.add(e.at(), KindDifference, "the %s %s is relative to the application in Oozie: howdah reads it from param.app_dir on the worker host (default %s), not from the directory the command runs in", what, t, w.byName[dir].def)
	return `"${param.` + dir + `}/` + escapeTemplate(path.Clean(t)) + `"`, ""
}

func jarHas(jar, entry string) bool {
	r, err := zip.OpenReader(jar)
	if err != nil {
		return false
	}
	defer r.Close()
	for _, f := range r.File {
		if f.Name == entry {
			return true
		}
	}
	return false
}

func (w *workflowTranslator) java(kw *writer, kind *element, rest []*element, parts *actionParts) {
	w.unknownKids(kind, rest, "main-class", "java-opts", "java-opt", "arg", "capture-output")
	main := kind.kidText("main-class")
	kw.open("java")
	jar, libs := w.jarFor(main, kind)
	if jar == "" {
		w.im.report.add(kind.at(), KindReference, "no lib/*.jar in %s holds %s: set the java action's jar", w.a.dir, main)
		jar = quote("lib/" + w.a.name + ".jar")
	}
	kw.attr("jar", jar, "")
	v, note := w.val(main, kind.kid("main-class").atOr(kind))
	kw.attr("main_class", v, note)
	w.argList(kw, "args", kind.kids("arg"))
	if len(libs) > 0 {
		kw.attr("libs", list(libs), "")
	}
	var opts []string
	if o := kind.kid("java-opts"); o != nil {
		opts = strings.Fields(o.text())
	}
	for _, o := range kind.kids("java-opt") {
		opts = append(opts, o.text())
	}
	if len(opts) > 0 {
		v, note := w.vals(opts, kind.at())
		kw.attr("java_opts", v, note)
	}
	if kind.kid("capture-output") != nil {
		kw.attr("capture_output", "true", "")
	}
	kw.close()
}

func (w *workflowTranslator) distcp(kw *writer, kind *element, rest []*element) {
	w.unknownKids(kind, rest, "arg", "java-opts")
	if o := kind.kid("java-opts"); o != nil {
		w.im.report.add(o.at(), KindUnsupported, "distcp java-opts %q are not imported: the Hadoop client on the worker runs distcp", o.text())
	}
	valued := map[string]int{"-m": 1, "-bandwidth": 1, "-f": 1, "-log": 1, "-strategy": 1, "-numListstatusThreads": 1, "-mapredSslConf": 1, "-filters": 1, "-tmp": 1, "-copybuffersize": 1, "-blocksperchunk": 1, "-sizelimit": 1, "-filelimit": 1, "-diff": 2, "-rdiff": 2, "-p": 0}
	var opts, paths []string
	args := kind.kids("arg")
	for i := 0; i < len(args); i++ {
		a := args[i].text()
		if strings.HasPrefix(a, "-") {
			opts = append(opts, a)
			for n := valued[a]; n > 0 && i+1 < len(args); n-- {
				i++
				opts = append(opts, args[i].text())
			}
			continue
		}
		paths = append(paths, a)
	}
	kw.open("distcp")
	at := kind.at()
	if len(paths) < 2 {
		w.im.report.add(at, KindUnsupported, "distcp needs sources and a target among its <arg>s")
	}
	if len(paths) > 0 {
		from, note := w.vals(paths[:len(paths)-1], at)
		kw.attr("from", from, note)
		to, note := w.val(paths[len(paths)-1], at)
		kw.attr("to", to, note)
	}
	if len(opts) > 0 {
		v, note := w.vals(opts, at)
		kw.attr("options", v, note)
	}
	kw.close()
}
