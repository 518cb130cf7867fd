package activities

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/activity"
)

// SparkSubmitCommand is the spark-submit a worker runs when none is
// configured: $SPARK_HOME/bin/spark-submit, else spark-submit on PATH.
func SparkSubmitCommand() string {
	if home := os.Getenv("SPARK_HOME"); home != "" {
		return filepath.Join(home, "bin", "spark-submit")
	}
	return "spark-submit"
}

func (a *Activities) sparkSubmit() string {
	if a.SparkSubmit != "" {
		return a.SparkSubmit
	}
	return SparkSubmitCommand()
}

// Spark runs a spark action with spark-submit.
//
// On YARN in cluster mode it is a job like map_reduce's (runJob): the
// application carries the attempt's tag (spark.yarn.tags), spark-submit
// returns once YARN has accepted it (spark.yarn.submit.waitAppCompletion
// =false) and howdah follows it through the ResourceManager, re-attaches
// to it after a worker restart instead of submitting again, and kills it
// on cancel; YARN does not retry it (spark.yarn.maxAppAttempts=1): the
// action's retry policy does. In client mode the driver runs in
// spark-submit on the worker: it is tagged, tracked and killed the same
// way, but dies with the worker, so a retried try kills what the lost one
// left running and submits again. A local master runs spark-submit as a
// process, killed on cancel and run again after a worker crash.
func (a *Activities) Spark(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	sp := in.Action.Spark
	if sp == nil {
		return contract.ActionResult{}, badInput(in.Node, "no spark block")
	}
	if err := checkSparkLists(in.Action); err != nil {
		return contract.ActionResult{}, failed(ctx, in.Node, err)
	}
	submit := a.sparkSubmit()
	if _, err := exec.LookPath(submit); err != nil {
		return contract.ActionResult{}, badInput(in.Node, "spark actions need spark-submit: %q cannot be run (%v). Set SPARK_HOME or the worker's --spark-submit flag.", submit, err)
	}
	if !sp.OnYARN() {
		local := in // Action is a copy: the Shell set here is this call's
		local.Action.Shell = &plan.Shell{Argv: append([]string{submit}, SparkArgs(in, "")...), Dir: in.WorkDir}
		if !workDirHere(in.WorkDir) {
			local.Action.Shell.Dir = ""
		}
		return a.Shell(ctx, local)
	}
	archive, err := a.sparkArchiveConf(ctx)
	if errors.Is(err, errBadInput) {
		return contract.ActionResult{}, failed(ctx, in.Node, err)
	} else if err != nil {
		return contract.ActionResult{}, transientErr(ctx, in.Node, "preparing Spark's jar archive", err)
	}
	if len(archive) > 0 {
		// Before spark_opts, so a job's own spark.yarn.archive wins.
		own := *sp
		own.SparkOpts = append(archive, sp.SparkOpts...)
		in.Action.Spark = &own
	}
	tag := JobTag(in)
	if sp.Mode == "client" {
		// The driver lives in spark-submit: a try cannot re-attach to an
		// earlier one's, so each try has its own tag and first kills what
		// the earlier tries left running.
		try := activityAttempt(ctx)
		if h := a.jobRunner(); h != nil {
			for t := 1; t < try; t++ {
				h.KillTagged(clientTryTag(tag, t))
			}
		}
		tag = clientTryTag(tag, try)
	}
	return a.runJobTagged(ctx, in, tag, func(string) ([]string, error) {
		return SparkArgs(in, tag), nil
	})
}

// sparkKerberosEnv points spark-submit's JVM at the worker's krb5.conf: a
// JVM reads java.security.krb5.conf (else /etc/krb5.conf), not the
// KRB5_CONFIG the worker's login sets, so without it spark-submit would
// not find the realm of a worker whose krb5.conf is elsewhere. It is
// added to SPARK_SUBMIT_OPTS (the worker's own options kept).
func (a *Activities) sparkKerberosEnv() []string {
	if a.Hadoop == nil || a.Hadoop.Kerberos == nil {
		return nil
	}
	env, err := a.Hadoop.Kerberos.ProcessEnv()
	if err != nil {
		return nil // Start reports it
	}
	for _, kv := range env {
		if path, ok := strings.CutPrefix(kv, "KRB5_CONFIG="); ok && path != "" {
			return []string{"SPARK_SUBMIT_OPTS=" + strings.TrimSpace(os.Getenv("SPARK_SUBMIT_OPTS")+" -Djava.security.krb5.conf="+path)}
		}
	}
	return nil
}

// clientTryTag is the tag of try t of a client-mode attempt.
func clientTryTag(tag string, t int) string { return tag + "-" + strconv.Itoa(t) }

// activityAttempt is the activity's try (1 for the first; 1 outside an
// activity).
func activityAttempt(ctx context.Context) int {
	if activity.IsActivity(ctx) {
		return int(activity.GetInfo(ctx).Attempt)
	}
	return 1
}

// checkSparkLists refuses a comma inside one entry of the lists
// spark-submit takes comma-separated.
func checkSparkLists(a plan.Action) error {
	return commaFree(map[string][]string{"files": a.Files, "archives": a.Archives, "py_files": a.Spark.PyFiles, "jars": a.Spark.Jars})
}

// commaFree refuses a comma inside one entry of lists a Hadoop or Spark
// client takes comma-separated (-files, --jars): "x,/etc/hosts" would ship
// two files.
func commaFree(lists map[string][]string) error {
	for name, l := range lists {
		for _, v := range l {
			if strings.Contains(v, ",") {
				return fmt.Errorf("%w: %s entry %q holds a comma, which the client reads as a separator: rename the file", errBadInput, name, v)
			}
		}
	}
	return nil
}

// SparkArgs are spark-submit's arguments for a spark action: what the
// action says, then (on YARN, tag set) the settings howdah owns, last so
// that spark_opts cannot undo them, then the application and its
// arguments.
func SparkArgs(in contract.ActionInput, tag string) []string {
	sp := in.Action.Spark
	argv := []string{"--master", sp.Master}
	if sp.OnYARN() {
		argv = append(argv, "--deploy-mode", sp.Mode)
	}
	name := sp.Name
	if name == "" {
		name = JobName(in)
	}
	argv = append(argv, "--name", name)
	if sp.MainClass != "" {
		argv = append(argv, "--class", sp.MainClass)
	}
	list := func(flag string, v []string) {
		if len(v) > 0 {
			argv = append(argv, flag, strings.Join(v, ","))
		}
	}
	list("--files", in.Action.Files)
	list("--archives", in.Action.Archives)
	list("--py-files", sp.PyFiles)
	list("--jars", sp.Jars)
	str := func(flag, v string) {
		if v != "" {
			argv = append(argv, flag, v)
		}
	}
	num := func(flag string, n int) {
		if n > 0 {
			argv = append(argv, flag, strconv.Itoa(n))
		}
	}
	str("--driver-memory", sp.DriverMemory)
	num("--driver-cores", sp.DriverCores)
	str("--executor-memory", sp.ExecutorMemory)
	num("--executor-cores", sp.ExecutorCores)
	num("--num-executors", sp.NumExecutors)
	str("--queue", sp.Queue)
	argv = append(argv, sp.SparkOpts...)
	if tag != "" {
		tags := strings.Join(append([]string{tag, "howdah"}, ReadableTags(in)...), ",")
		argv = append(argv,
			"--conf", "spark.yarn.tags="+tags,
			"--conf", "spark.yarn.maxAppAttempts=1",
			"--conf", fmt.Sprintf("spark.yarn.submit.waitAppCompletion=%t", sp.Mode != "cluster"),
		)
	}
	argv = append(argv, sp.Jar)
	return append(argv, sp.Args...)
}
