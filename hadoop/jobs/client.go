package jobs

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/hadoop/procenv"
	"github.com/howdah/howdah/hadoop/yarn"
)

// Client is how a worker reaches a Hadoop cluster: a client command run on
// the worker host (as on any edge node) and the cluster's REST APIs.
type Client struct {
	// Command is the Hadoop client (default "hadoop" on PATH).
	Command string
	// ConfDir is the client's HADOOP_CONF_DIR.
	ConfDir string
	// User, when set, is passed as HADOOP_USER_NAME (simple authentication).
	User string
	// StreamingJar is hadoop-streaming's jar, for streaming jobs.
	StreamingJar string
	// YARN is the ResourceManager / JobHistory REST client.
	YARN *yarn.Client
	// PollEvery is how often the ResourceManager is polled for the jobs
	// this worker follows, all of them in one call (default 2s).
	PollEvery time.Duration
	// Kerberos is the worker's login on a kerberized cluster.
	Kerberos *kerberos.Login
	// ProxyUser runs jobs as the user each Start names (HADOOP_PROXY_USER).
	ProxyUser bool

	trackerOnce sync.Once
	tracker     *tracker
}

// CommandName is the client command run.
func (c *Client) CommandName() string {
	if c.Command != "" {
		return c.Command
	}
	return "hadoop"
}

func (c *Client) pollEvery() time.Duration {
	if c.PollEvery > 0 {
		return c.PollEvery
	}
	return 2 * time.Second
}

// ProcessEnv is the environment of a Hadoop client process: the clean
// action environment pe builds (the client's JVM runs java actions' code),
// with confDir as HADOOP_CONF_DIR, the configured user, and on a
// kerberized cluster the worker's tickets as a ticket cache (never a
// password or a keytab path on the command line; the client obtains the
// job's delegation tokens itself, as it does for a user).
func (c *Client) ProcessEnv(pe procenv.Env, confDir string) ([]string, error) {
	var env []string
	if confDir != "" {
		env = pe.Build("HADOOP_CONF_DIR=" + confDir)
	} else {
		env = pe.Build() // a client with no cluster (beeline in local mode)
	}
	if c.User != "" {
		env = append(env, "HADOOP_USER_NAME="+c.User)
	}
	if c.Kerberos != nil {
		kenv, err := c.Kerberos.ProcessEnv()
		if err != nil {
			return nil, err
		}
		env = append(env, kenv...)
	}
	return env, nil
}

// Setrep runs `hadoop fs -setrep N URL` (colinmarc/hdfs has no call for it).
func (c *Client) Setrep(ctx context.Context, url string, n int) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.CommandName(), "fs", "-setrep", strconv.Itoa(n), url)
	env, err := c.ProcessEnv(procenv.Env{}, c.ConfDir)
	if err != nil {
		return err
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("hadoop fs -setrep %d %s: %v: %s", n, url, err, LastLines(strings.TrimSpace(string(out)), 5))
	}
	return nil
}

// FindStreamingJar looks for hadoop-streaming: HADOOP_STREAMING_JAR, else
// under HADOOP_HOME, where Hadoop's distribution keeps it.
func FindStreamingJar() string {
	if j := os.Getenv("HADOOP_STREAMING_JAR"); j != "" {
		return j
	}
	home := os.Getenv("HADOOP_HOME")
	if home == "" {
		return ""
	}
	m, _ := filepath.Glob(filepath.Join(home, "share", "hadoop", "tools", "lib", "hadoop-streaming-*.jar"))
	sort.Strings(m)
	if len(m) == 0 {
		return ""
	}
	return m[len(m)-1]
}

// LastLines is the last n lines of s.
func LastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
