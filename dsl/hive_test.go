package dsl

import (
	"testing"

	"github.com/howdah/howdah/plan"
)

// TestHiveFields: a hive action's fields reach the plan, params in name
// order with run-time ones bound, the configuration beside them, and the
// password from a sensitive parameter.
func TestHiveFields(t *testing.T) {
	src := `workflow "h" {
  param "pw" { sensitive = true }
  param "day" {}
  action "a" {
    configuration = { "hive.exec.dynamic.partition" = "true" }
    hive {
      jdbc_url  = "jdbc:hive2://hs2:10000/sales"
      principal = "hive/_HOST@EXAMPLE.COM"
      script    = "load.hql"
      params    = { day = param.day, run = wf.id, cluster = "eu" }
      user      = "etl"
      password  = param.pw
      args      = ["--verbose=true"]
    }
  }
}`
	res := CompileSource("h.hcl", []byte(src), Options{Params: map[string]string{"pw": "s3cret", "day": "2026-12-01"}})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	a := res.Plan.Nodes[0].Action
	h := a.Hive
	if a.Kind != plan.HiveKind || h == nil {
		t.Fatalf("%+v", a)
	}
	if h.JDBCURL != "jdbc:hive2://hs2:10000/sales" || h.Principal != "hive/_HOST@EXAMPLE.COM" || h.Script != "load.hql" || h.User != "etl" || h.Password != "s3cret" || len(h.Args) != 1 {
		t.Errorf("fields: %+v", h)
	}
	var names []string
	for _, p := range h.Params {
		names = append(names, p.Name+"="+p.Value)
	}
	if len(names) != 3 || names[0] != "cluster=eu" || names[1] != "day=2026-12-01" || names[2] != "run=" {
		t.Errorf("params %v", names)
	}
	bound := false
	for _, b := range a.Bindings {
		bound = bound || b.Field == "/hive/params/run"
	}
	if !bound {
		t.Errorf("wf.id param not bound at run time: %+v", a.Bindings)
	}
	if len(a.Configuration) != 1 || a.Configuration[0].Name != "hive.exec.dynamic.partition" {
		t.Errorf("configuration %+v", a.Configuration)
	}
}

// TestShellHadoopClient: hadoop_client reaches the plan.
func TestShellHadoopClient(t *testing.T) {
	src := `workflow "p" {
  action "pig" {
    shell {
      argv          = ["pig", "-f", "x.pig"]
      hadoop_client = true
    }
  }
}`
	res := CompileSource("p.hcl", []byte(src), Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	if sh := res.Plan.Nodes[0].Action.Shell; sh == nil || !sh.HadoopClient {
		t.Errorf("%+v", sh)
	}
}
