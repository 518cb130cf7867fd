package main

import (
	"fmt"
	"os"

	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/spf13/cobra"
)

type planFlags struct {
	params paramFlags
	out    string
}

func newPlanCmd() *cobra.Command {
	var f planFlags
	cmd := &cobra.Command{
		Use:   "plan FILE",
		Short: "Compile a workflow and print its plan as JSON",
		Long: `Plan compiles a workflow with its parameters into the JSON plan that the
Temporal interpreter executes. Every required parameter must have a value.
The output is deterministic: the same files and parameters give the same bytes.`,
		Example: `  howdah plan examples/wordcount/workflow.hcl
  howdah plan etl.hcl -p date=2026-11-24 --params prod.hcl -o etl.plan.json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd, args[0], f)
		},
	}
	f.params.register(cmd)
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write the plan to this file instead of stdout")
	return cmd
}

func runPlan(cmd *cobra.Command, file string, f planFlags) error {
	w, err := compileForOutput(cmd, file, f.params, false)
	if err != nil {
		return err
	}
	b, err := w.Marshal()
	if err != nil {
		return err
	}
	if f.out == "" {
		_, err = cmd.OutOrStdout().Write(b)
		return err
	}
	return os.WriteFile(f.out, b, 0o644)
}

// compileForOutput compiles file, printing diagnostics; it returns
// errInvalid when the workflow does not compile.
func compileForOutput(cmd *cobra.Command, file string, pf paramFlags, allowMissing bool) (*plan.Workflow, error) {
	opts, err := pf.options()
	if err != nil {
		return nil, err
	}
	opts.AllowMissingParams = allowMissing
	res := dsl.CompileFile(file, opts)
	writeDiagnostics(cmd.ErrOrStderr(), res.Files, res.Diags)
	if res.Plan == nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", file, countErrors(res.Diags))
		return nil, errInvalid
	}
	return res.Plan, nil
}

// countNodes counts the nodes a person declared (not the implicit ones).
func countNodes(nodes []plan.Node) int {
	n := 0
	for _, nd := range nodes {
		if !nd.Implicit {
			n++
		}
	}
	return n
}
