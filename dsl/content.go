package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// bodyContent is body.Content(schema) with a fast path for well-formed native
// syntax bodies. hclsyntax builds two maps per Content call to support
// PartialContent, which the compiler never needs; on a 10,000-action
// workflow that was a sixth of compilation's allocations. When the body has
// anything the schema does not accept (or lacks a required attribute), it
// defers to HCL so the diagnostics are HCL's own.
func bodyContent(body hcl.Body, schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	b, ok := body.(*hclsyntax.Body)
	if !ok || !conforms(b, schema) {
		return body.Content(schema)
	}
	c := &hcl.BodyContent{MissingItemRange: b.MissingItemRange()}
	if len(b.Attributes) > 0 {
		c.Attributes = make(hcl.Attributes, len(b.Attributes))
		for name, a := range b.Attributes {
			c.Attributes[name] = a.AsHCLAttribute()
		}
	} else {
		c.Attributes = hcl.Attributes{}
	}
	if len(b.Blocks) > 0 {
		c.Blocks = make(hcl.Blocks, len(b.Blocks))
		for i, blk := range b.Blocks {
			c.Blocks[i] = blk.AsHCLBlock()
		}
	}
	return c, nil
}

// conforms reports whether every attribute and block of b is in schema
// with the right number of labels, and every required attribute is there.
func conforms(b *hclsyntax.Body, schema *hcl.BodySchema) bool {
	for name := range b.Attributes {
		found := false
		for _, a := range schema.Attributes {
			if a.Name == name {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, a := range schema.Attributes {
		if _, ok := b.Attributes[a.Name]; a.Required && !ok {
			return false
		}
	}
	for _, blk := range b.Blocks {
		found := false
		for _, s := range schema.Blocks {
			if s.Type == blk.Type {
				found = len(s.LabelNames) == len(blk.Labels)
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
