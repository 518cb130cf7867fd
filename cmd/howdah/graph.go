package main

import (
	"fmt"
	"io"

	"github.com/howdah/howdah/graph"
	"github.com/spf13/cobra"
)

type graphFlags struct {
	params paramFlags
	format string
}

func newGraphCmd() *cobra.Command {
	var f graphFlags
	cmd := &cobra.Command{
		Use:   "graph FILE",
		Short: "Draw a workflow as Graphviz DOT or Mermaid",
		Long: `Graph draws the compiled workflow, including what the HCL leaves implicit:
the start node, ok transitions to the next node (dotted), error transitions to
the built-in fail node (dotted red), and the join each fork was paired with.`,
		Example: `  howdah graph examples/forkjoin/workflow.hcl | dot -Tsvg > forkjoin.svg
  howdah graph --format mermaid examples/wordcount/workflow.hcl`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGraph(cmd, args[0], f)
		},
	}
	f.params.register(cmd)
	cmd.Flags().StringVar(&f.format, "format", "dot", "dot or mermaid")
	return cmd
}

func runGraph(cmd *cobra.Command, file string, f graphFlags) error {
	if f.format != "dot" && f.format != "mermaid" {
		return usageError{fmt.Errorf("--format %q: want dot or mermaid", f.format)}
	}
	w, err := compileForOutput(cmd, file, f.params, true)
	if err != nil {
		return err
	}
	out := graph.DOT(w)
	if f.format == "mermaid" {
		out = graph.Mermaid(w)
	}
	_, err = io.WriteString(cmd.OutOrStdout(), out)
	return err
}
