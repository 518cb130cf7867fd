package expr

import (
	"encoding/json"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Sensitive is the mark on the values of sensitive parameters. cty carries
// marks through operators, templates, conditionals and function calls, so
// every value computed from a sensitive one (upper(param.pw),
// "--password=${param.pw}", substr(...)) carries it too, as Terraform's
// sensitive values do.
const Sensitive = sensitiveMark("sensitive")

type sensitiveMark string

// Unmark returns v without marks and the text of every part of it that
// carried Sensitive: values derived from a secret, which are secrets
// themselves and must be redacted wherever the secret would be. Each
// string is itself (and its JSON-escaped form), a number its JSON text;
// bools and unknown parts are skipped.
func Unmark(v cty.Value) (cty.Value, []string) {
	if !v.ContainsMarked() {
		return v, nil
	}
	plain, marks := v.UnmarkDeepWithPaths()
	var out []string
	for _, pm := range marks {
		if _, ok := pm.Marks[Sensitive]; !ok {
			continue
		}
		leaf, err := pm.Path.Apply(plain)
		if err != nil {
			leaf = plain // a set element: everything, to be safe
		}
		out = appendText(out, leaf)
	}
	slices.Sort(out)
	return plain, slices.Compact(out)
}

// appendText appends the text of every known primitive inside v.
func appendText(out []string, v cty.Value) []string {
	cty.Walk(v, func(_ cty.Path, v cty.Value) (bool, error) {
		// Bools are left out: redacting every "true" would say nothing
		// and hide everything.
		if v.IsNull() || !v.IsKnown() || !v.Type().IsPrimitiveType() || v.Type() == cty.Bool {
			return true, nil
		}
		var s string
		if v.Type() == cty.String {
			s = v.AsString()
		} else if js, err := ctyjson.Marshal(v, v.Type()); err == nil {
			s = string(js)
		}
		if s != "" {
			out = append(out, s)
			if js, err := json.Marshal(s); err == nil && string(js[1:len(js)-1]) != s {
				out = append(out, string(js[1:len(js)-1])) // as JSON shows it
			}
		}
		return true, nil
	})
	return out
}

// ReadsSensitive reports whether an expression with these references
// reads a sensitive parameter (sensitive says which are).
func ReadsSensitive(refs []hcl.Traversal, sensitive func(param string) bool) bool {
	for _, t := range refs {
		if t.RootName() != RootParam || len(t) < 2 {
			continue
		}
		if name, ok := stepName(t[1]); ok && sensitive(name) {
			return true
		}
	}
	return false
}

// HideDetails returns diags with every error's detail replaced by a note:
// cty's and HCL's messages quote the values they fail on (`cannot convert
// "s3cr3t" to number`), and an expression that reads a sensitive value
// must not show it; nor may the values HCL's diagnostic writer prints
// for an expression's variables ("with param.pw as ..."), so those go
// too. Summaries and ranges stay, so the error still points at its place.
func HideDetails(diags hcl.Diagnostics) hcl.Diagnostics {
	out := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		if c.Severity == hcl.DiagError {
			c.Detail = "The expression reads a sensitive value, so the details of this error are not shown."
		}
		c.Expression, c.EvalContext = nil, nil
		out[i] = &c
	}
	return out
}
