// Package plan holds the compiled form of a howdah workflow: an immutable,
// versioned, JSON-serialisable description of every node, transition and
// action that the Temporal interpreter (package workflows) executes.
//
// A plan is produced by package dsl from HCL and is the workflow's input. It
// promises:
//
//   - determinism: the same sources and parameters give byte-identical JSON
//     (slices, never maps, wherever order could matter);
//   - completeness: static values are resolved; values that depend on run-time
//     state (captured outputs, counters, HDFS, the run's id) are carried as
//     [Expr] bindings that package expr evaluates later;
//   - traceability: every node and expression keeps its source [Range], so a
//     run-time error can point back at the HCL line.
//
// This package imports the standard library only.
package plan
