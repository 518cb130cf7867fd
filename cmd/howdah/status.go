package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
)

func newStatusCmd() *cobra.Command {
	var conn connFlags
	var runID string
	var runNumber int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status WORKFLOW_ID",
		Short: "Show a run's nodes: status, attempts, times, errors",
		Example: `  howdah status wordcount-1a2b3c4d
  howdah status --json etl-2026-11-24
  howdah status etl-2026-11-24 --run 0    # the first run, before its reruns`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, stop, err := connect(cmd.Context(), conn, false, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer stop()
			if cmd.Flags().Changed("run") {
				if runID != "" {
					return usageError{fmt.Errorf("--run and --run-id cannot be combined")}
				}
				if runID, err = client.RunOf(cmd.Context(), c, namespaceOf(conn), args[0], runNumber); err != nil {
					return err
				}
			}
			st, err := client.State(cmd.Context(), c, args[0], runID)
			if err != nil {
				return fmt.Errorf("status of %s: %w", args[0], err)
			}
			// What a run carries (outputs, errors) is printed without its
			// sensitive values.
			out := plan.NewRedactor(client.Secrets(cmd.Context(), c, args[0], runID)).Writer(cmd.OutOrStdout())
			defer out.Close()
			if asJSON {
				// With what the ended actions left: outputs, counters,
				// external ids, tracking URLs.
				if res, err := client.Results(cmd.Context(), c, args[0], runID, st); err == nil {
					st.Results = res
				}
				return writeJSON(out, st)
			}
			writeStatus(out, st)
			return nil
		},
	}
	conn.register(cmd)
	cmd.Flags().StringVar(&runID, "run-id", "", "a specific run (default: the latest)")
	cmd.Flags().IntVar(&runNumber, "run", 0, "rerun N of the workflow id (0: the first run; default: the latest)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the state as JSON")
	return cmd
}

// writeStatus prints the run and a table of its nodes.
func writeStatus(w interface{ Write([]byte) (int, error) }, st api.State) {
	fmt.Fprintf(w, "%s: %s", st.Workflow, st.Status)
	if st.Run > 0 {
		fmt.Fprintf(w, " [rerun %d]", st.Run)
	}
	if st.Message != "" {
		fmt.Fprintf(w, " (%s)", visible(st.Message))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tKIND\tSTATUS\tATTEMPTS\tSTARTED\tDURATION\tSOURCE\tERROR")
	for _, n := range st.Nodes {
		started, dur := "", ""
		if !n.Started.IsZero() {
			started = n.Started.Local().Format("15:04:05")
			end := n.Ended
			if end.IsZero() {
				end = time.Now()
			}
			dur = end.Sub(n.Started).Round(time.Millisecond).String()
		}
		attempts := ""
		if n.Attempts > 0 {
			attempts = fmt.Sprint(n.Attempts)
		}
		if n.Tries > 1 {
			attempts += fmt.Sprintf(" (ran %d times: a worker was lost, or Temporal gave an attempt up and another worker ran it)", n.Tries)
		}
		if n.Items > 0 {
			attempts += fmt.Sprintf(" (%d/%d items)", n.Done, n.Items)
		}
		errText := visible(strings.ReplaceAll(n.Error, "\n", " "))
		errText = plan.Clip(errText, 100)
		status := n.Status
		switch {
		case n.Rerun == api.RerunSkipped:
			status += " (skipped by rerun)"
		case n.Rerun != "":
			status += " (" + n.Rerun + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n.Name, n.Kind, status, attempts, started, dur, n.Source, errText)
	}
	tw.Flush()
	// What running actions report: YARN applications with their state,
	// progress and tracking URL, and what is being retried.
	for _, n := range st.Nodes {
		if n.Live != "" {
			fmt.Fprintf(w, "  %s: %s\n", n.Name, visible(n.Live))
		}
		if n.Retrying != "" {
			fmt.Fprintf(w, "  %s: RETRYING: %s\n", n.Name, visible(n.Retrying))
		}
		if r, ok := st.Results[n.Name]; ok && (r.TrackerURL != "" || len(r.Counters) > 0) {
			line := r.TrackerURL
			if tc := r.Counters[expr.TaskCounterGroup]; tc != nil {
				line += fmt.Sprintf(" records: map in %d, map out %d, reduce out %d", tc["MAP_INPUT_RECORDS"], tc["MAP_OUTPUT_RECORDS"], tc["REDUCE_OUTPUT_RECORDS"])
			}
			fmt.Fprintf(w, "  %s: %s (counters: status --json)\n", n.Name, visible(strings.TrimSpace(line)))
		}
		if n.Logs != "" && (n.Status == api.StatusError || n.Status == api.StatusHeld) {
			fmt.Fprintf(w, "  %s: logs in %s (howdah logs)\n", n.Name, visible(n.Logs))
		}
		if n.LogsLost != "" {
			fmt.Fprintf(w, "  %s: LOGS INCOMPLETE: %s\n", n.Name, visible(n.LogsLost))
		}
	}
}
