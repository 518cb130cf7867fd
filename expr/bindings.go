package expr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

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
			_, w, err := ResolveDeletePath(x, ctx, []byte(b.Expr.Source), s.Plan.ParamBounds())
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
