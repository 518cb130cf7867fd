package dsl

import (
	"strings"
	"testing"
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
