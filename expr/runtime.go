package expr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// RunInfo is what the wf variable exposes about the current run.
type RunInfo struct {
	ID            string
	Run           int
	User          string
	LastErrorNode string
	ErrorCode     string
	ErrorMessage  string
}

// Result is what an action that ran left for later expressions. The zero
// value stands for an action that has not run.
type Result struct {
	Status       string
	ExternalID   string
	TrackerURL   string
	ErrorCode    string
	ErrorMessage string
	Output       map[string]string
	// Outputs holds one map per item of a for_each action.
	Outputs  []map[string]string
	Counters map[string]map[string]int64
}

// Item is the current element of a for_each action.
type Item struct {
	Index int
	Value string
}

// Scope is the run-time state an expression is evaluated against.
type Scope struct {
	Plan *plan.Workflow
	// Params overrides or supplies parameter values (JSON), e.g. the run-time
	// parameters a parent passes to a sub-workflow.
	Params  map[string]json.RawMessage
	Run     RunInfo
	Results map[string]Result
	Each    *Item
	FS      FS
	Now     func() time.Time
}

// Eval parses and evaluates a run-time expression. Diagnostics point at the
// expression's place in the workflow's source (and never quote a sensitive
// value). The value carries the Sensitive mark where it derives from a
// sensitive parameter: Unmark it before it leaves the workflow.
func Eval(e plan.Expr, s *Scope) (cty.Value, hcl.Diagnostics) {
	x, ctx, diags := s.prepare(e)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, more := x.Value(ctx)
	diags = append(diags, more...)
	if diags.HasErrors() && ReadsSensitive(x.Variables(), s.sensitive) {
		diags = HideDetails(diags)
	}
	return v, diags
}

// prepare parses e at its recorded position (byte offsets count from the
// start of e.Source) and builds the context its references need.
func (s *Scope) prepare(e plan.Expr) (hclsyntax.Expression, *hcl.EvalContext, hcl.Diagnostics) {
	pos := hcl.Pos{Line: e.Range.Start.Line, Column: e.Range.Start.Column}
	if pos.Line == 0 {
		pos = hcl.InitialPos
	}
	x, diags := hclsyntax.ParseExpression([]byte(e.Source), e.Range.File, pos)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	ctx, diags := s.evalContext(x.Variables())
	return x, ctx, diags
}

// evalContext builds the variables the traversals need, and no more, so
// evaluating against a 10,000-node plan costs what the expression uses.
func (s *Scope) evalContext(refs []hcl.Traversal) (*hcl.EvalContext, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	vars := map[string]cty.Value{}
	actions := map[string]cty.Value{}
	for _, t := range refs {
		switch t.RootName() {
		case RootParam:
			if _, done := vars[RootParam]; done {
				continue
			}
			v, err := s.paramsValue()
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid parameter value", Detail: err.Error(), Subject: t.SourceRange().Ptr()})
				continue
			}
			vars[RootParam] = v
		case RootWf:
			vars[RootWf] = cty.ObjectVal(map[string]cty.Value{
				"name":            cty.StringVal(s.Plan.Name),
				"id":              cty.StringVal(s.Run.ID),
				"run":             cty.NumberIntVal(int64(s.Run.Run)),
				"user":            cty.StringVal(s.Run.User),
				"last_error_node": cty.StringVal(s.Run.LastErrorNode),
				"error_code":      cty.StringVal(s.Run.ErrorCode),
				"error_message":   cty.StringVal(s.Run.ErrorMessage),
			})
		case RootEach:
			if s.Each == nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "each is not available here", Detail: "each.value and each.index exist only inside an action with for_each.", Subject: t.SourceRange().Ptr()})
				continue
			}
			vars[RootEach] = cty.ObjectVal(map[string]cty.Value{
				"value": cty.StringVal(s.Each.Value),
				"index": cty.NumberIntVal(int64(s.Each.Index)),
			})
		case RootAction:
			if len(t) < 2 {
				continue
			}
			name, ok := stepName(t[1])
			if !ok {
				continue
			}
			n := s.Plan.Node(name)
			if n == nil || n.Action == nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reference to undeclared action", Detail: fmt.Sprintf("No action named %q is declared.", name), Subject: t.SourceRange().Ptr()})
				continue
			}
			actions[name] = resultValue(ShapeOf(n.Action), s.Results[name])
		}
	}
	if len(actions) > 0 {
		vars[RootAction] = cty.ObjectVal(actions)
	}
	return &hcl.EvalContext{Variables: vars, Functions: Functions(s.FS, s.Now)}, diags
}

func stepName(t hcl.Traverser) (string, bool) {
	switch t := t.(type) {
	case hcl.TraverseAttr:
		return t.Name, true
	case hcl.TraverseIndex:
		if t.Key.Type() == cty.String {
			return t.Key.AsString(), true
		}
	}
	return "", false
}

// ShapeOf says what an action exposes to expressions.
func ShapeOf(a *plan.Action) ActionShape {
	return ActionShape{
		CaptureOutput: a.CaptureOutput,
		Counters:      HasCounters(a.Kind),
		ForEach:       a.ForEach != nil,
	}
}

// HasCounters reports whether an action kind produces Hadoop job counters.
func HasCounters(k plan.ActionKind) bool {
	return k == plan.MapReduceKind || k == plan.StreamingKind || k == plan.DistCpKind
}

func resultValue(shape ActionShape, r Result) cty.Value {
	attrs := map[string]cty.Value{
		"status":        cty.StringVal(r.Status),
		"external_id":   cty.StringVal(r.ExternalID),
		"tracker_url":   cty.StringVal(r.TrackerURL),
		"error_code":    cty.StringVal(r.ErrorCode),
		"error_message": cty.StringVal(r.ErrorMessage),
	}
	if shape.CaptureOutput {
		if shape.ForEach {
			if len(r.Outputs) == 0 {
				attrs["output"] = cty.ListValEmpty(cty.Map(cty.String))
			} else {
				items := make([]cty.Value, len(r.Outputs))
				for i, m := range r.Outputs {
					items[i] = stringMap(m)
				}
				attrs["output"] = cty.ListVal(items)
			}
		} else {
			attrs["output"] = stringMap(r.Output)
		}
	}
	if shape.Counters {
		if len(r.Counters) == 0 {
			attrs["counters"] = cty.MapValEmpty(cty.Map(cty.Number))
		} else {
			groups := map[string]cty.Value{}
			for g, cs := range withRecordAliases(r.Counters) {
				m := map[string]cty.Value{}
				for k, v := range cs {
					m[k] = cty.NumberIntVal(v)
				}
				if len(m) == 0 {
					groups[g] = cty.MapValEmpty(cty.Number)
				} else {
					groups[g] = cty.MapVal(m)
				}
			}
			attrs["counters"] = cty.MapVal(groups)
		}
	}
	return cty.ObjectVal(attrs)
}

// TaskCounterGroup is the group of Hadoop's record counters.
const TaskCounterGroup = "org.apache.hadoop.mapreduce.TaskCounter"

// RecordAliases are Oozie's short names for the record counters
// (hadoop:counters(node)['RECORDS']['MAP_IN']), in the group RECORDS.
var RecordAliases = map[string]string{
	"MAP_IN":     "MAP_INPUT_RECORDS",
	"MAP_OUT":    "MAP_OUTPUT_RECORDS",
	"REDUCE_IN":  "REDUCE_INPUT_RECORDS",
	"REDUCE_OUT": "REDUCE_OUTPUT_RECORDS",
	"GROUPS":     "REDUCE_INPUT_GROUPS",
}

// withRecordAliases adds the RECORDS group (Oozie's aliases of the task
// counters present) to counters, unless a job has a group of that name.
func withRecordAliases(counters map[string]map[string]int64) map[string]map[string]int64 {
	task := counters[TaskCounterGroup]
	if len(task) == 0 || counters["RECORDS"] != nil {
		return counters
	}
	rec := map[string]int64{}
	for alias, name := range RecordAliases {
		if v, ok := task[name]; ok {
			rec[alias] = v
		}
	}
	if len(rec) == 0 {
		return counters
	}
	out := make(map[string]map[string]int64, len(counters)+1)
	for g, cs := range counters {
		out[g] = cs
	}
	out["RECORDS"] = rec
	return out
}

func stringMap(m map[string]string) cty.Value {
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	vals := make(map[string]cty.Value, len(m))
	for k, v := range m {
		vals[k] = cty.StringVal(v)
	}
	return cty.MapVal(vals)
}

func (s *Scope) paramsValue() (cty.Value, error) {
	attrs := map[string]cty.Value{}
	for _, p := range s.Plan.Params {
		raw := p.Value
		if v, ok := s.Params[p.Name]; ok {
			raw = v
		}
		t, err := ParseType(p.Type)
		if err != nil {
			return cty.NilVal, err
		}
		if len(raw) == 0 {
			return cty.NilVal, fmt.Errorf("parameter %q has no value: its caller must pass it", p.Name)
		}
		v, err := FromJSON(raw, t)
		if err != nil {
			if p.Sensitive {
				return cty.NilVal, fmt.Errorf("parameter %q: its value is not %s", p.Name, p.Type)
			}
			return cty.NilVal, fmt.Errorf("parameter %q: %w", p.Name, err)
		}
		if p.Sensitive {
			v = v.Mark(Sensitive)
		}
		attrs[p.Name] = v
	}
	return cty.ObjectVal(attrs), nil
}

// FromJSON decodes a JSON value of type t; for "any" the type is implied
// from the JSON itself.
func FromJSON(raw []byte, t cty.Type) (cty.Value, error) {
	if t == cty.DynamicPseudoType {
		it, err := ctyjson.ImpliedType(raw)
		if err != nil {
			return cty.NilVal, err
		}
		t = it
	}
	return ctyjson.Unmarshal(raw, t)
}

// ToJSON converts v to type t and encodes it as JSON (marks dropped: use
// Unmark first to learn what was sensitive).
func ToJSON(v cty.Value, t cty.Type) ([]byte, error) {
	cv, err := convert.Convert(v, t)
	if err != nil {
		return nil, err
	}
	cv, _ = cv.UnmarkDeep()
	if !cv.IsWhollyKnown() {
		return nil, fmt.Errorf("value is not known")
	}
	if t == cty.DynamicPseudoType {
		t = cv.Type()
	}
	return ctyjson.Marshal(cv, t)
}

// ApplyBindings returns a copy of a with every binding evaluated and stored
// in its field, then re-checks every delete path against the directory it
// must stay below (the run-time half of the compiler's delete guard: a
// captured output or item can no more climb out than a parameter can).
// It also returns the values it stored that derive from a sensitive
// parameter: secrets to redact like the parameter itself. An error never
// quotes a sensitive value.
func ApplyBindings(a *plan.Action, s *Scope) (*plan.Action, []string, error) {
	res, derived, err := resolve(a, s)
	if err != nil {
		return nil, nil, err
	}
	if err := res.CheckDeletes(); err != nil {
		if len(derived) > 0 {
			err = plan.NewRedactor(derived).Error(err)
		}
		return nil, nil, err
	}
	return res, derived, nil
}

// sensitive says whether the named parameter is sensitive.
func (s *Scope) sensitive(name string) bool { return s.Plan.IsSensitive(name) }

// resolve stores each binding's value in a copy of a. Delete paths are
// resolved through the delete guard, which also finds the directory each
// must stay below; that directory is stored beside the path.
func resolve(a *plan.Action, s *Scope) (*plan.Action, []string, error) {
	if len(a.Bindings) == 0 {
		res := *a
		return &res, nil, nil
	}
	raw, err := json.Marshal(a)
	if err != nil {
		return nil, nil, err
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, nil, err
	}
	deletes := deleteFields(a)
	within := map[string]string{}
	var derived []string
	for _, b := range a.Bindings {
		x, ctx, diags := s.prepare(b.Expr)
		var v cty.Value
		if !diags.HasErrors() {
			var more hcl.Diagnostics
			v, more = x.Value(ctx)
			diags = append(diags, more...)
		}
		secret := x != nil && ReadsSensitive(x.Variables(), s.sensitive)
		if diags.HasErrors() {
			if secret {
				diags = HideDetails(diags)
			}
			return nil, nil, fmt.Errorf("%s: %s", b.Expr.Range, diags.Error())
		}
		if deletes[b.Field] {
			_, w, err := ResolveDeletePath(x, ctx, []byte(b.Expr.Source))
			if err != nil {
				if secret {
					return nil, nil, fmt.Errorf("%s: this delete path reads a sensitive value and is refused by the delete guard (details not shown)", b.Expr.Range)
				}
				return nil, nil, fmt.Errorf("%s: %w", b.Expr.Range, err)
			}
			within[b.Field] = w
		}
		t, err := ParseType(b.Type)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: binding %s: %w", b.Expr.Range, b.Field, err)
		}
		cv, err := convert.Convert(v, t)
		if err != nil {
			if secret {
				return nil, nil, fmt.Errorf("%s: binding %s: the value (sensitive, not shown) is not %s", b.Expr.Range, b.Field, b.Type)
			}
			return nil, nil, fmt.Errorf("%s: binding %s: %w", b.Expr.Range, b.Field, err)
		}
		cv, more := Unmark(cv)
		derived = append(derived, more...)
		if err := setBinding(doc, b, cv); err != nil {
			return nil, nil, fmt.Errorf("%s: binding %s: %w", b.Expr.Range, b.Field, err)
		}
	}
	res, err := decodeStrict(doc)
	if err != nil {
		return nil, nil, err
	}
	setWithin(res, within)
	slices.Sort(derived)
	return res, slices.Compact(derived), nil
}

// decodeStrict decodes an action's JSON document, bindings left out: a
// field it does not know (a binding that landed nowhere) is an error.
func decodeStrict(doc any) (*plan.Action, error) {
	obj := doc.(map[string]any)
	delete(obj, "bindings")
	out, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	var res plan.Action
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("a binding lands in no field of the action: %w", err)
	}
	return &res, nil
}

// CheckBindings stores a placeholder of each binding's type at its field,
// as the run will store its value, and returns the errors of those that
// land nowhere (a field the action does not have, an element that does
// not exist), by binding index: the compiler reports them at the
// binding's expression instead of the run failing later.
func CheckBindings(a *plan.Action) map[int]error {
	if len(a.Bindings) == 0 {
		return nil
	}
	raw, err := json.Marshal(a)
	if err != nil {
		return map[int]error{0: err}
	}
	errs := map[int]error{}
	for i, b := range a.Bindings {
		var doc any
		if err := json.Unmarshal(raw, &doc); err != nil {
			return map[int]error{i: err}
		}
		t, err := ParseType(b.Type)
		if err != nil {
			errs[i] = err
			continue
		}
		path, err := splitPointer(b.Field)
		if err == nil {
			err = setPath(doc, path, placeholder(t))
		}
		if err == nil {
			_, err = decodeStrict(doc)
		}
		if err != nil {
			errs[i] = fmt.Errorf("binding %s: %w", b.Field, err)
		}
	}
	return errs
}

// placeholder is a JSON value of type t.
func placeholder(t cty.Type) any {
	switch {
	case t == cty.Number:
		return 0
	case t == cty.Bool:
		return false
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		return []any{}
	case t.IsMapType() || t.IsObjectType():
		return map[string]any{}
	}
	return ""
}

// setWithin stores the directories found by the delete guard, by binding
// field, beside their paths.
func setWithin(a *plan.Action, within map[string]string) {
	if a.Prepare != nil {
		for i := range a.Prepare.Delete {
			w, ok := within[Pointer("prepare", "delete", strconv.Itoa(i))]
			if !ok {
				continue
			}
			for len(a.Prepare.DeleteWithin) <= i {
				a.Prepare.DeleteWithin = append(a.Prepare.DeleteWithin, "")
			}
			a.Prepare.DeleteWithin[i] = w
		}
	}
	if a.FS != nil {
		for i := range a.FS.Ops {
			if w, ok := within[Pointer("fs", "ops", strconv.Itoa(i), "path")]; ok {
				a.FS.Ops[i].Within = w
			}
		}
	}
}

// setBinding converts v to the binding's type and stores it at its field.
func setBinding(doc any, b plan.Binding, v cty.Value) error {
	t, err := ParseType(b.Type)
	if err != nil {
		return err
	}
	js, err := ToJSON(v, t)
	if err != nil {
		return err
	}
	var val any
	if err := json.Unmarshal(js, &val); err != nil {
		return err
	}
	path, err := splitPointer(b.Field)
	if err != nil {
		return err
	}
	return setPath(doc, path, val)
}

// setPath stores val at path inside a decoded JSON document. A step into
// an array selects the element whose "name" equals it (configuration
// properties, environment variables: their names may be numbers), else, a
// number, indexes the array.
func setPath(doc any, path []string, val any) error {
	if len(path) == 0 {
		return fmt.Errorf("empty path")
	}
	step, rest := path[0], path[1:]
	switch d := doc.(type) {
	case map[string]any:
		if len(rest) == 0 {
			d[step] = val
			return nil
		}
		child, ok := d[step]
		if !ok || child == nil {
			// Absent because omitempty dropped it: only an object can follow.
			child = map[string]any{}
			d[step] = child
		}
		return setPath(child, rest, val)
	case []any:
		named := -1
		for j, el := range d {
			if m, ok := el.(map[string]any); ok && m["name"] == step {
				named = j
				break
			}
		}
		if named >= 0 {
			if len(rest) == 0 {
				d[named].(map[string]any)["value"] = val
				return nil
			}
			return setPath(d[named], rest, val)
		}
		i, err := strconv.Atoi(step)
		if err != nil {
			return fmt.Errorf("no element named %q", step)
		}
		if i < 0 || i >= len(d) {
			return fmt.Errorf("index %d out of range", i)
		}
		if len(rest) == 0 {
			d[i] = val
			return nil
		}
		return setPath(d[i], rest, val)
	}
	return fmt.Errorf("cannot step into %T at %q", doc, step)
}

// deleteFields names the binding fields that hold delete paths.
func deleteFields(a *plan.Action) map[string]bool {
	out := map[string]bool{}
	if a.Prepare != nil {
		for i := range a.Prepare.Delete {
			out[Pointer("prepare", "delete", strconv.Itoa(i))] = true
		}
	}
	if a.FS != nil {
		for i, op := range a.FS.Ops {
			if op.Op == plan.OpDelete {
				out[Pointer("fs", "ops", strconv.Itoa(i), "path")] = true
			}
		}
	}
	return out
}

// splitPointer splits a JSON Pointer into its unescaped steps.
func splitPointer(p string) ([]string, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("%q is not a JSON pointer", p)
	}
	steps := strings.Split(p[1:], "/")
	for i, s := range steps {
		steps[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return steps, nil
}

// Pointer builds a JSON Pointer from steps, escaping them.
func Pointer(steps ...string) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1"))
	}
	return b.String()
}
