package expr

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// CheckDeleteTemplate checks the interpolated parts of a delete path: a part
// that is empty ("${param.dir}/x" with dir = "") or that climbs out with
// ".." would make the path name another tree than its author meant, even
// when the whole path still looks harmless. Parts whose value is not known
// yet are skipped; the whole path is checked with plan.CheckDeletePath by
// the caller. src is the text x's ranges index into, for messages.
func CheckDeleteTemplate(x hcl.Expression, ctx *hcl.EvalContext, src []byte) error {
	t, ok := x.(*hclsyntax.TemplateExpr)
	if !ok {
		return nil
	}
	for _, part := range t.Parts {
		if _, lit := part.(*hclsyntax.LiteralValueExpr); lit {
			continue
		}
		v, diags := part.Value(ctx)
		if diags.HasErrors() || !v.IsWhollyKnown() {
			continue
		}
		sv, err := convert.Convert(v, cty.String)
		if err != nil || sv.IsNull() {
			continue
		}
		s := sv.AsString()
		text := string(part.Range().SliceBytes(src))
		switch {
		case strings.TrimSpace(s) == "":
			return fmt.Errorf("%w: ${%s} is empty, so the path would name its parent directory", plan.ErrUnsafeDelete, text)
		case s == ".." || strings.HasPrefix(s, "../") || strings.HasSuffix(s, "/..") || strings.Contains(s, "/../"):
			return fmt.Errorf("%w: ${%s} is %q, which climbs out of the directory", plan.ErrUnsafeDelete, text, s)
		}
	}
	return nil
}
