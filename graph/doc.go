// Package graph draws a compiled plan as Graphviz DOT or Mermaid, showing
// what the HCL leaves implicit: the start, the default ok transition to the
// next node, the default error transition to the built-in fail node, and
// the join each fork was paired with.
//
// It reads plan.Workflow only (standard library plus package plan).
package graph
