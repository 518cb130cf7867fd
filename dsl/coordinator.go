package dsl

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/howdah/howdah/coord"
	"github.com/howdah/howdah/fspath"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// CoordResult is the compilation of a coordinator or bundle file: exactly
// one of Coordinator and Bundle is set when Diags has no errors.
type CoordResult struct {
	Coordinator *plan.Coordinator
	Bundle      *plan.Bundle
	Diags       hcl.Diagnostics
	Files       map[string]*hcl.File
}

// Defaults of a coordinator's controls (Oozie's).
const (
	DefaultCoordTimeout      = 120 * time.Minute
	DefaultCoordThrottle     = 12
	DefaultCoordPollInterval = time.Minute
	DefaultCoordTolerance    = time.Minute
	// MaxCoordSlots bounds throttle and concurrency.
	MaxCoordSlots = 1000
	// MaxEventInstances bounds the instances one input or output names
	// (a range's size, latest()'s depth).
	MaxEventInstances = 1000
	// MaxInstanceOffset bounds n in current(n) and latest(n).
	MaxInstanceOffset = 100_000
)

// FileKind says what a howdah file holds: "workflow", "coordinator" or
// "bundle", from its top-level blocks ("workflow" when it cannot tell, so
// the workflow compiler reports the problem).
func FileKind(path string) string {
	src, err := readSource(path)
	if err != nil || checkSource(path, src).HasErrors() {
		return "workflow"
	}
	f, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		return "workflow"
	}
	content, _, _ := f.Body.PartialContent(fileSchema)
	kind := "workflow"
	for _, b := range content.Blocks {
		switch b.Type {
		case "bundle":
			return "bundle"
		case "coordinator":
			kind = "coordinator"
		case "workflow":
			return "workflow"
		}
	}
	return kind
}

// CompileCoordinatorFile compiles a coordinator file (datasets and one
// coordinator) or a bundle file, and the workflow files they run. Options
// apply to the workflows: -p values set parameters the coordinator's params
// leave unset.
func CompileCoordinatorFile(path string, opts Options) *CoordResult {
	src, err := readSource(path)
	if err != nil {
		return &CoordResult{Diags: hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read coordinator file", Detail: err.Error()}}}
	}
	return CompileCoordinatorSource(path, src, opts)
}

// CompileCoordinatorSource compiles a coordinator or bundle file whose
// text is already in memory; path resolves the files it names.
func CompileCoordinatorSource(path string, src []byte, opts Options) *CoordResult {
	p := hclparse.NewParser()
	res := &CoordResult{}
	sess := &session{parser: p, digest: sha256.New(), root: filepath.Dir(path), allowOutside: opts.AllowFilesOutside}
	values, diags := sess.paramValues(opts)
	c := sess.newCompiler(path, src, nil)
	c.diags = append(c.diags, diags...)
	cc := &coordCompiler{compiler: c, values: values, opts: opts}
	cc.compileFile()
	res.Diags = finishDiagnostics(c.diags, p.Files())
	res.Files = p.Files()
	if !res.Diags.HasErrors() {
		digest := "sha256:" + hex.EncodeToString(sess.digest.Sum(nil))
		if cc.bundle != nil {
			for _, co := range cc.bundle.Coordinators {
				co.SourceDigest = digest
			}
			res.Bundle = cc.bundle
		} else if len(cc.coords) == 1 {
			cc.coords[0].SourceDigest = digest
			res.Coordinator = cc.coords[0]
		}
	}
	return res
}

// coordCompiler compiles one coordinator or bundle file.
type coordCompiler struct {
	*compiler
	values   map[string]paramValue
	opts     Options
	datasets map[string]*datasetDecl
	coords   []*plan.Coordinator
	bundle   *plan.Bundle
}

type datasetDecl struct {
	ds  plan.Dataset
	rng hcl.Range
}

func (cc *coordCompiler) compileFile() {
	if diags := checkSource(cc.filename, cc.src); diags.HasErrors() {
		cc.diags = append(cc.diags, diags...)
		return
	}
	f, diags := cc.sess.parser.ParseHCL(cc.src, cc.filename)
	cc.diags = append(cc.diags, diags...)
	if diags.HasErrors() {
		return
	}
	content, diags := bodyContent(f.Body, fileSchema)
	cc.diags = append(cc.diags, diags...)
	cc.datasets = map[string]*datasetDecl{}
	var coordBlocks []*hcl.Block
	var bundleBlock *hcl.Block
	for _, b := range content.Blocks {
		switch b.Type {
		case "workflow":
			cc.errorf(b.DefRange, "Workflow in a coordinator file", "A coordinator runs a workflow from its own file: move this block to a file of its own and name it in the coordinator's workflow attribute.")
		case "dataset":
			cc.decodeDataset(b)
		case "coordinator":
			coordBlocks = append(coordBlocks, b)
		case "bundle":
			if bundleBlock != nil {
				cc.errorCtx(b.DefRange, bundleBlock.DefRange, "Duplicate bundle block", "A file holds one bundle; the first is at %s.", bundleBlock.DefRange)
				continue
			}
			bundleBlock = b
		}
	}
	if bundleBlock == nil && len(coordBlocks) > 1 {
		cc.errorCtx(coordBlocks[1].DefRange, coordBlocks[0].DefRange, "Duplicate coordinator block", "A coordinator file holds one coordinator; the first is at %s. Put the other in its own file, or group them in a bundle.", coordBlocks[0].DefRange)
		coordBlocks = coordBlocks[:1]
	}
	for _, b := range coordBlocks {
		if co := cc.decodeCoordinator(b); co != nil {
			cc.coords = append(cc.coords, co)
		}
	}
	if bundleBlock != nil {
		cc.decodeBundle(bundleBlock, coordBlocks)
		return
	}
	if len(coordBlocks) == 0 && !cc.diags.HasErrors() {
		cc.errorf(f.Body.MissingItemRange(), "Missing coordinator block", "A coordinator file must contain a coordinator \"name\" { ... } block (or a bundle block).")
	}
}

// zone reads a timezone attribute (default UTC).
func (cc *coordCompiler) zone(content *hcl.BodyContent) (string, *time.Location) {
	a, ok := content.Attributes["timezone"]
	if !ok {
		return "UTC", time.UTC
	}
	v, ok := cc.constant(a.Expr, cty.String)
	if !ok || v.IsNull() {
		return "UTC", nil
	}
	loc, err := coord.LoadLocation(v.AsString())
	if err != nil {
		cc.errorf(a.Expr.Range(), "Invalid time zone", "%s.", err)
		return v.AsString(), nil
	}
	return v.AsString(), loc
}

// timeAttr reads a time attribute in loc; ok is false when absent or bad.
func (cc *coordCompiler) timeAttr(content *hcl.BodyContent, name string, loc *time.Location) (time.Time, hcl.Range, bool) {
	a, ok := content.Attributes[name]
	if !ok {
		return time.Time{}, content.MissingItemRange, false
	}
	v, ok := cc.constant(a.Expr, cty.String)
	if !ok || v.IsNull() {
		return time.Time{}, a.Expr.Range(), false
	}
	if loc == nil {
		loc = time.UTC // the zone was bad and is reported already
	}
	t, err := coord.ParseTime(v.AsString(), loc)
	if err != nil {
		cc.errorf(a.Expr.Range(), "Invalid time", "%s: %s.", name, err)
		return time.Time{}, a.Expr.Range(), false
	}
	return t.UTC(), a.Expr.Range(), true
}

func (cc *coordCompiler) decodeDataset(b *hcl.Block) {
	name := b.Labels[0]
	if !cc.checkName(name, b.LabelRanges[0], "dataset") {
		return
	}
	if prev := cc.datasets[name]; prev != nil {
		cc.errorCtx(b.LabelRanges[0], prev.rng, "Duplicate dataset", "Dataset %q is already declared at %s.", name, prev.rng)
		return
	}
	content, diags := bodyContent(b.Body, datasetSchema)
	cc.diags = append(cc.diags, diags...)
	d := &datasetDecl{ds: plan.Dataset{Name: name, DoneFlag: "_SUCCESS", Range: toPlanRange(b.DefRange)}, rng: b.LabelRanges[0]}
	broken := diags.HasErrors()
	zone, loc := cc.zone(content)
	d.ds.TimeZone = zone
	broken = broken || loc == nil
	if a, ok := content.Attributes["uri"]; ok {
		if v, ok := cc.constant(a.Expr, cty.String); ok && !v.IsNull() {
			d.ds.URI = v.AsString()
			if fspath.ParseFSPath(d.ds.URI).Scheme == "" && !filepath.IsAbs(d.ds.URI) {
				// A local relative path means the coordinator file's
				// directory, not wherever a worker happens to run.
				if dir, err := filepath.Abs(filepath.Dir(cc.filename)); err == nil {
					d.ds.URI = filepath.Join(dir, d.ds.URI)
				}
			}
			if err := coord.CheckURITemplate(d.ds.URI); err != nil {
				cc.errorf(a.Expr.Range(), "Invalid URI template", "%s.", err)
				broken = true
			}
		} else {
			broken = true
		}
	}
	if a, ok := content.Attributes["frequency"]; ok {
		f, ok := cc.frequency(a.Expr)
		if ok && f.Unit == plan.FreqCron {
			cc.errorf(a.Expr.Range(), "Invalid frequency", "A dataset's frequency is a number of minutes, hours, days or months (end_of_ variants included), not a cron expression: current(n) must be able to count instances.")
			ok = false
		}
		d.ds.Frequency = f
		broken = broken || !ok
	}
	if t, _, ok := cc.timeAttr(content, "initial_instance", loc); ok {
		d.ds.Initial = t
	} else {
		broken = true
	}
	if a, ok := content.Attributes["done_flag"]; ok {
		if v, ok := cc.constant(a.Expr, cty.String); ok && !v.IsNull() {
			d.ds.DoneFlag = v.AsString()
			if f := d.ds.DoneFlag; strings.HasPrefix(f, "/") || f == "." || slices.Contains(strings.Split(f, "/"), "..") {
				cc.errorf(a.Expr.Range(), "Invalid done flag", "done_flag is a file name inside each instance's directory (or \"\" for the directory itself), not %q.", f)
			}
		}
	}
	if broken {
		d.ds.Name = "" // declared, so references to it are not also reported
	}
	cc.datasets[name] = d
}
