// Package expr is howdah's expression language: the HCL variables (param,
// wf, action, each) and functions (string, time and fs_* functions) that
// workflows use, with one definition shared by the compiler and the
// interpreter so an expression means the same thing at both times.
//
// At compile time (package dsl) run-time values are unknown: an expression
// that depends on them evaluates to an unknown value and is carried in the
// plan as a plan.Expr. At run time [Eval] evaluates such an expression against
// a [Scope] built from the run's state, and [ApplyBindings] stores the results
// into an action before it runs.
//
// The fs_* functions do I/O. At run time they call the Scope's [FS]; inside a
// Temporal workflow that implementation runs activities, so the answers are
// recorded in history and replay deterministically.
//
// This package imports HCL and cty; never Temporal, never Hadoop clients.
package expr
