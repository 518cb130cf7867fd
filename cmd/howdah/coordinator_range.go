package main

import (
	"fmt"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

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
				return runCoordRange(cmd, c, namespaceOf(f.conn), use, args[0], a, b, rerun, failed, maxInstances)
			})
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&from, "from", "", "first nominal time (inclusive; RFC 3339 or 2026-11-03)")
	cmd.Flags().StringVar(&to, "to", "", "end of the range (exclusive)")
	cmd.Flags().IntVar(&maxInstances, "max-instances", api.DefaultMaxRequestInstances, "refuse a range of more instances than this")
	if rerun {
		cmd.Flags().BoolVar(&failed, "failed", false, "rerun only instances that failed, were killed or timed out")
	}
	return cmd
}

// runCoordRange asks coordinator name for a backfill or (rerun) a rerun
// of the nominal times in [a, b) (failed: only those of instances that did
// not succeed), and says what it queued or why it refused.
func runCoordRange(cmd *cobra.Command, c sdkclient.Client, ns, use, name string, a, b time.Time, rerun, failed bool, maxInstances int) error {
	if _, err := client.Coordinator(cmd.Context(), c, name); err != nil {
		return err
	}
	ev := api.CoordEvent{Kind: api.EventBackfill, From: a, To: b}
	what := "nominal times in [" + a.Format(time.RFC3339) + ", " + b.Format(time.RFC3339) + ")"
	if rerun {
		ev.Kind = api.EventRerun
		if failed {
			all, err := client.Instances(cmd.Context(), c, ns, name, a, b)
			if err != nil {
				return err
			}
			ev.Times = []time.Time{}
			// Each instance reruns only its workflow's nodes
			// that did not succeed.
			ev.CarryOver = true
			for _, in := range client.LatestInstances(all) {
				switch in.State {
				case api.InstanceFailed, api.InstanceKilled, api.InstanceTimedOut:
					ev.Times = append(ev.Times, in.Nominal)
				}
			}
			what = fmt.Sprintf("%d instance(s) that failed, were killed or timed out in that range", len(ev.Times))
			if len(ev.Times) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: nothing to rerun (no instance in that range failed, was killed or timed out)\n", name)
				return nil
			}
		}
	}
	ev.MaxInstances = maxInstances
	res, err := client.RequestCoordinator(cmd.Context(), c, name, ev)
	if err != nil {
		return fmt.Errorf("%s %s refused: %w", use, name, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "coordinator %s: %s of %s queued: %d instance(s), %s to %s\n", name, use, what, res.Instances, res.First.Format(time.RFC3339), res.Last.Format(time.RFC3339))
	if res.Clipped {
		fmt.Fprintf(cmd.OutOrStdout(), "(nominal times the clock has not reached yet are not queued: they run when they come)\n")
	}
	return nil
}
