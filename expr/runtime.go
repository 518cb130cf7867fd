package expr

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/fspath"
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
		if p.Within != "" && v.Type() == cty.String && !v.IsNull() {
			if err := fspath.CheckAtOrBelow(p.Within, v.AsString()); err != nil {
				if p.Sensitive {
					return cty.NilVal, fmt.Errorf("parameter %q: its value (sensitive, not shown) is not within %q", p.Name, p.Within)
				}
				return cty.NilVal, fmt.Errorf("parameter %q is %q, which is not within %q, the directory it declares", p.Name, v.AsString(), p.Within)
			}
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
