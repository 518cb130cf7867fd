package main

import (
	"fmt"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/plan"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

func newCoordApplyCmd(what string) *cobra.Command {
	var f coordConn
	var pf paramFlags
	var start, end string
	var paused, noAttrs bool
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
			return runCoordApply(cmd, what, args[0], f, pf, start, end, paused, noAttrs)
		},
	}
	f.register(cmd)
	pf.register(cmd)
	cmd.Flags().StringVar(&start, "start", "", "replace the coordinators' start (RFC 3339, or now)")
	cmd.Flags().StringVar(&end, "end", "", "replace the coordinators' end (RFC 3339)")
	cmd.Flags().BoolVar(&paused, "paused", false, "create new coordinators paused")
	cmd.Flags().BoolVar(&noAttrs, "no-search-attributes", false, "create new coordinators whose instances carry none of howdah's search attributes (a namespace that cannot have them; see howdah setup)")
	return cmd
}

// runCoordApply compiles file (a coordinator, or a bundle when what is
// "bundle") and applies each coordinator in it.
func runCoordApply(cmd *cobra.Command, what, file string, f coordConn, pf paramFlags, start, end string, paused, noAttrs bool) error {
	cos, bundle, err := compileCoordinators(cmd, file, pf, start, end)
	if err != nil {
		return err
	}
	if what == "bundle" && bundle == nil {
		return usageError{fmt.Errorf("%s holds a coordinator, not a bundle: use 'howdah coordinator apply'", file)}
	}
	return f.withClient(cmd, func(c sdkclient.Client) error {
		out := cmd.OutOrStdout()
		for _, co := range cos {
			a, err := client.ApplyCoordinator(cmd.Context(), c, co, client.CoordinatorOptions{Namespace: namespaceOf(f.conn), TaskQueue: f.queue, Paused: paused, NoSearchAttributes: noAttrs})
			if err != nil {
				return err
			}
			first, _ := mustClock(co).First()
			fmt.Fprintf(out, "coordinator %s: %s (%s from %s, first nominal time %s)\n", co.Name, a.Action, co.Frequency, co.Start.Format(time.RFC3339), first.Format(time.RFC3339))
			if a.NoSearchAttributes {
				fmt.Fprintf(out, "  note: its instances carry no search attributes (--no-search-attributes): coordinator list shows their Temporal status, not WAITING or READY\n")
			}
		}
		if bundle != nil {
			fmt.Fprintf(out, "bundle %s: %d coordinator(s)\n", bundle.Name, len(cos))
		}
		return nil
	})
}

func mustClock(co *plan.Coordinator) *coord.Clock {
	c, err := coord.NewClock(co)
	if err != nil {
		panic(err) // the compiler checked the clock
	}
	return c
}
