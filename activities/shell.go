package activities

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/internal/tail"
	"github.com/howdah/howdah/plan"
)

// killGrace is how long a cancelled action's processes have between
// SIGTERM and SIGKILL (YARN gives containers 250 ms).
const killGrace = time.Second

// Shell runs a shell action's argv directly (never through a shell), with
// its environment and working directory, killing the whole process group
// when the activity is cancelled. With capture_output, the key=value lines
// it prints become the action's output.
func (a *Activities) Shell(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	sh := in.Action.Shell
	if sh == nil || len(sh.Argv) == 0 {
		return contract.ActionResult{}, badInput(in.Node, "no argv")
	}
	if sh.HadoopClient {
		return a.hadoopClient(ctx, in)
	}
	if err := a.prepare(ctx, in.Action.Prepare); err != nil {
		return contract.ActionResult{}, failed(ctx, in.Node, err)
	}
	cmd := exec.CommandContext(ctx, sh.Argv[0], sh.Argv[1:]...)
	cmd.Dir = sh.Dir
	cmd.Env = a.Env.Build(
		"HOWDAH_WORKFLOW_ID="+in.WorkflowID,
		"HOWDAH_RUN_ID="+in.RunID,
		"HOWDAH_NODE="+in.Node,
		"HOWDAH_ATTEMPT="+strconv.Itoa(in.Attempt),
	)
	for _, e := range sh.Env {
		cmd.Env = append(cmd.Env, e.Name+"="+e.Value)
	}
	// Its own process group, so cancelling kills what it started too; and
	// killed with the worker, so a crashed worker leaves no action running
	// that the retry on another worker would duplicate.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error {
		// SIGTERM the group, then Go's WaitDelay escalates to SIGKILL.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	}
	cmd.WaitDelay = killGrace

	stdout := &capped{max: a.outputLimit()}
	stderr := tail.NewThrough(8<<10, plan.NewRedactor(in.Secrets).Writer)
	logs := a.openLogs(ctx, in, "stdout", "stderr")
	cmd.Stdout = io.MultiWriter(stdout, logs.stream(0))
	cmd.Stderr = io.MultiWriter(stderr, logs.stream(1))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(logs.stream(1), "howdah: cannot start %s: %v\n", sh.Argv[0], err)
		return contract.ActionResult{}, logs.fail(ctx, failed(ctx, in.Node, fmt.Errorf("%w: %v", errBadInput, err)))
	}
	stop := a.heartbeat(ctx, in, func() contract.Progress {
		return contract.Progress{Phase: "running", Detail: fmt.Sprintf("pid %d for %s, %d bytes of output", cmd.Process.Pid, time.Since(start).Round(time.Second), stdout.Total())}
	})
	err := cmd.Wait()
	stop()
	// Kill whatever the command left running in its group.
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	where := logs.close(ctx)
	if ctx.Err() != nil {
		return contract.ActionResult{}, ctx.Err()
	}
	if err != nil {
		msg := err.Error()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg = ee.ProcessState.String()
		}
		if last := strings.TrimSpace(stderr.String()); last != "" {
			msg += ": " + last
		}
		return contract.ActionResult{}, withLogsLost(actionFailed(in.Node, "%s", msg), where, logs.lost)
	}
	res := contract.ActionResult{ExternalID: strconv.Itoa(cmd.Process.Pid), Logs: where, LogsLost: logs.lost}
	if in.Action.CaptureOutput {
		if stdout.Overflowed() {
			return contract.ActionResult{}, withLogsLost(actionFailed(in.Node, "captured output is %d bytes, over the %d-byte limit", stdout.Total(), a.outputLimit()), where, logs.lost)
		}
		res.Output = ParseProperties(stdout.Bytes())
	}
	return res, nil
}

// ParseProperties reads Java-properties-style lines: "key=value" or
// "key: value"; blank lines and lines starting with # or ! are skipped.
func ParseProperties(b []byte) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), len(b)+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i < 0 {
			out[line] = ""
			continue
		}
		out[strings.TrimSpace(line[:i])] = strings.TrimSpace(line[i+1:])
	}
	return out
}

// capped keeps the first max bytes written to it and counts the rest.
type capped struct {
	mu    sync.Mutex
	buf   []byte
	max   int
	total int64
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total += int64(len(p))
	if room := c.max - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *capped) Bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.buf...)
}

func (c *capped) String() string { return string(c.Bytes()) }

func (c *capped) Total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

func (c *capped) Overflowed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total > int64(c.max)
}

// hadoopClient runs a shell action whose command is a Hadoop client (pig,
// sqoop, `hadoop jar`, the hive CLI) as a job: with a HADOOP_CONF_DIR
// whose mapred-site.xml adds the action's configuration and tags every
// job it submits (mapreduce.job.tags, and tez.application.tags for Tez),
// whatever its command line, so the applications are followed in status,
// checked when it exits, and killed on cancel. A client cannot be
// re-attached: each try has its own tag and first kills what the earlier
// tries of the attempt left running. On a worker with no cluster the
// command runs with nothing to follow.
func (a *Activities) hadoopClient(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	sh := in.Action.Shell
	h := a.jobRunner()
	if h == nil {
		h = localJobs{}
	}
	tag := JobTag(in)
	try := activityAttempt(ctx)
	for t := 1; t < try; t++ {
		h.KillTagged(clientTryTag(tag, t))
	}
	tag = clientTryTag(tag, try)
	c := clientProc{command: sh.Argv[0], dir: sh.Dir, env: []string{
		"HOWDAH_RUN_ID=" + in.RunID,
		"HOWDAH_ATTEMPT=" + strconv.Itoa(in.Attempt),
	}}
	for _, e := range sh.Env {
		c.env = append(c.env, e.Name+"="+e.Value)
	}
	if !workDirHere(c.dir) {
		c.dir = ""
	}
	if sh.Argv[0] == "hadoop" && a.Hadoop != nil {
		c.command = a.Hadoop.CommandName() // the worker's --hadoop
	}
	in.Action.Configuration = append(slices.Clip(in.Action.Configuration), plan.Property{Name: "tez.application.tags", Value: strings.Join(append([]string{tag, "howdah"}, ReadableTags(in)...), ",")})
	return a.runClientJob(ctx, in, h, tag, c, func(string) ([]string, error) {
		return sh.Argv[1:], nil
	})
}
