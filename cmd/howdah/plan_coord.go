package main

import (
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/spf13/cobra"
)

// plannedInstance is one instance a coordinator would materialise.
type plannedInstance struct {
	Coordinator string              `json:"coordinator"`
	Nominal     time.Time           `json:"nominal"`
	Inputs      map[string][]string `json:"inputs"`
	Outputs     map[string]string   `json:"outputs,omitempty"`
	Params      map[string]any      `json:"params,omitempty"`
	Error       string              `json:"error,omitempty"`
}

func runPlanCoordinator(cmd *cobra.Command, file string, f planFlags) error {
	cos, bundle, err := compileCoordinators(cmd, file, f.params, "", "")
	if err != nil {
		return err
	}
	var secrets []string
	for _, co := range cos {
		if co.Workflow != nil {
			secrets = append(secrets, co.Workflow.Secrets()...)
		}
	}
	red := plan.NewRedactor(secrets)
	out := red.Writer(cmd.OutOrStdout())
	defer out.Close()
	if f.from == "" && f.to == "" {
		var v any = cos[0]
		if bundle != nil {
			v = bundle
		}
		if f.out != "" {
			fh, err := os.Create(f.out)
			if err != nil {
				return err
			}
			defer fh.Close()
			fout := red.Writer(fh)
			defer fout.Close()
			return writeJSON(fout, v)
		}
		return writeJSON(out, v)
	}
	if f.from == "" || f.to == "" {
		return usageError{fmt.Errorf("give both --from and --to")}
	}
	from, err := parseWhen("from", f.from)
	if err != nil {
		return err
	}
	to, err := parseWhen("to", f.to)
	if err != nil {
		return err
	}
	var all []plannedInstance
	more := false
	for _, co := range cos {
		got, cut, err := planInstances(co, from, to, f.limit-len(all))
		if err != nil {
			return err
		}
		all = append(all, got...)
		more = more || cut
	}
	if f.json {
		return writeJSON(out, all)
	}
	writePlannedInstances(cmd, out, all)
	if more {
		fmt.Fprintf(cmd.ErrOrStderr(), "(stopped at --limit %d instances)\n", f.limit)
	}
	return nil
}

// planInstances resolves the instances of co in [from, to).
func planInstances(co *plan.Coordinator, from, to time.Time, limit int) ([]plannedInstance, bool, error) {
	clock, err := coord.NewClock(co)
	if err != nil {
		return nil, false, err
	}
	ds, err := coord.NewDatasets(co.Datasets)
	if err != nil {
		return nil, false, err
	}
	times, more := clock.Between(from, to, max(limit, 1))
	var out []plannedInstance
	for _, t := range times {
		pi := plannedInstance{Coordinator: co.Name, Nominal: t, Inputs: map[string][]string{}, Outputs: map[string]string{}}
		r, err := coord.Resolve(co, ds, t)
		if err != nil {
			return nil, false, err
		}
		for k, in := range co.Inputs {
			if in.From.Fn == plan.Latest || in.From.Fn == plan.Future {
				pi.Inputs[in.Name] = []string{fmt.Sprintf("%s..%s of %s, resolved when the instance starts", in.From, in.To, in.Dataset)}
				continue
			}
			uris := []string{}
			for _, inst := range r.Inputs[k] {
				uris = append(uris, inst.Check)
			}
			pi.Inputs[in.Name] = uris
		}
		ci := expr.CoordInstance{Name: co.Name, NominalTime: t, ActualTime: t, Inputs: map[string][]string{}, Outputs: map[string]string{}}
		for k, in := range co.Inputs {
			for _, inst := range r.Inputs[k] {
				ci.Inputs[in.Name] = append(ci.Inputs[in.Name], inst.URI)
			}
		}
		for k, out := range co.Outputs {
			pi.Outputs[out.Name] = r.Outputs[k].URI
			ci.Outputs[out.Name] = r.Outputs[k].URI
		}
		params, err := expr.EvalCoordParams(co, ci)
		if err != nil {
			pi.Error = err.Error()
		} else {
			pi.Params = map[string]any{}
			for _, p := range co.Params {
				switch {
				case co.Workflow != nil && co.Workflow.IsSensitive(p.Name):
					pi.Params[p.Name] = plan.Redacted
				case p.Expr != nil:
					pi.Params[p.Name] = string(params[p.Name])
				default:
					pi.Params[p.Name] = string(p.Value)
				}
			}
		}
		out = append(out, pi)
	}
	return out, more, nil
}

func writePlannedInstances(cmd *cobra.Command, w io.Writer, all []plannedInstance) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COORDINATOR\tNOMINAL TIME\tINPUTS (what is waited for)\tOUTPUTS\tPARAMS")
	for _, pi := range all {
		var ins, outs, params []string
		for name, uris := range sortedMap(pi.Inputs) {
			ins = append(ins, name+"="+strings.Join(uris, ","))
		}
		for name, uri := range sortedMap(pi.Outputs) {
			outs = append(outs, name+"="+uri)
		}
		for name, v := range sortedMap(pi.Params) {
			params = append(params, fmt.Sprintf("%s=%s", name, v))
		}
		if pi.Error != "" {
			params = []string{"error: " + pi.Error}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", pi.Coordinator, pi.Nominal.Format(time.RFC3339), strings.Join(ins, " "), strings.Join(outs, " "), strings.Join(params, " "))
	}
	tw.Flush()
}

// validateCoordinator validates a coordinator or bundle file.
func validateCoordinator(cmd *cobra.Command, file string, opts dsl.Options, asJSON bool) validateResult {
	res := dsl.CompileCoordinatorFile(file, opts)
	r := validateResult{File: file, Valid: !res.Diags.HasErrors(), Diagnostics: toJSONDiagnostics(res.Files, res.Diags)}
	if asJSON {
		return r
	}
	writeDiagnostics(cmd.ErrOrStderr(), res.Files, res.Diags)
	switch {
	case !r.Valid:
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", file, countErrors(res.Diags))
	case res.Bundle != nil:
		fmt.Fprintf(cmd.OutOrStdout(), "%s: bundle %q is valid (%d coordinators)\n", file, res.Bundle.Name, len(res.Bundle.Coordinators))
	default:
		co := res.Coordinator
		first, _ := mustClock(co).First()
		fmt.Fprintf(cmd.OutOrStdout(), "%s: coordinator %q is valid (workflow %q, %s in %s, first nominal time %s)\n", file, co.Name, co.Workflow.Name, co.Frequency, co.TimeZone, first.Format(time.RFC3339))
	}
	return r
}

// sortedMap iterates m in key order.
func sortedMap[V any](m map[string]V) iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}
