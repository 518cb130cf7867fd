package dsl

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/fspath"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// scope says what an expression may refer to besides params, wf and actions.
type scope struct {
	each bool // inside a for_each action
}

// buildContext makes the compile-time evaluation context: parameter values
// as bound, wf with only its name known, and each action as an unknown value
// of the type its results will have.
func (c *compiler) buildContext() {
	params := make(map[string]cty.Value, len(c.params))
	for _, p := range c.params {
		switch {
		case p.val == cty.NilVal:
			params[p.name] = cty.UnknownVal(p.ty)
		case p.sensitive:
			// What is computed from it carries the mark (value).
			params[p.name] = p.val.Mark(expr.Sensitive)
		default:
			params[p.name] = p.val
		}
	}
	actions := map[string]cty.Value{}
	for _, n := range c.nodes {
		if n.kind == plan.KindAction && n.shape != nil {
			actions[n.name] = cty.UnknownVal(expr.ActionType(*n.shape))
		}
	}
	c.ctx = &hcl.EvalContext{
		Variables: map[string]cty.Value{
			expr.RootParam: cty.ObjectVal(params),
			expr.RootWf: cty.ObjectVal(map[string]cty.Value{
				"name":            cty.StringVal(c.name),
				"id":              cty.UnknownVal(cty.String),
				"run":             cty.UnknownVal(cty.Number),
				"user":            cty.UnknownVal(cty.String),
				"last_error_node": cty.UnknownVal(cty.String),
				"error_code":      cty.UnknownVal(cty.String),
				"error_message":   cty.UnknownVal(cty.String),
			}),
			expr.RootAction: cty.ObjectVal(actions),
		},
		Functions: expr.Functions(nil, nil),
	}
}

var eachCtxVars = map[string]cty.Value{expr.RootEach: cty.UnknownVal(expr.EachType)}

// evalCtx is the compile-time context for a scope: inside a for_each
// action, each is defined (and unknown).
func (c *compiler) evalCtx(sc *scope) *hcl.EvalContext {
	if sc == nil || !sc.each {
		return c.ctx
	}
	ctx := c.ctx.NewChild()
	ctx.Variables = eachCtxVars
	return ctx
}

// value evaluates e and converts it to ty. It returns the value when it is
// known at compile time, or the expression to carry in the plan when it
// depends on run-time state. On error it records diagnostics and returns
// (cty.NilVal, nil).
//
// A value computed from a sensitive parameter is returned without its mark,
// and its text is recorded as a derived secret (plan.Workflow.Derived); an
// error in such an expression does not quote the value.
func (c *compiler) value(e hcl.Expression, ty cty.Type, sc *scope) (cty.Value, *plan.Expr) {
	v, x := c.markedValue(e, ty, sc)
	v, derived := expr.Unmark(v)
	c.derived = append(c.derived, derived...)
	return v, x
}

// markedValue is value with the Sensitive mark kept on what derives from a
// sensitive parameter (for values handed to a sub-workflow, whose
// parameter becomes sensitive).
func (c *compiler) markedValue(e hcl.Expression, ty cty.Type, sc *scope) (cty.Value, *plan.Expr) {
	if !c.checkRefs(e, sc) {
		return cty.NilVal, nil
	}
	secret := expr.ReadsSensitive(e.Variables(), c.isSensitive)
	v, diags := e.Value(c.evalCtx(sc))
	if secret {
		diags = expr.HideDetails(diags)
	}
	c.diags = append(c.diags, diags...)
	if diags.HasErrors() {
		return cty.NilVal, nil
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		if secret {
			c.errorf(e.Range(), "Incorrect value type", "Want %s (the value is sensitive: not shown).", friendlyType(ty))
		} else {
			c.errorf(e.Range(), "Incorrect value type", "Want %s: %s.", friendlyType(ty), err)
		}
		return cty.NilVal, nil
	}
	if cv.IsWhollyKnown() {
		return cv, nil
	}
	return cty.NilVal, c.planExpr(e)
}

// isSensitive says whether the named parameter is sensitive.
func (c *compiler) isSensitive(name string) bool {
	p := c.paramBy[name]
	return p != nil && p.sensitive
}

// constant evaluates an expression that must not refer to anything.
func (c *compiler) constant(e hcl.Expression, ty cty.Type) (cty.Value, bool) {
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		c.errorf(e.Range(), "Value must be a constant", "This value cannot refer to parameters, results or functions.")
		return cty.NilVal, false
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		c.errorf(e.Range(), "Incorrect value type", "Want %s: %s.", friendlyType(ty), err)
		return cty.NilVal, false
	}
	return cv, true
}

func (c *compiler) planExpr(e hcl.Expression) *plan.Expr {
	r := e.Range()
	return &plan.Expr{Source: string(r.SliceBytes(c.src)), Range: toPlanRange(r)}
}

func friendlyType(t cty.Type) string {
	switch t {
	case cty.String:
		return "a string"
	case cty.Number:
		return "a number"
	case cty.Bool:
		return "a bool"
	}
	return expr.TypeString(t)
}

// checkRefs reports references to things that do not exist, with messages
// that name what does.
func (c *compiler) checkRefs(e hcl.Expression, sc *scope) bool {
	ok := true
	for _, t := range e.Variables() {
		rng := t.SourceRange()
		root := t.RootName()
		switch root {
		case expr.RootParam:
			name, nameOK := attrStep(t, 1)
			if !nameOK {
				c.errorf(rng, "Invalid parameter reference", "Write param.NAME.")
				ok = false
			} else if _, found := c.paramBy[name]; !found {
				c.errorf(rng, "Reference to undeclared parameter", "No parameter %q is declared.%s", name, c.paramList())
				ok = false
			}
		case expr.RootWf:
			name, nameOK := attrStep(t, 1)
			if !nameOK || !expr.WfType.HasAttribute(name) {
				c.errorf(rng, "Unknown wf attribute", "wf has %s.", strings.Join(attrNames(expr.WfType), ", "))
				ok = false
			}
		case expr.RootEach:
			if sc == nil || !sc.each {
				c.errorf(rng, "each is not available here", "each.value and each.index exist only inside an action with for_each.")
				ok = false
			}
		case expr.RootAction:
			if !c.checkActionRef(t) {
				ok = false
			}
		default:
			if _, isNode := nodeKinds[root]; isNode || root == plan.EndNode || root == plan.FailNode {
				c.errorf(rng, "Node reference in a value", "%s is a node; only transitions (ok, error, goto, default, branches) take node references. To use an action's results write action.NAME.output.KEY.", root)
			} else {
				c.errorf(rng, "Unknown variable", "There is no variable named %q. Expressions may use param, wf, action and (in for_each actions) each.", root)
			}
			ok = false
		}
	}
	return ok
}

func (c *compiler) checkActionRef(t hcl.Traversal) bool {
	rng := t.SourceRange()
	name, ok := attrStep(t, 1)
	if !ok {
		c.errorf(rng, "Invalid action reference", "Write action.NAME.ATTRIBUTE, e.g. action.extract.output.count.")
		return false
	}
	n := c.nodeBy[name]
	if n == nil {
		c.errorf(rng, "Reference to undeclared action", "No action named %q is declared.", name)
		return false
	}
	if n.kind != plan.KindAction {
		c.errorf(rng, "Reference to a non-action node", "%q is a %s; only actions have results.", name, n.kind)
		return false
	}
	if n.shape == nil {
		return false // its own declaration is broken and already reported
	}
	attr, ok := attrStep(t, 2)
	if !ok {
		return true // action.NAME as a whole object
	}
	if expr.ActionType(*n.shape).HasAttribute(attr) {
		return true
	}
	switch attr {
	case "output":
		c.errorf(rng, "Action does not capture output", "Action %q has no output: set capture_output = true in its shell or java block.", name)
	case "counters":
		c.errorf(rng, "Action has no counters", "Action %q is a %s action; only map_reduce, streaming and distcp actions have Hadoop counters.", name, n.actionKind)
	default:
		c.errorf(rng, "Unknown action attribute", "An action has %s.", strings.Join(attrNames(expr.ActionType(expr.ActionShape{CaptureOutput: true, Counters: true})), ", "))
	}
	return false
}

func attrStep(t hcl.Traversal, i int) (string, bool) {
	if len(t) <= i {
		return "", false
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() {
			return s.Key.AsString(), true
		}
	}
	return "", false
}

func attrNames(t cty.Type) []string {
	names := make([]string, 0, len(t.AttributeTypes()))
	for n := range t.AttributeTypes() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// staticPrefix returns the part of a string expression known at compile
// time before its first run-time part: the literal text of a template up to
// the first interpolation that does not evaluate to a known string.
// missingParam is true when that interpolation is unknown only because a
// parameter has no value yet (validate mode).
func (c *compiler) staticPrefix(e hcl.Expression, sc *scope) (prefix string, missingParam bool) {
	parts := expr.TemplateParts(e)
	ctx := c.evalCtx(sc)
	var b strings.Builder
	for _, p := range parts {
		v, diags := p.Value(ctx)
		if !diags.HasErrors() && v.IsWhollyKnown() {
			if sv, err := convert.Convert(v, cty.String); err == nil && !sv.IsNull() {
				b.WriteString(sv.AsString())
				continue
			}
		}
		onlyMissing := true
		for _, t := range p.Variables() {
			name, _ := attrStep(t, 1)
			if t.RootName() != expr.RootParam || !c.missing[name] {
				onlyMissing = false
			}
		}
		return b.String(), onlyMissing
	}
	return b.String(), false
}

// checkDelete applies the delete guard at compile time. A known path goes
// through the same rule as at run time (expr.ResolveDeletePath), which
// also returns the directory it must stay strictly below, for the plan. A
// run-time path must start with a static prefix naming a directory, or
// with a parameter that declares its within, so no value can turn it into
// "/"; its directory is found when it resolves.
func (c *compiler) checkDelete(e hcl.Expression, v cty.Value, deferred *plan.Expr, sc *scope) (within string) {
	if deferred == nil {
		if v == cty.NilVal || v.IsNull() {
			return ""
		}
		_, within, err := expr.ResolveDeletePath(e, c.evalCtx(sc), c.src, c.paramBounds())
		if err != nil {
			sensitive := func(name string) bool { return c.paramBy[name] != nil && c.paramBy[name].sensitive }
			if expr.ReadsSensitive(e.Variables(), sensitive) {
				c.errorf(e.Range(), "Refusing to delete a root or empty path", "This delete path reads a sensitive parameter and is refused by the delete guard (details not shown). A bad parameter must never delete the wrong tree.")
			} else {
				c.errorf(e.Range(), "Refusing to delete a root or empty path", "%s. A bad parameter must never delete the wrong tree.", err)
			}
		}
		return within
	}
	prefix, missingParam := c.staticPrefix(e, sc)
	if missingParam {
		return ""
	}
	if prefix == "" {
		if parts := expr.TemplateParts(e); len(parts) > 0 {
			if name, ok := expr.ParamName(parts[0]); ok && c.paramBy[name] != nil {
				if w := c.paramBy[name].within; w != "" {
					return w
				}
				c.errorCtx(e.Range(), c.paramBy[name].rng, "Delete path could resolve to a root or empty path", "This path starts with param.%s, whose value is only known at run time, and nothing bounds it, so it could resolve to \"/\". Declare the directory the value stays in: param %q { within = \"/data/out\" }, or start the path with a fixed directory, e.g. \"/data/%s\".", name, name, "${...}")
				return ""
			}
		}
	}
	if !fspath.HasNamedSegment(prefix) {
		c.errorf(e.Range(), "Delete path could resolve to a root or empty path", "This path is only known at run time and its fixed prefix %q names no directory, so it could resolve to \"/\" or \"\". Start it with a fixed directory, e.g. \"/data/%s\".", prefix, "${...}")
	}
	return ""
}
