package dsl

import (
	"testing"

	"github.com/howdah/howdah/plan"
)

// TestSparkMasterAndMode: Oozie's yarn-cluster and yarn-client become
// yarn with a mode; YARN defaults to cluster mode and a local master to
// client mode; the fields reach the plan.
func TestSparkMasterAndMode(t *testing.T) {
	for _, c := range []struct {
		attrs        string
		master, mode string
	}{
		{``, "yarn", "cluster"},
		{`master = "yarn"`, "yarn", "cluster"},
		{`master = "yarn-cluster"`, "yarn", "cluster"},
		{`master = "yarn-client"`, "yarn", "client"},
		{`master = "yarn-client"` + "\n" + `mode = "client"`, "yarn", "client"},
		{`mode = "client"`, "yarn", "client"},
		{`master = "local[*]"`, "local[*]", "client"},
		{`master = "local[2,3]"`, "local[2,3]", "client"},
		{`master = "local"`, "local", "client"},
	} {
		src := `workflow "s" {
  action "a" {
    files = ["data.txt#data"]
    spark {
      ` + c.attrs + `
      jar             = "app.jar"
      main_class      = "org.example.Main"
      args            = ["x", "y"]
      spark_opts      = ["--conf", "spark.sql.shuffle.partitions=4"]
      executor_memory = "2g"
      num_executors   = 3
    }
  }
}`
		res := CompileSource("s.hcl", []byte(src), Options{})
		if res.Diags.HasErrors() {
			t.Fatalf("%s: %s", c.attrs, res.Diags.Error())
		}
		a := res.Plan.Nodes[0].Action
		sp := a.Spark
		if sp == nil || sp.Master != c.master || sp.Mode != c.mode {
			t.Errorf("%s: %+v, want master %s mode %s", c.attrs, sp, c.master, c.mode)
			continue
		}
		if sp.Jar != "app.jar" || sp.MainClass != "org.example.Main" || len(sp.Args) != 2 || sp.ExecutorMemory != "2g" || sp.NumExecutors != 3 || len(sp.SparkOpts) != 2 {
			t.Errorf("fields: %+v", sp)
		}
		if a.Kind != plan.SparkKind || len(a.Files) != 1 {
			t.Errorf("kind %s, files %v", a.Kind, a.Files)
		}
	}
}
