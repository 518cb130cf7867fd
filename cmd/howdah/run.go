package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"strings"
	"syscall"
	"time"

	"github.com/howdah/howdah/plan"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/worker"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.temporal.io/sdk/temporal"
	"golang.org/x/term"
)

type runFlags struct {
	params paramFlags
	conn   connFlags
	id     string
	queue  string
	plain  bool
	noWait bool
	hadoop hadoopFlags
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run a workflow here and follow it to the end",
		Long: `Run compiles the workflow, starts it on Temporal with a worker in this process,
shows each node's progress, and exits 0 when the workflow succeeds, 1 when it
fails (naming the failing node, its error and its HCL line).

With no --address (and no TEMPORAL_ADDRESS or Temporal config profile), run
uses the server of a 'howdah dev' running on this machine (127.0.0.1:7233),
so the run stays in its history and Web UI; the work is still done by a
worker in this process. Without one, it starts an embedded Temporal dev
server with its Web UI, in memory, so it works on a fresh machine; on a
terminal it keeps that server (and the UI link) up after the run until
Enter or Ctrl-C (--no-wait, a CI environment or output that is not a
terminal exit at once). Ctrl-C during the run cancels it: running actions
are stopped.

The last lines say where the run's outputs are and how to see it again.`,
		Example: `  howdah run examples/wordcount/workflow.hcl
  howdah run etl.hcl -p day=2026-11-24 --address temporal.internal:7233 --namespace etl`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, args[0], f)
		},
	}
	f.params.register(cmd)
	f.conn.register(cmd)
	f.hadoop.register(cmd)
	cmd.Flags().StringVar(&f.id, "id", "", "workflow id (default: NAME-<random>)")
	cmd.Flags().StringVar(&f.queue, "queue", worker.DefaultTaskQueue, "task queue for this run and the in-process worker")
	cmd.Flags().BoolVar(&f.plain, "plain", false, "print plain progress lines even on a terminal")
	cmd.Flags().BoolVar(&f.noWait, "no-wait", false, "exit when the run ends, even on a terminal (the embedded server's Web UI goes with it)")
	return cmd
}

func runRun(cmd *cobra.Command, file string, f runFlags) error {
	w, err := compileForOutput(cmd, file, f.params, false)
	if err != nil {
		return err
	}
	ctx, stopSignals := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	if red := plan.NewRedactor(w.Secrets()); red != nil {
		// Progress, errors and results never show a sensitive value.
		o, e := red.Writer(cmd.OutOrStdout()), red.Writer(cmd.ErrOrStderr())
		defer o.Close()
		defer e.Close()
		cmd.SetOut(o)
		cmd.SetErr(e)
	}
	out := cmd.OutOrStdout()

	c, srv, stop, err := connect(ctx, f.conn, true, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer stop()
	acts, err := f.hadoop.activities(cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	if srv != nil && srv.Shared && !cmd.Flags().Changed("queue") && hadoopFlagsChanged(cmd) {
		// On howdah dev's queue its own worker shares the work (and
		// finishes the run if this command dies), but it does not have
		// this command's Hadoop or Kerberos flags: a queue of its own.
		f.queue = fmt.Sprintf("%s-run-%d", worker.DefaultTaskQueue, os.Getpid())
	}
	wk := worker.New(c, f.queue, acts, worker.Options{})
	if err := wk.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	defer wk.Stop()

	noAttrs := srv == nil && warnMissingAttributes(ctx, c, namespaceOf(f.conn), cmd.ErrOrStderr(), "this run will")
	run, err := client.Start(context.WithoutCancel(ctx), c, w, client.Options{ID: f.id, TaskQueue: f.queue, User: currentUser(), WorkDir: workDir(), NoSearchAttributes: noAttrs})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Started %s: workflow id %s\n", w.Name, run.GetID())
	if srv != nil && srv.UIURL != "" {
		fmt.Fprintf(out, "Web UI: %s\n", runURL(srv.UIURL, srv.Namespace, run.GetID(), run.GetRunID()))
	}

	p := newProgress(out, !f.plain && isTerminal(out))
	done := make(chan error, 1)
	go func() {
		var res api.Output
		done <- run.Get(context.WithoutCancel(ctx), &res)
	}()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	var runErr error
	cancelled := false
	announced := map[string]bool{} // held nodes already explained
wait:
	for {
		select {
		case runErr = <-done:
			break wait
		case <-ctx.Done():
			if !cancelled {
				cancelled = true
				fmt.Fprintln(cmd.ErrOrStderr(), "\nCancelling the run (running actions are stopped)...")
				c.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID())
			}
		case <-tick.C:
			// The latest run: long plans continue as new.
			if st, err := client.State(context.WithoutCancel(ctx), c, run.GetID(), ""); err == nil {
				p.update(st)
				announceHeld(cmd.ErrOrStderr(), st, announced, run.GetID(), srv)
			}
		}
	}
	result := error(nil)
	st, stErr := client.State(context.Background(), c, run.GetID(), "")
	switch {
	case stErr == nil:
		p.update(st)
		if runErr != nil {
			reportFailure(cmd, st, runErr)
			result = errInvalid
		}
	case runErr != nil:
		fmt.Fprintf(cmd.ErrOrStderr(), "%s failed: %v\n", w.Name, runErr)
		result = errInvalid
	}
	if result == nil {
		fmt.Fprintf(out, "%s succeeded\n", w.Name)
	}
	if stErr == nil {
		printOutputs(out, w, st, workDir())
	}
	seeAgain(out, srv, f.conn, run.GetID())
	if srv != nil && !srv.Shared && srv.UIURL != "" && ctx.Err() == nil && !f.noWait && os.Getenv("CI") == "" && isTerminal(out) && inputIsTerminal(cmd.InOrStdin()) {
		waitForEnter(ctx, cmd.InOrStdin(), out, runURL(srv.UIURL, srv.Namespace, run.GetID(), run.GetRunID()))
	}
	return result
}

// hadoopFlagsChanged reports whether the command line sets any Hadoop or
// Kerberos flag.
func hadoopFlagsChanged(cmd *cobra.Command) bool {
	probe := &cobra.Command{}
	var h hadoopFlags
	h.register(probe)
	changed := false
	probe.Flags().VisitAll(func(fl *pflag.Flag) {
		changed = changed || cmd.Flags().Changed(fl.Name)
	})
	return changed
}

// inputIsTerminal reports whether r is a terminal the user can type in.
func inputIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// seeAgain tells how to look at the run once this command has ended.
func seeAgain(out io.Writer, srv *localServer, conn connFlags, id string) {
	switch {
	case srv == nil:
		addr := ""
		if conn.address != "" {
			addr = " --address " + conn.address
		}
		fmt.Fprintf(out, "See it again: howdah status %s%s\n", id, addr)
	case srv.Shared:
		fmt.Fprintf(out, "See it again: howdah status %s", id)
		if srv.UIURL != "" {
			fmt.Fprintf(out, ", or in the Web UI %s", srv.UIURL)
		}
		fmt.Fprintln(out, " (howdah dev keeps its history)")
	default:
		fmt.Fprintln(out, "This run's history is kept by the embedded server, which stops with this command: run `howdah dev` in another terminal and `howdah run` uses it, keeping every run and its Web UI.")
	}
}

// waitForEnter keeps the embedded server, and so the run's Web UI page,
// up until the user presses Enter or Ctrl-C.
func waitForEnter(ctx context.Context, in io.Reader, out io.Writer, link string) {
	fmt.Fprintf(out, "The Web UI stays up until you press Enter (or Ctrl-C): %s\n", link)
	line := make(chan struct{})
	go func() {
		buf := make([]byte, 1)
		for {
			n, err := in.Read(buf)
			if err != nil || n == 1 && (buf[0] == '\n' || buf[0] == '\r') {
				close(line)
				return
			}
		}
	}()
	select {
	case <-line:
	case <-ctx.Done():
	}
}

// announceHeld tells, once per hold, how to answer a node held by
// on_failure = "hold": the run waits for it.
func announceHeld(w io.Writer, st api.State, announced map[string]bool, id string, srv *localServer) {
	for _, n := range st.Nodes {
		if n.Status != api.StatusHeld {
			delete(announced, n.Name)
			continue
		}
		if announced[n.Name] {
			continue
		}
		announced[n.Name] = true
		addr := ""
		if srv != nil {
			addr = " --address " + strings.TrimPrefix(srv.FrontendURL, "http://")
		}
		fmt.Fprintf(w, "%s is HELD after its retries (on_failure = \"hold\"); the run waits. From another shell: howdah retry|skip|fail %s %s%s (Ctrl-C cancels the run)\n", n.Name, id, n.Name, addr)
	}
}

// reportFailure names the failing node, its error and where it is declared.
func reportFailure(cmd *cobra.Command, st api.State, runErr error) {
	errw := cmd.ErrOrStderr()
	var failedNode *api.NodeState
	for i := range st.Nodes {
		if st.Nodes[i].Status == api.StatusError {
			n := &st.Nodes[i]
			if failedNode == nil || n.Ended.After(failedNode.Ended) {
				failedNode = n
			}
		}
	}
	var app *temporal.ApplicationError
	msg := runErr.Error()
	switch {
	case st.Message != "":
		msg = st.Message // the kill's message, without the source the UI gets
	case errors.As(runErr, &app):
		msg = app.Message()
	}
	var canceled *temporal.CanceledError
	if errors.As(runErr, &canceled) {
		fmt.Fprintf(errw, "%s was KILLED (cancelled)\n", st.Workflow)
		return
	}
	if failedNode == nil {
		fmt.Fprintf(errw, "%s failed: %s\n", st.Workflow, visible(msg))
		return
	}
	where := ""
	if failedNode.Source != "" {
		where = " (" + failedNode.Source + ")"
	}
	// The implicit fail node's message is "node X failed: ERROR": say it
	// once, with where X is declared. A kill message of the author's own
	// comes first, then the node's error.
	if msg == "node "+failedNode.Name+" failed: "+failedNode.Error {
		fmt.Fprintf(errw, "%s failed at node %s%s: %s\n", st.Workflow, failedNode.Name, where, visible(failedNode.Error))
		return
	}
	fmt.Fprintf(errw, "%s failed: %s\n  failing node: %s%s\n", st.Workflow, visible(msg), failedNode.Name, where)
	if !strings.Contains(msg, failedNode.Error) {
		fmt.Fprintf(errw, "  error: %s\n", visible(failedNode.Error))
	}
}

func runURL(ui, namespace, id, runID string) string {
	return fmt.Sprintf("%s/namespaces/%s/workflows/%s/%s/history", ui, namespace, id, runID)
}

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}

// workDir is the directory relative local paths of a run mean: where the
// command was run.
func workDir() string {
	d, _ := os.Getwd()
	return d
}
