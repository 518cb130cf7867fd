package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"
)

// listStatuses maps --status words (howdah's, Oozie's and Temporal's) to
// Temporal's execution statuses.
var listStatuses = map[string]string{
	"running": "Running", "succeeded": "Completed", "completed": "Completed", "failed": "Failed",
	"killed": "Canceled", "cancelled": "Canceled", "canceled": "Canceled",
	"terminated": "Terminated", "timedout": "TimedOut", "timed_out": "TimedOut",
}

// runStatus names a Temporal execution status in howdah's (Oozie's)
// words, as status and run print them: a cancelled run is KILLED.
func runStatus(s enumspb.WorkflowExecutionStatus) string {
	switch s {
	case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		return api.RunRunning
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		return api.RunSucceeded
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED:
		return api.RunFailed
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED:
		return api.RunKilled
	case enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
		return "TIMEDOUT"
	case enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		return "TERMINATED"
	case enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW:
		return "CONTINUED_AS_NEW"
	}
	return strings.ToUpper(s.String())
}

func newListCmd() *cobra.Command {
	var conn connFlags
	var name, status string
	var limit int
	var all, held bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List runs, filtered by workflow name and status",
		Example: `  howdah list
  howdah list --workflow wordcount --status failed`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var where []string
			if !all {
				// Sub-workflows and a for_each's batches are children:
				// shown under their run, not as runs of their own.
				where = append(where, "ParentWorkflowId IS NULL")
			}
			if name != "" {
				where = append(where, fmt.Sprintf("%s = '%s'", api.SearchWorkflow, strings.ReplaceAll(name, "'", "")))
			}
			if held {
				// Runs waiting for an operator (on_failure = "hold").
				where = append(where, api.SearchHeld+" IS NOT NULL")
			}
			if status != "" {
				s, ok := listStatuses[strings.ToLower(status)]
				if !ok {
					return usageError{fmt.Errorf("--status %q: want running, succeeded, failed, killed, terminated or timedout", status)}
				}
				where = append(where, fmt.Sprintf("ExecutionStatus = '%s'", s))
			}
			c, _, stop, err := connect(cmd.Context(), conn, false, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer stop()
			resp, err := c.ListWorkflow(cmd.Context(), &workflowservice.ListWorkflowExecutionsRequest{
				Namespace: namespaceOf(conn),
				PageSize:  int32(limit),
				Query:     strings.Join(where, " AND "),
			})
			if err != nil {
				return fmt.Errorf("list: %w", err)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "WORKFLOW ID\tTYPE\tRUN\tSTATUS\tNODE\tSTARTED\tCLOSED\tHELD")
			for _, e := range resp.GetExecutions() {
				closed := ""
				if e.GetCloseTime() != nil {
					closed = e.GetCloseTime().AsTime().Local().Format("2006-01-02 15:04:05")
				}
				var rerun int64
				var heldNodes, where []string
				if sa := e.GetSearchAttributes(); sa != nil {
					if p := sa.GetIndexedFields()[api.SearchNode]; p != nil {
						_ = converter.GetDefaultDataConverter().FromPayload(p, &where)
					}
					if p := sa.GetIndexedFields()[api.SearchRun]; p != nil {
						_ = converter.GetDefaultDataConverter().FromPayload(p, &rerun)
					}
					if p := sa.GetIndexedFields()[api.SearchHeld]; p != nil {
						_ = converter.GetDefaultDataConverter().FromPayload(p, &heldNodes)
					}
				}
				// Ids and attributes may come from anyone using the
				// cluster: shown with control bytes escaped.
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", visible(e.GetExecution().GetWorkflowId()), visible(e.GetType().GetName()), rerun,
					runStatus(e.GetStatus()), visible(strings.Join(where, ",")),
					e.GetStartTime().AsTime().Local().Format("2006-01-02 15:04:05"), closed, visible(strings.Join(heldNodes, ",")))
			}
			return tw.Flush()
		},
	}
	conn.register(cmd)
	cmd.Flags().StringVar(&name, "workflow", "", "only runs of this workflow (its HCL name)")
	cmd.Flags().StringVar(&status, "status", "", "running, succeeded, failed, killed (cancelled), terminated or timedout")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many runs")
	cmd.Flags().BoolVar(&held, "held", false, "only runs holding at a node for an operator (howdah retry|skip|fail)")
	cmd.Flags().BoolVar(&all, "all", false, "also list child runs (sub-workflows, for_each batches)")
	return cmd
}
