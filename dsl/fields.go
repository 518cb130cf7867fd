package dsl

import (
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/expr"
	"github.com/howdah/howdah/plan"
	"github.com/zclconf/go-cty/cty"
)

// field describes one attribute of a block that decodes into a plan struct
// K: its HCL name (which is also its JSON name in the plan, so a run-time
// binding's path reads the same), its type, and how a known value is stored.
type field[K any] struct {
	name     string
	ty       cty.Type
	required bool
	// static fields must be known at compile time.
	static bool
	set    func(k *K, v cty.Value) error
	// guard, when set, checks the value (or the run-time expression) once
	// it is evaluated: the delete guard hooks in here.
	guard func(c *compiler, e hcl.Expression, v cty.Value, deferred *plan.Expr, sc *scope)
}

func schemaOf[K any](fields []field[K], blocks ...hcl.BlockHeaderSchema) *hcl.BodySchema {
	s := &hcl.BodySchema{Blocks: blocks}
	for _, f := range fields {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: f.name, Required: f.required})
	}
	return s
}

// decodeFields evaluates each field's attribute and stores it in dst, or,
// when it depends on run-time state, adds a binding at prefix.name.
func decodeFields[K any](c *compiler, sc *scope, attrs hcl.Attributes, prefix string, fields []field[K], dst *K, binds *[]plan.Binding) {
	for _, f := range fields {
		attr, ok := attrs[f.name]
		if !ok {
			continue
		}
		v, deferred := c.value(attr.Expr, f.ty, sc)
		if f.guard != nil && (deferred != nil || v != cty.NilVal) {
			f.guard(c, attr.Expr, v, deferred, sc)
		}
		if deferred != nil {
			if f.static {
				c.notStatic(attr.Expr, f.name)
				continue
			}
			*binds = append(*binds, plan.Binding{Field: prefix + expr.Pointer(f.name), Type: expr.TypeString(f.ty), Expr: *deferred})
			continue
		}
		if v == cty.NilVal {
			continue // already reported
		}
		if v.IsNull() {
			if f.required {
				c.errorf(attr.Expr.Range(), "Missing value", "%s must not be null.", f.name)
			}
			continue
		}
		if err := f.set(dst, v); err != nil {
			c.errorf(attr.Expr.Range(), "Invalid value for "+f.name, "%s", err)
		}
	}
}

// Typed field constructors.

func strField[K any](name string, required bool, set func(*K, string)) field[K] {
	return field[K]{name: name, ty: cty.String, required: required, set: func(k *K, v cty.Value) error {
		set(k, v.AsString())
		return nil
	}}
}

func nonEmptyStrField[K any](name string, required bool, set func(*K, string)) field[K] {
	return field[K]{name: name, ty: cty.String, required: required, set: func(k *K, v cty.Value) error {
		if v.AsString() == "" {
			return fmt.Errorf("%s must not be empty", name)
		}
		set(k, v.AsString())
		return nil
	}}
}

func listField[K any](name string, required bool, set func(*K, []string)) field[K] {
	return field[K]{name: name, ty: cty.List(cty.String), required: required, set: func(k *K, v cty.Value) error {
		set(k, stringsOf(v))
		return nil
	}}
}

func nonEmptyListField[K any](name string, required bool, set func(*K, []string)) field[K] {
	return field[K]{name: name, ty: cty.List(cty.String), required: required, set: func(k *K, v cty.Value) error {
		s := stringsOf(v)
		if len(s) == 0 {
			return fmt.Errorf("%s must list at least one element", name)
		}
		for i, e := range s {
			if e == "" {
				return fmt.Errorf("%s[%d] is empty", name, i)
			}
		}
		set(k, s)
		return nil
	}}
}

func intField[K any](name string, required bool, min int, set func(*K, int)) field[K] {
	return field[K]{name: name, ty: cty.Number, required: required, set: func(k *K, v cty.Value) error {
		n, err := expr.WholeNumber(v)
		if err != nil {
			return err
		}
		if n < min {
			return fmt.Errorf("%s must be at least %d, got %d", name, min, n)
		}
		set(k, n)
		return nil
	}}
}

func boolField[K any](name string, set func(*K, bool)) field[K] {
	return field[K]{name: name, ty: cty.Bool, static: false, set: func(k *K, v cty.Value) error {
		set(k, v.True())
		return nil
	}}
}

func durationField[K any](name string, required bool, set func(*K, plan.Duration)) field[K] {
	return field[K]{name: name, ty: cty.String, required: required, static: true, set: func(k *K, v cty.Value) error {
		d, err := parseDuration(v.AsString())
		if err != nil {
			return err
		}
		set(k, d)
		return nil
	}}
}

// readDuration is the one reader of durations as HCL writes them ("90s",
// "5m", "1h30m"); each caller bounds the result.
func readDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("want a duration like \"90s\", \"5m\" or \"1h30m\": %q is not one", s)
	}
	return d, nil
}

// parseDuration reads a positive duration.
func parseDuration(s string) (plan.Duration, error) {
	d, err := readDuration(s)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("duration %q must be positive", s)
	}
	return plan.Duration(d), nil
}

// isZeroDuration says s is a duration of zero ("0", "0s", "0m").
func isZeroDuration(s string) bool {
	d, err := readDuration(s)
	return err == nil && d == 0
}

func stringsOf(v cty.Value) []string {
	out := make([]string, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			out = append(out, "")
			continue
		}
		out = append(out, e.AsString())
	}
	return out
}
