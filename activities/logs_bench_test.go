package activities

import (
	"context"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/plan"
)

// BenchmarkShellLogs measures what keeping an attempt's stdout and stderr
// costs a shell action: the same command with no log store, with the local
// one, and (the simplest peer: the floor for writing those bytes to disk)
// with no store but the command redirecting its own output to files, for a
// short action (a few lines) and one that prints 8 MiB. The sides
// alternate within each -count; report with/without and with/redirect.
func BenchmarkShellLogs(b *testing.B) {
	for _, tc := range []struct{ name, script string }{
		{"short", "echo rows=5; echo done >&2"},
		{"8MiB", "head -c 8388608 /dev/zero"},
	} {
		in := contract.ActionInput{WorkflowID: "bench", RunID: "r", Node: "n", Item: -1, Attempt: 1,
			Action: plan.Action{Kind: plan.ShellKind, Shell: &plan.Shell{Argv: []string{"sh", "-c", tc.script}}}}
		store, err := logstore.Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		redirect := b.TempDir()
		for _, side := range []string{"without", "with", "redirect"} {
			b.Run(tc.name+"/"+side, func(b *testing.B) {
				a := New()
				in := in
				switch side {
				case "with":
					a.Logs = store
				case "redirect":
					in.Action.Shell = &plan.Shell{Argv: []string{"sh", "-c", "{ " + tc.script + "; } >" + redirect + "/out 2>" + redirect + "/err"}}
				}
				for i := 0; i < b.N; i++ {
					in.Attempt = i + 1
					if _, err := a.Shell(context.Background(), in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
