package dsl

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// Options are the inputs of a compilation besides the workflow file.
type Options struct {
	// Params are values from the command line (-p name=value). A value for a
	// string parameter is taken as is; for any other type it is read as an
	// HCL literal ("3", "true", `["a","b"]`).
	Params map[string]string
	// ParamFiles are files of `name = value` lines (HCL or JSON), applied in
	// order before Params.
	ParamFiles []string
	// AllowMissingParams treats required parameters without a value as
	// unknown instead of an error: validate and graph use it so a workflow
	// can be checked before its inputs are chosen.
	AllowMissingParams bool
	// AllowFilesOutside lets sub_workflow files lie outside the directory
	// tree of the workflow file being compiled (symbolic links resolved).
	// Off by default: a workflow should not read, and quote in errors,
	// whatever file its author names.
	AllowFilesOutside bool
	// Start and End, when set, replace a coordinator's start and end (the
	// CLI's --start/--end: "start it now" without editing the file).
	Start, End *time.Time
	// Previous are an earlier run's parameter values (a rerun's), applied
	// before ParamFiles and Params; values of parameters the workflow no
	// longer declares are dropped.
	Previous map[string]string
}

// Result is a compilation's outcome. Plan is nil when Diags has errors.
type Result struct {
	Plan  *plan.Workflow
	Diags hcl.Diagnostics
	// Files holds every parsed source, for rendering Diags with snippets.
	Files map[string]*hcl.File
}

// CompileFile compiles the workflow in path. It never panics on bad input:
// every problem becomes a diagnostic.
func CompileFile(path string, opts Options) *Result {
	p := hclparse.NewParser()
	src, err := readSource(path)
	if err != nil {
		return &Result{Diags: hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read workflow file", Detail: err.Error()}}, Files: p.Files()}
	}
	return compileSource(p, path, src, opts)
}

// CompileSource compiles a workflow whose text is already in memory;
// filename is used in ranges and to resolve sub-workflow files.
func CompileSource(filename string, src []byte, opts Options) *Result {
	return compileSource(hclparse.NewParser(), filename, src, opts)
}

func compileSource(p *hclparse.Parser, filename string, src []byte, opts Options) *Result {
	sess := &session{parser: p, digest: sha256.New(), root: filepath.Dir(filename), allowOutside: opts.AllowFilesOutside}
	values, diags := sess.paramValues(opts)
	c := sess.newCompiler(filename, src, nil)
	c.diags = append(c.diags, diags...)
	c.allowMissing = opts.AllowMissingParams
	w := c.compileWorkflow(values, nil)
	res := &Result{Diags: finishDiagnostics(c.diags, p.Files()), Files: p.Files()}
	if w != nil {
		sess.nodes += len(w.Nodes)
	}
	if !res.Diags.HasErrors() && w != nil {
		w.SourceDigest = "sha256:" + hex.EncodeToString(sess.digest.Sum(nil))
		res.Plan = w
	}
	return res
}

// session is shared by a workflow's compilation and its sub-workflows'.
type session struct {
	parser *hclparse.Parser
	digest hash.Hash
	// root is the directory of the workflow file compiled; sub-workflow
	// files must lie below it unless allowOutside.
	root         string
	allowOutside bool
	// nodes counts the nodes compiled so far, sub-workflows' copies
	// included, against MaxPlanNodes.
	nodes int
}

// inTree refuses a sub-workflow file outside the session's root
// directory, symbolic links resolved.
func (s *session) inTree(path string) error {
	if s.allowOutside {
		return nil
	}
	root, err := filepath.EvalSymlinks(s.root)
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(root, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return fmt.Errorf("%s is outside %s, the directory tree of the workflow being compiled", path, s.root)
	}
	return nil
}

// compiler compiles one workflow file.
type compiler struct {
	sess         *session
	filename     string
	src          []byte
	diags        hcl.Diagnostics
	allowMissing bool
	// caller is "coordinator" when a coordinator runs this workflow (for
	// messages about parameters it must set).
	caller string
	// missing names the parameters left unknown by AllowMissingParams.
	missing map[string]bool
	// stack is the chain of files that led here, for recursion checks.
	stack []string

	params  []*paramDecl
	paramBy map[string]*paramDecl
	nodes   []*nodeDecl
	nodeBy  map[string]*nodeDecl
	ctx     *hcl.EvalContext
	name    string
	// derived are the values computed from sensitive parameters that
	// went into the plan (plan.Workflow.Derived).
	derived []string
}

func (s *session) newCompiler(filename string, src []byte, stack []string) *compiler {
	abs, err := filepath.Abs(filename)
	if err != nil {
		abs = filename
	}
	fmt.Fprintf(s.digest, "%s\x00%d\x00", filepath.ToSlash(filename), len(src))
	s.digest.Write(src)
	return &compiler{
		sess:     s,
		filename: filename,
		src:      src,
		stack:    append(append([]string(nil), stack...), abs),
		paramBy:  map[string]*paramDecl{},
		missing:  map[string]bool{},
		nodeBy:   map[string]*nodeDecl{},
	}
}

// errorf records an error diagnostic at rng. Ranges among args print as
// file:line:col.
func (c *compiler) errorf(rng hcl.Range, summary, format string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, positions(args)...),
		Subject:  rng.Ptr(),
	})
}

// errorCtx records an error diagnostic at rng that also cites ctx (an
// earlier declaration, say).
func (c *compiler) errorCtx(rng, ctx hcl.Range, summary, format string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, positions(args)...),
		Subject:  rng.Ptr(),
		Context:  hcl.RangeOver(rng, ctx).Ptr(),
	})
}

// positions replaces hcl.Range arguments by their file:line:col.
func positions(args []any) []any {
	for i, a := range args {
		if r, ok := a.(hcl.Range); ok {
			args[i] = fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
		}
	}
	return args
}

// compileWorkflow parses the file and compiles its workflow block, binding
// params (nil values are unknown: run-time parameters of a sub-workflow).
func (c *compiler) compileWorkflow(values map[string]paramValue, callRange *hcl.Range) *plan.Workflow {
	if diags := checkSource(c.filename, c.src); diags.HasErrors() {
		c.diags = append(c.diags, diags...)
		return nil
	}
	f, diags := c.sess.parser.ParseHCL(c.src, c.filename)
	c.diags = append(c.diags, diags...)
	if diags.HasErrors() {
		return nil
	}
	content, diags := bodyContent(f.Body, fileSchema)
	c.diags = append(c.diags, diags...)
	var wfBlock *hcl.Block
	for _, b := range content.Blocks {
		switch b.Type {
		case "coordinator", "dataset", "bundle":
			c.errorf(b.DefRange, "A "+b.Type+" in a workflow file", "Coordinators, datasets and bundles live in their own files, which name the workflow file they run: move this block out of the workflow's file.")
		case "workflow":
			if wfBlock != nil {
				c.errorCtx(b.DefRange, wfBlock.DefRange, "Duplicate workflow block", "A file holds one workflow; the first is at %s. Put the other in its own file and call it with a sub_workflow action.", wfBlock.DefRange)
				continue
			}
			wfBlock = b
		}
	}
	if wfBlock == nil {
		if !diags.HasErrors() && !c.diags.HasErrors() {
			rng := f.Body.MissingItemRange()
			c.errorf(rng, "Missing workflow block", "A workflow file must contain a workflow \"name\" { ... } block.")
		}
		return nil
	}
	return c.decodeWorkflow(wfBlock, values, callRange)
}

// toPlanRange converts an HCL range for the plan.
func toPlanRange(r hcl.Range) plan.Range {
	return plan.Range{
		File:  r.Filename,
		Start: plan.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:   plan.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// paramValue is a parameter value from outside the file: the CLI, a params
// file, or a parent workflow. Unknown values come from a parent's run-time
// expressions.
type paramValue struct {
	val   cty.Value
	raw   string     // from -p, converted once the type is known
	isRaw bool       // val is not set yet
	rng   *hcl.Range // where it was given, when in a file
	// previous marks an earlier run's value (Options.Previous): dropped,
	// not an error, when the workflow no longer declares the parameter.
	previous bool
}

// fromPlanRange is toPlanRange's inverse.
func fromPlanRange(r plan.Range) hcl.Range {
	return hcl.Range{
		Filename: r.File,
		Start:    hcl.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      hcl.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}
