package howdah_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the data flow of STYLE.md true: HCL -> dsl -> plan ->
// workflows -> activities -> hadoop. Each package lists what it must never
// depend on, directly or not.
func TestLayering(t *testing.T) {
	forbidden := map[string][]string{
		"./plan": {"github.com/", "go.temporal.io/", "golang.org/x/"}, // standard library only
		"./expr": {"go.temporal.io/", "github.com/colinmarc/", "github.com/howdah/howdah/dsl", "github.com/howdah/howdah/workflows", "github.com/howdah/howdah/activities"},
		"./dsl":  {"go.temporal.io/", "github.com/colinmarc/", "github.com/howdah/howdah/workflows", "github.com/howdah/howdah/activities", "github.com/howdah/howdah/worker", "github.com/howdah/howdah/hadoop"},
		// Time math is pure: no Temporal, no HCL, no Hadoop.
		"./coord": {"go.temporal.io/", "github.com/hashicorp/", "github.com/colinmarc/", "github.com/howdah/howdah/expr", "github.com/howdah/howdah/dsl", "github.com/howdah/howdah/workflows"},
		// The importer writes HCL text; validating it is the CLI's job.
		"./oozie": {"go.temporal.io/", "github.com/colinmarc/", "github.com/howdah/howdah/dsl", "github.com/howdah/howdah/workflows", "github.com/howdah/howdah/activities", "github.com/howdah/howdah/hadoop"},
		"./graph": {"go.temporal.io/", "github.com/hashicorp/", "github.com/howdah/howdah/dsl"},
		// The interpreter calls activities by contract only: no clients, no I/O.
		"./workflows":           {"github.com/howdah/howdah/hadoop", "github.com/howdah/howdah/activities/contract/", "github.com/howdah/howdah/dsl", "github.com/colinmarc/"},
		"./activities/contract": {"go.temporal.io/", "github.com/howdah/howdah/hadoop"},
		"./hadoop/fs":           {"go.temporal.io/"},
		"./hadoop/streaming":    {"go.temporal.io/"},
		"./hadoop/hdfs":         {"go.temporal.io/", "github.com/howdah/howdah/activities"},
		"./hadoop/yarn":         {"go.temporal.io/", "github.com/howdah/howdah/activities"},
		"./hadoop/conf":         {"go.temporal.io/", "github.com/howdah/howdah/activities"},
		"./hadoop/kerberos":     {"go.temporal.io/", "github.com/howdah/howdah/activities", "github.com/colinmarc/"},
		// Jobs know YARN and the Hadoop client, not Temporal or actions.
		"./hadoop/jobs":    {"go.temporal.io/", "github.com/howdah/howdah/activities", "github.com/howdah/howdah/workflows", "github.com/howdah/howdah/plan"},
		"./hadoop/procenv": {"go.temporal.io/", "github.com/"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == "github.com/howdah/howdah/"+strings.TrimPrefix(pkg, "./") {
				continue
			}
			for _, b := range bad {
				if strings.HasPrefix(dep, b) && !(pkg != "./plan" && strings.HasPrefix(dep, "github.com/howdah/howdah/plan")) {
					t.Errorf("%s depends on %s, which it must not (%s...)", pkg, dep, b)
				}
			}
		}
	}
}
