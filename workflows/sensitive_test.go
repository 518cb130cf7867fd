package workflows_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/workflows"
)

// Values computed at run time from a sensitive parameter are secrets of
// the attempt that uses them (the worker redacts them from its logs and
// errors), a fan-out over a secret list makes each item one, and a kill
// message computed from one does not show it.
func TestRunTimeDerivedValuesAreSecrets(t *testing.T) {
	const secret = "s3cr3t-T0k3n"
	var mu sync.Mutex
	got := map[string][]string{}
	f := &fakes{}
	f.shell = func(in contract.ActionInput) (contract.ActionResult, error) {
		mu.Lock()
		defer mu.Unlock()
		got[in.Node+"/"+strings.Join(in.Action.Shell.Argv, " ")] = in.Secrets
		return contract.ActionResult{}, nil
	}
	env := f.env(t)
	res := dsl.CompileSource("unit.hcl", []byte(`workflow "d" {
  param "pw" { sensitive = true }
  param "keys" {
    type      = list(string)
    sensitive = true
  }
  action "a" {
    shell { argv = ["x", "${upper(param.pw)}@${wf.id}"] }
    ok = action.each
  }
  action "each" {
    for_each = [for k in param.keys : "${k}@${wf.id}"]
    shell { argv = ["y", each.value] }
    ok = kill.stop
  }
  kill "stop" {
    message = "stopped: ${lower(param.pw)}@${wf.id}"
  }
}`), dsl.Options{Params: map[string]string{"pw": secret, "keys": `["k-AAAA1111", "k-BBBB2222"]`}})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	env.ExecuteWorkflow(workflows.Execute, workflows.Input{TaskQueue: "q", Plan: res.Plan})
	err := env.GetWorkflowError()
	if err == nil {
		t.Fatal("the run was not killed")
	}
	if msg := err.Error(); strings.Contains(strings.ToLower(msg), "t0k3n") || !strings.Contains(msg, "[sensitive]") {
		t.Errorf("the kill message shows the value, or not where it was: %s", msg)
	}
	if st := result(t, env); strings.Contains(strings.ToLower(st.Message), "t0k3n") {
		t.Errorf("the run's state shows the value: %s", st.Message)
	}
	id := "default-test-workflow-id"
	for key, want := range map[string]string{
		"a/x S3CR3T-T0K3N@" + id:  "S3CR3T-T0K3N@" + id,
		"each/y k-AAAA1111@" + id: "k-AAAA1111@" + id,
		"each/y k-BBBB2222@" + id: "k-BBBB2222@" + id,
	} {
		if s, ok := got[key]; !ok {
			t.Errorf("no attempt ran %q (ran: %q)", key, got)
		} else if !slices.Contains(s, want) || !slices.Contains(s, secret) {
			t.Errorf("%s: the attempt's secrets %q lack %q", key, s, want)
		}
	}
}
