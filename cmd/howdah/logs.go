package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/hadoop/conf"
	"github.com/howdah/howdah/hadoop/hdfs"
	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/hadoop/yarn"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

type logsFlags struct {
	conn      connFlags
	runID     string
	run       int
	attempt   int
	follow    bool
	logDir    string
	confDir   string
	hadoopCmd string
	user      string
	noYARN    bool
	raw       bool
}

func newLogsCmd() *cobra.Command {
	var f logsFlags
	cmd := &cobra.Command{
		Use:   "logs WORKFLOW_ID [NODE]",
		Short: "Print the stdout and stderr every attempt of a run's actions left",
		Long: `Logs prints what each attempt of a run's actions printed (shell commands,
local streaming tasks, the Hadoop client of map_reduce, java and distcp
actions), from the log store the worker wrote them to: a local directory
(--log-dir, default $HOWDAH_LOG_DIR or ~/.local/state/howdah/logs) or an HDFS
directory, which the run's status names. Without NODE, every node that ran.

For YARN applications it also prints their aggregated container logs (yarn
logs), when the cluster aggregates them, or says that it does not and where
the logs are instead. -f follows a running node until it ends.`,
		Example: `  howdah logs etl-2026-11-24
  howdah logs etl-2026-11-24 load --attempt 2
  howdah logs etl-2026-11-24 load -f`,
		Args: usageArgs(cobra.RangeArgs(1, 2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			node := ""
			if len(args) == 2 {
				node = args[1]
			}
			return runLogs(cmd, args[0], node, f)
		},
	}
	f.conn.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.runID, "run-id", "", "a specific run (default: the latest)")
	fl.IntVar(&f.run, "run", 0, "rerun N of the workflow id (0: the first run)")
	fl.IntVar(&f.attempt, "attempt", 0, "only this attempt (1 is the first)")
	fl.BoolVarP(&f.follow, "follow", "f", false, "keep printing what a running node prints until it ends")
	fl.StringVar(&f.logDir, "log-dir", logstore.DefaultRoot(), "the worker's log store, for nodes whose status does not name it yet")
	fl.StringVar(&f.confDir, "hadoop-conf-dir", os.Getenv("HADOOP_CONF_DIR"), "Hadoop client configuration, for hdfs:// stores and YARN container logs")
	fl.StringVar(&f.hadoopCmd, "hadoop", envOr("HOWDAH_HADOOP", "hadoop"), "Hadoop client command; its directory's yarn fetches container logs")
	fl.StringVar(&f.user, "hadoop-user", os.Getenv("HADOOP_USER_NAME"), "Hadoop user (default $HADOOP_USER_NAME, else your user)")
	fl.BoolVar(&f.noYARN, "no-yarn", false, "do not fetch YARN container logs")
	fl.BoolVar(&f.raw, "raw", false, "print control characters as they are, on a terminal too (they are shown escaped there by default)")
	return cmd
}

func runLogs(cmd *cobra.Command, id, node string, f logsFlags) error {
	ctx := cmd.Context()
	c, _, stop, err := connect(ctx, f.conn, false, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer stop()
	runID := f.runID
	if cmd.Flags().Changed("run") {
		if runID, err = client.RunOf(ctx, c, namespaceOf(f.conn), id, f.run); err != nil {
			return err
		}
	}
	desc, err := c.DescribeWorkflowExecution(ctx, id, runID)
	if err != nil {
		return fmt.Errorf("logs %s: %w", id, err)
	}
	runID = desc.GetWorkflowExecutionInfo().GetExecution().GetRunId()
	st, err := client.State(ctx, c, id, runID)
	if err != nil {
		return fmt.Errorf("logs %s: %w", id, err)
	}
	var nodes []api.NodeState
	for _, n := range st.Nodes {
		if node != "" && n.Name != node {
			continue
		}
		if n.Kind == "action" && (n.Logs != "" || !n.Started.IsZero() || node != "") {
			nodes = append(nodes, n)
		}
	}
	if node != "" && len(nodes) == 0 {
		return fmt.Errorf("logs %s: the run has no action %q", id, node)
	}
	out := cmd.OutOrStdout()
	if !f.raw && isTerminal(out) {
		// What actions printed may hold escape sequences aimed at the
		// operator's terminal; piped, the bytes pass as they are.
		vw := &visibleWriter{w: out}
		defer vw.Flush()
		out = vw
	}
	// The worker redacts the run's sensitive values as it writes logs;
	// logs kept before a parameter was marked sensitive are redacted here.
	red := plan.NewRedactor(client.Secrets(ctx, c, id, runID)).Writer(out)
	defer red.Close()
	out = red
	l := &logReader{f: f, out: out, errw: cmd.ErrOrStderr(), id: id, runID: runID}
	defer l.close()
	printed := 0
	for _, n := range nodes {
		k, err := l.node(ctx, n)
		if err != nil {
			return err
		}
		printed += k
		if !f.noYARN && strings.HasPrefix(n.ExternalID, "application_") {
			l.yarn(ctx, n)
		}
	}
	if f.follow && node != "" {
		return l.followNode(ctx, c, node)
	}
	if printed == 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "no logs kept for %s%s (the worker keeps them under --log-dir; a worker started with --log-dir \"\" keeps none)\n", id, map[bool]string{true: " " + node, false: ""}[node != ""])
	}
	return nil
}

// logReader prints a run's stored logs.
type logReader struct {
	f         logsFlags
	out, errw io.Writer
	id, runID string
	fs        *hdfs.FileSystem
	shown     map[string]int64 // bytes printed per file, for -f
}

func (l *logReader) close() {
	if l.fs != nil {
		l.fs.Close()
	}
}

// store opens the node's log directory: where its status says, else under
// --log-dir where the worker would have put it.
func (l *logReader) store(n api.NodeState) (logstore.Store, string, error) {
	loc := n.Logs
	rel := ""
	if loc == "" {
		loc = l.f.logDir
		rel = logstore.NodeDir(l.id, l.runID, n.Name, -1)
	}
	var fs *hdfs.FileSystem
	if strings.HasPrefix(loc, "hdfs://") {
		if l.fs == nil {
			if l.f.confDir == "" {
				return nil, "", fmt.Errorf("the logs of %s are in HDFS (%s): give the cluster's configuration with --hadoop-conf-dir or HADOOP_CONF_DIR", n.Name, loc)
			}
			cfg, err := conf.Load(l.f.confDir)
			if err != nil {
				return nil, "", err
			}
			opts := hdfs.Options{Conf: cfg, User: l.f.user}
			if strings.EqualFold(cfg["hadoop.security.authentication"], "kerberos") {
				// A kerberized cluster: the user's ticket cache (kinit), or
				// HOWDAH_KERBEROS_PRINCIPAL / _KEYTAB.
				login, err := kerberos.New(kerberos.Options{}.FromEnv())
				if err != nil {
					return nil, "", fmt.Errorf("the logs of %s are in HDFS on a kerberized cluster: %w", n.Name, err)
				}
				opts.Kerberos = login
			}
			if l.fs, err = hdfs.New(opts); err != nil {
				return nil, "", err
			}
		}
		fs = l.fs
	}
	s, err := logstore.Open(loc, fs)
	return s, rel, err
}

// node prints every stored stream of node n's attempts and returns how
// many it printed.
func (l *logReader) node(ctx context.Context, n api.NodeState) (int, error) {
	s, rel, err := l.store(n)
	if err != nil {
		return 0, err
	}
	files, err := logstore.Files(ctx, s, rel)
	if err != nil {
		return 0, fmt.Errorf("logs of %s: %w", n.Name, err)
	}
	k := 0
	for _, file := range files {
		if l.f.attempt > 0 && file.Attempt != l.f.attempt {
			continue
		}
		k++
		fmt.Fprintf(l.out, "==> %s %s <==\n", describeFile(n.Name, file), s.Location(file.Rel))
		if _, err := l.copyFrom(ctx, s, file.Rel, 0); err != nil {
			fmt.Fprintf(l.errw, "howdah: %s: %v\n", s.Location(file.Rel), err)
		}
	}
	if n.LogsLost != "" {
		// Said where the streams stop, and on stderr too: an empty or
		// short stream is not all the node printed.
		fmt.Fprintf(l.out, "[howdah: %s: logs incomplete: %s]\n", n.Name, n.LogsLost)
		fmt.Fprintf(l.errw, "howdah: %s: logs incomplete: %s\n", n.Name, n.LogsLost)
		k++
	}
	if n.Rerun == api.RerunSkipped && k > 0 {
		fmt.Fprintf(l.out, "(%s was skipped by this rerun: these are the logs of the run it was carried over from)\n", n.Name)
	}
	return k, nil
}

func describeFile(node string, f logstore.File) string {
	s := node
	if f.Item >= 0 {
		s += fmt.Sprintf("[%d]", f.Item)
	}
	s += fmt.Sprintf(" attempt %d", f.Attempt)
	if f.Try > 1 {
		s += fmt.Sprintf(" (try %d, after a worker was lost)", f.Try)
	}
	return s + " " + f.Stream
}

// copyFrom prints rel from byte off on and returns how many bytes it
// printed; it streams, so a large log is never held in memory.
func (l *logReader) copyFrom(ctx context.Context, s logstore.Store, rel string, off int64) (int64, error) {
	r, err := s.Open(ctx, rel)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	if off > 0 {
		sk, ok := r.(io.Seeker)
		if !ok {
			return 0, errors.New("cannot seek")
		}
		if _, err := sk.Seek(off, io.SeekStart); err != nil {
			return 0, err
		}
	}
	n, err := io.Copy(l.out, r)
	if l.shown == nil {
		l.shown = map[string]int64{}
	}
	l.shown[rel] = off + n
	return n, err
}

// followNode prints what node's attempts add to their logs until the node
// is no longer running (and its last output is printed).
func (l *logReader) followNode(ctx context.Context, c sdkclient.Client, node string) error {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		st, err := client.State(ctx, c, l.id, l.runID)
		if err != nil {
			return err
		}
		var n *api.NodeState
		for i := range st.Nodes {
			if st.Nodes[i].Name == node {
				n = &st.Nodes[i]
			}
		}
		if n == nil {
			return nil
		}
		s, rel, err := l.store(*n)
		if err != nil {
			return err
		}
		files, err := logstore.Files(ctx, s, rel)
		if err != nil {
			return err
		}
		for _, file := range files {
			if l.f.attempt > 0 && file.Attempt != l.f.attempt {
				continue
			}
			off, seen := l.shown[file.Rel]
			if !seen {
				fmt.Fprintf(l.out, "==> %s %s <==\n", describeFile(node, file), s.Location(file.Rel))
			}
			if _, err := l.copyFrom(ctx, s, file.Rel, off); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		running := n.Status == api.StatusRunning || n.Status == api.StatusUserRetry || n.Status == api.StatusPrep
		if !running || st.Status != api.RunRunning && st.Status != api.RunSuspended {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// yarn prints a YARN action's aggregated container logs, or says why it
// cannot.
func (l *logReader) yarn(ctx context.Context, n api.NodeState) {
	apps := strings.Split(n.ExternalID, ", ")
	if l.f.confDir == "" {
		fmt.Fprintf(l.out, "==> %s: YARN application(s) %s <==\n(give --hadoop-conf-dir or HADOOP_CONF_DIR to fetch their container logs)\n", n.Name, n.ExternalID)
		return
	}
	cfg, err := conf.Load(l.f.confDir)
	if err != nil {
		fmt.Fprintf(l.errw, "howdah: %v\n", err)
		return
	}
	for _, app := range apps {
		fmt.Fprintf(l.out, "==> %s: YARN container logs of %s <==\n", n.Name, app)
		if !strings.EqualFold(cfg["yarn.log-aggregation-enable"], "true") {
			l.amLogs(ctx, cfg, app)
			fmt.Fprintf(l.out, "YARN log aggregation is off on this cluster (yarn.log-aggregation-enable is not true in %s), so container logs stay on the NodeManagers that ran them, under yarn.nodemanager.log-dirs (%s), until they are cleaned up; the ResourceManager UI links to them: %s\n",
				l.f.confDir, orUnset(cfg["yarn.nodemanager.log-dirs"]), orUnset(trackerURL(cfg, app)))
			continue
		}
		yarnCmd := yarnCommand(l.f.hadoopCmd)
		args := []string{"logs", "-applicationId", app}
		if l.f.user != "" {
			args = append(args, "-appOwner", l.f.user)
		}
		x := exec.CommandContext(ctx, yarnCmd, args...)
		x.Env = append(os.Environ(), "HADOOP_CONF_DIR="+l.f.confDir)
		x.Stdout, x.Stderr = l.out, l.errw
		if err := x.Run(); err != nil {
			fmt.Fprintf(l.errw, "howdah: %s %s: %v\n", yarnCmd, strings.Join(args, " "), err)
		}
	}
}

// amLogs prints the stdout and stderr of the application's
// ApplicationMaster container (a Spark driver in cluster mode, a
// MapReduce job's AM) from the NodeManager that ran it, while it still has
// them: without log aggregation that is the one place they are. Best
// effort and bounded: what cannot be fetched is skipped (the note after
// says where the logs are). Not on a kerberized cluster, whose
// NodeManagers want SPNEGO.
func (l *logReader) amLogs(ctx context.Context, cfg map[string]string, app string) {
	if strings.EqualFold(cfg["hadoop.security.authentication"], "kerberos") {
		return
	}
	yc, err := yarn.FromProperties(cfg, l.f.user)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for _, file := range []string{"stdout", "stderr"} {
		s, err := yc.AMLogTail(ctx, app, file, amLogLimit)
		if err != nil {
			return
		}
		fmt.Fprintf(l.out, "--- %s of the ApplicationMaster of %s (from its NodeManager; the last %d KiB at most) ---\n%s", file, app, amLogLimit>>10, s)
		if s != "" && !strings.HasSuffix(s, "\n") {
			fmt.Fprintln(l.out)
		}
	}
}

// amLogLimit bounds each ApplicationMaster log howdah logs prints.
const amLogLimit = 1 << 20

// yarnCommand is the yarn command next to the hadoop client command.
func yarnCommand(hadoop string) string {
	if strings.Contains(hadoop, "/") {
		return filepath.Join(filepath.Dir(hadoop), "yarn")
	}
	return "yarn"
}

func trackerURL(cfg map[string]string, app string) string {
	addr := cfg["yarn.resourcemanager.webapp.address"]
	if addr == "" {
		return ""
	}
	return "http://" + addr + "/cluster/app/" + app
}

func orUnset(s string) string {
	if s == "" {
		return "not set here"
	}
	return s
}
