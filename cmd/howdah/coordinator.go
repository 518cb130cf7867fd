package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/worker"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

func newCoordinatorCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "coordinator",
		Aliases: []string{"coord"},
		Short:   "Run workflows on a clock and on data: apply, list, status, pause, resume, trigger, backfill, rerun, delete",
		Long: `A coordinator runs a workflow at each nominal time of its frequency, once
the dataset instances it reads exist (Oozie's coordinator). Each coordinator
is one long-running Temporal workflow (id coord/NAME) that materialises its
nominal times and gates them (throttle, concurrency, execution order); each
nominal time is an instance workflow (id coord/NAME@TIME) that waits for its
data and runs the workflow as a child. 'howdah dev' runs them.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newCoordApplyCmd("coordinator"),
		newCoordListCmd(),
		newCoordStatusCmd(),
		newCoordSignalCmd("pause", "Pause: no new instance starts and the clock stops (resume catches up)", api.EventPause),
		newCoordSignalCmd("resume", "Resume: the clock materialises every nominal time missed while paused", api.EventResume),
		newCoordSignalCmd("trigger", "Materialise the next nominal time now, ahead of its time", api.EventTrigger),
		newCoordRangeCmd("backfill", "Start the instances of nominal times in [--from, --to) that do not exist yet", false),
		newCoordRangeCmd("rerun", "Run the instances of nominal times in [--from, --to) again (--failed: only those that did not succeed, and in them only the nodes that did not)", true),
		newCoordDeleteCmd(),
	)
	return cmd
}

type coordConn struct {
	conn  connFlags
	queue string
}

func (f *coordConn) register(cmd *cobra.Command) {
	f.conn.register(cmd)
	cmd.Flags().StringVar(&f.queue, "queue", worker.DefaultTaskQueue, "task queue of the workers that run coordinators and their workflows")
}

// withClient connects to Temporal (never an embedded server: coordinators
// outlive the command), runs act and disconnects.
func (f *coordConn) withClient(cmd *cobra.Command, act func(c sdkclient.Client) error) error {
	c, _, stop, err := connect(cmd.Context(), f.conn, false, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer stop()
	return act(c)
}

// parseWhen reads --from/--to/--start/--end values: RFC 3339, a local
// form read in UTC, or "now".
func parseWhen(flag, s string) (time.Time, error) {
	if s == "now" {
		if flag == "start" {
			// On the minute, so nominal times read well.
			return time.Now().UTC().Truncate(time.Minute), nil
		}
		return time.Now().UTC().Truncate(time.Second), nil
	}
	t, err := coord.ParseTime(s, time.UTC)
	if err != nil {
		return t, usageError{fmt.Errorf("--%s: %v", flag, err)}
	}
	return t, nil
}

// compileCoordinators compiles a coordinator or bundle file, printing
// diagnostics; it returns the coordinators it holds.
func compileCoordinators(cmd *cobra.Command, file string, pf paramFlags, start, end string) ([]*plan.Coordinator, *plan.Bundle, error) {
	opts, err := pf.options()
	if err != nil {
		return nil, nil, err
	}
	if start != "" {
		t, err := parseWhen("start", start)
		if err != nil {
			return nil, nil, err
		}
		opts.Start = &t
	}
	if end != "" {
		t, err := parseWhen("end", end)
		if err != nil {
			return nil, nil, err
		}
		opts.End = &t
	}
	res := dsl.CompileCoordinatorFile(file, opts)
	writeDiagnostics(cmd.ErrOrStderr(), res.Files, res.Diags)
	if res.Diags.HasErrors() {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", file, countErrors(res.Diags))
		return nil, nil, errInvalid
	}
	if res.Bundle != nil {
		return res.Bundle.Coordinators, res.Bundle, nil
	}
	return []*plan.Coordinator{res.Coordinator}, nil, nil
}

func coordState(st api.CoordinatorState) string {
	switch {
	case st.Paused:
		return "PAUSED"
	case st.Ended:
		return "ENDED"
	}
	return "RUNNING"
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// total is the sum of m's values.
func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func counts(m map[string]int) string {
	var parts []string
	for _, s := range []string{api.InstanceSucceeded, api.InstanceFailed, api.InstanceKilled, api.InstanceTimedOut, api.InstanceSkipped} {
		if m[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, m[s]))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
