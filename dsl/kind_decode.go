package dsl

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// decodeKind fills the action's kind-specific part from its block.
func (c *compiler) decodeKind(n *nodeDecl, a *plan.Action, b *hcl.Block, sc *scope) {
	content, diags := n.kindContent, n.kindDiags
	if b != n.kindBlock {
		content, diags = bodyContent(b.Body, kindSchemas[a.Kind])
	}
	c.diags = append(c.diags, diags...)
	if diags.HasErrors() {
		return
	}
	ptr := expr.Pointer(b.Type)
	switch a.Kind {
	case plan.MapReduceKind:
		a.MapReduce = &plan.MapReduce{}
		decodeFields(c, sc, content.Attributes, ptr, mapReduceFields, a.MapReduce, &a.Bindings)
		if a.MapReduce.MainClass != "" && a.MapReduce.Jar == "" && !hasAttr(content, "jar") {
			c.errorf(b.DefRange, "Missing jar", "A map_reduce job with main_class needs the jar that holds it.")
		}
		if a.MapReduce.MainClass == "" && len(a.MapReduce.Args) > 0 {
			c.errorf(content.Attributes["args"].Expr.Range(), "args without main_class", "args are passed to a driver's main_class; a configuration-only job takes none.")
		}
	case plan.StreamingKind:
		a.Streaming = &plan.Streaming{Reducers: 1}
		decodeFields(c, sc, content.Attributes, ptr, streamingFields, a.Streaming, &a.Bindings)
		if a.Streaming.Reducers == 0 && hasAttr(content, "reducer") {
			c.errorf(content.Attributes["reducer"].Expr.Range(), "reducer in a map-only job", "reducers = 0 makes a map-only job, so the reducer would never run. Remove one of them.")
		}
		if !hasAttr(content, "reducer") && !hasAttr(content, "reducers") {
			// Hadoop's identity reducer: sorted map output in one file.
			a.Streaming.Reducers = 1
		}
		a.Streaming.Env = c.decodeEnv(content, sc, "streaming", &a.Bindings)
		c.decodeRecordReader(content, sc, a.Streaming, &a.Bindings)
	case plan.HDFSWaitKind:
		a.HDFSWait = &plan.HDFSWait{DoneFlag: defaultDoneFlag, PollInterval: defaultPollInterval}
		decodeFields(c, sc, content.Attributes, ptr, hdfsWaitFields, a.HDFSWait, &a.Bindings)
	case plan.ShellKind:
		a.Shell = &plan.Shell{}
		decodeFields(c, sc, content.Attributes, ptr, shellFields, a.Shell, &a.Bindings)
		a.Shell.Env = c.decodeEnv(content, sc, "shell", &a.Bindings)
		a.CaptureOutput = c.captureOutput(content)
		if a.Shell.HadoopClient && a.CaptureOutput {
			c.errorf(content.Attributes["capture_output"].Expr.Range(), "capture_output with hadoop_client",
				"A Hadoop client's stdout and stderr are one log, full of the client's own messages: capture_output cannot read key=value lines from it. Write the values to a file the next node reads, or run the command without hadoop_client.")
		}
	case plan.JavaKind:
		a.Java = &plan.Java{}
		decodeFields(c, sc, content.Attributes, ptr, javaFields, a.Java, &a.Bindings)
		a.CaptureOutput = c.captureOutput(content)
	case plan.DistCpKind:
		a.DistCp = &plan.DistCp{}
		decodeFields(c, sc, content.Attributes, ptr, distCpFields, a.DistCp, &a.Bindings)
	case plan.SparkKind:
		a.Spark = &plan.Spark{}
		decodeFields(c, sc, content.Attributes, ptr, sparkFields, a.Spark, &a.Bindings)
		c.checkSpark(content, a.Spark)
	case plan.HiveKind:
		a.Hive = &plan.Hive{}
		decodeFields(c, sc, content.Attributes, ptr, hiveFields, a.Hive, &a.Bindings)
		a.Hive.Params = c.decodeHiveParams(content, sc, &a.Bindings)
		c.checkHive(b, content, a.Hive, a.Bindings)
	case plan.FSKind:
		// No operation is a step that does nothing, as Oozie's <fs/>.
		a.FS = c.decodeFS(content, sc, &a.Bindings)
	case plan.SubWorkflowKind:
		a.SubWorkflow = c.decodeSubWorkflow(n, b, content, sc)
	}
}

// localMaster is Spark's local master: local, local[N], local[*],
// local[N,F] or local[*,F].
var localMaster = regexp.MustCompile(`^local(\[(\*|[1-9][0-9]*)(,[0-9]+)?\])?$`)

// checkSpark normalises a spark action's master and mode (Oozie's
// yarn-cluster and yarn-client become yarn with that mode) and refuses
// what howdah cannot run: a master other than YARN or local, cluster mode
// on a local master, a main class for a Python application.
func (c *compiler) checkSpark(content *hcl.BodyContent, sp *plan.Spark) {
	rng := func(name string) *hcl.Range {
		if a, ok := content.Attributes[name]; ok {
			r := a.Expr.Range()
			return &r
		}
		r := content.MissingItemRange
		return &r
	}
	bad := func(name, summary, format string, args ...any) {
		c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(format, args...), Subject: rng(name)})
	}
	master, mode := sp.Master, sp.Mode
	switch {
	case master == "" || master == "yarn":
		master = "yarn"
	case master == "yarn-cluster" || master == "yarn-client":
		implied := strings.TrimPrefix(master, "yarn-")
		if mode != "" && mode != implied {
			bad("mode", "Conflicting Spark mode", "master = %q already says the mode is %s; mode = %q contradicts it. Write master = \"yarn\" with the mode you want.", sp.Master, implied, mode)
			return
		}
		master, mode = "yarn", implied
	case localMaster.MatchString(master):
	default:
		bad("master", "Unsupported Spark master", "master = %q: howdah runs Spark applications on YARN (master = \"yarn\", the default) or locally (\"local\", \"local[4]\", \"local[*]\").", sp.Master)
		return
	}
	switch mode {
	case "":
		mode = "client"
		if master == "yarn" {
			mode = "cluster"
		}
	case "client", "cluster":
		if mode == "cluster" && master != "yarn" {
			bad("mode", "Invalid Spark mode", "mode = \"cluster\" runs the driver on YARN; a local master (%q) runs it here: leave mode out.", master)
			return
		}
	default:
		bad("mode", "Invalid Spark mode", "mode = %q: it is \"cluster\" (the driver runs on YARN, the default) or \"client\" (the driver runs on the worker).", mode)
		return
	}
	sp.Master, sp.Mode = master, mode
	if sp.MainClass != "" && strings.HasSuffix(strings.ToLower(sp.Jar), ".py") {
		bad("main_class", "Main class for a Python application", "jar = %q is a Python application, which has no main class: leave main_class out.", sp.Jar)
	}
	for _, o := range sp.SparkOpts {
		for _, owned := range []string{"--master", "--deploy-mode"} {
			if o == owned || strings.HasPrefix(o, owned+"=") {
				bad("spark_opts", "Spark option howdah sets", "spark_opts holds %s: write it as the action's master or mode, which howdah passes (and checks).", owned)
			}
		}
	}
}

// decodeHiveParams reads a hive action's params map (--hivevar).
func (c *compiler) decodeHiveParams(content *hcl.BodyContent, sc *scope, bindings *[]plan.Binding) []plan.Property {
	var out []plan.Property
	for _, e := range c.decodeNamedMap(content, sc, "hive", "params", bindings) {
		out = append(out, plan.Property{Name: e.name, Value: e.value})
	}
	return out
}

// checkHive checks what a hive action must say: one of script and query,
// at most one of password and password_file, and (when known here) a
// HiveServer2 URL without a password in it and no beeline option howdah
// sets itself.
func (c *compiler) checkHive(b *hcl.Block, content *hcl.BodyContent, h *plan.Hive, binds []plan.Binding) {
	rng := func(name string) hcl.Range {
		if a, ok := content.Attributes[name]; ok {
			return a.Expr.Range()
		}
		return b.DefRange
	}
	switch script, query := hasAttr(content, "script"), hasAttr(content, "query"); {
	case script && query:
		c.errorf(rng("query"), "Both script and query", "A hive action runs a script file or an inline query, not both.")
	case !script && !query:
		c.errorf(b.DefRange, "Missing script or query", "A hive action needs script (a HiveQL file) or query (inline HiveQL).")
	}
	if hasAttr(content, "password") && hasAttr(content, "password_file") {
		c.errorf(rng("password_file"), "Both password and password_file", "Give the password one way: a sensitive parameter (password) or a file on the worker host (password_file).")
	}
	bound := func(field string) bool {
		for _, bd := range binds {
			if bd.Field == "/hive/"+field {
				return true
			}
		}
		return false
	}
	if h.JDBCURL != "" && !bound("principal") {
		if err := plan.CheckHiveURL(h.JDBCURL, h.Principal); err != nil {
			c.errorf(rng("jdbc_url"), "Invalid jdbc_url", "%s.", err)
		}
	}
	if err := h.CheckArgs(); err != nil {
		c.errorf(rng("args"), "Beeline option howdah sets", "%s.", err)
	}
}

// checkCommaLists refuses, when known here, a comma inside one entry of
// the lists a client takes comma-separated (spark-submit's --files,
// --archives, --py-files, --jars; hadoop-streaming's -files and
// -archives): "x,/etc/hosts" would ship two files. The worker checks the
// run-time values again.
func (c *compiler) checkCommaLists(a *plan.Action, content *hcl.BodyContent, kindBlock *hcl.Block) {
	lists := map[string][]string{}
	switch {
	case a.Spark != nil:
		lists = map[string][]string{"files": a.Files, "archives": a.Archives, "py_files": a.Spark.PyFiles, "jars": a.Spark.Jars}
	case a.Streaming != nil:
		lists = map[string][]string{"files": a.Files, "archives": a.Archives}
	}
	for _, name := range []string{"files", "archives", "py_files", "jars"} {
		for _, v := range lists[name] {
			if strings.Contains(v, ",") {
				rng := kindBlock.DefRange
				if at, ok := content.Attributes[name]; ok {
					rng = at.Expr.Range()
				} else if kc, _ := bodyContent(kindBlock.Body, kindSchemas[a.Kind]); kc != nil {
					if at, ok := kc.Attributes[name]; ok {
						rng = at.Expr.Range()
					}
				}
				c.errorf(rng, "Comma in a file name", "%s entry %q holds a comma, which the %s client reads as a separator between two files: rename the file.", name, v, a.Kind)
			}
		}
	}
}

func hasAttr(content *hcl.BodyContent, name string) bool {
	_, ok := content.Attributes[name]
	return ok
}

// captureOutput reads capture_output, which must be a literal: later nodes'
// references to the output are checked against it before anything is
// evaluated.
func (c *compiler) captureOutput(content *hcl.BodyContent) bool {
	a, ok := content.Attributes["capture_output"]
	if !ok {
		return false
	}
	v, ok := c.constant(a.Expr, cty.Bool)
	return ok && !v.IsNull() && v.True()
}

// decodeFS reads the ordered operations of an fs block.
func (c *compiler) decodeFS(content *hcl.BodyContent, sc *scope, binds *[]plan.Binding) *plan.FS {
	fs := &plan.FS{}
	for i, b := range content.Blocks {
		kind := plan.FSOpKind(b.Type)
		names := fsOpAttrs[kind]
		op := plan.FSOp{Op: kind, Range: toPlanRange(b.DefRange)}
		fields := make([]field[plan.FSOp], len(names))
		for j, name := range names {
			fields[j] = fsOpFields[name]
			if kind == plan.OpDelete && name == "path" {
				fields[j].guard = func(c *compiler, e hcl.Expression, v cty.Value, deferred *plan.Expr, sc *scope) {
					op.Within = c.checkDelete(e, v, deferred, sc)
				}
			}
		}
		opContent, diags := bodyContent(b.Body, schemaOf(fields))
		c.diags = append(c.diags, diags...)
		ptr := "/fs/ops/" + strconv.Itoa(i)
		decodeFields(c, sc, opContent.Attributes, ptr, fields, &op, binds)
		fs.Ops = append(fs.Ops, op)
	}
	return fs
}

// decodeEnv reads a kind's env map (static values, or bound at run time).
func (c *compiler) decodeEnv(content *hcl.BodyContent, sc *scope, kind string, bindings *[]plan.Binding) []plan.EnvVar {
	var out []plan.EnvVar
	for _, e := range c.decodeNamedMap(content, sc, kind, "env", bindings) {
		out = append(out, plan.EnvVar{Name: e.name, Value: e.value})
	}
	return out
}

// decodeNamedMap reads the map attribute attr of a kind's block, in name
// order, binding each value known only at run time to /kind/attr/NAME.
func (c *compiler) decodeNamedMap(content *hcl.BodyContent, sc *scope, kind, attr string, bindings *[]plan.Binding) []confEntry {
	at, ok := content.Attributes[attr]
	if !ok {
		return nil
	}
	entries := mergeEntries(nil, c.namedValues(at.Expr, sc, attr))
	for _, e := range entries {
		if e.expr != nil {
			*bindings = append(*bindings, plan.Binding{Field: expr.Pointer(kind, attr, e.name), Type: "string", Expr: *e.expr})
		}
	}
	return entries
}

// xmlReaderProperties are the stream.recordreader.* properties
// StreamXmlRecordReader reads.
var xmlReaderProperties = []string{"begin", "end", "slowmatch", "maxrec", "lookahead"}

// decodeRecordReader reads a streaming job's record_reader_mapping and
// checks it against its record_reader: StreamXmlRecordReader needs a begin
// and an end and knows no other names than xmlReaderProperties.
func (c *compiler) decodeRecordReader(content *hcl.BodyContent, sc *scope, s *plan.Streaming, bindings *[]plan.Binding) {
	attr, ok := content.Attributes["record_reader_mapping"]
	if !ok {
		if s.RecordReaderClass() == plan.XMLRecordReader {
			c.errorf(content.Attributes["record_reader"].Expr.Range(), "Missing record_reader_mapping",
				"StreamXmlRecordReader cuts records from a begin string to an end string: add record_reader_mapping = { begin = \"<page>\", end = \"</page>\" }.")
		}
		return
	}
	if _, ok := content.Attributes["record_reader"]; !ok {
		c.errorf(attr.Expr.Range(), "record_reader_mapping without record_reader",
			"record_reader_mapping sets the properties of a record_reader: add record_reader = \"StreamXmlRecordReader\" (or your reader's class).")
		return
	}
	seen := map[string]bool{}
	for _, e := range c.namedValues(attr.Expr, sc, "record_reader_mapping") {
		s.RecordReaderMapping = append(s.RecordReaderMapping, plan.Property{Name: e.name, Value: e.value})
		seen[e.name] = true
		if e.expr != nil {
			*bindings = append(*bindings, plan.Binding{Field: expr.Pointer("streaming", "record_reader_mapping", e.name), Type: "string", Expr: *e.expr})
		} else if e.value == "" && (e.name == "begin" || e.name == "end") {
			c.errorf(attr.Expr.Range(), "Empty "+e.name+" string", "StreamXmlRecordReader's %s must not be empty.", e.name)
		}
		if s.RecordReaderClass() == plan.XMLRecordReader && !slices.Contains(xmlReaderProperties, e.name) {
			c.errorf(attr.Expr.Range(), "Unknown record_reader_mapping name",
				"StreamXmlRecordReader reads %s; %q is none of them.", strings.Join(xmlReaderProperties, ", "), e.name)
		}
	}
	if s.RecordReaderClass() == plan.XMLRecordReader {
		for _, name := range []string{"begin", "end"} {
			if !seen[name] {
				c.errorf(attr.Expr.Range(), "Missing "+name+" string", "StreamXmlRecordReader needs record_reader_mapping's begin and end.")
			}
		}
	}
}
