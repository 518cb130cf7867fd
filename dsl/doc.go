// Package dsl turns howdah's HCL workflow files into a validated
// [plan.Workflow].
//
// Entry points: [CompileFile] compiles a workflow file (and the sub-workflow
// files it references) with parameter values; [ParseParamsFile] reads a
// `--params` file. Every problem is reported as an hcl.Diagnostic with a
// source range, and problems accumulate: one run of the compiler reports
// every error it can find. Diagnostics are rendered by the caller, once, at
// the edge (see cmd/howdah).
//
// The compiler works in three steps: declare (collect node names and what
// each action exposes, so references can be checked in any order), decode
// (one decodeX per block type, evaluating expressions against a compile-time
// context in which run-time values are unknown), and check the graph
// (transitions, reachability, cycles, fork/join pairing).
//
// This package must not import Temporal or Hadoop client packages; a test
// enforces it.
package dsl
