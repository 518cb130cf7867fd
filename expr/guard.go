package expr

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/fspath"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// ResolveDeletePath evaluates a delete path and applies the delete guard
// to it (fspath.JoinDeletePath): each interpolated value is checked on its
// own, then the whole path must stay strictly below the directory its
// author fixed before any interpolation, or the bound of the parameter it
// starts with (bounds maps a parameter's name to its within). It returns
// the path and that directory (within, "" for the root). src is the text
// x's ranges index into, for messages. The compiler calls it for paths
// known at compile time, the interpreter for the others, with the same
// rule.
func ResolveDeletePath(x hcl.Expression, ctx *hcl.EvalContext, src []byte, bounds map[string]string) (path, within string, err error) {
	parts := TemplateParts(x)
	if parts == nil {
		return "", "", fmt.Errorf("%w: a delete path must be HCL native syntax", fspath.ErrUnsafeDelete)
	}
	pieces := make([]fspath.PathPiece, 0, len(parts))
	for i, part := range parts {
		v, diags := part.Value(ctx)
		if diags.HasErrors() {
			return "", "", diags
		}
		s, err := asString(v)
		if err != nil {
			return "", "", err
		}
		_, literal := part.(*hclsyntax.LiteralValueExpr)
		pc := fspath.PathPiece{Text: s, Interpolated: !literal}
		if !literal && i == 0 {
			if name, ok := ParamName(part); ok {
				pc.Within = bounds[name]
			}
			if _, err := fspath.LeadingBound(s, pc.Within); err != nil {
				return "", "", fmt.Errorf("${%s}: %w", part.Range().SliceBytes(src), err)
			}
		} else if !literal {
			if err := fspath.CheckPathPiece(s); err != nil {
				return "", "", fmt.Errorf("${%s}: %w", part.Range().SliceBytes(src), err)
			}
		}
		pieces = append(pieces, pc)
	}
	return fspath.JoinDeletePath(pieces)
}

// ParamName returns NAME when x is exactly param.NAME (or param["NAME"]).
func ParamName(x hclsyntax.Expression) (string, bool) {
	t, ok := x.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(t.Traversal) != 2 || t.Traversal.RootName() != RootParam {
		return "", false
	}
	switch s := t.Traversal[1].(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() {
			return s.Key.AsString(), true
		}
	}
	return "", false
}

// TemplateParts returns the parts of a string expression as its author
// wrote them: a template's literal text and interpolations in order, or
// the expression itself when it is a value as a whole (param.out,
// each.value). It is nil for expressions of other syntaxes (JSON).
func TemplateParts(x hcl.Expression) []hclsyntax.Expression {
	switch t := x.(type) {
	case *hclsyntax.TemplateExpr:
		return t.Parts
	case *hclsyntax.TemplateWrapExpr:
		return []hclsyntax.Expression{t.Wrapped}
	case hclsyntax.Expression:
		return []hclsyntax.Expression{t}
	}
	return nil
}

func asString(v cty.Value) (string, error) {
	if !v.IsWhollyKnown() {
		return "", fmt.Errorf("value is not known yet")
	}
	// A sensitive value is checked like any other; callers keep its text
	// out of what they show.
	v, _ = v.UnmarkDeep()
	sv, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", err
	}
	if sv.IsNull() {
		return "", fmt.Errorf("%w: the path is null", fspath.ErrUnsafeDelete)
	}
	return sv.AsString(), nil
}
