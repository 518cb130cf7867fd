package dsl

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/fspath"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// paramDecl is a param block and the value bound to it.
type paramDecl struct {
	name string
	ty   cty.Type
	desc string
	// sensitive values are never printed (plan.Param.Sensitive).
	sensitive bool
	rng       hcl.Range
	val       cty.Value // unknown when given at run time (or missing, with AllowMissingParams)
	// broken is set when the declaration itself had errors, so that a
	// missing value is not reported on top of them.
	broken bool
	// within is the directory the value must stay at or below
	// (plan.Param.Within); withinRng is where it is written.
	within    string
	withinRng hcl.Range
}

// paramValues gathers values from params files, then -p flags.
func (s *session) paramValues(opts Options) (map[string]paramValue, hcl.Diagnostics) {
	out := map[string]paramValue{}
	var diags hcl.Diagnostics
	for name, v := range opts.Previous {
		out[name] = paramValue{raw: v, isRaw: true, previous: true}
	}
	for _, path := range opts.ParamFiles {
		var f *hcl.File
		src, err := readSource(path)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read params file", Detail: err.Error()})
			continue
		}
		d := checkSource(path, src)
		if !d.HasErrors() {
			if strings.EqualFold(filepath.Ext(path), ".json") {
				f, d = s.parser.ParseJSON(src, path)
			} else {
				f, d = s.parser.ParseHCL(src, path)
			}
		}
		diags = append(diags, d...)
		if d.HasErrors() || f == nil {
			continue
		}
		attrs, d := f.Body.JustAttributes()
		diags = append(diags, d...)
		for _, name := range sortedAttrNames(attrs) {
			a := attrs[name]
			v, d := a.Expr.Value(nil)
			diags = append(diags, d...)
			if d.HasErrors() {
				continue
			}
			rng := a.Range
			out[name] = paramValue{val: v, rng: &rng}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Params)) {
		if v := opts.Params[name]; !utf8.ValidString(v) {
			// JSON would turn the bytes into U+FFFD: the run would use,
			// and delete, another path than the one given.
			// Where, not what: the value may be a sensitive one.
			bad := firstInvalid(v)
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid parameter value", Detail: fmt.Sprintf("The value of -p %s is not UTF-8 text (an invalid byte at offset %d).", name, bad)})
			continue
		}
		out[name] = paramValue{raw: opts.Params[name], isRaw: true}
	}
	return out, diags
}

// decodeParam reads one param block.
func (c *compiler) decodeParam(b *hcl.Block) *paramDecl {
	name := b.Labels[0]
	p := &paramDecl{name: name, ty: cty.String, rng: b.DefRange, val: cty.NilVal}
	if !c.checkName(name, b.LabelRanges[0], "parameter") {
		return nil
	}
	if prev, dup := c.paramBy[name]; dup {
		c.errorCtx(b.DefRange, prev.rng, "Duplicate parameter", "Parameter %q was already declared at %s.", name, prev.rng)
		return nil
	}
	content, diags := bodyContent(b.Body, paramSchema)
	c.diags = append(c.diags, diags...)
	typed := false
	if a, ok := content.Attributes["type"]; ok {
		t, d := typeexpr.TypeConstraint(a.Expr)
		c.diags = append(c.diags, d...)
		if d.HasErrors() {
			p.broken = true
		} else {
			p.ty, typed = t, true
		}
	}
	if a, ok := content.Attributes["description"]; ok {
		if v, ok := c.constant(a.Expr, cty.String); ok && !v.IsNull() {
			p.desc = v.AsString()
		}
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		if v, ok := c.constant(a.Expr, cty.Bool); ok && !v.IsNull() {
			p.sensitive = v.True()
		}
	}
	if a, ok := content.Attributes["within"]; ok {
		p.withinRng = a.Expr.Range()
		if v, d := a.Expr.Value(nil); d.HasErrors() || v.Type() != cty.String || v.IsNull() {
			c.errorf(a.Expr.Range(), "Invalid within", "A parameter's within must be a constant string naming a directory, e.g. within = \"/data/clicks\" (no references or function calls).")
			p.broken = true
		} else if err := fspath.CheckWithin(v.AsString()); err != nil {
			c.errorf(a.Expr.Range(), "Invalid within", "The %s. It must name a directory below a filesystem root, e.g. \"/data/clicks\", \"hdfs://nn:8020/data/clicks\" or \".\" (the run's working directory).", err)
			p.broken = true
		} else {
			p.within = v.AsString()
		}
	}
	if a, ok := content.Attributes["default"]; ok {
		v, d := a.Expr.Value(nil)
		if d.HasErrors() {
			c.errorf(a.Expr.Range(), "Invalid default", "A parameter's default must be a constant (no references or function calls).")
			p.broken = true
		} else {
			if !typed && v.Type() != cty.String {
				p.ty = v.Type()
				if p.ty.IsTupleType() {
					p.ty = cty.List(cty.String)
				} else if p.ty.IsObjectType() {
					p.ty = cty.Map(cty.String)
				}
			}
			cv, err := convert.Convert(v, p.ty)
			if err != nil {
				c.errorf(a.Expr.Range(), "Invalid default", "The default does not match the parameter's type %s: %s.", expr.TypeString(p.ty), err)
				p.broken = true
			} else {
				p.val = cv
			}
		}
	}
	if p.within != "" && p.ty != cty.String && !p.broken {
		c.errorf(p.withinRng, "Invalid within", "Parameter %q is %s: only a string parameter names a path and can have a within.", name, expr.TypeString(p.ty))
		p.within, p.broken = "", true
	}
	c.params = append(c.params, p)
	c.paramBy[name] = p
	return p
}

// checkWithin refuses a known value outside its parameter's within: the
// bound a delete path starting with the parameter relies on.
func (c *compiler) checkWithin(p *paramDecl, valueRng *hcl.Range) {
	if p.within == "" || p.val == cty.NilVal || !p.val.IsKnown() || p.val.IsNull() || p.val.Type() != cty.String {
		return
	}
	val, _ := p.val.UnmarkDeep() // a sensitive value is checked, never shown
	err := fspath.CheckAtOrBelow(p.within, val.AsString())
	if err == nil {
		return
	}
	rng := p.rng
	if valueRng != nil {
		rng = *valueRng
	}
	if p.sensitive {
		c.errorCtx(rng, p.withinRng, "Parameter value outside its within", "Parameter %q (sensitive, not shown) is not within %q, the directory it declares.", p.name, p.within)
		return
	}
	c.errorCtx(rng, p.withinRng, "Parameter value outside its within", "Parameter %q is %q, which is not within %q, the directory it declares: a delete path that starts with it could reach another tree.", p.name, val.AsString(), p.within)
}

// bindParams applies outside values to the declared parameters.
func (c *compiler) bindParams(values map[string]paramValue, wfRange hcl.Range, callRange *hcl.Range) {
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if _, ok := c.paramBy[name]; ok {
			continue
		}
		pv := values[name]
		if pv.previous {
			continue
		}
		rng := wfRange
		if pv.rng != nil {
			rng = *pv.rng
		} else if callRange != nil {
			rng = *callRange
		}
		c.errorf(rng, "Unknown parameter", "The workflow declares no parameter %q.%s", name, c.paramList())
	}
	for _, p := range c.params {
		pv, given := values[p.name]
		switch {
		case given && pv.isRaw:
			v, err := parseRawParam(pv.raw, p.ty)
			if err != nil {
				raw := pv.raw
				if p.sensitive {
					raw = plan.Redacted
				}
				c.errorf(p.rng, "Invalid parameter value", "-p %s=%s: %s. %s", p.name, raw, err, paramExample(p.name, p.ty))
				continue
			}
			p.val = v
		case given:
			if !pv.val.IsKnown() {
				// A value computed later: its type, when known, must fit.
				if _, err := convert.Convert(pv.val, p.ty); err != nil && pv.val.Type() != cty.DynamicPseudoType {
					rng := p.rng
					if pv.rng != nil {
						rng = *pv.rng
					}
					c.errorf(rng, "Invalid parameter value", "Parameter %q must be %s: %s.", p.name, expr.TypeString(p.ty), err)
				}
				p.val = cty.UnknownVal(p.ty)
				continue
			}
			v, err := convert.Convert(pv.val, p.ty)
			if err != nil {
				rng := p.rng
				if pv.rng != nil {
					rng = *pv.rng
				}
				if p.sensitive || pv.val.ContainsMarked() {
					c.errorf(rng, "Invalid parameter value", "Parameter %q must be %s (the value is sensitive: not shown).", p.name, expr.TypeString(p.ty))
				} else {
					c.errorf(rng, "Invalid parameter value", "Parameter %q must be %s: %s.", p.name, expr.TypeString(p.ty), err)
				}
				continue
			}
			if v.ContainsMarked() {
				// Computed by the caller from a secret: a secret here too.
				p.sensitive = true
				v, _ = v.UnmarkDeep()
			}
			p.val = v
		case p.val != cty.NilVal:
			// The default stands.
		case c.allowMissing || p.broken:
			p.val = cty.UnknownVal(p.ty)
			c.missing[p.name] = true
		default:
			rng := p.rng
			how := "pass it with -p " + p.name + "=VALUE or in a --params file"
			if callRange != nil {
				rng = *callRange
				how = "the sub_workflow's params must set it"
				if c.caller == "coordinator" {
					how = "the coordinator's params must set it (or -p)"
				}
			}
			c.errorCtx(rng, p.rng, "Missing required parameter", "Parameter %q has no default and no value: %s.", p.name, how)
			// Reported: what depends on it must not add errors of its own
			// (a delete path it starts would read as "could be /").
			p.val = cty.UnknownVal(p.ty)
			c.missing[p.name] = true
		}
	}
	for _, p := range c.params {
		var rng *hcl.Range
		if pv, ok := values[p.name]; ok {
			rng = pv.rng
		}
		c.checkWithin(p, rng)
	}
}

// paramBounds maps each parameter with a within to it, for the delete
// guard.
func (c *compiler) paramBounds() map[string]string {
	out := map[string]string{}
	for _, p := range c.params {
		if p.within != "" {
			out[p.name] = p.within
		}
	}
	return out
}

func (c *compiler) paramList() string {
	if len(c.params) == 0 {
		return ""
	}
	names := make([]string, len(c.params))
	for i, p := range c.params {
		names[i] = p.name
	}
	return " Declared: " + strings.Join(names, ", ") + "."
}

// paramExample shows how to write a value of type ty with -p, quoted for
// a POSIX shell.
func paramExample(name string, ty cty.Type) string {
	var ex string
	switch {
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		ex = `'["a","b"]'`
		if et := ty; (et.IsListType() || et.IsSetType()) && et.ElementType() == cty.Number {
			ex = `'[1,2]'`
		}
	case ty.IsMapType() || ty.IsObjectType():
		ex = `'{a = "x", b = "y"}'`
	case ty == cty.Number:
		ex = "3"
	case ty == cty.Bool:
		ex = "true"
	default:
		return ""
	}
	return fmt.Sprintf("A %s is written as an HCL literal, e.g. -p %s=%s", expr.TypeString(ty), name, ex)
}

// parseRawParam converts a -p value: strings as given, anything else read
// as an HCL literal.
func parseRawParam(raw string, ty cty.Type) (cty.Value, error) {
	if ty == cty.String {
		return cty.StringVal(raw), nil
	}
	e, diags := hclsyntax.ParseExpression([]byte(raw), "-p", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("not a valid %s literal", expr.TypeString(ty))
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("not a constant %s", expr.TypeString(ty))
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		return cty.NilVal, fmt.Errorf("want %s: %s", expr.TypeString(ty), err)
	}
	return cv, nil
}

// planParams renders the bound parameters for the plan.
func (c *compiler) planParams() []plan.Param {
	out := make([]plan.Param, 0, len(c.params))
	for _, p := range c.params {
		pp := plan.Param{Name: p.name, Type: expr.TypeString(p.ty), Description: p.desc, Sensitive: p.sensitive, Within: p.within, Range: toPlanRange(p.rng)}
		if p.val == cty.NilVal || !p.val.IsWhollyKnown() {
			pp.Runtime = true
		} else if js, err := expr.ToJSON(p.val, p.ty); err == nil {
			pp.Value = js
		}
		out = append(out, pp)
	}
	return out
}

func sortedAttrNames(attrs hcl.Attributes) []string {
	return slices.Sorted(maps.Keys(attrs))
}

// firstInvalid is the offset of s's first byte that is not part of valid
// UTF-8.
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return i
			}
		}
	}
	return len(s)
}
