package streaming

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/howdah/howdah/internal/tail"
)

// command prepares a task process: its own process group, so cancelling
// the job kills whatever the mapper or reducer started too.
func command(ctx context.Context, argv []string, job *Job) *exec.Cmd {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = job.Dir
	cmd.Env = job.ProcEnv.Build(job.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// processError describes a failed task process.
func processError(what string, argv []string, err error, stderr *tail.Buffer) error {
	var ee *exec.ExitError
	msg := err.Error()
	if errors.As(err, &ee) {
		msg = ee.ProcessState.String()
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		return fmt.Errorf("%s %q: %s: %s", what, strings.Join(argv, " "), msg, s)
	}
	return fmt.Errorf("%s %q: %s", what, strings.Join(argv, " "), msg)
}

// pipe runs argv as a task process: feed writes its stdin (from another
// goroutine; a reader that stops early is not an error), and emit receives
// each line it prints, without the newline (valid until the next call).
// It returns emit's first error, else the process's failure (with its
// stderr), else feed's.
func pipe(ctx context.Context, what string, argv []string, job *Job, feed func(io.Writer) error, emit func([]byte) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := command(ctx, argv, job)
	stderr := tail.NewThrough(4<<10, job.Redact)
	cmd.Stderr = stderr
	if job.Stderr != nil {
		cmd.Stderr = io.MultiWriter(stderr, job.Stderr)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return processError(what, argv, err, stderr)
	}
	var feedErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		bw := bufio.NewWriterSize(stdin, 256<<10)
		err := feed(bw)
		if err == nil {
			err = bw.Flush()
		}
		stdin.Close()
		if err != nil && !isBrokenPipe(err) {
			feedErr = err
		}
	}()
	r := bufio.NewReaderSize(stdout, 256<<10)
	var emitErr error
	for {
		line, err := readLine(r)
		if len(line) > 0 || err == nil {
			if emitErr = emit(line); emitErr != nil {
				break
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			emitErr = err
			break
		}
	}
	if emitErr != nil {
		cancel()
	}
	waitErr := cmd.Wait()
	wg.Wait()
	switch {
	case emitErr != nil:
		return emitErr
	case waitErr != nil:
		return processError(what, argv, waitErr, stderr)
	}
	return feedErr
}
