package howdah_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/howdah/howdah"

// rule is what one package may depend on: the howdah packages it imports
// directly (imports), those its tests may import besides (tests), and the
// outside modules it must not depend on at all, directly or not (never).
type rule struct {
	imports, tests, never []string
}

// rules keep the data flow of STYLE.md and docs/architecture.md true:
//
//	cmd/howdah -> client -> workflows/api <- workflows -> activities/contract
//	worker -> activities -> hadoop/*                              (side effects)
//	dsl -> plan, expr, coord; leaves: fspath, internal/*
//
// Every howdah package needs a rule and every rule a package: a new
// package must say where it stands, and a rule for a package that moved
// or a mistyped one fails instead of checking nothing.
var rules = map[string]rule{
	"":       {tests: nil}, // this test
	"fspath": {never: []string{"github.com/", "go.temporal.io/", "golang.org/x/"}},
	"plan":   {imports: []string{"fspath"}, never: []string{"github.com/hashicorp/", "github.com/colinmarc/", "go.temporal.io/", "golang.org/x/"}},
	"coord":  {imports: []string{"plan"}, never: []string{"go.temporal.io/", "github.com/hashicorp/", "github.com/colinmarc/"}},
	"expr":   {imports: []string{"plan", "coord", "fspath"}, tests: []string{"dsl"}, never: []string{"go.temporal.io/", "github.com/colinmarc/"}},
	"graph":  {imports: []string{"plan"}, never: []string{"go.temporal.io/", "github.com/hashicorp/"}},
	"dsl":    {imports: []string{"plan", "expr", "coord", "fspath", "internal/boundedfile"}, tests: []string{"graph"}, never: []string{"go.temporal.io/", "github.com/colinmarc/"}},
	// The importer reads time zones as the language does (coord).
	"oozie":               {imports: []string{"internal/boundedfile", "coord", "fspath"}, tests: []string{"dsl", "plan"}, never: []string{"go.temporal.io/", "github.com/colinmarc/"}},
	"examples":            {tests: []string{"dsl", "coord", "plan"}},
	"activities/contract": {imports: []string{"plan"}, never: []string{"go.temporal.io/", "github.com/colinmarc/"}},
	// The fake of the contract, for the interpreter's unit tests.
	"activities/contract/contracttest": {imports: []string{"activities/contract"}, never: []string{"github.com/colinmarc/"}},
	// The interpreter calls activities by contract only: no clients, no I/O.
	// The wire API: what clients send runs and read back.
	"workflows/api": {imports: []string{"plan", "expr", "activities/contract"}, never: []string{"github.com/colinmarc/"}},
	"workflows":     {imports: []string{"plan", "expr", "coord", "activities/contract", "workflows/api", "internal/md"}, tests: []string{"dsl", "activities/contract/contracttest"}, never: []string{"github.com/colinmarc/"}},
	// The client reads the workflow's wire types; it runs no activity.
	"client": {imports: []string{"plan", "expr", "coord", "workflows/api", "activities/contract", "internal/codec", "internal/md"}, tests: []string{"dsl"}, never: []string{"github.com/colinmarc/"}},
	// Activities adapt hadoop/* (and, for coordinators, client) to Temporal.
	"activities": {imports: []string{"plan", "fspath", "activities/contract", "workflows/api", "client", "internal/tail",
		"hadoop/conf", "hadoop/fs", "hadoop/hdfs", "hadoop/jobs", "hadoop/kerberos", "hadoop/logstore", "hadoop/procenv", "hadoop/streaming", "hadoop/yarn"}},
	"worker":     {imports: []string{"activities", "activities/contract", "workflows", "workflows/api"}},
	"cmd/howdah": {imports: []string{"plan", "expr", "coord", "dsl", "graph", "oozie", "workflows", "workflows/api", "client", "activities", "worker", "hadoop/conf", "hadoop/hdfs", "hadoop/kerberos", "hadoop/logstore", "hadoop/procenv", "hadoop/yarn", "internal/codec", "internal/devserver"}},
	"e2e":        {tests: []string{"plan", "coord", "dsl", "workflows", "workflows/api", "client", "activities", "activities/contract", "worker", "hadoop/hdfs", "hadoop/kerberos", "hadoop/logstore", "internal/codec", "internal/devserver", "internal/hadooptest"}},
	// Hadoop clients know no Temporal and no action.
	"hadoop":           {},
	"hadoop/conf":      {never: []string{"go.temporal.io/"}},
	"hadoop/fs":        {imports: []string{"fspath"}, never: []string{"go.temporal.io/"}},
	"hadoop/hdfs":      {imports: []string{"fspath", "hadoop/conf", "hadoop/fs", "hadoop/kerberos"}, never: []string{"go.temporal.io/"}},
	"hadoop/yarn":      {imports: []string{"hadoop/conf"}, never: []string{"go.temporal.io/"}},
	"hadoop/kerberos":  {never: []string{"go.temporal.io/", "github.com/colinmarc/"}},
	"hadoop/jobs":      {imports: []string{"hadoop/kerberos", "hadoop/procenv", "hadoop/yarn", "internal/tail"}, never: []string{"go.temporal.io/"}},
	"hadoop/logstore":  {imports: []string{"hadoop/hdfs"}, never: []string{"go.temporal.io/"}},
	"hadoop/procenv":   {never: []string{"go.temporal.io/", "github.com/"}},
	"hadoop/streaming": {imports: []string{"hadoop/procenv", "internal/tail"}, never: []string{"go.temporal.io/"}},
	// internal/ holds leaves only: none imports another howdah package.
	"internal/boundedfile": {never: []string{"go.temporal.io/"}},
	"internal/codec":       {},
	"internal/devserver":   {},
	"internal/hadooptest":  {},
	"internal/md":          {never: []string{"go.temporal.io/"}},
	"internal/tail":        {never: []string{"go.temporal.io/"}},
}

// TestLayering checks every package's imports (its tests' included)
// against its rule.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .TestImports \" \"}} {{join .XTestImports \" \"}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	own := func(dep string) (string, bool) {
		if dep == module {
			return "", true
		}
		rel, ok := strings.CutPrefix(dep, module+"/")
		return rel, ok
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Split(line, "|")
		pkg, _ := own(fields[0])
		seen[pkg] = true
		r, ok := rules[pkg]
		if !ok {
			t.Errorf("package %q has no rule in layering_test.go: say what it may import", pkg)
			continue
		}
		check := func(deps string, allowed []string, what string) {
			for _, dep := range strings.Fields(deps) {
				rel, ok := own(dep)
				if !ok || rel == pkg || strings.HasSuffix(rel, "_test") {
					continue
				}
				if !slices.Contains(allowed, rel) {
					t.Errorf("%s: %s imports %s, which its rule does not allow", what, pkg, rel)
				}
			}
		}
		check(fields[1], r.imports, "package")
		check(fields[2], append(slices.Clone(r.imports), r.tests...), "tests")
		if len(r.never) == 0 {
			continue
		}
		deps, err := exec.Command("go", "list", "-deps", "./"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, deps)
		}
		for _, dep := range strings.Fields(string(deps)) {
			if _, ok := own(dep); ok {
				continue
			}
			for _, bad := range r.never {
				if strings.HasPrefix(dep, bad) {
					t.Errorf("%s depends on %s, which it must not (%s...)", pkg, dep, bad)
				}
			}
		}
	}
	for pkg := range rules {
		if !seen[pkg] {
			t.Errorf("the rule for %q matches no package", pkg)
		}
	}
}
