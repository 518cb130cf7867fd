package dsl

import (
	"path/filepath"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// decodeBundle reads a bundle: coordinator files and inline coordinators.
func (cc *coordCompiler) decodeBundle(b *hcl.Block, inline []*hcl.Block) {
	content, diags := bodyContent(b.Body, bundleSchema)
	cc.diags = append(cc.diags, diags...)
	bu := &plan.Bundle{FormatVersion: plan.FormatVersion, Name: b.Labels[0], Source: cc.filename, Range: toPlanRange(b.DefRange)}
	cc.checkName(bu.Name, b.LabelRanges[0], "bundle")
	if _, has := content.Attributes["kick_off"]; has {
		if t, _, ok := cc.timeAttr(content, "kick_off", time.UTC); ok {
			bu.KickOff = &t
		}
	}
	byName := map[string]hcl.Range{}
	add := func(co *plan.Coordinator, rng hcl.Range) {
		if prev, dup := byName[co.Name]; dup {
			cc.errorCtx(rng, prev, "Duplicate coordinator", "The bundle already has a coordinator named %q (at %s): names identify coordinators on the server.", co.Name, prev)
			return
		}
		byName[co.Name] = rng
		co.Bundle = bu.Name
		bu.Coordinators = append(bu.Coordinators, co)
	}
	if a, ok := content.Attributes["coordinators"]; ok {
		v, ok := cc.constant(a.Expr, cty.List(cty.String))
		if ok && !v.IsNull() {
			for _, f := range v.AsValueSlice() {
				path := f.AsString()
				if !filepath.IsAbs(path) {
					path = filepath.Join(filepath.Dir(cc.filename), path)
				}
				if err := cc.sess.inTree(path); err != nil {
					cc.errorf(a.Expr.Range(), "Cannot read coordinator", "%s (pass --allow-files-outside to allow it).", err)
					continue
				}
				src, err := readSource(path)
				if err != nil {
					cc.errorf(a.Expr.Range(), "Cannot read coordinator", "%s (paths are relative to %s).", err, filepath.Dir(cc.filename))
					continue
				}
				sub := &coordCompiler{compiler: cc.sess.newCompiler(path, src, cc.stack), values: cc.values, opts: cc.opts}
				sub.compileFile()
				cc.diags = append(cc.diags, sub.diags...)
				if sub.bundle != nil || (len(sub.coords) == 0 && !sub.diags.HasErrors()) {
					cc.errorf(a.Expr.Range(), "Not a coordinator file", "%s holds no coordinator (bundles do not nest).", f.AsString())
					continue
				}
				for _, co := range sub.coords {
					add(co, a.Expr.Range())
				}
			}
		}
	}
	for i, co := range cc.coords {
		add(co, inline[i].LabelRanges[0])
	}
	if len(bu.Coordinators) == 0 && !cc.diags.HasErrors() {
		cc.errorf(b.DefRange, "Empty bundle", "A bundle runs coordinators: list their files in coordinators = [...] or declare coordinator blocks beside it.")
	}
	for _, co := range bu.Coordinators {
		co.KickOff = bu.KickOff
	}
	cc.bundle = bu
}
