package expr

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// ParseType reads a type constraint written as in HCL ("string",
// "list(string)", "map(number)", "any").
func ParseType(s string) (cty.Type, error) {
	e, diags := hclsyntax.ParseExpression([]byte(s), "type", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilType, fmt.Errorf("type %q: %s", s, diags.Error())
	}
	t, diags := typeexpr.TypeConstraint(e)
	if diags.HasErrors() {
		return cty.NilType, fmt.Errorf("type %q: %s", s, diags.Error())
	}
	return t, nil
}

// TypeString writes a type the way ParseType reads it.
func TypeString(t cty.Type) string { return typeexpr.TypeString(t) }

// ActionShape says which results an action exposes to later expressions.
type ActionShape struct {
	CaptureOutput bool // output: the key=value lines the action printed
	Counters      bool // counters: Hadoop job counters, group -> name -> value
	ForEach       bool // output is a list, one map per item
}

// ActionType is the type of action.NAME in expressions. Attributes the
// action does not produce are absent, so a reference to them is an error at
// compile time.
func ActionType(s ActionShape) cty.Type {
	attrs := map[string]cty.Type{
		"status":        cty.String,
		"external_id":   cty.String,
		"tracker_url":   cty.String,
		"error_code":    cty.String,
		"error_message": cty.String,
	}
	if s.CaptureOutput {
		if s.ForEach {
			attrs["output"] = cty.List(cty.Map(cty.String))
		} else {
			attrs["output"] = cty.Map(cty.String)
		}
	}
	if s.Counters {
		attrs["counters"] = cty.Map(cty.Map(cty.Number))
	}
	return cty.Object(attrs)
}

// WfType is the type of the wf variable.
var WfType = cty.Object(map[string]cty.Type{
	"name":            cty.String,
	"id":              cty.String,
	"run":             cty.Number,
	"user":            cty.String,
	"last_error_node": cty.String,
	"error_code":      cty.String,
	"error_message":   cty.String,
})

// EachType is the type of the each variable inside a for_each action.
var EachType = cty.Object(map[string]cty.Type{
	"value": cty.String,
	"index": cty.Number,
})

// Variable roots an expression may use.
const (
	RootParam  = "param"
	RootWf     = "wf"
	RootAction = "action"
	RootEach   = "each"
)

// WholeNumber is v (a known number) as an int: an error when it has a
// fraction or lies outside ±2^31. The compiler and the coordinator
// functions read every count, index and offset through it.
func WholeNumber(v cty.Value) (int, error) {
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return 0, fmt.Errorf("want a whole number, got %s", bf.Text('g', -1))
	}
	i, acc := bf.Int64()
	if acc != big.Exact || i > 1<<31 || i < -(1<<31) {
		return 0, fmt.Errorf("number %s is out of range", bf.Text('g', -1))
	}
	return int(i), nil
}
