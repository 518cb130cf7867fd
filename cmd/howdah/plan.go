package main

import (
	"fmt"
	"os"

	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/plan"
	"github.com/spf13/cobra"
)

type planFlags struct {
	params   paramFlags
	out      string
	from, to string
	limit    int
	json     bool
}

func newPlanCmd() *cobra.Command {
	var f planFlags
	cmd := &cobra.Command{
		Use:   "plan FILE",
		Short: "Compile a workflow or coordinator and print its plan; --from/--to: a coordinator's instances",
		Long: `Plan compiles a workflow with its parameters into the JSON plan that the
Temporal interpreter executes. Every required parameter must have a value.
The output is deterministic: the same files and parameters give the same bytes.

For a coordinator (or bundle) file, plan prints the compiled coordinator; with
--from and --to it prints the instances that would materialise in [from, to):
their nominal times, resolved input and output URIs, and the parameters their
workflow would get (a dry run: nothing is checked on any filesystem).`,
		Example: `  howdah plan examples/wordcount/workflow.hcl
  howdah plan etl.hcl -p date=2026-11-24 --params prod.hcl -o etl.plan.json
  howdah plan daily.coord.hcl --from 2026-11-03 --to 2026-11-06`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd, args[0], f)
		},
	}
	f.params.register(cmd)
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write the plan to this file instead of stdout")
	cmd.Flags().StringVar(&f.from, "from", "", "coordinators: list instances from this nominal time (inclusive)")
	cmd.Flags().StringVar(&f.to, "to", "", "coordinators: list instances before this nominal time")
	cmd.Flags().IntVar(&f.limit, "limit", 1000, "coordinators: list at most this many instances")
	cmd.Flags().BoolVar(&f.json, "json", false, "coordinators: print the instances as JSON")
	return cmd
}

func runPlan(cmd *cobra.Command, file string, f planFlags) error {
	if dsl.FileKind(file) != "workflow" {
		return runPlanCoordinator(cmd, file, f)
	}
	if f.from != "" || f.to != "" {
		return usageError{fmt.Errorf("--from and --to list a coordinator's instances; %s is a workflow", file)}
	}
	w, err := compileForOutput(cmd, file, f.params, false)
	if err != nil {
		return err
	}
	b, err := w.Marshal()
	if err != nil {
		return err
	}
	// Sensitive values are never printed, not even in a plan file.
	b = []byte(plan.NewRedactor(w.Secrets()).String(string(b)))
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
	if kind := dsl.FileKind(file); kind != "workflow" {
		// A coordinator's workflow, with its params as the coordinator
		// sets them.
		cres := dsl.CompileCoordinatorFile(file, opts)
		writeDiagnostics(cmd.ErrOrStderr(), cres.Files, cres.Diags)
		if cres.Diags.HasErrors() {
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", file, countErrors(cres.Diags))
			return nil, errInvalid
		}
		if cres.Coordinator == nil {
			return nil, usageError{fmt.Errorf("%s is a bundle: name one of its coordinator files", file)}
		}
		return cres.Coordinator.Workflow, nil
	}
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
