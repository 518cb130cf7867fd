package dsl

import (
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// decodeDecision reads ordered cases (first true wins) and a default.
func (c *compiler) decodeDecision(n *nodeDecl) {
	content, diags := bodyContent(n.block.Body, decisionSchema)
	c.diags = append(c.diags, diags...)
	d := &plan.Decision{}
	n.node = &plan.Node{Name: n.name, Kind: plan.KindDecision, Range: toPlanRange(n.block.DefRange), Decision: d}
	for i, b := range content.Blocks {
		cc, diags := bodyContent(b.Body, caseSchema)
		c.diags = append(c.diags, diags...)
		cs := plan.Case{Range: toPlanRange(b.DefRange)}
		if a, ok := cc.Attributes["when"]; ok {
			v, deferred := c.value(a.Expr, cty.Bool, nil)
			switch {
			case deferred != nil:
				cs.When.Expr = deferred
			case v != cty.NilVal && v.IsNull():
				c.errorf(a.Expr.Range(), "Missing value", "when must be true or false, not null.")
			case v != cty.NilVal:
				t := v.True()
				cs.When.Static = &t
			}
		}
		if a, ok := cc.Attributes["goto"]; ok {
			if to, ok := c.target(a.Expr); ok {
				cs.Goto = to
				n.edges = append(n.edges, edge{to: to, label: "case " + strconv.Itoa(i+1), rng: a.Expr.Range()})
			}
		}
		d.Cases = append(d.Cases, cs)
	}
	if len(content.Blocks) == 0 {
		c.errorf(n.block.DefRange, "Decision without cases", "A decision needs at least one case { when = ..., goto = ... } block.")
	}
	a, ok := content.Attributes["default"]
	if !ok {
		c.errorf(n.block.DefRange, "Decision without default", "A decision must say where to go when no case matches: default = action.NAME (or end, fail, ...).")
		return
	}
	if to, ok := c.target(a.Expr); ok {
		d.Default = to
		n.edges = append(n.edges, edge{to: to, label: "default", rng: a.Expr.Range()})
	}
}

// decodeFork reads the branches; the join is found by checkForks.
func (c *compiler) decodeFork(n *nodeDecl) {
	content, diags := bodyContent(n.block.Body, forkSchema)
	c.diags = append(c.diags, diags...)
	f := &plan.Fork{}
	n.node = &plan.Node{Name: n.name, Kind: plan.KindFork, Range: toPlanRange(n.block.DefRange), Fork: f}
	a, ok := content.Attributes["branches"]
	if !ok {
		return
	}
	elems, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		c.errorf(a.Expr.Range(), "Invalid branches", "branches is a list of node references, e.g. [action.load_a, action.load_b].")
		return
	}
	seen := map[string]hcl.Range{}
	for _, e := range elems {
		to, ok := c.target(e)
		if !ok {
			continue
		}
		if prev, dup := seen[to]; dup {
			c.errorCtx(e.Range(), prev, "Duplicate branch", "%q is already a branch of this fork (at %s).", to, prev)
			continue
		}
		if to == plan.EndNode || to == plan.FailNode {
			c.errorf(e.Range(), "Invalid branch", "A fork branch must start at a node of the workflow, not at %s.", to)
			continue
		}
		seen[to] = e.Range()
		f.Branches = append(f.Branches, to)
		n.edges = append(n.edges, edge{to: to, label: "branch", rng: e.Range()})
	}
	if len(elems) < 2 {
		c.errorf(a.Expr.Range(), "Fork needs two branches", "A fork runs two or more branches in parallel; to fan out over a list use for_each on an action.")
	}
}

func (c *compiler) decodeJoin(n *nodeDecl) {
	content, diags := bodyContent(n.block.Body, joinSchema)
	c.diags = append(c.diags, diags...)
	j := &plan.Join{}
	n.node = &plan.Node{Name: n.name, Kind: plan.KindJoin, Range: toPlanRange(n.block.DefRange), Join: j}
	j.Next, j.NextImplied = c.transition(n, content.Attributes["ok"], "ok", c.nextNode(n))
}

func (c *compiler) decodeKill(n *nodeDecl) {
	content, diags := bodyContent(n.block.Body, killSchema)
	c.diags = append(c.diags, diags...)
	k := &plan.Kill{}
	n.node = &plan.Node{Name: n.name, Kind: plan.KindKill, Range: toPlanRange(n.block.DefRange), Kill: k}
	a, ok := content.Attributes["message"]
	if !ok {
		k.Message.Static = "killed at " + n.name
		return
	}
	v, deferred := c.value(a.Expr, cty.String, nil)
	switch {
	case deferred != nil:
		k.Message.Expr = deferred
	case v != cty.NilVal && !v.IsNull():
		k.Message.Static = v.AsString()
	}
}
