package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCoordinatorVerbs drives the README's coordinator example through the
// CLI against a server and worker of their own: plan --from/--to, apply
// (twice), status, list, pause, rerun --failed and delete.
func TestCoordinatorVerbs(t *testing.T) {
	_, conn := serverAndWorker(t, "coord-verbs")
	conn = append(conn, "--queue", "coord-verbs")
	cli := func(args ...string) (int, string, string) {
		return howdah(t, "", append(args, conn...)...)
	}

	// The example, copied so its data and outputs land in a temp dir.
	dir := t.TempDir()
	for _, f := range []string{"coordinator.hcl", "count.hcl"} {
		b, err := os.ReadFile(filepath.Join("../../examples/coordinator", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	file := filepath.Join(dir, "coordinator.hcl")
	minute := time.Now().UTC().Truncate(time.Minute).Add(-2 * time.Minute)
	events := filepath.Join(dir, "data/events", minute.Format("20060102-1504"))
	os.MkdirAll(events, 0o755)
	os.WriteFile(filepath.Join(events, "part-00000"), []byte("a\nb\nc\n"), 0o644)
	os.WriteFile(filepath.Join(events, "_SUCCESS"), nil, 0o644)
	start, end := minute.Add(time.Minute).Format(time.RFC3339), minute.Add(2*time.Minute).Format(time.RFC3339)

	code, out, errOut := howdah(t, "", "plan", file, "--from", start, "--to", end)
	if code != exitOK || !strings.Contains(out, events+"/_SUCCESS") || !strings.Contains(out, `input="`+events+`"`) {
		t.Fatalf("plan: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = cli("coordinator", "apply", file, "--start", start, "--end", end)
	if code != exitOK || !strings.Contains(out, "coordinator event-counts: created") {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = cli("coordinator", "apply", file, "--start", start, "--end", end)
	if code != exitOK || !strings.Contains(out, "unchanged") {
		t.Fatalf("second apply: %s", out)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		code, out, errOut = cli("coordinator", "status", "event-counts")
		if code == exitOK && strings.Contains(out, "SUCCEEDED") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status: exit %d\n%s\n%s", code, out, errOut)
		}
		time.Sleep(300 * time.Millisecond)
	}
	if !strings.Contains(out, start) || !strings.Contains(out, "/namespaces/default/workflows/coord%2Fevent-counts") && !strings.Contains(out, "coord/event-counts@") {
		t.Errorf("status:\n%s", out)
	}
	// The server here is not howdah dev's address: no link to a UI that
	// is not its own; done counts instances.
	if strings.Contains(out, "127.0.0.1:8233") || !strings.Contains(out, "done: SUCCEEDED 1 (instances") {
		t.Errorf("status links another server's UI, or miscounts:\n%s", out)
	}
	lines, err := os.ReadFile(filepath.Join(dir, "out/counts", minute.Format("20060102-1504"), "lines"))
	if err != nil || strings.TrimSpace(string(lines)) != "3" {
		t.Fatalf("output: %q %v", lines, err)
	}
	if code, out, _ = cli("coordinator", "pause", "event-counts"); code != exitOK {
		t.Fatalf("pause: %s", out)
	}
	deadline = time.Now().Add(10 * time.Second)
	for {
		_, out, _ = cli("coordinator", "list")
		if strings.Contains(out, "PAUSED") || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(out, "event-counts") || !strings.Contains(out, "PAUSED") || !strings.Contains(out, "SUCCEEDED 1") {
		t.Errorf("list:\n%s", out)
	}
	code, out, _ = cli("coordinator", "rerun", "event-counts", "--failed", "--from", start, "--to", end)
	if code != exitOK || !strings.Contains(out, "nothing to rerun") {
		t.Errorf("rerun --failed: %s", out)
	}
	// A backfill that cannot take effect is refused with the reason.
	if code, out, errOut = cli("coordinator", "backfill", "event-counts", "--from", start, "--to", end); code == exitOK || !strings.Contains(errOut, "is paused") {
		t.Errorf("backfill of a paused coordinator: exit %d %s%s", code, out, errOut)
	}
	if code, out, _ = cli("coordinator", "resume", "event-counts"); code != exitOK {
		t.Fatalf("resume: %s", out)
	}
	if code, out, errOut = cli("coordinator", "backfill", "event-counts", "--from", "2026-01-01", "--to", "2026-02-01"); code == exitOK || !strings.Contains(errOut, "no nominal time") {
		t.Errorf("backfill before the start: exit %d %s%s", code, out, errOut)
	}
	if code, _, errOut = cli("coordinator", "backfill", "nope", "--from", start, "--to", end); code == exitOK || !strings.Contains(errOut, `no coordinator "nope"`) {
		t.Errorf("backfill of an unknown coordinator: %d %s", code, errOut)
	}
	if code, out, _ = cli("coordinator", "delete", "event-counts"); code != exitOK || !strings.Contains(out, "deleted") {
		t.Errorf("delete: %s", out)
	}
}
