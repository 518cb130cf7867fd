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
// author fixed before any interpolation. It returns the path and that
// directory (within, "" for the root). src is the text x's ranges index
// into, for messages. The compiler calls it for paths known at compile
// time, the interpreter for the others, with the same rule.
func ResolveDeletePath(x hcl.Expression, ctx *hcl.EvalContext, src []byte) (path, within string, err error) {
	parts := TemplateParts(x)
	if parts == nil {
		return "", "", fmt.Errorf("%w: a delete path must be HCL native syntax", fspath.ErrUnsafeDelete)
	}
	pieces := make([]fspath.PathPiece, 0, len(parts))
	for _, part := range parts {
		v, diags := part.Value(ctx)
		if diags.HasErrors() {
			return "", "", diags
		}
		s, err := asString(v)
		if err != nil {
			return "", "", err
		}
		_, literal := part.(*hclsyntax.LiteralValueExpr)
		if !literal {
			if err := fspath.CheckPathPiece(s); err != nil {
				return "", "", fmt.Errorf("${%s}: %w", part.Range().SliceBytes(src), err)
			}
		}
		pieces = append(pieces, fspath.PathPiece{Text: s, Interpolated: !literal})
	}
	return fspath.JoinDeletePath(pieces)
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
	sv, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", err
	}
	if sv.IsNull() {
		return "", fmt.Errorf("%w: the path is null", fspath.ErrUnsafeDelete)
	}
	return sv.AsString(), nil
}
