package dsl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// One field table per action kind. Each attribute's HCL name is the JSON
// name of the plan field it fills.

var mapReduceFields = []field[plan.MapReduce]{
	strField("jar", false, func(k *plan.MapReduce, s string) { k.Jar = s }),
	strField("main_class", false, func(k *plan.MapReduce, s string) { k.MainClass = s }),
	listField("args", false, func(k *plan.MapReduce, s []string) { k.Args = s }),
	listField("libs", false, func(k *plan.MapReduce, s []string) { k.Libs = s }),
}

var streamingFields = []field[plan.Streaming]{
	nonEmptyListField("input", true, func(k *plan.Streaming, s []string) { k.Input = s }),
	nonEmptyStrField("output", true, func(k *plan.Streaming, s string) { k.Output = s }),
	nonEmptyListField("mapper", true, func(k *plan.Streaming, s []string) { k.Mapper = s }),
	nonEmptyListField("reducer", false, func(k *plan.Streaming, s []string) { k.Reducer = s }),
	nonEmptyListField("combiner", false, func(k *plan.Streaming, s []string) { k.Combiner = s }),
	intField("reducers", false, 0, func(k *plan.Streaming, n int) { k.Reducers = n }),
	nonEmptyStrField("record_reader", false, func(k *plan.Streaming, s string) { k.RecordReader = s }),
}

var hdfsWaitFields = []field[plan.HDFSWait]{
	nonEmptyListField("paths", true, func(k *plan.HDFSWait, s []string) { k.Paths = s }),
	strField("done_flag", false, func(k *plan.HDFSWait, s string) { k.DoneFlag = s }),
	durationField("poll_interval", false, func(k *plan.HDFSWait, d plan.Duration) { k.PollInterval = d }),
	durationField("timeout", false, func(k *plan.HDFSWait, d plan.Duration) { k.Timeout = d }),
}

var shellFields = []field[plan.Shell]{
	nonEmptyListField("argv", true, func(k *plan.Shell, s []string) { k.Argv = s }),
	strField("dir", false, func(k *plan.Shell, s string) { k.Dir = s }),
	staticBoolField("hadoop_client", func(k *plan.Shell, b bool) { k.HadoopClient = b }),
}

var javaFields = []field[plan.Java]{
	nonEmptyStrField("jar", true, func(k *plan.Java, s string) { k.Jar = s }),
	nonEmptyStrField("main_class", true, func(k *plan.Java, s string) { k.MainClass = s }),
	listField("args", false, func(k *plan.Java, s []string) { k.Args = s }),
	listField("libs", false, func(k *plan.Java, s []string) { k.Libs = s }),
	listField("java_opts", false, func(k *plan.Java, s []string) { k.JavaOpts = s }),
}

var distCpFields = []field[plan.DistCp]{
	nonEmptyListField("from", true, func(k *plan.DistCp, s []string) { k.From = s }),
	nonEmptyStrField("to", true, func(k *plan.DistCp, s string) { k.To = s }),
	listField("options", false, func(k *plan.DistCp, s []string) { k.Options = s }),
}

var sparkFields = []field[plan.Spark]{
	staticStrField("master", func(k *plan.Spark, s string) { k.Master = s }),
	staticStrField("mode", func(k *plan.Spark, s string) { k.Mode = s }),
	strField("name", false, func(k *plan.Spark, s string) { k.Name = s }),
	nonEmptyStrField("main_class", false, func(k *plan.Spark, s string) { k.MainClass = s }),
	nonEmptyStrField("jar", true, func(k *plan.Spark, s string) { k.Jar = s }),
	listField("args", false, func(k *plan.Spark, s []string) { k.Args = s }),
	listField("spark_opts", false, func(k *plan.Spark, s []string) { k.SparkOpts = s }),
	listField("py_files", false, func(k *plan.Spark, s []string) { k.PyFiles = s }),
	listField("jars", false, func(k *plan.Spark, s []string) { k.Jars = s }),
	nonEmptyStrField("driver_memory", false, func(k *plan.Spark, s string) { k.DriverMemory = s }),
	intField("driver_cores", false, 1, func(k *plan.Spark, n int) { k.DriverCores = n }),
	nonEmptyStrField("executor_memory", false, func(k *plan.Spark, s string) { k.ExecutorMemory = s }),
	intField("executor_cores", false, 1, func(k *plan.Spark, n int) { k.ExecutorCores = n }),
	intField("num_executors", false, 1, func(k *plan.Spark, n int) { k.NumExecutors = n }),
	nonEmptyStrField("queue", false, func(k *plan.Spark, s string) { k.Queue = s }),
}

var hiveFields = []field[plan.Hive]{
	nonEmptyStrField("jdbc_url", false, func(k *plan.Hive, s string) { k.JDBCURL = s }),
	nonEmptyStrField("principal", false, func(k *plan.Hive, s string) { k.Principal = s }),
	nonEmptyStrField("script", false, func(k *plan.Hive, s string) { k.Script = s }),
	nonEmptyStrField("query", false, func(k *plan.Hive, s string) { k.Query = s }),
	listField("args", false, func(k *plan.Hive, s []string) { k.Args = s }),
	nonEmptyStrField("user", false, func(k *plan.Hive, s string) { k.User = s }),
	sensitiveStrField("password", func(k *plan.Hive, s string) { k.Password = s }),
	nonEmptyStrField("password_file", false, func(k *plan.Hive, s string) { k.PasswordFile = s }),
}

// sensitiveStrField is a string that must come from a sensitive
// parameter: a password written in the clear would be in the plan, the
// run's history and every listing of them.
func sensitiveStrField[K any](name string, set func(*K, string)) field[K] {
	f := nonEmptyStrField(name, false, set)
	f.guard = func(c *compiler, e hcl.Expression, _ cty.Value, _ *plan.Expr, _ *scope) {
		if !expr.ReadsSensitive(e.Variables(), c.isSensitive) {
			c.errorf(e.Range(), "Password not from a sensitive parameter", "%s must be a sensitive parameter's value (param \"x\" { sensitive = true }), which howdah keeps out of logs and encrypts in the run's history; a literal or a plain parameter would be shown wherever the plan is.", name)
		}
	}
	return f
}

// staticBoolField is a bool the compiler must know.
func staticBoolField[K any](name string, set func(*K, bool)) field[K] {
	f := boolField(name, set)
	f.static = true
	return f
}

// staticStrField is a string the compiler must know: what decides where
// a job runs is part of the plan.
func staticStrField[K any](name string, set func(*K, string)) field[K] {
	f := strField(name, false, set)
	f.static = true
	return f
}

// Attributes some kinds have beyond their field table.
var (
	captureAttr = hcl.AttributeSchema{Name: "capture_output"}
	envAttr     = hcl.AttributeSchema{Name: "env"}
	mappingAttr = hcl.AttributeSchema{Name: "record_reader_mapping"}
	paramsAttr  = hcl.AttributeSchema{Name: "params"}
)

var kindSchemas = map[plan.ActionKind]*hcl.BodySchema{
	plan.MapReduceKind: schemaOf(mapReduceFields),
	plan.StreamingKind: withAttrs(schemaOf(streamingFields), envAttr, mappingAttr),
	plan.HDFSWaitKind:  schemaOf(hdfsWaitFields),
	plan.ShellKind:     withAttrs(schemaOf(shellFields), captureAttr, envAttr),
	plan.JavaKind:      withAttrs(schemaOf(javaFields), captureAttr),
	plan.DistCpKind:    schemaOf(distCpFields),
	plan.SparkKind:     schemaOf(sparkFields),
	plan.HiveKind:      withAttrs(schemaOf(hiveFields), paramsAttr),
	plan.FSKind: {Blocks: []hcl.BlockHeaderSchema{
		{Type: string(plan.OpMkdir)}, {Type: string(plan.OpDelete)}, {Type: string(plan.OpMove)},
		{Type: string(plan.OpChmod)}, {Type: string(plan.OpChgrp)}, {Type: string(plan.OpTouchz)},
		{Type: string(plan.OpSetrep)},
	}},
	plan.SubWorkflowKind: {Attributes: []hcl.AttributeSchema{
		{Name: "file", Required: true}, {Name: "params"}, {Name: "propagate_configuration"},
	}},
}

func withAttrs(s *hcl.BodySchema, extra ...hcl.AttributeSchema) *hcl.BodySchema {
	s.Attributes = append(s.Attributes, extra...)
	return s
}

func kindBlockSchemas() []hcl.BlockHeaderSchema {
	out := make([]hcl.BlockHeaderSchema, len(plan.ActionKinds))
	for i, k := range plan.ActionKinds {
		out[i] = hcl.BlockHeaderSchema{Type: string(k)}
	}
	return out
}

// fsOpFields holds every attribute an fs operation may have; fsOpAttrs says
// which each operation takes.
var fsOpFields = map[string]field[plan.FSOp]{
	"path":        nonEmptyStrField("path", true, func(k *plan.FSOp, s string) { k.Path = s }),
	"to":          nonEmptyStrField("to", true, func(k *plan.FSOp, s string) { k.To = s }),
	"permissions": field[plan.FSOp]{name: "permissions", ty: cty.String, required: true, set: setPermissions},
	"group":       nonEmptyStrField("group", true, func(k *plan.FSOp, s string) { k.Group = s }),
	"recursive":   boolField("recursive", func(k *plan.FSOp, b bool) { k.Recursive = b }),
	"dir_files":   boolField("dir_files", func(k *plan.FSOp, b bool) { k.DirFiles = b }),
	"replication": intField("replication", true, 1, func(k *plan.FSOp, n int) { k.Replication = n }),
	"skip_trash":  boolField("skip_trash", func(k *plan.FSOp, b bool) { k.SkipTrash = b }),
}

var fsOpAttrs = map[plan.FSOpKind][]string{
	plan.OpMkdir:  {"path"},
	plan.OpDelete: {"path", "skip_trash"},
	plan.OpMove:   {"path", "to"},
	plan.OpChmod:  {"path", "permissions", "recursive", "dir_files"},
	plan.OpChgrp:  {"path", "group", "recursive", "dir_files"},
	plan.OpTouchz: {"path"},
	plan.OpSetrep: {"path", "replication"},
}

func setPermissions(k *plan.FSOp, v cty.Value) error {
	s := v.AsString()
	if octal, ok := symbolicMode(s); ok {
		k.Permissions = octal
		return nil
	}
	n, err := strconv.ParseUint(s, 8, 32)
	if err != nil || len(s) < 3 || len(s) > 4 || n > 0o7777 {
		return fmt.Errorf("permissions must be an octal mode like \"755\" or \"1777\", or a symbolic one like \"-rwxr-xr-x\" (as ls and Oozie write it), got %q", s)
	}
	k.Permissions = s
	return nil
}

// symbolicMode reads a mode as ls writes it ("-rwxrw-rw-", "drwxr-x---",
// or without the type: "rwxr-xr-t") into octal ("0766"): s/S set setuid
// or setgid (with or without x), t/T the sticky bit.
func symbolicMode(s string) (string, bool) {
	if len(s) == 10 && strings.ContainsRune("-d", rune(s[0])) {
		s = s[1:]
	}
	if len(s) != 9 {
		return "", false
	}
	var mode, special uint32
	for i := 0; i < 9; i++ {
		who, bit := i/3, i%3
		c := s[i]
		want := "rwx"[bit]
		switch {
		case c == '-':
		case c == want:
			mode |= 1 << (8 - i)
		case bit == 2 && who < 2 && (c == 's' || c == 'S'):
			special |= 4 >> who // setuid 4, setgid 2
			if c == 's' {
				mode |= 1 << (8 - i)
			}
		case bit == 2 && who == 2 && (c == 't' || c == 'T'):
			special |= 1
			if c == 't' {
				mode |= 1 << (8 - i)
			}
		default:
			return "", false
		}
	}
	return fmt.Sprintf("%o%03o", special, mode), true
}
