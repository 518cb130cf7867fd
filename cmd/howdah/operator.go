package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/workflows/api"
	"github.com/spf13/cobra"
)

// operatorFlags are the flags of retry, skip and fail: the verbs that
// answer a node held by on_failure = "hold".
type operatorFlags struct {
	conn    connFlags
	runID   string
	params  []string
	file    string
	outputs []string
}

func newRetryCmd() *cobra.Command {
	return newOperatorCmd(api.OperatorRetry, "Run a held node again (after fixing the cause), optionally with new parameters",
		`Retry answers a node held by on_failure = "hold": it runs again, with its
retry policy. -p recompiles the run's workflow file with its parameters and
these on top, and the node runs with the action so compiled (later nodes keep
the run's parameters).`,
		`  howdah retry etl-2026-11-24 load
  howdah retry etl-2026-11-24 load -p queue=large`)
}

func newSkipCmd() *cobra.Command {
	return newOperatorCmd(api.OperatorSkip, "Treat a held node as OK, with the given outputs, and go on",
		`Skip answers a node held by on_failure = "hold": the node ends OK and takes
its ok transition; --output sets what later nodes read as its output.`,
		`  howdah skip etl-2026-11-24 probe --output rows=0`)
}

func newFailCmd() *cobra.Command {
	return newOperatorCmd(api.OperatorFail, "Let a held node fail: it takes its error transition",
		`Fail answers a node held by on_failure = "hold": it ends ERROR and the run
takes the node's error transition.`,
		`  howdah fail etl-2026-11-24 load`)
}

func newOperatorCmd(verb, short, long, example string) *cobra.Command {
	var f operatorFlags
	cmd := &cobra.Command{
		Use:     verb + " WORKFLOW_ID NODE",
		Short:   short,
		Long:    long,
		Example: example,
		Args:    usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runOperator(cmd, verb, args[0], args[1], f)
		},
	}
	f.conn.register(cmd)
	cmd.Flags().StringVar(&f.runID, "run-id", "", "a specific run (default: the latest)")
	switch verb {
	case api.OperatorRetry:
		cmd.Flags().StringArrayVarP(&f.params, "param", "p", nil, "change a parameter for the retried node: -p name=value (repeatable)")
		cmd.Flags().StringVar(&f.file, "file", "", "with -p: compile this workflow file instead of the run's own")
	case api.OperatorSkip:
		cmd.Flags().StringArrayVar(&f.outputs, "output", nil, "the node's output: --output key=value (repeatable)")
	}
	return cmd
}

func runOperator(cmd *cobra.Command, verb, id, node string, f operatorFlags) error {
	c, _, stop, err := connect(cmd.Context(), f.conn, false, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer stop()
	st, err := client.State(cmd.Context(), c, id, f.runID)
	if err != nil {
		return fmt.Errorf("%s %s: %w", verb, id, err)
	}
	var ns *api.NodeState
	var held []string
	for i := range st.Nodes {
		if st.Nodes[i].Status == api.StatusHeld {
			held = append(held, st.Nodes[i].Name)
		}
		if st.Nodes[i].Name == node {
			ns = &st.Nodes[i]
		}
	}
	switch {
	case ns == nil:
		return fmt.Errorf("%s %s: the run has no node %q", verb, id, node)
	case ns.Status != api.StatusHeld:
		hint := "no node is held"
		if len(held) > 0 {
			hint = "held: " + strings.Join(held, ", ")
		}
		return fmt.Errorf("%s %s: node %q is %s, not HELD (%s)", verb, id, node, ns.Status, hint)
	}
	oc := api.OperatorCommand{Node: node, Action: verb, By: currentUser()}
	if len(f.outputs) > 0 {
		oc.Output = map[string]string{}
		for _, kv := range f.outputs {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return usageError{fmt.Errorf("--output %q: want key=value", kv)}
			}
			if !utf8.ValidString(kv) {
				// JSON would turn the bytes into U+FFFD: a later node
				// would read, and maybe delete, another path than given.
				return usageError{fmt.Errorf("--output %q is not UTF-8 text", kv)}
			}
			oc.Output[k] = v
		}
	}
	if len(f.params) > 0 {
		in, err := client.RunInput(cmd.Context(), c, id, f.runID)
		if err != nil {
			return fmt.Errorf("%s %s: %w", verb, id, err)
		}
		w, err := recompile(cmd, in.Plan, f.file, f.params)
		if err != nil {
			return err
		}
		n := w.Node(node)
		if n == nil || n.Action == nil {
			return fmt.Errorf("%s %s: the recompiled workflow has no action %q", verb, id, node)
		}
		if old := in.Plan.Node(node); old != nil && old.Action != nil && old.Action.Kind != n.Action.Kind {
			return fmt.Errorf("%s %s: node %q is a %s action in the run but a %s action in the recompiled file", verb, id, node, old.Action.Kind, n.Action.Kind)
		}
		oc.Replace = n.Action
	}
	answer, err := client.Answer(cmd.Context(), c, id, f.runID, oc)
	if err != nil {
		return fmt.Errorf("%s %s refused: %w", verb, id, err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s: %s\n", id, answer)
	return nil
}
