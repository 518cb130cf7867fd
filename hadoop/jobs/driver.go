package jobs

import (
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/howdah/howdah/hadoop/procenv"
	"github.com/howdah/howdah/internal/tail"
)

// Spec is one run of the Hadoop client.
type Spec struct {
	// Command, when set, is run instead of the Hadoop client (a client
	// that reads HADOOP_CONF_DIR as Hadoop's does: spark-submit).
	Command string
	// Argv are the client's arguments (after the command).
	Argv []string
	// Dir is its working directory; ConfDir its HADOOP_CONF_DIR (the job's
	// own overlay of the cluster's).
	Dir, ConfDir string
	// ProcEnv picks what the client gets of the worker's environment; Env
	// is added (NAME=value).
	ProcEnv procenv.Env
	Env     []string
	// Classpath goes on HADOOP_CLASSPATH (a job's jar and libs); JavaOpts
	// on HADOOP_CLIENT_OPTS (a java action's).
	Classpath []string
	JavaOpts  []string
	// User is who the job runs as when the client impersonates
	// (Client.ProxyUser).
	User string
	// Log receives the client's output as it comes.
	Log io.Writer
	// Redact, when set, filters the client's output before the tail that
	// error messages quote keeps it (the run's redactor), so the tail's cut
	// never leaves a fragment of a secret.
	Redact func(io.Writer) io.WriteCloser
}

// Driver is a running Hadoop client process.
type Driver struct {
	cmd  *exec.Cmd
	tail *tail.Buffer
	done chan struct{}
	err  error
}

// hadoopUser is a user name a job may run as: a POSIX-ish name, no
// principal or path syntax (the name comes from whoever submitted the run).
var hadoopUser = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)

// Start starts the client. It is killed with the worker (so a retry
// re-attaches to what it submitted rather than leaving two clients).
func (c *Client) Start(s Spec) (*Driver, error) {
	name := c.CommandName()
	if s.Command != "" {
		name = s.Command
	}
	cmd := exec.Command(name, s.Argv...)
	cmd.Dir = s.Dir
	env, err := c.ProcessEnv(s.ProcEnv, s.ConfDir)
	if err != nil {
		return nil, err
	}
	env = append(env, s.Env...)
	if c.ProxyUser {
		if !hadoopUser.MatchString(s.User) {
			return nil, fmt.Errorf("%w: the worker runs jobs as the run's user, and %q is not a Hadoop user name", ErrBadInput, s.User)
		}
		env = append(env, "HADOOP_PROXY_USER="+s.User)
	}
	if len(s.Classpath) > 0 {
		env = append(env, "HADOOP_CLASSPATH="+strings.Join(s.Classpath, ":"))
	}
	if len(s.JavaOpts) > 0 {
		env = append(env, "HADOOP_CLIENT_OPTS="+strings.Join(s.JavaOpts, " "))
	}
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	d := &Driver{cmd: cmd, tail: tail.NewThrough(16<<10, s.Redact), done: make(chan struct{})}
	var out io.Writer = d.tail
	if s.Log != nil {
		out = io.MultiWriter(d.tail, s.Log)
	}
	cmd.Stdout = out
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: starting %q: %v (set the worker's --hadoop or --spark-submit flag, or put the command on PATH)", ErrBadInput, name, err)
	}
	go func() { d.err = cmd.Wait(); close(d.done) }()
	return d, nil
}

// Done is closed when the client has exited.
func (d *Driver) Done() <-chan struct{} { return d.done }

// Err is how the client exited (after Done).
func (d *Driver) Err() error { return d.err }

// Output is the tail of what the client printed.
func (d *Driver) Output() string { return d.tail.String() }

// Interrupt sends the client's process group SIGINT (beeline cancels its
// running statement on the server) and, if it has not exited within
// grace, kills it.
func (d *Driver) Interrupt(grace time.Duration) {
	select {
	case <-d.done:
		return
	default:
	}
	syscall.Kill(-d.cmd.Process.Pid, syscall.SIGINT)
	select {
	case <-d.done:
	case <-time.After(grace):
		d.Kill()
	}
}

// Kill kills the client's process group and waits for it.
func (d *Driver) Kill() {
	if d.cmd.ProcessState == nil {
		syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
		<-d.done
	}
}
