package activities

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/conf"
	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/hadoop/yarn"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
)

// Hadoop is how a worker reaches a Hadoop cluster (package hadoop/jobs):
// the activities here adapt it to Temporal (heartbeats, logs, retries).
type Hadoop = jobs.Client

// JobTag is the YARN application tag of one attempt of an action: the same
// for every activity retry of that attempt (so a retry after a worker crash
// finds the application the first one submitted), different for the next
// attempt of the workflow's retry policy and for every other node, item
// and run. YARN lower-cases tags and allows 100 characters.
func JobTag(in contract.ActionInput) string {
	h := sha256.Sum256([]byte(strings.Join([]string{in.WorkflowID, in.RunID, in.Node, strconv.Itoa(in.Item), strconv.Itoa(in.Attempt)}, "\x00")))
	return "howdah-" + hex.EncodeToString(h[:12])
}

// ReadableTags are YARN tags naming the run and node of an attempt, so
// `yarn application -list -appTags howdah-wf:etl-2026-11-24` finds a run's
// jobs: lower case (YARN lower-cases tags), no commas, at most 100
// characters each.
func ReadableTags(in contract.ActionInput) []string {
	return []string{jobs.Tag("howdah-wf:" + in.WorkflowID), jobs.Tag("howdah-node:" + in.Node)}
}

// JobName is the job name YARN shows for an action's job unless its
// configuration or its driver sets one: howdah:WORKFLOW_ID/NODE[ITEM].
func JobName(in contract.ActionInput) string {
	name := "howdah:" + in.WorkflowID + "/" + in.Node
	if in.Item >= 0 {
		name += "[" + strconv.Itoa(in.Item) + "]"
	}
	return strings.ToValidUTF8(name, "?")
}

func hasProperty(props []plan.Property, name string) bool {
	for _, p := range props {
		if p.Name == name {
			return true
		}
	}
	return false
}

// MapReduce submits a map_reduce action: `hadoop jar JAR MAIN ARGS`, or,
// without a main class, a job defined by its configuration alone (`mapred
// job -submit job.xml` with the action's configuration, and the jar, if
// any, as mapreduce.job.jar), as Oozie's map-reduce action defines a job.
func (a *Activities) MapReduce(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	mr := in.Action.MapReduce
	if mr == nil {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: no map_reduce block", errBadInput))
	}
	if mr.MainClass == "" && mr.Jar != "" {
		in.Action.Configuration = append([]plan.Property{{Name: "mapreduce.job.jar", Value: mr.Jar}}, in.Action.Configuration...)
	}
	return a.runJob(ctx, in, func(confDir string) ([]string, error) {
		if mr.MainClass == "" {
			return []string{"job", "-submit", filepath.Join(confDir, "mapred-site.xml")}, nil
		}
		return jobs.JarCommand(mr.Jar, mr.MainClass, mr.Args)
	})
}

// Java runs a java action's main class on the worker host through the
// Hadoop client (`hadoop jar`), with libs on HADOOP_CLASSPATH and
// java_opts in HADOOP_CLIENT_OPTS; MapReduce jobs it submits carry the
// action's configuration and tag.
func (a *Activities) Java(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	j := in.Action.Java
	if j == nil {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: no java block", errBadInput))
	}
	return a.runJob(ctx, in, func(string) ([]string, error) {
		return jobs.JarCommand(j.Jar, j.MainClass, j.Args)
	})
}

// DistCp runs `hadoop distcp OPTIONS FROM... TO`.
func (a *Activities) DistCp(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	d := in.Action.DistCp
	if d == nil {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: no distcp block", errBadInput))
	}
	return a.runJob(ctx, in, func(string) ([]string, error) {
		argv := append([]string{"distcp"}, d.Options...)
		return append(append(argv, d.From...), d.To), nil
	})
}

// streamingYARN submits a streaming action with hadoop-streaming's jar.
func (a *Activities) streamingYARN(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	s := in.Action.Streaming
	if a.Hadoop.StreamingJar == "" {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: streaming on YARN needs hadoop-streaming's jar: start the worker with -streaming-jar or HADOOP_STREAMING_JAR", errBadInput))
	}
	if s.RecordReader != "" {
		// Through the job's configuration rather than -inputreader, whose
		// "class,name=value,..." form cannot carry a comma in a value.
		props := []plan.Property{{Name: "stream.recordreader.class", Value: s.RecordReaderClass()}}
		for _, p := range s.RecordReaderMapping {
			props = append(props, plan.Property{Name: "stream.recordreader." + p.Name, Value: p.Value})
		}
		in.Action.Configuration = append(slices.Clip(in.Action.Configuration), props...)
	}
	if err := commaFree(map[string][]string{"files": in.Action.Files, "archives": in.Action.Archives}); err != nil {
		return contract.ActionResult{}, failed(ctx, in.Node, err)
	}
	return a.runJob(ctx, in, func(string) ([]string, error) {
		argv := []string{"jar", a.Hadoop.StreamingJar}
		if len(in.Action.Files) > 0 {
			argv = append(argv, "-files", strings.Join(in.Action.Files, ","))
		}
		if len(in.Action.Archives) > 0 {
			argv = append(argv, "-archives", strings.Join(in.Action.Archives, ","))
		}
		for _, p := range s.Input {
			argv = append(argv, "-input", p)
		}
		if s.RecordReader != "" {
			argv = append(argv, "-inputformat", "org.apache.hadoop.streaming.StreamInputFormat")
		}
		argv = append(argv, "-output", s.Output, "-mapper", jobs.StreamingCommand(s.Mapper))
		for _, e := range s.Env {
			argv = append(argv, "-cmdenv", e.Name+"="+e.Value)
		}
		if len(s.Combiner) > 0 {
			argv = append(argv, "-combiner", jobs.StreamingCommand(s.Combiner))
		}
		if len(s.Reducer) > 0 {
			argv = append(argv, "-reducer", jobs.StreamingCommand(s.Reducer))
		}
		return append(argv, "-numReduceTasks", strconv.Itoa(s.Reducers)), nil
	})
}

// runJob is the life of a job-submitting action on YARN:
//
//  1. Look for applications already carrying the attempt's tag. If there
//     are any, an earlier try of this activity (on a worker that died)
//     submitted them: re-attach, skipping prepare and submission.
//  2. Otherwise run prepare, then the client (argv from build) with a
//     HADOOP_CONF_DIR that adds the action's configuration and
//     mapreduce.job.tags, and follow the tagged applications through the
//     ResourceManager while it runs, heartbeating their ids and progress.
//  3. The action succeeds when the client exited 0 and every tagged
//     application finished SUCCEEDED; the last application's counters
//     (from the JobHistory server) become the action's counters.
//
// Cancelling the activity kills the client and every tagged application
// that is still running (REST), and waits until YARN reports them killed.
//
// A driver that submits several jobs is re-attached as a whole: after a
// crash howdah waits for the applications it finds and does not run the
// driver again, so jobs the driver had not yet submitted are not run.
func (a *Activities) runJob(ctx context.Context, in contract.ActionInput, build func(confDir string) ([]string, error)) (contract.ActionResult, error) {
	return a.runJobTagged(ctx, in, JobTag(in), build)
}

// runJobTagged is runJob with the tag that finds the job's applications.
func (a *Activities) runJobTagged(ctx context.Context, in contract.ActionInput, tag string, build func(confDir string) ([]string, error)) (contract.ActionResult, error) {
	h := a.jobRunner()
	if h == nil {
		return a.NeedsHadoop(ctx, in)
	}
	return a.runClientJob(ctx, in, h, tag, clientProc{command: a.sparkCommand(in)}, build)
}

// clientProc says how an action's client process runs when it is not only
// Hadoop's own client in a temporary directory.
type clientProc struct {
	// command is run instead of the Hadoop client (spark-submit,
	// beeline, a shell action's command); dir is its working directory
	// (default: the job's temporary directory); env is added to its
	// environment.
	command, dir string
	env          []string
	// interrupt: a cancel sends SIGINT and gives the client
	// interruptGrace to exit before it is killed (beeline then cancels
	// its statement on the server).
	interrupt bool
	// explain, when set, turns a client's non-zero exit into the action's
	// error instead of jobs.ClientFailed.
	explain func(out string, exitErr error, apps []yarn.App) error
	// onCancel, when set, runs after the client and the tagged
	// applications were killed by a cancel (beeline's KILL QUERY).
	onCancel func()
	// preface, when set, is written to the client's log before it starts.
	preface string
}

// interruptGrace is how long an interrupted client has to exit.
const interruptGrace = 3 * time.Second

// runClientJob is runJobTagged with h (a cluster's, or localJobs) and c.
func (a *Activities) runClientJob(ctx context.Context, in contract.ActionInput, h jobRunner, tag string, c clientProc, build func(confDir string) ([]string, error)) (contract.ActionResult, error) {
	apps, err := h.AppsByTag(ctx, tag)
	if err != nil {
		return contract.ActionResult{}, transientErr(ctx, in.Node, "looking up applications tagged "+tag, err)
	}
	j := &job{a: a, h: h, in: in, tag: tag, client: c}
	if in.Action.Java != nil && in.Action.CaptureOutput {
		// One place per attempt, kept until the attempt has read it: a
		// driver that wrote it before its worker died leaves it for the
		// re-attached try (on this host) to read.
		j.outputFile = a.outputPath(tag)
		j.captured = true
	}
	var driver jobDriver
	logs := a.openLogs(ctx, in, "client")
	if len(apps) > 0 {
		j.reattached = true
		j.attached = "re-attached to " + jobs.IDs(apps)
		fmt.Fprintf(logs.stream(0), "howdah: re-attached to %s (tag %s); the Hadoop client's output is in the earlier try's log\n", jobs.IDs(apps), tag)
		if activity.IsActivity(ctx) {
			activity.GetLogger(ctx).Info("re-attached to YARN applications", "tag", tag, "applications", jobs.IDs(apps))
		}
	} else {
		if err := a.prepare(ctx, in.Action.Prepare); err != nil {
			return contract.ActionResult{}, failed(ctx, in.Node, err)
		}
		dir, err := os.MkdirTemp(a.WorkDir, "howdah-job-")
		if err != nil {
			return contract.ActionResult{}, err
		}
		defer os.RemoveAll(dir)
		confDir := ""
		if h.ConfDir() != "" {
			confDir = filepath.Join(dir, "conf")
		}
		props := make([]conf.Property, 0, len(in.Action.Configuration)+2)
		for _, p := range in.Action.Configuration {
			props = append(props, conf.Property{Name: p.Name, Value: p.Value})
		}
		// The hash tag finds the attempt's applications; the readable
		// ones let an operator find a run's jobs in YARN's UI and CLI.
		props = append(props, conf.Property{Name: "mapreduce.job.tags", Value: strings.Join(append([]string{tag, "howdah"}, ReadableTags(in)...), ",")})
		if !hasProperty(in.Action.Configuration, "mapreduce.job.name") {
			props = append(props, conf.Property{Name: "mapreduce.job.name", Value: JobName(in)})
		}
		cache, err := cacheProperties(in)
		if err != nil {
			return contract.ActionResult{}, logs.fail(ctx, failed(ctx, in.Node, err))
		}
		props = append(props, cache...)
		if confDir != "" {
			if err := conf.Overlay(h.ConfDir(), confDir, props); err != nil {
				return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: %v", errBadInput, err))
			}
		}
		argv, err := build(confDir)
		if err != nil {
			return contract.ActionResult{}, failed(ctx, in.Node, err)
		}
		if j.captured {
			if err := os.MkdirAll(filepath.Dir(j.outputFile), 0o700); err != nil {
				return contract.ActionResult{}, failed(ctx, in.Node, err)
			}
			os.Remove(j.outputFile) // nothing from an earlier try of this attempt
		}
		workDir := dir
		if c.dir != "" {
			workDir = c.dir
		}
		if c.preface != "" {
			fmt.Fprintln(logs.stream(0), c.preface)
		}
		driver, err = a.startDriver(h, in, c, argv, confDir, workDir, j.outputFile, logs.stream(0))
		if err != nil {
			return contract.ActionResult{}, logs.fail(ctx, failed(ctx, in.Node, err))
		}
		defer driver.Kill()
	}
	res, err := j.follow(ctx, driver)
	if driver != nil {
		driver.Kill() // its output is complete before the log closes
	}
	where := logs.close(ctx)
	var app *temporal.ApplicationError
	if j.captured && (err == nil || errors.As(err, &app) && app.NonRetryable()) {
		// The attempt is over (a retried one re-attaches and reads it).
		os.Remove(j.outputFile)
	}
	if err != nil {
		return res, withLogsLost(err, where, logs.lost)
	}
	res.Logs, res.LogsLost = where, logs.lost
	return res, nil
}

// cacheProperties ship the files and archives of a job-submitting action
// whose client is not told them on its command line (map_reduce, java, a
// shell's Hadoop client): as tmpfiles and tmparchives, which the job
// submitter uploads into each job's distributed cache whatever the driver
// parses, as `-files` and `-archives` would. A path without a scheme is
// on this host, as for -files; "#link" names the link in the task's
// directory.
func cacheProperties(in contract.ActionInput) ([]conf.Property, error) {
	a := in.Action
	if a.Streaming != nil || a.Spark != nil || len(a.Files)+len(a.Archives) == 0 {
		return nil, nil // streaming and spark pass them as flags
	}
	if err := commaFree(map[string][]string{"files": a.Files, "archives": a.Archives}); err != nil {
		return nil, err
	}
	var props []conf.Property
	for _, l := range []struct {
		name string
		list []string
	}{{"tmpfiles", a.Files}, {"tmparchives", a.Archives}} {
		if len(l.list) == 0 {
			continue
		}
		uris := make([]string, len(l.list))
		for i, f := range l.list {
			path, link, _ := strings.Cut(f, "#")
			if strings.Contains(path, "://") {
				uris[i] = f
				continue
			}
			path = strings.TrimPrefix(path, "file:")
			if !filepath.IsAbs(path) {
				return nil, fmt.Errorf("%w: %s entry %q is a relative local path and the run was not submitted from this host: give an absolute path or an hdfs:// URL", errBadInput, strings.TrimPrefix(l.name, "tmp"), f)
			}
			uris[i] = (&url.URL{Scheme: "file", Path: path, Fragment: link}).String()
		}
		props = append(props, conf.Property{Name: l.name, Value: strings.Join(uris, ",")})
	}
	return props, nil
}

// sparkCommand is the client a spark action runs instead of Hadoop's.
func (a *Activities) sparkCommand(in contract.ActionInput) string {
	if in.Action.Spark != nil {
		return a.sparkSubmit()
	}
	return ""
}

// localJobs is the jobRunner of a worker with no cluster: clients run
// (beeline, a shell action's Hadoop client in local mode) with no
// applications to follow or kill.
type localJobs struct{}

func (localJobs) AppsByTag(context.Context, string) ([]yarn.App, error) { return nil, nil }
func (localJobs) Start(s jobs.Spec) (jobDriver, error)                  { return (&jobs.Client{}).Start(s) }
func (localJobs) Watch(string) (<-chan jobs.Snapshot, func())           { return nil, func() {} }
func (localJobs) KillRunning(context.Context, []yarn.App)               {}
func (localJobs) KillTagged(string)                                     {}
func (localJobs) ConfDir() string                                       { return "" }
func (localJobs) DriverError(context.Context, yarn.App) string          { return "" }
func (localJobs) Counters(context.Context, string) (map[string]map[string]int64, bool, error) {
	return nil, false, nil
}

// outputPath is where the java action of attempt tag writes its captured
// output (Oozie's oozie.action.output.properties): under the worker's work
// directory, named by the tag, so a re-attached try finds it.
func (a *Activities) outputPath(tag string) string {
	dir := a.WorkDir
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "howdah-output", tag+".properties")
}

// startDriver starts the Hadoop client for in with argv: the job's jar
// and libs on its classpath, a java action's options, the run's user when
// the worker impersonates.
func (a *Activities) startDriver(h jobRunner, in contract.ActionInput, c clientProc, argv []string, confDir, dir, outputFile string, log io.Writer) (jobDriver, error) {
	spec := jobs.Spec{
		Command: c.command,
		Argv:    argv, Dir: dir, ConfDir: confDir, ProcEnv: a.Env, User: in.User, Log: log,
		Redact: plan.NewRedactor(in.Secrets).Writer,
		Env:    append([]string{"HOWDAH_WORKFLOW_ID=" + in.WorkflowID, "HOWDAH_NODE=" + in.Node}, c.env...),
	}
	// The jar is on the client's classpath whichever way JarCommand runs
	// it (`hadoop CLASS` needs it there; under `hadoop jar` it is harmless).
	classpath := func(jar string, libs []string) {
		if jar != "" {
			spec.Classpath = append(spec.Classpath, jar)
		}
		spec.Classpath = append(spec.Classpath, libs...)
	}
	if j := in.Action.Java; j != nil {
		classpath(j.Jar, j.Libs)
		spec.JavaOpts = j.JavaOpts
		if outputFile != "" {
			// Where Oozie's java action tells main() to write its output.
			spec.JavaOpts = append(append([]string(nil), j.JavaOpts...), "-Doozie.action.output.properties="+outputFile)
			spec.Env = append(spec.Env, "HOWDAH_OUTPUT_PROPERTIES="+outputFile)
		}
	}
	if mr := in.Action.MapReduce; mr != nil {
		classpath(mr.Jar, mr.Libs)
	}
	if in.Action.Spark != nil {
		spec.Env = append(spec.Env, a.sparkKerberosEnv()...)
	}
	return h.Start(spec)
}
