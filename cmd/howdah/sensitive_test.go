package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	"google.golang.org/protobuf/proto"
)

// A sensitive parameter's value is printed by no command (plan, run,
// status, status --json, logs) and is in no failure message, activity
// summary or run summary Temporal keeps, even without encryption; the
// actions still get it.
func TestSensitiveParamsAreNeverPrinted(t *testing.T) {
	c, conn, _ := serverAndWorkerWith(t, "sensitive", activitiesWithLogs(t))
	const secret = "Hunter2-Sekrit"
	dir := t.TempDir()
	wf := filepath.Join(t.TempDir(), "login.hcl")
	os.WriteFile(wf, []byte(`workflow "login" {
  param "password" { sensitive = true }
  param "dir" {}
  action "use" {
    shell {
      argv           = ["sh", "-c", "printf '%s' \"$1\" > \"$2/got\"; echo pw=$1; echo \"stderr has $1\" >&2", "use", param.password, param.dir]
      capture_output = true
    }
  }
  action "check" {
    shell { argv = ["sh", "-c", "echo \"bad password $1\" >&2; exit 1", "check", param.password] }
  }
}
`), 0o644)
	params := []string{"-p", "password=" + secret, "-p", "dir=" + dir}
	check := func(what, out string) {
		t.Helper()
		if strings.Contains(out, secret) || strings.Contains(out, "Hunter2") {
			t.Errorf("%s prints the sensitive value:\n%s", what, out)
		}
	}
	_, out, errOut := howdah(t, "", append([]string{"plan", wf}, params...)...)
	check("plan", out+errOut)
	if !strings.Contains(out, `"sensitive": true`) && !strings.Contains(out, `"sensitive":true`) {
		t.Errorf("plan does not mark the parameter sensitive:\n%.500s", out)
	}
	code, out, errOut := howdah(t, "", append(append([]string{"submit", wf, "--id", "login-1", "--queue", "sensitive"}, params...), conn...)...)
	if code != exitOK {
		t.Fatalf("submit: %s%s", out, errOut)
	}
	check("submit", out+errOut)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.GetWorkflow(ctx, "login-1", "").Get(ctx, nil); err == nil {
		t.Fatal("the run succeeded; check should fail it")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "got")); string(b) != secret {
		t.Errorf("the action got %q, not the value", b)
	}
	for _, args := range [][]string{{"status", "login-1"}, {"status", "login-1", "--json"}, {"logs", "login-1"}, {"list"}} {
		_, out, errOut := howdah(t, "", append(args, conn...)...)
		check(strings.Join(args, " "), out+errOut)
		if args[0] == "status" && !strings.Contains(out, "[sensitive]") {
			t.Errorf("%s does not show where the value was:\n%s", strings.Join(args, " "), out)
		}
	}
	// Temporal's history: payloads hold the value (the plan input, the
	// captured output, the record in the failure's details: encrypt
	// payloads to hide them), but no failure message, activity summary or
	// run summary does.
	iter := c.GetWorkflowHistory(ctx, "login-1", "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []*failurepb.Failure{ev.GetActivityTaskFailedEventAttributes().GetFailure(), ev.GetWorkflowExecutionFailedEventAttributes().GetFailure()} {
			for ; f != nil; f = f.GetCause() {
				check("a failure message", f.GetMessage())
			}
		}
		if md := ev.GetUserMetadata(); md != nil {
			b, _ := proto.Marshal(md)
			check("a summary", string(b))
		}
	}
}

// A sensitive workflow parameter that a coordinator's params compute per
// instance is shown by plan --from/--to as [sensitive], in the table and in
// --json.
func TestCoordinatorPlanHidesSensitiveParams(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wf.hcl"), []byte(`workflow "w" {
  param "token" { sensitive = true }
  param "day" {}
  action "a" {
    shell { argv = ["true", param.token, param.day] }
  }
}`), 0o644)
	os.WriteFile(filepath.Join(dir, "co.hcl"), []byte(`coordinator "c" {
  workflow  = "wf.hcl"
  start     = "2026-01-01T00:00:00Z"
  frequency = hours(1)
  params = {
    token = "tok-${format_time(coord.nominal_time, "HHmm")}-Zq9x"
    day   = format_time(coord.nominal_time, "yyyy-MM-dd")
  }
}`), 0o644)
	for _, extra := range [][]string{nil, {"--json"}} {
		args := append([]string{"plan", filepath.Join(dir, "co.hcl"), "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-01T03:00:00Z"}, extra...)
		code, out, errOut := howdah(t, "", args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		if strings.Contains(out+errOut, "Zq9x") || !strings.Contains(out, "[sensitive]") || !strings.Contains(out, "2026-01-01") {
			t.Errorf("%v shows the sensitive parameter, or not where it is:\n%s%s", extra, out, errOut)
		}
	}
}
