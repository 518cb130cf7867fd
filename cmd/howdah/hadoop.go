package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/hadoop/procenv"
	"github.com/spf13/cobra"
)

// hadoopFlags configure the worker's Hadoop cluster. With a configuration
// directory (--hadoop-conf-dir or HADOOP_CONF_DIR) the worker submits
// map_reduce, java, distcp and hdfs:// streaming actions to YARN and
// serves hdfs:// paths; without one it runs in local mode.
type hadoopFlags struct {
	confDir, command, user, streamingJar string
	sparkSubmit, sparkArchiveDir         string
	beeline, hiveJDBCURL                 string
	local                                bool
	passEnv                              []string
	logDir                               string
	logLimit                             int64
	principal, keytab                    string
	proxyUser                            bool
}

func (h *hadoopFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&h.confDir, "hadoop-conf-dir", os.Getenv("HADOOP_CONF_DIR"), "Hadoop client configuration (default $HADOOP_CONF_DIR); empty: local mode")
	f.StringVar(&h.command, "hadoop", envOr("HOWDAH_HADOOP", "hadoop"), "Hadoop client command that submits jobs (default $HOWDAH_HADOOP or hadoop on PATH)")
	f.StringVar(&h.user, "hadoop-user", os.Getenv("HADOOP_USER_NAME"), "Hadoop user (default $HADOOP_USER_NAME, else your user)")
	f.StringVar(&h.streamingJar, "streaming-jar", "", "hadoop-streaming jar (default $HADOOP_STREAMING_JAR, else under $HADOOP_HOME)")
	f.StringVar(&h.sparkSubmit, "spark-submit", activities.SparkSubmitCommand(), "spark-submit that spark actions run (default $SPARK_HOME/bin/spark-submit, else spark-submit on PATH)")
	f.StringVar(&h.sparkArchiveDir, "spark-archive-dir", os.Getenv("HOWDAH_SPARK_ARCHIVE_DIR"), "HDFS directory where the worker keeps a zip of Spark's jars, uploaded once, that YARN Spark jobs use as spark.yarn.archive instead of uploading SPARK_HOME/jars on every submit (default $HOWDAH_SPARK_ARCHIVE_DIR)")
	f.StringVar(&h.beeline, "beeline", activities.BeelineCommand(), "beeline that hive actions run (default $HIVE_HOME/bin/beeline, else $SPARK_HOME/bin/beeline, else beeline on PATH)")
	f.StringVar(&h.hiveJDBCURL, "hive-jdbc-url", os.Getenv("HOWDAH_HIVE_JDBC_URL"), "HiveServer2 JDBC URL of hive actions that set no jdbc_url (jdbc:hive2://host:10000/default; default $HOWDAH_HIVE_JDBC_URL)")
	f.BoolVar(&h.local, "local", false, "local mode even when a Hadoop configuration is present")
	f.StringVar(&h.logDir, "log-dir", logstore.DefaultRoot(), "where every attempt's stdout and stderr are kept: a directory, or hdfs://nn/path on a cluster (default $HOWDAH_LOG_DIR, else ~/.local/state/howdah/logs); empty: not kept")
	f.Int64Var(&h.logLimit, "log-limit", logstore.DefaultLimit, "bytes kept per stream and attempt; the rest is counted and marked as truncated")
	f.StringVar(&h.principal, "kerberos-principal", os.Getenv("HOWDAH_KERBEROS_PRINCIPAL"), "on a kerberized cluster: the principal to log in as with --kerberos-keytab (default $HOWDAH_KERBEROS_PRINCIPAL); without a keytab the ticket cache ($KRB5CCNAME, from kinit) is used")
	f.StringVar(&h.keytab, "kerberos-keytab", os.Getenv("HOWDAH_KERBEROS_KEYTAB"), "on a kerberized cluster: the keytab of --kerberos-principal; the login renews itself (default $HOWDAH_KERBEROS_KEYTAB)")
	f.BoolVar(&h.proxyUser, "proxy-user", os.Getenv("HOWDAH_PROXY_USER") == "true", "run each Hadoop job as the run's user (submit --user; Hadoop proxy users, as Oozie does): the cluster must allow this worker's user to impersonate (hadoop.proxyuser.*)")
	f.StringSliceVar(&h.passEnv, "pass-env", splitList(os.Getenv("HOWDAH_PASS_ENV")), "worker environment variables (NAME or PREFIX*) that action processes also get, beyond PATH, HOME, locale, JAVA_HOME and Hadoop's own (default $HOWDAH_PASS_ENV)")
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// activities builds the worker's activities, saying which mode it is in.
func (h *hadoopFlags) activities(log io.Writer) (*activities.Activities, error) {
	if h.local || h.confDir == "" {
		a := activities.New()
		a.Env = procenv.Env{Allow: h.passEnv}
		a.SparkSubmit = h.sparkSubmit
		a.Beeline, a.HiveJDBCURL = h.beeline, h.hiveJDBCURL
		return a, h.openLogs(a)
	}
	a, err := activities.NewWithHadoop(activities.HadoopConfig{
		ConfDir: h.confDir, Command: h.command, User: h.user, StreamingJar: h.streamingJar,
		Kerberos:  kerberos.Options{Principal: h.principal, Keytab: h.keytab},
		ProxyUser: h.proxyUser,
	})
	if err != nil {
		return nil, fmt.Errorf("Hadoop: %w (or pass --local)", err)
	}
	a.Env = procenv.Env{Allow: h.passEnv}
	a.SparkSubmit, a.SparkArchiveDir = h.sparkSubmit, h.sparkArchiveDir
	a.Beeline, a.HiveJDBCURL = h.beeline, h.hiveJDBCURL
	fmt.Fprintf(log, "Hadoop: %s (client %q, ResourceManager %s)\n", h.confDir, h.command, a.Hadoop.YARN.RM[0])
	if k := a.Hadoop.Kerberos; k != nil {
		how := "ticket cache"
		if k.Keytab() {
			how = "keytab, renewed"
		}
		fmt.Fprintf(log, "Kerberos: %s (%s)\n", k.Principal, how)
	}
	return a, h.openLogs(a)
}

// openLogs sets the activities' log store.
func (h *hadoopFlags) openLogs(a *activities.Activities) error {
	if h.logDir == "" {
		return nil
	}
	s, err := logstore.Open(h.logDir, a.HDFS)
	if err != nil {
		return fmt.Errorf("--log-dir: %w", err)
	}
	a.Logs, a.LogLimit = s, h.logLimit
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
