package dsl

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// generateWorkflow writes a workflow of n actions in the shape real
// pipelines have: parameters, defaults, a chain of streaming and shell
// steps that read earlier outputs, a decision every 25 actions and a
// fork/join every 50.
func generateWorkflow(n int) []byte {
	var b strings.Builder
	b.WriteString(`workflow "generated" {
  param "base" { default = "/data/generated" }
  param "reducers" {
    type    = number
    default = 4
  }
  defaults {
    retry {
      attempts = 3
      interval = "10s"
    }
    configuration = { "mapreduce.job.queuename" = "etl" }
  }
`)
	for i := 0; i < n; i++ {
		switch {
		case i%50 == 10 && i+3 < n:
			fmt.Fprintf(&b, `
  fork "f%d" {
    branches = [action.a%d, action.a%d]
  }
`, i, i, i+1)
			writeStep(&b, i, fmt.Sprintf("join.j%d", i))
			writeStep(&b, i+1, "")
			fmt.Fprintf(&b, "\n  join \"j%d\" {}\n", i)
			i++
		case i%25 == 6:
			probe := i - 1 // the nearest shell step, which captures output
			if probe%2 == 0 {
				probe--
			}
			fmt.Fprintf(&b, `
  decision "d%d" {
    case {
      when = action.a%d.output.rows == "0"
      goto = end
    }
    default = action.a%d
  }
`, i, probe, i)
			writeStep(&b, i, "")
		default:
			writeStep(&b, i, "")
		}
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func writeStep(b *strings.Builder, i int, ok string) {
	okLine := ""
	if ok != "" {
		okLine = "\n    ok = " + ok
	}
	if i%2 == 0 {
		fmt.Fprintf(b, `
  action "a%d" {
    prepare { delete = ["${param.base}/a%d"] }
    streaming {
      input    = ["${param.base}/in/%d"]
      output   = "${param.base}/a%d"
      mapper   = ["cut", "-f", "1"]
      reducer  = ["uniq", "-c"]
      reducers = param.reducers
    }
    configuration = { "mapreduce.job.name" = "a%d-${wf.id}" }%s
  }
`, i, i, i, i, i, okLine)
		return
	}
	fmt.Fprintf(b, `
  action "a%d" {
    shell {
      argv           = ["wc", "-l", "${param.base}/a%d/part-00000"]
      capture_output = true
    }
    timeout = "5m"%s
  }
`, i, i-1, okLine)
}

func TestGeneratedWorkflowsCompile(t *testing.T) {
	for _, n := range []int{10, 100, 1000} {
		src := generateWorkflow(n)
		res := CompileSource("generated.hcl", src, Options{})
		if res.Diags.HasErrors() {
			t.Fatalf("n=%d: %s", n, res.Diags.Error())
		}
		actions := 0
		for _, nd := range res.Plan.Nodes {
			if nd.Action != nil {
				actions++
			}
		}
		if actions != n {
			t.Errorf("n=%d: plan has %d actions", n, actions)
		}
	}
}

// generateChain writes the smallest useful workflow of n actions: a chain
// of one-line shell steps (about 60 bytes an action).
func generateChain(n int) []byte {
	var b strings.Builder
	b.WriteString("workflow \"chain\" {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  action \"a%d\" {\n    shell { argv = [\"echo\", \"%d\"] }\n  }\n", i, i)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// BenchmarkCompile compiles generated workflows of 100, 1,000 and 10,000
// actions in two shapes: "chain" (minimal one-line actions) and "pipeline"
// (generateWorkflow: ten-line actions with prepare, configuration, outputs,
// decisions and fork/join). Each iteration also times a bare
// hclsyntax.ParseConfig of the same bytes, so the compile/parse ratio is
// measured in the same run: parse-ms, compile-ms and x-parse are reported.
// B/op and allocs/op cover parse and compile together; compile-MB is the
// compilation's own allocation (it includes its own parse).
func BenchmarkCompile(b *testing.B) {
	shapes := []struct {
		name string
		gen  func(int) []byte
	}{{"chain", generateChain}, {"pipeline", generateWorkflow}}
	for _, shape := range shapes {
		for _, n := range []int{100, 1000, 10000} {
			benchmarkCompile(b, shape.name, shape.gen(n), n)
		}
	}
}

func benchmarkCompile(b *testing.B, shape string, src []byte, n int) {
	{
		b.Run(fmt.Sprintf("shape=%s/actions=%d", shape, n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			var parse, compile time.Duration
			var ms runtime.MemStats
			var compileBytes uint64
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if _, diags := hclsyntax.ParseConfig(src, "generated.hcl", hcl.InitialPos); diags.HasErrors() {
					b.Fatal(diags)
				}
				runtime.ReadMemStats(&ms)
				before := ms.TotalAlloc
				t1 := time.Now()
				res := CompileSource("generated.hcl", src, Options{})
				t2 := time.Now()
				runtime.ReadMemStats(&ms)
				compileBytes += ms.TotalAlloc - before
				if res.Plan == nil {
					b.Fatal(res.Diags)
				}
				parse += t1.Sub(t0)
				compile += t2.Sub(t1)
			}
			b.ReportMetric(float64(compileBytes)/1e6/float64(b.N), "compile-MB")
			b.ReportMetric(float64(parse.Microseconds())/1000/float64(b.N), "parse-ms")
			b.ReportMetric(float64(compile.Microseconds())/1000/float64(b.N), "compile-ms")
			b.ReportMetric(float64(compile)/float64(parse), "x-parse")
		})
	}
}
