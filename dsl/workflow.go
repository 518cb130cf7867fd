package dsl

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// nodeKinds maps the block types that declare nodes (and the roots of node
// references) to node kinds.
var nodeKinds = map[string]plan.NodeKind{
	"action":   plan.KindAction,
	"decision": plan.KindDecision,
	"fork":     plan.KindFork,
	"join":     plan.KindJoin,
	"kill":     plan.KindKill,
}

// nodeDecl is a declared node while it is being compiled.
type nodeDecl struct {
	name  string
	kind  plan.NodeKind
	block *hcl.Block
	index int
	// For actions: the kind and what its results look like, known after
	// the declare step so any node can refer to any action.
	actionKind plan.ActionKind
	shape      *expr.ActionShape
	// The decoded bodies of an action and of its kind block.
	content      *hcl.BodyContent
	contentDiags hcl.Diagnostics
	kindBlock    *hcl.Block
	kindContent  *hcl.BodyContent
	kindDiags    hcl.Diagnostics
	edges        []edge
	node         *plan.Node
}

// edge is one transition, kept with the range that wrote it (or the node's
// declaration, for implied ones) so graph errors point somewhere useful.
type edge struct {
	to      string
	label   string
	rng     hcl.Range
	implied bool
}

func (c *compiler) decodeWorkflow(b *hcl.Block, values map[string]paramValue, callRange *hcl.Range) *plan.Workflow {
	c.name = b.Labels[0]
	c.checkName(c.name, b.LabelRanges[0], "workflow")
	content, diags := bodyContent(b.Body, workflowSchema)
	c.diags = append(c.diags, diags...)

	w := &plan.Workflow{FormatVersion: plan.FormatVersion, Name: c.name, Source: c.filename}
	if a, ok := content.Attributes["description"]; ok {
		if v, ok := c.constant(a.Expr, cty.String); ok && !v.IsNull() {
			w.Description = v.AsString()
		}
	}

	// Declare: parameters and nodes, so references may point anywhere.
	var defaultsBlock *hcl.Block
	for _, blk := range content.Blocks {
		switch blk.Type {
		case "param":
			c.decodeParam(blk)
		case "defaults":
			if defaultsBlock != nil {
				c.errorCtx(blk.DefRange, defaultsBlock.DefRange, "Duplicate defaults block", "A workflow has one defaults block; the first is at %s.", defaultsBlock.DefRange)
				continue
			}
			defaultsBlock = blk
		default:
			c.declareNode(blk)
		}
	}
	c.bindParams(values, b.DefRange, callRange)
	c.buildContext()

	// Decode: every block's body.
	d := c.decodeDefaults(defaultsBlock)
	for _, n := range c.nodes {
		switch n.kind {
		case plan.KindAction:
			c.decodeAction(n, d)
		case plan.KindDecision:
			c.decodeDecision(n)
		case plan.KindFork:
			c.decodeFork(n)
		case plan.KindJoin:
			c.decodeJoin(n)
		case plan.KindKill:
			c.decodeKill(n)
		}
	}

	// Check: the graph as a whole.
	w.Start = c.startNode(content.Attributes["start"], b)
	c.addImplicitNodes()
	if w.Start != "" {
		c.checkGraph(w.Start)
	}
	w.Params = c.planParams()
	if len(c.derived) > 0 {
		w.Derived = slices.Compact(slices.Sorted(slices.Values(c.derived)))
	}
	for _, n := range c.nodes {
		if n.node != nil {
			w.Nodes = append(w.Nodes, *n.node)
		}
	}
	if c.diags.HasErrors() {
		return nil
	}
	return w
}

// checkName requires names usable in references (action.NAME) and as
// Temporal identifiers.
func (c *compiler) checkName(name string, rng hcl.Range, what string) bool {
	if !hclsyntax.ValidIdentifier(name) {
		c.errorf(rng, "Invalid "+what+" name", "%q is not a valid name: use letters, digits, underscores and dashes, starting with a letter.", name)
		return false
	}
	return true
}

func (c *compiler) declareNode(b *hcl.Block) {
	name := b.Labels[0]
	if !c.checkName(name, b.LabelRanges[0], b.Type) {
		return
	}
	kind := nodeKinds[b.Type]
	if name == plan.EndNode || (name == plan.FailNode && kind != plan.KindKill) {
		c.errorf(b.LabelRanges[0], "Reserved node name", "%q is reserved: end finishes the run successfully and fail is the default error target (a kill \"fail\" block may redefine its message).", name)
		return
	}
	if prev, dup := c.nodeBy[name]; dup {
		c.errorCtx(b.LabelRanges[0], prev.block.DefRange, "Duplicate node name", "A node named %q was already declared at %s (%s). Node names are unique across actions, decisions, forks, joins and kills.", name, prev.block.DefRange, prev.block.Type)
		return
	}
	n := &nodeDecl{name: name, kind: kind, block: b, index: len(c.nodes)}
	if kind == plan.KindAction {
		c.declareAction(n)
	}
	c.nodes = append(c.nodes, n)
	c.nodeBy[name] = n
}

// nextNode is where a node goes when its author did not say: the next
// non-kill node declared after it, or end.
func (c *compiler) nextNode(n *nodeDecl) string {
	for _, m := range c.nodes[n.index+1:] {
		if m.kind != plan.KindKill {
			return m.name
		}
	}
	return plan.EndNode
}

// target reads a transition: action.NAME, decision.NAME, fork.NAME,
// join.NAME, kill.NAME, end or fail.
func (c *compiler) target(e hcl.Expression) (string, bool) {
	t, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() {
		c.errorf(e.Range(), "Invalid transition", "A transition names a node: action.NAME, decision.NAME, fork.NAME, join.NAME, kill.NAME, end or fail.")
		return "", false
	}
	root := t.RootName()
	if len(t) == 1 && (root == plan.EndNode || root == plan.FailNode) {
		return root, true
	}
	kind, isKind := nodeKinds[root]
	name, nameOK := attrStep(t, 1)
	if !isKind || !nameOK || len(t) != 2 {
		c.errorf(e.Range(), "Invalid transition", "A transition names a node: action.NAME, decision.NAME, fork.NAME, join.NAME, kill.NAME, end or fail.")
		return "", false
	}
	n := c.nodeBy[name]
	if n == nil {
		if kind == plan.KindKill && name == plan.FailNode {
			return plan.FailNode, true
		}
		c.errorf(e.Range(), "Reference to undeclared node", "No %s named %q is declared.", root, name)
		return "", false
	}
	if n.kind != kind {
		c.errorf(e.Range(), "Wrong node kind in reference", "%q is a %s, not a %s: write %s.%s.", name, n.kind, root, n.block.Type, name)
		return "", false
	}
	return name, true
}

func (c *compiler) startNode(attr *hcl.Attribute, b *hcl.Block) string {
	if attr != nil {
		name, ok := c.target(attr.Expr)
		if !ok {
			return ""
		}
		if name == plan.FailNode {
			c.errorf(attr.Expr.Range(), "Invalid start", "A workflow must start at one of its own nodes, or at end (a workflow that does nothing, as Oozie's <start to=\"end\"/>).")
			return ""
		}
		return name
	}
	for _, n := range c.nodes {
		if n.kind != plan.KindKill {
			return n.name
		}
	}
	if !c.diags.HasErrors() {
		c.errorf(b.DefRange, "Workflow has no steps", "Declare at least one action, decision or fork.")
	}
	return ""
}

// failMessage is the implicit fail node's message.
const failMessage = `"node ${wf.last_error_node} failed: ${wf.error_message}"`

// addImplicitNodes appends the end node and, unless a kill "fail" block
// redefined it, the fail node.
func (c *compiler) addImplicitNodes() {
	add := func(n *plan.Node) {
		d := &nodeDecl{name: n.Name, kind: n.Kind, index: len(c.nodes), node: n}
		c.nodes = append(c.nodes, d)
		c.nodeBy[n.Name] = d
	}
	add(&plan.Node{Name: plan.EndNode, Kind: plan.KindEnd, Implicit: true})
	if _, ok := c.nodeBy[plan.FailNode]; !ok {
		add(&plan.Node{Name: plan.FailNode, Kind: plan.KindKill, Implicit: true, Kill: &plan.Kill{
			Message: plan.StringValue{Expr: &plan.Expr{Source: failMessage, Range: plan.Range{File: c.filename}}},
		}})
	}
}
