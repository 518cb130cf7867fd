package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

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
	cmd.Flags().StringVar(&uiURL, "ui-url", "", "Temporal Web UI base URL for each instance's link (default: $HOWDAH_UI_URL, or http://127.0.0.1:8233 for a server on 127.0.0.1:7233, i.e. `howdah dev`; else, or given empty, the workflow id)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

type coordStatusJSON struct {
	Coordinator api.CoordinatorState `json:"coordinator"`
	Instances   []instanceRow        `json:"instances"`
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
		var is api.InstanceStatus
		if in.Closed.IsZero() {
			if v, err := c.QueryWorkflow(cmd.Context(), in.ID, in.RunID, api.QueryInstance); err == nil && v.Get(&is) == nil {
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
