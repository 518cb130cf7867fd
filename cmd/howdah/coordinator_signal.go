package main

import (
	"fmt"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

func newCoordSignalCmd(use, short, kind string) *cobra.Command {
	var f coordConn
	cmd := &cobra.Command{
		Use:   use + " NAME",
		Short: short,
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error { return runCoordSignal(cmd, c, use, kind, args[0]) })
		},
	}
	f.register(cmd)
	return cmd
}

// runCoordSignal sends coordinator name the event kind (pause, resume,
// trigger), after checking that it runs.
func runCoordSignal(cmd *cobra.Command, c sdkclient.Client, use, kind, name string) error {
	if _, err := client.Coordinator(cmd.Context(), c, name); err != nil {
		return err
	}
	if err := client.SignalCoordinator(cmd.Context(), c, name, api.CoordEvent{Kind: kind}); err != nil {
		return fmt.Errorf("%s %s: %w", use, name, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: %s requested\n", name, use)
	return nil
}
