package expr

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/plan"
)

// ActionRefs lists, sorted and once each, the actions whose results the
// run-time expressions of a read (action.NAME...): what a scope must hold
// to resolve a's bindings and sub-workflow parameters.
func ActionRefs(a *plan.Action) []string {
	var exprs []plan.Expr
	for _, b := range a.Bindings {
		exprs = append(exprs, b.Expr)
	}
	if sw := a.SubWorkflow; sw != nil {
		for _, b := range sw.Params {
			exprs = append(exprs, b.Expr)
		}
	}
	var out []string
	for _, e := range exprs {
		x, diags := hclsyntax.ParseExpression([]byte(e.Source), e.Range.File, hcl.InitialPos)
		if diags.HasErrors() {
			continue
		}
		for _, t := range x.Variables() {
			if t.RootName() != RootAction || len(t) < 2 {
				continue
			}
			if name, ok := stepName(t[1]); ok && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}
