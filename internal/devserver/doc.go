// Package devserver embeds a Temporal server (go.temporal.io/server) and
// the Temporal Web UI (github.com/temporalio/ui-server/v2) in the howdah
// process, so `howdah run` and `howdah dev` need no servers installed.
//
// The server keeps its state in SQLite: in memory, or in a file so runs
// survive a restart. Namespaces are created at start with howdah's search
// attributes (HowdahWorkflow, HowdahApp, HowdahUser) registered, so runs can
// be filtered in the UI and with `howdah list`.
package devserver
