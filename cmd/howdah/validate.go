package main

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/dsl"
	"github.com/spf13/cobra"
)

type validateFlags struct {
	params        paramFlags
	json          bool
	requireParams bool
}

func newValidateCmd() *cobra.Command {
	var f validateFlags
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check workflow files without running anything",
		Long: `Validate parses and compiles each workflow file (and the sub-workflows it
calls) and reports every problem with its file:line:col and a source snippet.

Required parameters without a value are treated as unknown, so a workflow can
be checked before its inputs are chosen; pass --require-params (or use
'howdah plan') to insist on them. Values given with -p/--params are checked.`,
		Example: `  howdah validate examples/*/workflow.hcl
  howdah validate --json etl.hcl
  howdah validate --require-params -p date=2026-11-24 etl.hcl`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd, args, f)
		},
	}
	f.params.register(cmd)
	cmd.Flags().BoolVar(&f.json, "json", false, "print results as JSON")
	cmd.Flags().BoolVar(&f.requireParams, "require-params", false, "report required parameters that have no value")
	return cmd
}

type validateResult struct {
	File        string           `json:"file"`
	Valid       bool             `json:"valid"`
	Workflow    string           `json:"workflow,omitempty"`
	Nodes       int              `json:"nodes,omitempty"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

func runValidate(cmd *cobra.Command, files []string, f validateFlags) error {
	opts, err := f.params.options()
	if err != nil {
		return err
	}
	opts.AllowMissingParams = !f.requireParams
	var results []validateResult
	invalid := false
	for _, file := range files {
		if dsl.FileKind(file) != "workflow" {
			r := validateCoordinator(cmd, file, opts, f.json)
			results = append(results, r)
			invalid = invalid || !r.Valid
			continue
		}
		res := dsl.CompileFile(file, opts)
		r := validateResult{File: file, Valid: !res.Diags.HasErrors(), Diagnostics: toJSONDiagnostics(res.Files, res.Diags)}
		if res.Plan != nil {
			r.Workflow, r.Nodes = res.Plan.Name, countNodes(res.Plan.Nodes)
		}
		results = append(results, r)
		if !r.Valid {
			invalid = true
		}
		if !f.json {
			writeDiagnostics(cmd.ErrOrStderr(), res.Files, res.Diags)
			if r.Valid {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: workflow %q is valid (%s)\n", file, r.Workflow, plural(r.Nodes, "node"))
			} else {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", file, countErrors(res.Diags))
			}
		}
	}
	if f.json {
		if err := writeJSON(cmd.OutOrStdout(), results); err != nil {
			return err
		}
	}
	if invalid {
		return errInvalid
	}
	return nil
}

func countErrors(diags hcl.Diagnostics) string {
	n := 0
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			n++
		}
	}
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}
