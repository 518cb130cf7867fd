package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/worker"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

type submitFlags struct {
	params paramFlags
	conn   connFlags
	id     string
	queue  string
	uiURL  string
	user   string
}

func newSubmitCmd() *cobra.Command {
	var f submitFlags
	cmd := &cobra.Command{
		Use:   "submit FILE",
		Short: "Start a workflow on a Temporal cluster and return",
		Long: `Submit compiles the workflow and starts it on the configured Temporal cluster
(or on 'howdah dev' at localhost:7233), for the workers of --queue to run.
It prints the workflow id and the Web UI link and returns at once.

--id makes submission idempotent: submitting again with the id of a run that
is still open returns that run instead of starting a second one.`,
		Example: `  howdah submit examples/wordcount/workflow.hcl
  howdah submit etl.hcl -p day=2026-11-24 --id etl-2026-11-24 --address temporal:7233`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := compileForOutput(cmd, args[0], f.params, false)
			if err != nil {
				return err
			}
			c, _, stop, err := connect(cmd.Context(), f.conn, false, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer stop()
			noAttrs := warnMissingAttributes(cmd.Context(), c, namespaceOf(f.conn), cmd.ErrOrStderr(), "this run will")
			run, err := client.Start(cmd.Context(), c, w, client.Options{ID: f.id, TaskQueue: f.queue, User: f.user, WorkDir: workDir(), NoSearchAttributes: noAttrs})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "workflow id: %s\nrun id:      %s\n", run.GetID(), run.GetRunID())
			if ui := uiFor(f.conn, f.uiURL); ui != "" {
				fmt.Fprintf(out, "Web UI:      %s\n", runURL(ui, namespaceOf(f.conn), run.GetID(), run.GetRunID()))
			} else if !cmd.Flags().Changed("ui-url") {
				fmt.Fprintln(out, "Web UI:      give --ui-url (your server's Web UI address) to print a link")
			}
			fmt.Fprintf(out, "status:      howdah status %s%s\n", run.GetID(), connArgs(f.conn))
			fmt.Fprintf(out, "local paths: relative ones resolve against %s on workers where it exists\n", workDir())
			return nil
		},
	}
	f.params.register(cmd)
	f.conn.register(cmd)
	cmd.Flags().StringVar(&f.id, "id", "", "workflow id; reusing an open run's id returns that run")
	cmd.Flags().StringVar(&f.user, "user", currentUser(), "who the run acts for (wf.user; its jobs run as this user on a worker started with --proxy-user)")
	cmd.Flags().StringVar(&f.queue, "queue", worker.DefaultTaskQueue, "task queue of the workers that run it")
	cmd.Flags().StringVar(&f.uiURL, "ui-url", "", "Temporal Web UI base URL for the printed link (default: $HOWDAH_UI_URL, or http://127.0.0.1:8233 for a server on 127.0.0.1:7233, i.e. `howdah dev`; none otherwise)")
	return cmd
}

// uiFor is the Web UI to link: the flag's, or `howdah dev`'s when the
// server is the local default one.
func uiFor(f connFlags, flag string) string {
	if flag != "" {
		return strings.TrimSuffix(flag, "/")
	}
	if env := os.Getenv("HOWDAH_UI_URL"); env != "" {
		return strings.TrimSuffix(env, "/")
	}
	opts, _, err := f.clientOptions()
	if err != nil {
		return ""
	}
	switch opts.HostPort {
	case "", sdkclient.DefaultHostPort, "127.0.0.1:7233":
		return "http://127.0.0.1:8233"
	}
	return ""
}

// connArgs repeats the connection flags given, for a command to copy.
func connArgs(f connFlags) string {
	var s string
	if f.address != "" {
		s += " --address " + f.address
	}
	if f.namespace != "" {
		s += " --namespace " + f.namespace
	}
	if f.profile != "" {
		s += " --profile " + f.profile
	}
	return s
}

func namespaceOf(f connFlags) string {
	if opts, _, err := f.clientOptions(); err == nil {
		return opts.Namespace
	}
	return "default"
}
