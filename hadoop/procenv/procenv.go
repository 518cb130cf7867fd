// Package procenv builds the environment of the processes howdah starts
// for actions: shell commands, streaming mappers and reducers, and Hadoop
// clients (whose JVMs run java actions' user code). They get a clean
// environment, not the worker's: a worker's variables hold secrets
// (TEMPORAL_API_KEY, cloud credentials, tokens) that any step could
// otherwise read and capture into Temporal's history.
//
// It imports the standard library only.
package procenv

import (
	"os"
	"strings"
)

// Default names the variables every action process gets from the worker:
// what a Unix program needs to run (PATH, HOME, locale, time zone, user,
// temp dir), and what a Hadoop client needs (JAVA_HOME, Hadoop's own
// HADOOP_*/HDFS_*/YARN_*/MAPRED_* variables, Spark's SPARK_* and
// PYSPARK_*, the Hive, Tez, Pig and Sqoop clients' HIVE_*, TEZ_*, PIG_*, SQOOP_*, Kerberos' ticket cache and configuration). A trailing '*' matches any suffix.
var Default = []string{
	"PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "TZ", "LANG", "LANGUAGE", "LC_*",
	"JAVA_HOME", "HADOOP_*", "HDFS_*", "YARN_*", "MAPRED_*", "SPARK_*", "PYSPARK_*",
	"HIVE_*", "TEZ_*", "PIG_*", "SQOOP_*",
	"KRB5CCNAME", "KRB5_CONFIG",
}

// Never names variables no action process gets, even when allowed: the
// payload encryption keys (an action could print them into its captured
// output, and so into Temporal's history).
var Never = []string{"HOWDAH_CODEC_KEY"}

// Env is an allowlist of worker environment variables.
type Env struct {
	// Allow adds names (or NAME* prefixes) to Default: the worker
	// operator's choice (`howdah worker --pass-env`).
	Allow []string
}

// Build returns the environment for an action process: the allowed
// variables of this process's environment, then extra ("NAME=value",
// later entries win, as with exec.Cmd).
func (e Env) Build(extra ...string) []string {
	return e.filter(os.Environ(), extra...)
}

func (e Env) filter(from []string, extra ...string) []string {
	var out []string
	for _, kv := range from {
		name, _, ok := strings.Cut(kv, "=")
		if ok && (matches(Default, name) || matches(e.Allow, name)) && !matches(Never, name) {
			out = append(out, kv)
		}
	}
	return append(out, extra...)
}

func matches(patterns []string, name string) bool {
	for _, p := range patterns {
		if prefix, ok := strings.CutSuffix(p, "*"); ok {
			if strings.HasPrefix(name, prefix) {
				return true
			}
		} else if p == name {
			return true
		}
	}
	return false
}
