package main

import (
	"fmt"
	"strings"

	"github.com/howdah/howdah/dsl"
	"github.com/spf13/cobra"
)

// paramFlags are the -p and --params flags shared by the verbs that compile.
type paramFlags struct {
	pairs        []string
	files        []string
	allowOutside bool
	// previous are a rerun's earlier values (dsl.Options.Previous).
	previous map[string]string
}

func (p *paramFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVarP(&p.pairs, "param", "p", nil, "set a parameter: -p name=value (repeatable; non-strings are HCL literals: -p n=3 -p xs='[\"a\",\"b\"]')")
	cmd.Flags().StringArrayVar(&p.files, "params", nil, "read parameters from a file of name = value lines (.hcl or .json; repeatable)")
	cmd.Flags().BoolVar(&p.allowOutside, "allow-files-outside", false, "let sub_workflow files lie outside the workflow file's directory tree")
}

// options turns the flags into compiler options.
func (p *paramFlags) options() (dsl.Options, error) {
	opts := dsl.Options{ParamFiles: p.files, Params: map[string]string{}, AllowFilesOutside: p.allowOutside, Previous: p.previous}
	for _, kv := range p.pairs {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return opts, usageError{fmt.Errorf("-p %q: want name=value", kv)}
		}
		opts.Params[name] = value
	}
	return opts, nil
}
