package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/howdah/howdah/client"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

func newCoordListCmd() *cobra.Command {
	var f coordConn
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the coordinators on the server",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error { return runCoordList(cmd, c, namespaceOf(f.conn)) })
		},
	}
	f.register(cmd)
	return cmd
}

// runCoordList prints a table of the coordinators running in namespace ns.
func runCoordList(cmd *cobra.Command, c sdkclient.Client, ns string) error {
	names, err := client.Coordinators(cmd.Context(), c, ns)
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
}
