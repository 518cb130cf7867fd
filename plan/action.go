package plan

import "strings"

// ActionKind names what an action runs.
type ActionKind string

// The action kinds. Their JSON field names are the HCL block and attribute
// names, so a Binding's Field reads the same in both.
const (
	MapReduceKind   ActionKind = "map_reduce"
	StreamingKind   ActionKind = "streaming"
	FSKind          ActionKind = "fs"
	HDFSWaitKind    ActionKind = "hdfs_wait"
	ShellKind       ActionKind = "shell"
	JavaKind        ActionKind = "java"
	DistCpKind      ActionKind = "distcp"
	SparkKind       ActionKind = "spark"
	HiveKind        ActionKind = "hive"
	SubWorkflowKind ActionKind = "sub_workflow"
)

// ActionKinds lists every kind, in the order the documentation uses.
var ActionKinds = []ActionKind{
	MapReduceKind, StreamingKind, FSKind, HDFSWaitKind, ShellKind, JavaKind, DistCpKind, SparkKind, HiveKind, SubWorkflowKind,
}

// Action is a node that does work: it runs as one Temporal activity (or one
// per item with ForEach, or a child workflow for SubWorkflow), then goes to
// OK or, once its retries are exhausted, to Error.
type Action struct {
	Kind        ActionKind `json:"kind"`
	Description string     `json:"description,omitempty"`

	MapReduce   *MapReduce   `json:"map_reduce,omitempty"`
	Streaming   *Streaming   `json:"streaming,omitempty"`
	FS          *FS          `json:"fs,omitempty"`
	HDFSWait    *HDFSWait    `json:"hdfs_wait,omitempty"`
	Shell       *Shell       `json:"shell,omitempty"`
	Java        *Java        `json:"java,omitempty"`
	DistCp      *DistCp      `json:"distcp,omitempty"`
	Spark       *Spark       `json:"spark,omitempty"`
	Hive        *Hive        `json:"hive,omitempty"`
	SubWorkflow *SubWorkflow `json:"sub_workflow,omitempty"`

	Prepare *Prepare `json:"prepare,omitempty"`
	// Configuration is the merged Hadoop configuration (defaults, then the
	// action's own), sorted by name.
	Configuration []Property `json:"configuration,omitempty"`
	Files         []string   `json:"files,omitempty"`
	Archives      []string   `json:"archives,omitempty"`
	Retry         Retry      `json:"retry,omitzero"`
	// Hold, when set, makes the run hold at this node once its retries are
	// exhausted, until an operator retries, skips or fails it (or the hold
	// times out), instead of taking the error transition at once.
	Hold *Hold `json:"hold,omitempty"`
	// Timeout bounds one attempt; zero means the worker's default.
	Timeout Duration `json:"timeout,omitempty"`
	// Queue is the Temporal task queue of the workers that run this action;
	// Cluster names the Hadoop cluster those workers should use.
	Queue   string `json:"queue,omitempty"`
	Cluster string `json:"cluster,omitempty"`

	ForEach *ForEach `json:"for_each,omitempty"`

	OK            string `json:"ok,omitempty"`
	OKImplied     bool   `json:"ok_implied,omitempty"`
	Error         string `json:"error,omitempty"`
	ErrorImplied  bool   `json:"error_implied,omitempty"`
	CaptureOutput bool   `json:"capture_output,omitempty"`

	// Bindings are the fields whose values are only known at run time. Field
	// is a JSON Pointer (RFC 6901) into this Action ("/shell/argv",
	// "/fs/ops/1/path"); a step into a list of named entries (configuration,
	// env) selects the entry by name ("/configuration/mapreduce.job.name").
	// The interpreter evaluates Expr and stores the result there before the
	// action runs.
	Bindings []Binding `json:"bindings,omitempty"`
}

// ShipsFiles reports whether the action's files and archives reach a job
// (the distributed cache of its YARN jobs, spark-submit's --files): the
// kinds that submit jobs, and a shell running a Hadoop client.
func (a *Action) ShipsFiles() bool {
	switch a.Kind {
	case MapReduceKind, StreamingKind, JavaKind, SparkKind:
		return true
	case ShellKind:
		return a.Shell != nil && a.Shell.HadoopClient
	}
	return false
}

// Binding sets one field from a run-time expression. Type is the HCL type
// constraint ("string", "list(string)", "number", ...) the value is converted
// to before it is stored.
type Binding struct {
	Field string `json:"field"`
	Type  string `json:"type"`
	Expr  Expr   `json:"expr"`
}

// ForEach runs the action once per item of a list, at most Parallelism at a
// time; the node succeeds when every item does.
type ForEach struct {
	// Items is the list when it is known at compile time; otherwise
	// ItemsExpr computes it at run time.
	Items       []string `json:"items,omitempty"`
	ItemsExpr   *Expr    `json:"items_expr,omitempty"`
	Parallelism int      `json:"parallelism"`
}

// Property is one Hadoop configuration property.
type Property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Retry is an action's retry policy. Attempts counts every try, the first
// included; the error transition is taken only after the last one fails.
type Retry struct {
	Attempts     int      `json:"attempts"`
	Interval     Duration `json:"interval"`
	Backoff      float64  `json:"backoff"`
	MaxInterval  Duration `json:"max_interval,omitempty"`
	NonRetryable []string `json:"non_retryable,omitempty"`
}

// Hold says how long a failed action waits for an operator.
type Hold struct {
	// Timeout is how long the node holds before it takes its error
	// transition; zero holds until an operator answers.
	Timeout Duration `json:"timeout,omitempty"`
}

// Prepare runs before the action (and before each of its retries) so that
// reruns start clean: Delete first, then Mkdir.
type Prepare struct {
	Delete []string `json:"delete,omitempty"`
	// DeleteWithin holds, for each Delete path whose author fixed a
	// directory before an interpolated value, that directory: the path must
	// stay strictly below it (see CheckDeleteWithin). Missing or "" entries
	// stand for the root.
	DeleteWithin []string `json:"delete_within,omitempty"`
	Mkdir        []string `json:"mkdir,omitempty"`
}

// MapReduce is a Java MapReduce job: either a driver (Jar + MainClass + Args)
// or, with no MainClass, a configuration-only job whose classes come from
// the action's configuration and Libs.
type MapReduce struct {
	Jar       string   `json:"jar,omitempty"`
	MainClass string   `json:"main_class,omitempty"`
	Args      []string `json:"args,omitempty"`
	Libs      []string `json:"libs,omitempty"`
}

// Streaming is a Hadoop streaming job. Mapper, Reducer and Combiner are argv
// lists run as processes reading records on stdin.
type Streaming struct {
	Input    []string `json:"input"`
	Output   string   `json:"output"`
	Mapper   []string `json:"mapper"`
	Reducer  []string `json:"reducer,omitempty"`
	Combiner []string `json:"combiner,omitempty"`
	// Reducers is the number of reduce tasks; 0 makes a map-only job.
	Reducers int `json:"reducers"`
	// Env is added to the task processes' environment (Hadoop streaming's
	// -cmdenv).
	Env []EnvVar `json:"env,omitempty"`
	// RecordReader, when set, is the class that cuts the input into map
	// records instead of lines (Hadoop streaming's -inputreader, Oozie's
	// <record-reader>), a full class name (a bare name is in
	// org.apache.hadoop.streaming); RecordReaderMapping are its
	// stream.recordreader.* properties (begin and end for
	// StreamXmlRecordReader).
	RecordReader        string     `json:"record_reader,omitempty"`
	RecordReaderMapping []Property `json:"record_reader_mapping,omitempty"`
}

// XMLRecordReader is hadoop-streaming's XML record reader, the one the
// local runner implements.
const XMLRecordReader = "org.apache.hadoop.streaming.StreamXmlRecordReader"

// RecordReaderClass is the full class name of s's record reader ("" for
// lines).
func (s *Streaming) RecordReaderClass() string {
	if s.RecordReader == "" || strings.Contains(s.RecordReader, ".") {
		return s.RecordReader
	}
	return "org.apache.hadoop.streaming." + s.RecordReader
}

// FS is an ordered list of filesystem operations. All paths are checked
// before the first operation runs.
type FS struct {
	Ops []FSOp `json:"ops"`
}

// FSOpKind names a filesystem operation.
type FSOpKind string

// The filesystem operations, as in Oozie's fs action.
const (
	OpMkdir  FSOpKind = "mkdir"
	OpDelete FSOpKind = "delete"
	OpMove   FSOpKind = "move"
	OpChmod  FSOpKind = "chmod"
	OpChgrp  FSOpKind = "chgrp"
	OpTouchz FSOpKind = "touchz"
	OpSetrep FSOpKind = "setrep"
)

// FSOp is one filesystem operation; which fields matter depends on Op.
type FSOp struct {
	Op          FSOpKind `json:"op"`
	Path        string   `json:"path"`
	To          string   `json:"to,omitempty"`
	Permissions string   `json:"permissions,omitempty"`
	Group       string   `json:"group,omitempty"`
	Recursive   bool     `json:"recursive,omitempty"`
	// DirFiles, for chmod and chgrp of a directory without recursive,
	// also changes the files directly in it (Oozie's dir-files).
	DirFiles    bool `json:"dir_files,omitempty"`
	Replication int  `json:"replication,omitempty"`
	// SkipTrash deletes immediately instead of moving to the user's trash.
	SkipTrash bool `json:"skip_trash,omitempty"`
	// Within is, for a delete whose path interpolates a value after a fixed
	// directory, that directory: Path must stay strictly below it.
	Within string `json:"within,omitempty"`
	Range  Range  `json:"range"`
}

// HDFSWait waits until every path (or glob) exists with its done-flag.
type HDFSWait struct {
	Paths []string `json:"paths"`
	// DoneFlag is the file that marks a directory complete. Empty means the
	// directory's existence is enough (Oozie's empty <done-flag/>).
	DoneFlag     string   `json:"done_flag"`
	PollInterval Duration `json:"poll_interval"`
	// Timeout is how long to wait before failing; zero waits forever.
	Timeout Duration `json:"timeout,omitempty"`
}

// Shell runs Argv directly (never through a shell) on the worker host.
type Shell struct {
	Argv []string `json:"argv"`
	Env  []EnvVar `json:"env,omitempty"`
	Dir  string   `json:"dir,omitempty"`
	// HadoopClient says the command is a Hadoop client (pig, sqoop,
	// `hadoop jar`, the hive CLI): every job it submits carries the
	// attempt's YARN tag, is followed in status and killed on cancel, and
	// a try after a lost worker kills what the lost one left running
	// before it runs the command again.
	HadoopClient bool `json:"hadoop_client,omitempty"`
}

// EnvVar is one environment variable for a shell action.
type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Java runs MainClass from Jar (and Libs) on the worker host's JVM.
type Java struct {
	Jar       string   `json:"jar"`
	MainClass string   `json:"main_class"`
	Args      []string `json:"args,omitempty"`
	Libs      []string `json:"libs,omitempty"`
	JavaOpts  []string `json:"java_opts,omitempty"`
}

// DistCp copies From to To with Hadoop's DistCp.
type DistCp struct {
	From    []string `json:"from"`
	To      string   `json:"to"`
	Options []string `json:"options,omitempty"`
}

// Spark submits an application with spark-submit (Oozie's spark action).
// The action's files and archives are passed as --files and --archives,
// its configuration as the Hadoop configuration spark-submit reads.
type Spark struct {
	// Master is "yarn" (the default) or a local master ("local[*]"); Mode
	// is "cluster" (the default on YARN) or "client". Oozie's
	// "yarn-cluster" and "yarn-client" are normalised to these.
	Master string `json:"master"`
	Mode   string `json:"mode"`
	// Name is the application's name (default howdah:WORKFLOW_ID/NODE).
	Name string `json:"name,omitempty"`
	// MainClass is a JVM application's main class; Jar the application's
	// jar or Python file.
	MainClass string   `json:"main_class,omitempty"`
	Jar       string   `json:"jar"`
	Args      []string `json:"args,omitempty"`
	// SparkOpts are more spark-submit options, as Oozie's spark-opts.
	SparkOpts []string `json:"spark_opts,omitempty"`
	// PyFiles go on the Python path (--py-files); Jars on the classpath
	// (--jars).
	PyFiles []string `json:"py_files,omitempty"`
	Jars    []string `json:"jars,omitempty"`
	// Resources; zero or "" leaves Spark's default.
	DriverMemory   string `json:"driver_memory,omitempty"`
	DriverCores    int    `json:"driver_cores,omitempty"`
	ExecutorMemory string `json:"executor_memory,omitempty"`
	ExecutorCores  int    `json:"executor_cores,omitempty"`
	NumExecutors   int    `json:"num_executors,omitempty"`
	Queue          string `json:"queue,omitempty"`
}

// OnYARN reports whether the application runs on YARN (not a local
// master).
func (s *Spark) OnYARN() bool { return s.Master == "yarn" }

// Hive runs HiveQL with beeline against HiveServer2 (Oozie's hive2
// action, and its hive action, whose Hive CLI is retired). The action's
// configuration is passed as --hiveconf.
type Hive struct {
	// JDBCURL is HiveServer2's JDBC URL; empty uses the worker's
	// --hive-jdbc-url. Principal, when set, is HiveServer2's Kerberos
	// principal, added to the URL (";principal=...").
	JDBCURL   string `json:"jdbc_url,omitempty"`
	Principal string `json:"principal,omitempty"`
	// Script is a HiveQL file (a local path, or hdfs://); Query is inline
	// HiveQL. Exactly one is set.
	Script string `json:"script,omitempty"`
	Query  string `json:"query,omitempty"`
	// Params are the script's variables (--hivevar NAME=VALUE, read as
	// ${NAME} or ${hivevar:NAME}), in name order.
	Params []Property `json:"params,omitempty"`
	// Args are more beeline arguments (Oozie's <argument>).
	Args []string `json:"args,omitempty"`
	// User is who beeline connects as (-n). Password (a sensitive
	// parameter's value) or PasswordFile (a file on the worker host)
	// authenticates it; beeline reads either from a file, never from its
	// command line.
	User         string `json:"user,omitempty"`
	Password     string `json:"password,omitempty"`
	PasswordFile string `json:"password_file,omitempty"`
}

// SubWorkflow runs another workflow as a child run. Its plan is compiled in;
// Params carries the values computed at run time (the static ones are
// already bound in Workflow.Params).
type SubWorkflow struct {
	File                   string    `json:"file"`
	PropagateConfiguration bool      `json:"propagate_configuration,omitempty"`
	Params                 []Binding `json:"params,omitempty"`
	Workflow               *Workflow `json:"workflow"`
}
