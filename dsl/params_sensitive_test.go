package dsl

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/plan"
)

// A sensitive parameter's value is not quoted back in diagnostics, and no
// -p value with invalid bytes is.
func TestDiagnosticsDoNotQuoteSensitiveValues(t *testing.T) {
	src := []byte(`workflow "s" {
  param "pin" {
    type      = number
    sensitive = true
  }
  param "name" {}
  action "a" {
    shell { argv = ["true", "${param.pin}", param.name] }
  }
}`)
	res := CompileSource("s.hcl", src, Options{Params: map[string]string{"pin": "12ab-secret", "name": "ok\xffsecret2"}})
	var all []string
	for _, d := range res.Diags {
		all = append(all, d.Summary+": "+d.Detail)
	}
	msg := strings.Join(all, "\n")
	if !res.Diags.HasErrors() || strings.Contains(msg, "12ab-secret") || strings.Contains(msg, "secret2") || strings.Contains(msg, "\\xff") {
		t.Errorf("diagnostics quote the values: %s", msg)
	}
	if !strings.Contains(msg, "-p pin=[sensitive]") || !strings.Contains(msg, "offset 2") {
		t.Errorf("diagnostics do not say where: %s", msg)
	}
}

// An expression that reads a sensitive value and fails says where, not
// what: neither the detail (cty's `cannot convert "..." to number`) nor
// the variable values HCL's diagnostic writer prints show it.
func TestErrorsOfSensitiveExpressionsHideTheValue(t *testing.T) {
	const secret = "s3cr3t-T0k3n"
	for _, tc := range []struct{ name, argv string }{
		{"tonumber", `["x", tonumber(param.pw)]`},
		{"tobool", `["x", tostring(tobool(param.pw))]`},
		{"jsondecode", `["x", jsondecode(param.pw)]`},
		{"index", `["x", param.list[param.pw]]`},
		{"arithmetic", `["x", param.pw + 1]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(`workflow "s" {
  param "pw" { sensitive = true }
  param "list" {
    type    = list(string)
    default = ["a"]
  }
  action "a" {
    shell { argv = ` + tc.argv + ` }
  }
}`)
			res := CompileSource("s.hcl", src, Options{Params: map[string]string{"pw": secret}})
			if !res.Diags.HasErrors() {
				t.Fatal("no error")
			}
			var b strings.Builder
			w := hcl.NewDiagnosticTextWriter(&b, res.Files, 100, false)
			w.WriteDiagnostics(res.Diags)
			if strings.Contains(b.String(), "T0k3n") {
				t.Errorf("the diagnostics show the value:\n%s", b.String())
			}
			if !strings.Contains(b.String(), "on s.hcl line 8") {
				t.Errorf("the diagnostics do not say where:\n%s", b.String())
			}
		})
	}
}

// Values the compiler computes from a sensitive parameter are secrets too
// (plan.Workflow.Secrets), and so is what a caller computes from one for a
// sub-workflow's parameter, which becomes sensitive.
func TestDerivedValuesAreSecrets(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "child.hcl"), []byte(`workflow "child" {
  param "token" {}
  action "c" {
    shell { argv = ["x", "tok=${param.token}"] }
  }
}`), 0o644)
	src := []byte(`workflow "s" {
  param "pw" { sensitive = true }
  action "a" {
    shell { argv = ["x", upper(param.pw), "--password=${param.pw}", substr(param.pw, 2, 6)] }
  }
  action "sub" {
    sub_workflow {
      file   = "child.hcl"
      params = { token = lower(param.pw) }
    }
  }
}`)
	res := CompileSource(filepath.Join(dir, "s.hcl"), src, Options{Params: map[string]string{"pw": "s3cr3t-T0k3n"}})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	secrets := res.Plan.Secrets()
	for _, want := range []string{"s3cr3t-T0k3n", "S3CR3T-T0K3N", "--password=s3cr3t-T0k3n", "cr3t-T", "s3cr3t-t0k3n", "tok=s3cr3t-t0k3n"} {
		if !slices.Contains(secrets, want) {
			t.Errorf("Secrets lacks %q: %q", want, secrets)
		}
	}
	child := res.Plan.Node("sub").Action.SubWorkflow.Workflow
	if !child.Params[0].Sensitive {
		t.Errorf("the child's token is not sensitive: %+v", child.Params[0])
	}
	js, _ := json.Marshal(res.Plan)
	if shown := plan.NewRedactor(secrets).String(string(js)); strings.Contains(strings.ToLower(shown), "t0k3n") {
		t.Errorf("the redacted plan still shows the value: %s", shown)
	}
}

// A sensitive path outside its within is refused without quoting it, at
// compile time and in a delete that starts with it.
func TestSensitiveWithinIsNotQuoted(t *testing.T) {
	src := `workflow "w" {
  param "out" {
    within    = "/data/clicks"
    sensitive = true
  }
  action "a" {
    prepare { delete = [param.out] }
    shell { argv = ["true"] }
  }
}`
	for _, secret := range []string{"/data/s3cr3t-elsewhere", "/data/clicks", "/data/clicks/../s3cr3t"} {
		res := CompileSource("w.hcl", []byte(src), Options{Params: map[string]string{"out": secret}})
		if !res.Diags.HasErrors() {
			t.Fatalf("%s: compiled", secret)
		}
		if msg := res.Diags.Error(); strings.Contains(msg, "s3cr3t") || strings.Contains(msg, "resolves to") {
			t.Errorf("%s: the diagnostics quote the value: %s", secret, msg)
		}
	}
}
