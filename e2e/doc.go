// Package e2e runs workflows end to end: HCL compiled by dsl, started by
// launch on a real Temporal server embedded in the test process
// (internal/devserver), executed by the interpreter and the real local
// activities (shell processes, the local filesystem, the streaming runner).
package e2e
