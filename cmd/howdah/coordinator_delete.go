package main

import (
	"fmt"

	"github.com/howdah/howdah/client"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

func newCoordDeleteCmd() *cobra.Command {
	var f coordConn
	var keep bool
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Stop a coordinator and cancel its open instances (their history stays)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error { return runCoordDelete(cmd, c, namespaceOf(f.conn), args[0], keep) })
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&keep, "keep-instances", false, "let open instances run to their end")
	return cmd
}

// runCoordDelete stops coordinator name and (unless keep) cancels its open
// instances.
func runCoordDelete(cmd *cobra.Command, c sdkclient.Client, ns, name string, keep bool) error {
	n, err := client.DeleteCoordinator(cmd.Context(), c, ns, name, keep)
	if err != nil {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: deleted, %d open instance(s) cancelled\n", name, n)
	return nil
}
