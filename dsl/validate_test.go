package dsl

import (
	"strings"
	"testing"
)

// In validate mode (AllowMissingParams) a setting that must be known at
// compile time may read a required parameter nobody gave: it is known
// when the run is planned. Run-time values stay refused.
func TestValidateModeStaticSettings(t *testing.T) {
	src := `workflow "w" {
  param "user" {}
  action "a" {
    map_reduce {
      jar        = "x.jar"
      main_class = "X"
    }
    files = ["/user/${param.user}/lib/x.jar"]
  }
}
`
	if r := CompileSource("w.hcl", []byte(src), Options{AllowMissingParams: true}); r.Diags.HasErrors() {
		t.Errorf("validate mode: %s", r.Diags.Error())
	}
	r := CompileSource("w.hcl", []byte(src), Options{Params: map[string]string{"user": "ann"}})
	if r.Diags.HasErrors() {
		t.Fatalf("with the parameter: %s", r.Diags.Error())
	}
	if got := r.Plan.Node("a").Action.Files; len(got) != 1 || got[0] != "/user/ann/lib/x.jar" {
		t.Errorf("files %q", got)
	}
	runtime := strings.Replace(src, "param.user", "wf.id", 1)
	if r := CompileSource("w.hcl", []byte(runtime), Options{AllowMissingParams: true}); !strings.Contains(r.Diags.Error(), "Value must be known at compile time") {
		t.Errorf("wf.id in files: %v", r.Diags)
	}
}
