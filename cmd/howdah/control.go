package main

import (
	"fmt"

	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
)

// newControlCmd makes cancel, suspend and resume: one verb, one call.
func newControlCmd(use, short, long string, act func(cmd *cobra.Command, conn connFlags, id, runID string) error) *cobra.Command {
	var conn connFlags
	var runID string
	cmd := &cobra.Command{
		Use:   use + " WORKFLOW_ID",
		Short: short,
		Long:  long,
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := act(cmd, conn, args[0], runID); err != nil {
				return fmt.Errorf("%s %s: %w", use, args[0], err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %s requested\n", args[0], use)
			return nil
		},
	}
	conn.register(cmd)
	cmd.Flags().StringVar(&runID, "run-id", "", "a specific run (default: the latest)")
	return cmd
}

func newCancelCmd() *cobra.Command {
	return newControlCmd("cancel", "Cancel a run: running actions are stopped, the run ends KILLED",
		"Cancel asks the run to stop. Running actions are cancelled (shell processes are killed, YARN applications are killed) and their nodes end KILLED.",
		func(cmd *cobra.Command, conn connFlags, id, runID string) error {
			c, _, stop, err := connect(cmd.Context(), conn, false, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer stop()
			return c.CancelWorkflow(cmd.Context(), id, runID)
		})
}

func newSignalCmd(use, signal, short string) *cobra.Command {
	return newControlCmd(use, short, short+".",
		func(cmd *cobra.Command, conn connFlags, id, runID string) error {
			c, _, stop, err := connect(cmd.Context(), conn, false, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer stop()
			return c.SignalWorkflow(cmd.Context(), id, runID, signal, nil)
		})
}

func newSuspendCmd() *cobra.Command {
	return newSignalCmd("suspend", api.SignalSuspend, "Suspend a run: running nodes finish, no new node starts")
}

func newResumeCmd() *cobra.Command {
	return newSignalCmd("resume", api.SignalResume, "Resume a suspended run")
}
