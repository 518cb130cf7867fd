// Package hadooptest starts the repository's test Hadoop cluster
// (scripts/hadoop-minicluster) for integration tests and benchmarks.
//
// One cluster serves a whole test binary: Get starts it on first use and
// Stop, from TestMain, stops it. The cluster needs Java and Maven; without
// them the tests that need it skip with a loud message, unless CI is set,
// when they fail: CI must run them.
// HOWDAH_HADOOP_CLUSTER=DIR uses a cluster already started with
// `scripts/hadoop-minicluster start DIR` instead (faster while developing;
// namenode restarts are then unavailable).
package hadooptest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Cluster is a running test cluster.
type Cluster struct {
	// FS is the default filesystem URL, hdfs://localhost:PORT.
	FS string `json:"fs"`
	// Namenode is host:port of the namenode's RPC server.
	Namenode string `json:"namenode"`
	// RMWeb and JHSWeb are the ResourceManager's and JobHistory server's
	// web addresses (http://host:port).
	RMWeb  string `json:"rm_web"`
	JHSWeb string `json:"jhs_web"`
	// ConfDir is a HADOOP_CONF_DIR for clients.
	ConfDir string `json:"conf_dir"`
	// A secure cluster's realm, krb5.conf, keytab directory (service.keytab
	// and USER.keytab for the users howdah and alice; stale.keytab holds a
	// key the KDC no longer has) and KDC address; empty otherwise.
	Realm    string `json:"realm"`
	Krb5Conf string `json:"krb5_conf"`
	Keytabs  string `json:"keytabs"`
	KDC      string `json:"kdc"`

	// Hadoop is the path of the `hadoop` client command.
	Hadoop string `json:"-"`
	// Jars of the same Hadoop version.
	StreamingJar, ExamplesJar, DistCpJar string `json:"-"`
	// SparkHome and SparkConfDir are the Spark prepare installed (pyspark
	// from PyPI) and its configuration for this cluster; "" when absent.
	SparkHome, SparkConfDir string `json:"-"`

	dir     string // the cluster's state directory, when this binary started it
	cmd     *exec.Cmd
	control io.WriteCloser
	replies chan string
	mu      sync.Mutex
}

var (
	once    sync.Once
	cluster *Cluster
	why     error // why there is no cluster

	secureOnce    sync.Once
	secureCluster *Cluster
	secureWhy     error
)

// Repo returns the repository's root directory.
func Repo() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Get returns the cluster, starting it on first use. Without Java or
// Maven it skips the test with a loud message, unless CI is set: then,
// like any failure to start, it fails the test.
func Get(tb testing.TB) *Cluster {
	tb.Helper()
	once.Do(func() { cluster, why = startOnce(false) })
	return check(tb, cluster, why)
}

// GetSecure returns the kerberized cluster (its own KDC, Kerberos RPC,
// SASL data transfer, SPNEGO REST), starting it on first use; like Get
// otherwise. It also needs kinit (MIT Kerberos' client tools).
func GetSecure(tb testing.TB) *Cluster {
	tb.Helper()
	secureOnce.Do(func() { secureCluster, secureWhy = startOnce(true) })
	return check(tb, secureCluster, secureWhy)
}

func startOnce(secure bool) (*Cluster, error) {
	c, err := start(secure)
	// The daemons bind ports the script chose and released: another
	// process of this machine (a test's Temporal server, a client's
	// ephemeral port) can take one in between. Try again once.
	if err != nil && !errors.Is(err, errNoTools) && strings.Contains(err.Error(), "exited while starting") {
		fmt.Fprintf(os.Stderr, "hadooptest: the cluster exited while starting (a port taken in between?); starting it again: %v\n", firstLine(err.Error()))
		c, err = start(secure)
	}
	if err != nil && !errors.Is(err, errNoTools) {
		fmt.Fprintf(os.Stderr, "hadooptest: the Hadoop test cluster did not start: %v\n", err)
	} else if err != nil {
		fmt.Fprintf(os.Stderr, "\n*** hadooptest: SKIPPING the Hadoop integration tests: %v ***\n\n", err)
	}
	return c, err
}

func check(tb testing.TB, c *Cluster, err error) *Cluster {
	tb.Helper()
	if err != nil {
		if os.Getenv("CI") != "" || !errors.Is(err, errNoTools) {
			tb.Fatalf("Hadoop test cluster: %v", err)
		}
		tb.Skipf("SKIPPED: no Hadoop test cluster: %v", err)
	}
	return c
}

// Stop stops the clusters this binary started; call it from TestMain
// after m.Run.
func Stop() {
	if cluster != nil {
		cluster.stop()
	}
	if secureCluster != nil {
		secureCluster.stop()
	}
}

var errNoTools = errors.New("tools missing")

func start(secure bool) (*Cluster, error) {
	repo := Repo()
	script := filepath.Join(repo, "scripts", "hadoop-minicluster")
	tools := []string{"java", "mvn", "javac"}
	if secure {
		tools = append(tools, "kinit")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%w: %s is not installed (the test cluster needs Java 17+ and Maven; the secure one also kinit: Debian krb5-user)", errNoTools, tool)
		}
	}
	// Jars and the launcher first, so their time is not counted as startup.
	prep := exec.Command(script, "prepare")
	prep.Stdout, prep.Stderr = os.Stderr, os.Stderr
	if err := prep.Run(); err != nil {
		return nil, fmt.Errorf("scripts/hadoop-minicluster prepare: %v", err)
	}
	c := &Cluster{}
	if dir := os.Getenv("HOWDAH_HADOOP_CLUSTER"); dir != "" && !secure {
		if err := c.load(filepath.Join(dir, "ready.json")); err != nil {
			return nil, err
		}
		return c, c.tools(repo)
	}
	dir, err := os.MkdirTemp("", "howdah-hadoop-")
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "cluster.log"))
	if err != nil {
		return nil, err
	}
	c.dir = dir
	args := []string{"run", dir, "--control-stdin"}
	if secure {
		args = append(args, "--secure")
	}
	c.cmd = exec.Command(script, args...)
	c.cmd.Stderr = logf
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	c.control, _ = c.cmd.StdinPipe()
	out, _ := c.cmd.StdoutPipe()
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	c.replies = make(chan string, 16)
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if p, ok := strings.CutPrefix(line, "READY "); ok {
				ready <- p
				continue
			}
			if strings.HasPrefix(line, "OK ") || strings.HasPrefix(line, "ERR ") {
				c.replies <- line
			}
		}
		close(ready)
	}()
	began := time.Now()
	select {
	case p, ok := <-ready:
		if !ok {
			c.stop()
			return nil, fmt.Errorf("the cluster exited while starting; log: %s\n%s", logf.Name(), tail(logf.Name(), 30))
		}
		fmt.Fprintf(os.Stderr, "hadooptest: cluster ready in %s (log %s)\n", time.Since(began).Round(time.Second), logf.Name())
		if err := c.load(p); err != nil {
			c.stop()
			return nil, err
		}
	case <-time.After(5 * time.Minute):
		c.stop()
		return nil, fmt.Errorf("the cluster was not ready after 5 minutes; log: %s", logf.Name())
	}
	return c, c.tools(repo)
}

func (c *Cluster) load(readyJSON string) error {
	b, err := os.ReadFile(readyJSON)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, c)
}

// tools finds the client command and jars that `prepare` wrote.
func (c *Cluster) tools(repo string) error {
	cache := os.Getenv("HOWDAH_HADOOP_CACHE")
	if cache == "" {
		cache = filepath.Join(repo, ".cache", "hadoop")
	}
	c.Hadoop = filepath.Join(cache, "bin", "hadoop")
	b, err := os.ReadFile(filepath.Join(cache, "jars.env"))
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "HADOOP_STREAMING_JAR":
			c.StreamingJar = v
		case "HADOOP_MAPREDUCE_EXAMPLES_JAR":
			c.ExamplesJar = v
		case "HADOOP_DISTCP_JAR":
			c.DistCpJar = v
		}
	}
	if c.StreamingJar == "" || c.ExamplesJar == "" {
		return errors.New("jars.env lacks the streaming or examples jar")
	}
	if homes, _ := filepath.Glob(filepath.Join(cache, "spark", "venv", "lib", "python3*", "site-packages", "pyspark")); len(homes) > 0 {
		c.SparkHome, c.SparkConfDir = homes[0], filepath.Join(cache, "spark", "conf")
	}
	return nil
}

// SparkSubmit is the path of Spark's spark-submit ("" without Spark).
func (c *Cluster) SparkSubmit() string {
	if c.SparkHome == "" {
		return ""
	}
	return filepath.Join(c.SparkHome, "bin", "spark-submit")
}

// Env is the environment a Hadoop client needs: HADOOP_CONF_DIR.
func (c *Cluster) Env() []string {
	return append(os.Environ(), "HADOOP_CONF_DIR="+c.ConfDir)
}

// Run runs the hadoop client with args and returns its combined output.
func (c *Cluster) Run(args ...string) (string, error) {
	cmd := exec.Command(c.Hadoop, args...)
	cmd.Env = c.Env()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// RestartNamenode stops the namenode, waits down, and starts it again; it
// returns once the namenode serves.
func (c *Cluster) RestartNamenode(tb testing.TB, down time.Duration) {
	tb.Helper()
	c.command(tb, fmt.Sprintf("restart-namenode %.3f", down.Seconds()))
}

// Failover makes the secure cluster's standby namenode active and the
// active one standby (its two namenodes form the HA nameservice howdah-ns).
func (c *Cluster) Failover(tb testing.TB) {
	tb.Helper()
	c.command(tb, "failover")
}

// command sends the launcher a control command and waits for its answer.
func (c *Cluster) command(tb testing.TB, cmd string) {
	tb.Helper()
	if c.control == nil {
		tb.Skip("the cluster was not started by this test binary (HOWDAH_HADOOP_CLUSTER)")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintln(c.control, cmd); err != nil {
		tb.Fatal(err)
	}
	select {
	case r := <-c.replies:
		if !strings.HasPrefix(r, "OK ") {
			tb.Fatalf("%s: %s", cmd, r)
		}
	case <-time.After(3 * time.Minute):
		tb.Fatalf("%s: no answer after 3 minutes", cmd)
	}
}

func (c *Cluster) stop() {
	if c.cmd == nil || c.cmd.Process == nil {
		return
	}
	c.control.Close() // EOF: the launcher shuts its daemons down
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	// Daemons that outlived the launcher share its process group.
	syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	// HDFS blocks and YARN's local dirs go; the logs stay for a post-mortem.
	os.RemoveAll(filepath.Join(c.dir, "data"))
	os.RemoveAll(filepath.Join(c.dir, "target"))
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
