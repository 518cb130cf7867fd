// Package examples holds runnable howdah workflows, one directory each
// (workflow.hcl plus the files it uses), and the tests that keep them valid:
// every example compiles, and its plan is pinned by plan.golden.json next to
// it (refresh with `go test ./examples -update`).
package examples
