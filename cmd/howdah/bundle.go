package main

import (
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

func newBundleCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bundle",
		Short: "Operate a bundle's coordinators as one: apply, list, status, pause, resume, delete",
		Long: `A bundle groups coordinators (coordinator files, or coordinator blocks beside
the bundle block) with a kick-off time: nominal times before it are not run.
Each verb acts on every coordinator of the bundle.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newCoordApplyCmd("bundle"),
		newBundleListCmd(),
		newBundleEachCmd("status", "Show each coordinator of the bundle", func(cmd *cobra.Command, c sdkclient.Client, ns, name string) error {
			return runCoordStatus(cmd, c, ns, name, 10, false, "")
		}),
		newBundleEachCmd("pause", "Pause every coordinator of the bundle", bundleSignal("pause", api.EventPause)),
		newBundleEachCmd("resume", "Resume every coordinator of the bundle (each catches up)", bundleSignal("resume", api.EventResume)),
		newBundleEachCmd("delete", "Delete every coordinator of the bundle and cancel their open instances", func(cmd *cobra.Command, c sdkclient.Client, ns, name string) error {
			return runCoordDelete(cmd, c, ns, name, false)
		}),
	)
	return cmd
}

func bundleSignal(use, kind string) func(*cobra.Command, sdkclient.Client, string, string) error {
	return func(cmd *cobra.Command, c sdkclient.Client, _ string, name string) error {
		return runCoordSignal(cmd, c, use, kind, name)
	}
}

// bundleMembers maps bundle names to their running coordinators.
func bundleMembers(cmd *cobra.Command, c sdkclient.Client, ns string) (map[string][]string, error) {
	names, err := client.Coordinators(cmd.Context(), c, ns)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, n := range names {
		st, err := client.Coordinator(cmd.Context(), c, n)
		if err != nil || st.State.Bundle == "" {
			continue
		}
		out[st.State.Bundle] = append(out[st.State.Bundle], n)
	}
	return out, nil
}

func newBundleListCmd() *cobra.Command {
	var f coordConn
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List bundles and their coordinators",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error {
				m, err := bundleMembers(cmd, c, namespaceOf(f.conn))
				if err != nil {
					return err
				}
				var names []string
				for b := range m {
					names = append(names, b)
				}
				sort.Strings(names)
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "BUNDLE\tCOORDINATORS")
				for _, b := range names {
					fmt.Fprintf(tw, "%s\t%v\n", b, m[b])
				}
				return tw.Flush()
			})
		},
	}
	f.register(cmd)
	return cmd
}

func newBundleEachCmd(use, short string, act func(*cobra.Command, sdkclient.Client, string, string) error) *cobra.Command {
	var f coordConn
	cmd := &cobra.Command{
		Use:   use + " NAME",
		Short: short,
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.withClient(cmd, func(c sdkclient.Client) error {
				ns := namespaceOf(f.conn)
				m, err := bundleMembers(cmd, c, ns)
				if err != nil {
					return err
				}
				members := m[args[0]]
				if len(members) == 0 {
					return fmt.Errorf("no running coordinator belongs to bundle %q", args[0])
				}
				for _, name := range members {
					if err := act(cmd, c, ns, name); err != nil {
						return fmt.Errorf("%s %s: %w", use, name, err)
					}
				}
				return nil
			})
		},
	}
	f.register(cmd)
	return cmd
}
