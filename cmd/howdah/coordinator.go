package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/worker"
	"github.com/howdah/howdah/workflows"
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
		newCoordSignalCmd("pause", "Pause: no new instance starts and the clock stops (resume catches up)", workflows.EventPause),
		newCoordSignalCmd("resume", "Resume: the clock materialises every nominal time missed while paused", workflows.EventResume),
		newCoordSignalCmd("trigger", "Materialise the next nominal time now, ahead of its time", workflows.EventTrigger),
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

func newCoordApplyCmd(what string) *cobra.Command {
	var f coordConn
	var pf paramFlags
	var start, end string
	var paused bool
	cmd := &cobra.Command{
		Use:   "apply FILE",
		Short: "Create or update the " + what + " in FILE (idempotent)",
		Long: `Apply compiles FILE (a coordinator or a bundle) and creates each coordinator
on the server, or updates a running one whose file changed (its clock position
and paused state are kept). Applying an unchanged file changes nothing.

A start in the past materialises every missed nominal time (Oozie's catch-up),
through the gate: at most throttle WAITING and concurrency RUNNING at once.`,
		Example: `  howdah coordinator apply etl.coord.hcl
  howdah coordinator apply examples/coordinator/coordinator.hcl --start now
  howdah bundle apply nightly.bundle.hcl --paused`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			cos, bundle, err := compileCoordinators(cmd, args[0], pf, start, end)
			if err != nil {
				return err
			}
			if what == "bundle" && bundle == nil {
				return usageError{fmt.Errorf("%s holds a coordinator, not a bundle: use 'howdah coordinator apply'", args[0])}
			}
			return f.withClient(cmd, func(c sdkclient.Client) error {
				out := cmd.OutOrStdout()
				for _, co := range cos {
					a, err := client.ApplyCoordinator(cmd.Context(), c, co, client.CoordinatorOptions{Namespace: namespaceOf(f.conn), TaskQueue: f.queue, Paused: paused})
					if err != nil {
						return err
					}
					first, _ := mustClock(co).First()
					fmt.Fprintf(out, "coordinator %s: %s (%s from %s, first nominal time %s)\n", co.Name, a.Action, co.Frequency, co.Start.Format(time.RFC3339), first.Format(time.RFC3339))
					if a.NoSearchAttributes {
						fmt.Fprintf(out, "  note: the server lacks howdah's search attributes and would not register them: instances are not searchable by coordinator in the UI\n")
					}
				}
				if bundle != nil {
					fmt.Fprintf(out, "bundle %s: %d coordinator(s)\n", bundle.Name, len(cos))
				}
				return nil
			})
		},
	}
	f.register(cmd)
	pf.register(cmd)
	cmd.Flags().StringVar(&start, "start", "", "replace the coordinators' start (RFC 3339, or now)")
	cmd.Flags().StringVar(&end, "end", "", "replace the coordinators' end (RFC 3339)")
	cmd.Flags().BoolVar(&paused, "paused", false, "create new coordinators paused")
	return cmd
}

func mustClock(co *plan.Coordinator) *coord.Clock {
	c, err := coord.NewClock(co)
	if err != nil {
		panic(err) // the compiler checked the clock
	}
	return c
}

func newCoordListCmd() *cobra.Command {
	var f coordConn
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the coordinators on the server",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error {
				names, err := client.Coordinators(cmd.Context(), c, namespaceOf(f.conn))
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "COORDINATOR\tBUNDLE\tSTATE\tNEXT\tWAITING\tREADY\tRUNNING\tRUNS DONE")
				for _, n := range names {
					st, err := client.Coordinator(cmd.Context(), c, n)
					if err != nil {
						fmt.Fprintf(tw, "%s\t\t%v\n", n, err)
						continue
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", n, st.State.Bundle, coordState(st.State), when(st.State.Next), len(st.State.Waiting), len(st.State.Ready), len(st.State.Running), counts(st.State.Counts))
				}
				return tw.Flush()
			})
		},
	}
	f.register(cmd)
	return cmd
}

func coordState(st workflows.CoordinatorState) string {
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
	for _, s := range []string{workflows.InstanceSucceeded, workflows.InstanceFailed, workflows.InstanceKilled, workflows.InstanceTimedOut, workflows.InstanceSkipped} {
		if m[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, m[s]))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func newCoordStatusCmd() *cobra.Command {
	var f coordConn
	var limit int
	var asJSON bool
	var uiURL string
	cmd := &cobra.Command{
		Use:   "status NAME",
		Short: "Show a coordinator and a table of its instances: nominal time, state, missing inputs, run",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error {
				// The link goes to the server's own UI: the flag's, or
				// howdah dev's for a server at its address; none else.
				ui := uiFor(f.conn, uiURL)
				if cmd.Flags().Changed("ui-url") && uiURL == "" {
					ui = ""
				}
				return runCoordStatus(cmd, c, namespaceOf(f.conn), args[0], limit, asJSON, ui)
			})
		},
	}
	f.register(cmd)
	cmd.Flags().IntVar(&limit, "limit", 50, "show the latest N instances (0: all)")
	cmd.Flags().StringVar(&uiURL, "ui-url", "", "Temporal Web UI base URL for each instance's link (default: http://127.0.0.1:8233 for a server on 127.0.0.1:7233, i.e. `howdah dev`; else, or given empty, the workflow id)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

type coordStatusJSON struct {
	Coordinator workflows.CoordinatorState `json:"coordinator"`
	Instances   []instanceRow              `json:"instances"`
}

type instanceRow struct {
	ID       string    `json:"id"`
	Nominal  time.Time `json:"nominal"`
	State    string    `json:"state"`
	Runs     int       `json:"runs"`
	Missing  []string  `json:"missing,omitempty"`
	Workflow string    `json:"workflow,omitempty"`
	Error    string    `json:"error,omitempty"`
}

func runCoordStatus(cmd *cobra.Command, c sdkclient.Client, ns, name string, limit int, asJSON bool, uiURL string) error {
	st, err := client.Coordinator(cmd.Context(), c, name)
	if err != nil {
		return err
	}
	all, err := client.Instances(cmd.Context(), c, ns, name, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	runs := map[string]int{}
	for _, in := range all {
		runs[in.ID]++
	}
	latest := client.LatestInstances(all)
	// Done instances by their latest run's state (the coordinator's own
	// counts are of runs: a rerun counts again).
	done := map[string]int{}
	for _, in := range latest {
		done[in.State]++
	}
	if limit > 0 && len(latest) > limit {
		latest = latest[len(latest)-limit:]
	}
	var rows []instanceRow
	for _, in := range latest {
		row := instanceRow{ID: in.ID, Nominal: in.Nominal, State: in.State, Runs: runs[in.ID]}
		// Open instances answer with their missing inputs; ended ones
		// are read from their result, so no worker is needed.
		var is workflows.InstanceStatus
		if in.Closed.IsZero() {
			if v, err := c.QueryWorkflow(cmd.Context(), in.ID, in.RunID, workflows.QueryInstance); err == nil && v.Get(&is) == nil {
				row.State = is.State
			}
		} else {
			is, _ = client.InstanceResult(cmd.Context(), c, in.ID, in.RunID)
		}
		row.Missing, row.Error = is.Missing, is.Error
		row.Workflow = in.ID
		if uiURL != "" {
			row.Workflow = runURL(uiURL, ns, in.ID, in.RunID)
		}
		rows = append(rows, row)
	}
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), coordStatusJSON{Coordinator: st.State, Instances: rows})
	}
	out := cmd.OutOrStdout()
	if !st.Running {
		fmt.Fprintf(out, "coordinator %s: deleted (its instances remain in history)\n", name)
	} else {
		s := st.State
		fmt.Fprintf(out, "coordinator %s: %s, next nominal time %s; %d waiting, %d ready, %d running; done: %s (instances, by their latest run; %d runs ended)\n", name, coordState(s), when(s.Next), len(s.Waiting), len(s.Ready), len(s.Running), counts(done), total(s.Counts))
		if n := len(s.Pending); n > 0 {
			fmt.Fprintf(out, "  %d nominal time range(s) pending (catch-up, backfill or rerun)\n", n)
		}
	}
	writeInstanceRows(out, rows)
	return nil
}

func writeInstanceRows(w io.Writer, rows []instanceRow) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NOMINAL TIME\tSTATE\tRUNS\tMISSING\tRUN\tERROR")
	for _, r := range rows {
		missing := ""
		if len(r.Missing) > 0 {
			missing = r.Missing[0]
			if len(r.Missing) > 1 {
				missing += fmt.Sprintf(" (+%d)", len(r.Missing)-1)
			}
		}
		missing = visible(missing)
		errText := visible(strings.ReplaceAll(r.Error, "\n", " "))
		errText = plan.Clip(errText, 80)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", r.Nominal.UTC().Format(time.RFC3339), r.State, r.Runs, missing, r.Workflow, errText)
	}
	tw.Flush()
}

func newCoordSignalCmd(use, short, kind string) *cobra.Command {
	var f coordConn
	cmd := &cobra.Command{
		Use:   use + " NAME",
		Short: short,
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error {
				if _, err := client.Coordinator(cmd.Context(), c, args[0]); err != nil {
					return err
				}
				if err := client.SignalCoordinator(cmd.Context(), c, args[0], workflows.CoordEvent{Kind: kind}); err != nil {
					return fmt.Errorf("%s %s: %w", use, args[0], err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: %s requested\n", args[0], use)
				return nil
			})
		},
	}
	f.register(cmd)
	return cmd
}

func newCoordRangeCmd(use, short string, rerun bool) *cobra.Command {
	var f coordConn
	var from, to string
	var failed bool
	var maxInstances int
	cmd := &cobra.Command{
		Use:     use + " NAME --from TIME --to TIME",
		Short:   short,
		Example: fmt.Sprintf(`  howdah coordinator %s daily-etl --from 2026-11-03 --to 2026-11-06`, use),
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || to == "" {
				return usageError{fmt.Errorf("%s needs --from and --to", use)}
			}
			a, err := parseWhen("from", from)
			if err != nil {
				return err
			}
			b, err := parseWhen("to", to)
			if err != nil {
				return err
			}
			if !a.Before(b) {
				return usageError{fmt.Errorf("--from %s is not before --to %s", from, to)}
			}
			return f.withClient(cmd, func(c sdkclient.Client) error {
				if _, err := client.Coordinator(cmd.Context(), c, args[0]); err != nil {
					return err
				}
				ev := workflows.CoordEvent{Kind: workflows.EventBackfill, From: a, To: b}
				what := "nominal times in [" + a.Format(time.RFC3339) + ", " + b.Format(time.RFC3339) + ")"
				if rerun {
					ev.Kind = workflows.EventRerun
					if failed {
						all, err := client.Instances(cmd.Context(), c, namespaceOf(f.conn), args[0], a, b)
						if err != nil {
							return err
						}
						ev.Times = []time.Time{}
						// Each instance reruns only its workflow's nodes
						// that did not succeed.
						ev.CarryOver = true
						for _, in := range client.LatestInstances(all) {
							switch in.State {
							case workflows.InstanceFailed, workflows.InstanceKilled, workflows.InstanceTimedOut:
								ev.Times = append(ev.Times, in.Nominal)
							}
						}
						what = fmt.Sprintf("%d instance(s) that failed, were killed or timed out in that range", len(ev.Times))
						if len(ev.Times) == 0 {
							fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: nothing to rerun (no instance in that range failed, was killed or timed out)\n", args[0])
							return nil
						}
					}
				}
				ev.MaxInstances = maxInstances
				res, err := client.RequestCoordinator(cmd.Context(), c, args[0], ev)
				if err != nil {
					return fmt.Errorf("%s %s refused: %w", use, args[0], err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: %s of %s queued: %d instance(s), %s to %s\n", args[0], use, what, res.Instances, res.First.Format(time.RFC3339), res.Last.Format(time.RFC3339))
				if res.Clipped {
					fmt.Fprintf(cmd.OutOrStdout(), "(nominal times the clock has not reached yet are not queued: they run when they come)\n")
				}
				return nil
			})
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&from, "from", "", "first nominal time (inclusive; RFC 3339 or 2026-11-03)")
	cmd.Flags().StringVar(&to, "to", "", "end of the range (exclusive)")
	cmd.Flags().IntVar(&maxInstances, "max-instances", workflows.DefaultMaxRequestInstances, "refuse a range of more instances than this")
	if rerun {
		cmd.Flags().BoolVar(&failed, "failed", false, "rerun only instances that failed, were killed or timed out")
	}
	return cmd
}

func newCoordDeleteCmd() *cobra.Command {
	var f coordConn
	var keep bool
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Stop a coordinator and cancel its open instances (their history stays)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error {
				n, err := client.DeleteCoordinator(cmd.Context(), c, namespaceOf(f.conn), args[0], keep)
				if err != nil {
					return fmt.Errorf("delete %s: %w", args[0], err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: deleted, %d open instance(s) cancelled\n", args[0], n)
				return nil
			})
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&keep, "keep-instances", false, "let open instances run to their end")
	return cmd
}
