package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/hadoop/procenv"
	"github.com/spf13/cobra"
)

// hadoopFlags configure the worker's Hadoop cluster. With a configuration
// directory (--hadoop-conf-dir or HADOOP_CONF_DIR) the worker submits
// map_reduce, java, distcp and hdfs:// streaming actions to YARN and
// serves hdfs:// paths; without one it runs in local mode.
type hadoopFlags struct {
	confDir, command, user, streamingJar string
	local                                bool
	passEnv                              []string
}

func (h *hadoopFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&h.confDir, "hadoop-conf-dir", os.Getenv("HADOOP_CONF_DIR"), "Hadoop client configuration (default $HADOOP_CONF_DIR); empty: local mode")
	f.StringVar(&h.command, "hadoop", envOr("HOWDAH_HADOOP", "hadoop"), "Hadoop client command that submits jobs (default $HOWDAH_HADOOP or hadoop on PATH)")
	f.StringVar(&h.user, "hadoop-user", os.Getenv("HADOOP_USER_NAME"), "Hadoop user (default $HADOOP_USER_NAME, else your user)")
	f.StringVar(&h.streamingJar, "streaming-jar", "", "hadoop-streaming jar (default $HADOOP_STREAMING_JAR, else under $HADOOP_HOME)")
	f.BoolVar(&h.local, "local", false, "local mode even when a Hadoop configuration is present")
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
		return a, nil
	}
	a, err := activities.NewWithHadoop(activities.HadoopConfig{
		ConfDir: h.confDir, Command: h.command, User: h.user, StreamingJar: h.streamingJar,
	})
	if err != nil {
		return nil, fmt.Errorf("Hadoop: %w (or pass --local)", err)
	}
	a.Env = procenv.Env{Allow: h.passEnv}
	fmt.Fprintf(log, "Hadoop: %s (client %q, ResourceManager %s)\n", h.confDir, h.command, a.Hadoop.YARN.RM[0])
	return a, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
