package dsl

import (
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// decodeSubWorkflow compiles the called workflow file into the action. Its
// parameters are bound from params: values known now are compiled in, the
// others are passed by the interpreter at run time.
func (c *compiler) decodeSubWorkflow(n *nodeDecl, b *hcl.Block, content *hcl.BodyContent, sc *scope) *plan.SubWorkflow {
	sw := &plan.SubWorkflow{}
	fileAttr := content.Attributes["file"]
	v, ok := c.staticValue(fileAttr.Expr, cty.String)
	if !ok {
		return sw
	}
	sw.File = v.AsString()
	if a, ok := content.Attributes["propagate_configuration"]; ok {
		if pv, ok := c.constant(a.Expr, cty.Bool); ok && !pv.IsNull() {
			sw.PropagateConfiguration = pv.True()
		}
	}

	// The parameters to pass.
	values := map[string]paramValue{}
	deferred := map[string]*plan.Expr{}
	var order []string
	if a, ok := content.Attributes["params"]; ok {
		pairs, diags := hcl.ExprMap(a.Expr)
		if diags.HasErrors() {
			c.errorf(a.Expr.Range(), "Invalid params", "params is a map literal: { name = value, ... }.")
		}
		for _, p := range pairs {
			k, ok := c.staticValue(p.Key, cty.String)
			if !ok {
				continue
			}
			name := k.AsString()
			if _, dup := values[name]; dup {
				c.errorf(p.Key.Range(), "Duplicate parameter", "Parameter %q is passed twice.", name)
				continue
			}
			rng := p.Key.Range()
			// A value computed from a secret makes the child's parameter
			// sensitive.
			val, x := c.markedValue(p.Value, cty.DynamicPseudoType, sc)
			_, derived := expr.Unmark(val)
			c.derived = append(c.derived, derived...)
			switch {
			case x != nil:
				deferred[name] = x
				values[name] = paramValue{val: cty.DynamicVal, rng: &rng}
			case val != cty.NilVal:
				values[name] = paramValue{val: val, rng: &rng}
			default:
				continue
			}
			order = append(order, name)
		}
	}

	path := sw.File
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(c.filename), path)
	}
	abs, _ := filepath.Abs(path)
	for i, s := range c.stack {
		if s == abs {
			chain := append(append([]string(nil), c.stack[i:]...), abs)
			for j := range chain {
				chain[j] = filepath.Base(chain[j])
			}
			c.errorf(fileAttr.Expr.Range(), "Sub-workflow recursion", "Workflows cannot call themselves: %s.", strings.Join(chain, " -> "))
			return sw
		}
	}
	if c.sess.nodes > MaxPlanNodes {
		c.errorf(fileAttr.Expr.Range(), "Plan too large", "With its sub-workflows expanded the plan has over %d nodes (every call copies the called workflow's nodes). Call fewer sub-workflows, or flatten nested calls.", MaxPlanNodes)
		return sw
	}
	if err := c.sess.inTree(path); err != nil {
		c.errorf(fileAttr.Expr.Range(), "Cannot read sub-workflow", "%s (pass --allow-files-outside to allow it).", err)
		return sw
	}
	src, err := readSource(path)
	if err != nil {
		c.errorf(fileAttr.Expr.Range(), "Cannot read sub-workflow", "%s (paths are relative to %s).", err, filepath.Dir(c.filename))
		return sw
	}
	child := c.sess.newCompiler(path, src, c.stack)
	child.allowMissing = c.allowMissing
	call := b.DefRange
	sw.Workflow = child.compileWorkflow(values, &call)
	c.diags = append(c.diags, child.diags...)
	if sw.Workflow == nil {
		return sw
	}
	c.sess.nodes += len(sw.Workflow.Nodes)
	for _, name := range order {
		x, ok := deferred[name]
		if !ok {
			continue
		}
		ty := "any"
		if p := child.paramBy[name]; p != nil {
			ty = expr.TypeString(p.ty)
		}
		sw.Params = append(sw.Params, plan.Binding{Field: name, Type: ty, Expr: *x})
	}
	return sw
}
