package dsl

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/fspath"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// kindList names the action kinds, for errors.
const kindList = "map_reduce, streaming, fs, hdfs_wait, shell, java, distcp, sub_workflow"

// decodeAction compiles an action block, inheriting from d.
func (c *compiler) decodeAction(n *nodeDecl, d *defaults) {
	b := n.block
	content := n.content
	// A block of a kind howdah does not run (email, hive, ...) is the
	// action's one error: it says which kinds exist, and no "Action has no
	// kind" repeats it.
	unknownKind := false
	for _, d := range n.contentDiags {
		if d.Summary == "Unsupported block type" && !strings.Contains(d.Detail, "Did you mean") {
			unknownKind = true
			d.Summary = "Unknown action kind"
			d.Detail = strings.Replace(d.Detail, "are not expected here.", "are not an action kind howdah runs.", 1) +
				" The kinds are: " + kindList + ". Oozie's email, hive, pig or sqoop actions run as a shell action that calls their command line."
		}
	}
	c.diags = append(c.diags, n.contentDiags...)
	sc := &scope{each: n.shape.ForEach}
	a := &plan.Action{}
	n.node = &plan.Node{Name: n.name, Kind: plan.KindAction, Range: toPlanRange(b.DefRange), Action: a}

	if attr, ok := content.Attributes["description"]; ok {
		if v, ok := c.staticValue(attr.Expr, cty.String); ok {
			a.Description = v.AsString()
		}
	}

	// The kind block: exactly one.
	var kindBlock *hcl.Block
	var prepare *hcl.Block
	for _, kb := range content.Blocks {
		switch {
		case kb.Type == "prepare":
			if prepare != nil {
				c.errorCtx(kb.DefRange, prepare.DefRange, "Duplicate prepare block", "An action has one prepare block; the first is at %s.", prepare.DefRange)
				continue
			}
			prepare = kb
		case kindSchemas[plan.ActionKind(kb.Type)] != nil:
			if kindBlock != nil {
				c.errorCtx(kb.DefRange, kindBlock.DefRange, "Action has two kinds", "Action %q already runs %s (at %s); an action runs exactly one thing. Split it into two actions.", n.name, kindBlock.Type, kindBlock.DefRange)
				continue
			}
			kindBlock = kb
		}
	}
	if kindBlock == nil {
		if !unknownKind {
			c.errorf(b.DefRange, "Action has no kind", "Action %q must contain one of: %s.", n.name, kindList)
		}
	} else {
		a.Kind = plan.ActionKind(kindBlock.Type)
		c.decodeKind(n, a, kindBlock, sc)
	}

	// Common settings, over the defaults.
	own := *d
	c.decodeCommon(content, sc, &own)
	a.Retry, a.Timeout, a.Queue, a.Cluster = own.retry, own.timeout, own.queue, own.cluster
	a.Files, a.Archives = own.files, own.archives
	if !a.ShipsFiles() {
		// defaults' files and archives are for the jobs that ship them.
		a.Files, a.Archives = nil, nil
		for _, name := range []string{"files", "archives"} {
			if at, ok := content.Attributes[name]; ok && a.Kind != "" {
				c.errorf(at.Expr.Range(), "Files not shipped", "%s go to the distributed cache of jobs on YARN: map_reduce, streaming, java, spark, and shell with hadoop_client = true. A %s action runs on the worker host, so they would be ignored: remove them, or read the files where they are.", name, a.Kind)
			}
		}
	}
	if own.hold != nil {
		h := *own.hold
		a.Hold = &h
	}
	for _, e := range own.config {
		a.Configuration = append(a.Configuration, plan.Property{Name: e.name, Value: e.value})
		if e.expr != nil {
			a.Bindings = append(a.Bindings, plan.Binding{Field: expr.Pointer("configuration", e.name), Type: "string", Expr: *e.expr})
		}
	}
	if a.Kind == plan.MapReduceKind && a.MapReduce != nil && a.MapReduce.MainClass == "" && !hasMapperClass(a.Configuration) {
		c.errorf(kindBlock.DefRange, "Configuration-only job without a mapper", "A map_reduce block without main_class is configured entirely by properties: set %q (or the old %q) in configuration, or give jar and main_class.", "mapreduce.job.map.class", "mapred.mapper.class")
	}

	c.checkCommaLists(a, content, kindBlock)

	if prepare != nil {
		a.Prepare = c.decodePrepare(prepare, sc, &a.Bindings)
	}
	c.decodeForEach(content, a)

	// Every run-time value must land in a field of the action: found
	// now, not when the run gets there.
	errs := expr.CheckBindings(a)
	for i, b := range a.Bindings {
		if err, bad := errs[i]; bad {
			c.errorf(fromPlanRange(b.Expr.Range), "Value lands nowhere", "This run-time value has no place in the %s action: %s.", a.Kind, err)
		}
	}

	// Transitions.
	a.OK, a.OKImplied = c.transition(n, content.Attributes["ok"], "ok", c.nextNode(n))
	a.Error, a.ErrorImplied = c.transition(n, content.Attributes["error"], "error", plan.FailNode)
}

// transition reads an optional transition attribute, falling back to def.
func (c *compiler) transition(n *nodeDecl, attr *hcl.Attribute, label, def string) (string, bool) {
	if attr == nil {
		n.edges = append(n.edges, edge{to: def, label: label, rng: n.block.DefRange, implied: true})
		return def, true
	}
	to, ok := c.target(attr.Expr)
	if !ok {
		return "", false
	}
	n.edges = append(n.edges, edge{to: to, label: label, rng: attr.Expr.Range()})
	return to, false
}

func hasMapperClass(props []plan.Property) bool {
	for _, p := range props {
		if p.Name == "mapreduce.job.map.class" || p.Name == "mapred.mapper.class" {
			return true
		}
	}
	return false
}

func (c *compiler) decodeForEach(content *hcl.BodyContent, a *plan.Action) {
	fe, hasFE := content.Attributes["for_each"]
	par, hasPar := content.Attributes["parallelism"]
	if !hasFE {
		if hasPar {
			c.errorf(par.NameRange, "parallelism without for_each", "parallelism bounds a for_each fan-out; this action has no for_each.")
		}
		return
	}
	f := &plan.ForEach{Parallelism: defaultParallelism}
	v, deferred := c.value(fe.Expr, cty.List(cty.String), &scope{})
	if deferred != nil {
		f.ItemsExpr = deferred
	} else if v != cty.NilVal && !v.IsNull() {
		f.Items = stringsOf(v)
		if f.Items == nil {
			f.Items = []string{}
		}
	}
	if hasPar {
		if pv, ok := c.staticValue(par.Expr, cty.Number); ok {
			n, err := expr.WholeNumber(pv)
			if err == nil && n < 1 {
				err = errorString("parallelism must be at least 1")
			}
			if err != nil {
				c.errorf(par.Expr.Range(), "Invalid parallelism", "%s.", err)
			} else {
				f.Parallelism = n
			}
		}
	}
	a.ForEach = f
}

// decodePrepare reads prepare { delete = [...], mkdir = [...] }. Each path
// may be computed at run time; deletes are guarded.
func (c *compiler) decodePrepare(b *hcl.Block, sc *scope, binds *[]plan.Binding) *plan.Prepare {
	content, diags := bodyContent(b.Body, prepareSchema)
	c.diags = append(c.diags, diags...)
	p := &plan.Prepare{}
	if a, ok := content.Attributes["delete"]; ok {
		p.Delete, p.DeleteWithin = c.pathList(a.Expr, sc, "/prepare/delete", binds, true)
	}
	if a, ok := content.Attributes["mkdir"]; ok {
		p.Mkdir, _ = c.pathList(a.Expr, sc, "/prepare/mkdir", binds, false)
	}
	return p
}

// pathList reads a list of paths element by element, so that each run-time
// element becomes its own binding and each delete is checked on its own.
// For deletes it also returns the directory each path must stay below
// (nil when every one is "").
func (c *compiler) pathList(e hcl.Expression, sc *scope, ptr string, binds *[]plan.Binding, isDelete bool) (out, within []string) {
	elems, diags := hcl.ExprList(e)
	if diags.HasErrors() {
		v, deferred := c.value(e, cty.List(cty.String), sc)
		if deferred != nil {
			c.errorf(e.Range(), "Path list must be a list literal", "When paths depend on run-time values write them as a list, e.g. [\"/data/${each.value}\"], so each can be checked.")
			return nil, nil
		}
		if v == cty.NilVal || v.IsNull() {
			return nil, nil
		}
		out := stringsOf(v)
		if isDelete {
			// Each element is a value as a whole, as if interpolated.
			for _, p := range out {
				if _, _, err := fspath.JoinDeletePath([]fspath.PathPiece{{Text: p, Interpolated: true}}); err != nil {
					c.errorf(e.Range(), "Refusing to delete a root or empty path", "%s. A bad parameter must never delete the wrong tree.", err)
				}
			}
		}
		return out, nil
	}
	out = make([]string, 0, len(elems))
	within = make([]string, len(elems))
	for i, el := range elems {
		v, deferred := c.value(el, cty.String, sc)
		if isDelete {
			within[i] = c.checkDelete(el, v, deferred, sc)
		}
		switch {
		case deferred != nil:
			*binds = append(*binds, plan.Binding{Field: ptr + "/" + strconv.Itoa(i), Type: "string", Expr: *deferred})
			out = append(out, "")
		case v != cty.NilVal && !v.IsNull():
			if v.AsString() == "" && !isDelete {
				c.errorf(el.Range(), "Empty path", "Paths must not be empty.")
			}
			out = append(out, v.AsString())
		default:
			out = append(out, "")
		}
	}
	if !slices.ContainsFunc(within, func(w string) bool { return w != "" }) {
		within = nil
	}
	return out, within
}
