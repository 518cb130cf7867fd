package dsl

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// Defaults when neither the action nor the defaults block says otherwise.
const (
	defaultParallelism  = 8
	defaultPollInterval = plan.Duration(30e9)
	defaultDoneFlag     = "_SUCCESS"
)

// defaultRetry follows Oozie: no user retries unless asked; when attempts
// is raised, wait 10s then back off by 2.
var defaultRetry = plan.Retry{Attempts: 1, Interval: plan.Duration(10e9), Backoff: 2}

// defaults is the decoded defaults block (Oozie's <global>).
type defaults struct {
	config   []confEntry
	files    []string
	archives []string
	retry    plan.Retry
	timeout  plan.Duration
	queue    string
	cluster  string
	// hold is set by on_failure = "hold" (hold_timeout its timeout).
	hold *plan.Hold
}

// confEntry is one configuration property or environment variable: static
// or computed at run time.
type confEntry struct {
	name  string
	value string
	expr  *plan.Expr
}

// declareAction finds the action's kind and what its results look like,
// without evaluating anything. It decodes the action's body (and its kind
// block's) once; decodeAction reuses the result.
func (c *compiler) declareAction(n *nodeDecl) {
	n.content, n.contentDiags = bodyContent(n.block.Body, actionSchema)
	shape := expr.ActionShape{}
	if _, ok := n.content.Attributes["for_each"]; ok {
		shape.ForEach = true
	}
	for _, b := range n.content.Blocks {
		k := plan.ActionKind(b.Type)
		if _, isKind := kindSchemas[k]; !isKind || n.actionKind != "" {
			continue
		}
		n.actionKind = k
		n.kindBlock = b
		n.kindContent, n.kindDiags = bodyContent(b.Body, kindSchemas[k])
		shape.Counters = expr.HasCounters(k)
		if a, ok := n.kindContent.Attributes["capture_output"]; ok {
			if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() {
				shape.CaptureOutput = v.True()
			}
		}
	}
	n.shape = &shape
}

func (c *compiler) decodeDefaults(b *hcl.Block) *defaults {
	d := &defaults{retry: defaultRetry}
	if b == nil {
		return d
	}
	content, diags := bodyContent(b.Body, defaultsSchema)
	c.diags = append(c.diags, diags...)
	c.decodeCommon(content, nil, d)
	return d
}

// decodeCommon reads the attributes actions share with defaults into d,
// overriding what d already holds.
func (c *compiler) decodeCommon(content *hcl.BodyContent, sc *scope, d *defaults) {
	// Oozie's order: job-xml files, then the inline configuration, which
	// wins; an action's over the defaults'.
	if a, ok := content.Attributes["job_xml"]; ok {
		for _, file := range c.staticStrings(a.Expr) {
			props, err := c.readJobXML(file)
			if err != nil {
				c.errorf(a.Expr.Range(), "Cannot read job_xml", "%s.", err)
				continue
			}
			d.config = mergeEntries(d.config, props)
		}
	}
	if a, ok := content.Attributes["configuration"]; ok {
		d.config = mergeEntries(d.config, c.namedValues(a.Expr, sc, "configuration"))
	}
	if a, ok := content.Attributes["files"]; ok {
		d.files = append(append([]string(nil), d.files...), c.staticStrings(a.Expr)...)
	}
	if a, ok := content.Attributes["archives"]; ok {
		d.archives = append(append([]string(nil), d.archives...), c.staticStrings(a.Expr)...)
	}
	if a, ok := content.Attributes["timeout"]; ok {
		if v, ok := c.staticValue(a.Expr, cty.String); ok {
			if dur, err := parseDuration(v.AsString()); err != nil {
				c.errorf(a.Expr.Range(), "Invalid duration", "%s.", err)
			} else {
				d.timeout = dur
			}
		}
	}
	for _, name := range []string{"queue", "cluster"} {
		a, ok := content.Attributes[name]
		if !ok {
			continue
		}
		v, ok := c.staticValue(a.Expr, cty.String)
		if !ok {
			continue
		}
		if v.AsString() == "" {
			c.errorf(a.Expr.Range(), "Invalid "+name, "%s must not be empty.", name)
			continue
		}
		if name == "queue" {
			d.queue = v.AsString()
		} else {
			d.cluster = v.AsString()
		}
	}
	c.decodeHold(content, d)
	var retryBlock *hcl.Block
	for _, b := range content.Blocks {
		if b.Type != "retry" {
			continue
		}
		if retryBlock != nil {
			c.errorCtx(b.DefRange, retryBlock.DefRange, "Duplicate retry block", "Only one retry block is allowed here; the first is at %s.", retryBlock.DefRange)
			continue
		}
		retryBlock = b
		d.retry = c.decodeRetry(b, d.retry)
	}
}

// decodeHold reads on_failure ("error", the default, or "hold") and
// hold_timeout. An action's own on_failure overrides the defaults'; its
// hold_timeout alone changes the defaults' timeout of a hold.
func (c *compiler) decodeHold(content *hcl.BodyContent, d *defaults) {
	if a, ok := content.Attributes["on_failure"]; ok {
		if v, ok := c.staticValue(a.Expr, cty.String); ok {
			switch v.AsString() {
			case "error":
				d.hold = nil
			case "hold":
				if d.hold == nil {
					d.hold = &plan.Hold{}
				}
			default:
				c.errorf(a.Expr.Range(), "Invalid on_failure", "on_failure is \"error\" (take the error transition once retries are exhausted, the default) or \"hold\" (wait for an operator's retry, skip or fail); got %q.", v.AsString())
			}
		}
	}
	a, ok := content.Attributes["hold_timeout"]
	if !ok {
		return
	}
	v, ok := c.staticValue(a.Expr, cty.String)
	if !ok {
		return
	}
	dur, err := parseDuration(v.AsString())
	switch {
	case err != nil:
		c.errorf(a.Expr.Range(), "Invalid duration", "%s.", err)
	case d.hold == nil:
		c.errorf(a.Expr.Range(), "hold_timeout without a hold", "hold_timeout bounds how long a failed action waits for an operator; it needs on_failure = \"hold\" here or in defaults.")
	default:
		h := *d.hold
		h.Timeout = dur
		d.hold = &h
	}
}

// staticValue evaluates an attribute that may use parameters but nothing
// known only at run time.
func (c *compiler) staticValue(e hcl.Expression, ty cty.Type) (cty.Value, bool) {
	v, deferred := c.value(e, ty, nil)
	if deferred != nil {
		c.notStatic(e, "this setting")
		return cty.NilVal, false
	}
	if v == cty.NilVal || v.IsNull() {
		return cty.NilVal, false
	}
	return v, true
}

// notStatic reports a value that depends on run-time state where only
// parameters and constants may be used.
func (c *compiler) notStatic(e hcl.Expression, what string) {
	if c.onlyMissingParams(e) {
		return // validate mode: known once the parameters are given
	}
	c.errorf(e.Range(), "Value must be known at compile time", "%s cannot depend on run-time values (action results, wf.id, fs_* functions): only on parameters and constants.", what)
}

func (c *compiler) staticStrings(e hcl.Expression) []string {
	v, ok := c.staticValue(e, cty.List(cty.String))
	if !ok {
		return nil
	}
	return stringsOf(v)
}

func (c *compiler) decodeRetry(b *hcl.Block, r plan.Retry) plan.Retry {
	content, diags := bodyContent(b.Body, retrySchema)
	c.diags = append(c.diags, diags...)
	if a, ok := content.Attributes["attempts"]; ok {
		if v, ok := c.staticValue(a.Expr, cty.Number); ok {
			n, err := expr.WholeNumber(v)
			if err == nil && n < 1 {
				err = errorString("attempts counts every try including the first, so it must be at least 1")
			}
			if err != nil {
				c.errorf(a.Expr.Range(), "Invalid retry attempts", "%s.", err)
			} else {
				r.Attempts = n
			}
		}
	}
	for _, name := range []string{"interval", "max_interval"} {
		a, ok := content.Attributes[name]
		if !ok {
			continue
		}
		if v, ok := c.staticValue(a.Expr, cty.String); ok {
			d, err := parseDuration(v.AsString())
			if name == "interval" && err != nil && isZeroDuration(v.AsString()) {
				d, err = 0, nil // retry at once, as Oozie's retry-interval 0
			}
			if err != nil {
				c.errorf(a.Expr.Range(), "Invalid duration", "%s.", err)
			} else if name == "interval" {
				r.Interval = d
			} else {
				r.MaxInterval = d
			}
		}
	}
	if a, ok := content.Attributes["backoff"]; ok {
		if v, ok := c.staticValue(a.Expr, cty.Number); ok {
			f, _ := v.AsBigFloat().Float64()
			if f < 1 {
				c.errorf(a.Expr.Range(), "Invalid retry backoff", "backoff multiplies the interval after each try; it must be at least 1, got %g.", f)
			} else {
				r.Backoff = f
			}
		}
	}
	if a, ok := content.Attributes["non_retryable"]; ok {
		r.NonRetryable = c.staticStrings(a.Expr)
	}
	if r.MaxInterval != 0 && r.MaxInterval < r.Interval {
		c.errorf(b.DefRange, "Invalid retry policy", "max_interval (%s) is shorter than interval (%s).", durString(r.MaxInterval), durString(r.Interval))
	}
	return r
}

// namedValues reads a map literal whose keys are known at compile time and
// whose values may be computed at run time (configuration, env).
func (c *compiler) namedValues(e hcl.Expression, sc *scope, what string) []confEntry {
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		v, ok := c.staticValue(e, cty.Map(cty.String))
		if !ok {
			return nil
		}
		var out []confEntry
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			out = append(out, confEntry{name: k.AsString(), value: ev.AsString()})
		}
		return out
	}
	seen := map[string]hcl.Range{}
	var out []confEntry
	for _, p := range pairs {
		kv, ok := c.staticValue(p.Key, cty.String)
		if !ok {
			continue
		}
		name := kv.AsString()
		if name == "" {
			c.errorf(p.Key.Range(), "Empty "+what+" name", "Names in %s must not be empty.", what)
			continue
		}
		if prev, dup := seen[name]; dup {
			c.errorCtx(p.Key.Range(), prev, "Duplicate "+what+" name", "%q is already set at %s.", name, prev)
			continue
		}
		seen[name] = p.Key.Range()
		v, deferred := c.value(p.Value, cty.String, sc)
		switch {
		case deferred != nil:
			out = append(out, confEntry{name: name, expr: deferred})
		case v != cty.NilVal && !v.IsNull():
			out = append(out, confEntry{name: name, value: v.AsString()})
		}
	}
	return out
}

// mergeEntries returns base overridden by over, sorted by name.
// readJobXML reads a Hadoop configuration file (Oozie's <job-xml>): its
// properties, relative to the workflow file, within its tree unless
// --allow-files-outside. Values are kept as written (Hadoop expands its own
// ${...} variables).
func (c *compiler) readJobXML(file string) ([]confEntry, error) {
	path := file
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(c.filename), path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s (paths are relative to %s)", err, filepath.Dir(c.filename))
	}
	if err := c.sess.inTree(path); err != nil {
		return nil, fmt.Errorf("%s (pass --allow-files-outside to allow it)", err)
	}
	src, err := readSource(path)
	if err != nil {
		return nil, fmt.Errorf("%s (paths are relative to %s)", err, filepath.Dir(c.filename))
	}
	var doc struct {
		// A root other than <configuration> is not a Hadoop
		// configuration file (and is refused, not read as empty).
		XMLName  xml.Name `xml:"configuration"`
		Property []struct {
			Name  string `xml:"name"`
			Value string `xml:"value"`
		} `xml:"property"`
	}
	if err := xml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s is not a Hadoop configuration file: %v", file, err)
	}
	c.sess.digest.Write(src)
	out := make([]confEntry, 0, len(doc.Property))
	for _, p := range doc.Property {
		name := strings.TrimSpace(p.Name)
		if name == "" {
			return nil, fmt.Errorf("%s: a property has no name", file)
		}
		out = append(out, confEntry{name: name, value: p.Value})
	}
	return out, nil
}

func mergeEntries(base, over []confEntry) []confEntry {
	m := map[string]confEntry{}
	for _, e := range base {
		m[e.name] = e
	}
	for _, e := range over {
		m[e.name] = e
	}
	out := make([]confEntry, 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func durString(d plan.Duration) string {
	b, _ := d.MarshalJSON()
	s, _ := strconv.Unquote(string(b))
	return s
}

type errorString string

func (e errorString) Error() string { return string(e) }

// onlyMissingParams says whether e reads nothing but parameters, some of
// them left without a value by AllowMissingParams: its value is known when
// the run is planned, though not now.
func (c *compiler) onlyMissingParams(e hcl.Expression) bool {
	missing := false
	for _, t := range e.Variables() {
		if t.RootName() != expr.RootParam {
			return false
		}
		name, _ := attrStep(t, 1)
		missing = missing || c.missing[name]
	}
	return missing
}
