package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// howdah runs the CLI in-process and returns exit code, stdout and stderr.
func howdah(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestValidate(t *testing.T) {
	t.Chdir("../..")
	code, out, errOut := howdah(t, "", "validate", "examples/wordcount/workflow.hcl", "examples/forkjoin/workflow.hcl")
	if code != exitOK || !strings.Contains(out, `workflow "wordcount" is valid`) {
		t.Fatalf("code %d\n%s\n%s", code, out, errOut)
	}

	code, _, errOut = howdah(t, "", "validate", "dsl/testdata/errors/cycle.hcl")
	if code != exitInvalid {
		t.Errorf("invalid workflow: exit %d, want %d", code, exitInvalid)
	}
	for _, want := range []string{
		"dsl/testdata/errors/cycle.hcl:13:14: error: Cycle in workflow",
		" 13 |       goto = action.a",
		"    |              ^^^^^^^^",
		"a -> b -> again -> a",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestValidateJSON(t *testing.T) {
	t.Chdir("../..")
	code, out, _ := howdah(t, "", "validate", "--json", "dsl/testdata/errors/unreachable.hcl", "examples/decision/workflow.hcl")
	if code != exitInvalid {
		t.Errorf("exit %d", code)
	}
	var res []validateResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(res) != 2 || res[0].Valid || !res[1].Valid || res[1].Workflow != "decision" {
		t.Fatalf("results: %+v", res)
	}
	d := res[0].Diagnostics[0]
	if d.Summary != "Unreachable node" || d.Range == nil || d.Range.Start.Line != 7 || !strings.Contains(d.Snippet, `action "orphan"`) {
		t.Errorf("diagnostic: %+v", d)
	}
}

func TestValidateParams(t *testing.T) {
	t.Chdir("../..")
	// A required parameter may be missing for validate, not for plan.
	dir := t.TempDir()
	wf := filepath.Join(dir, "w.hcl")
	os.WriteFile(wf, []byte(`workflow "w" {
  param "day" {}
  action "a" {
    shell { argv = ["echo", param.day] }
  }
}
`), 0o644)
	if code, _, errOut := howdah(t, "", "validate", wf); code != exitOK {
		t.Errorf("validate without the param: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := howdah(t, "", "validate", "--require-params", wf); code != exitInvalid || !strings.Contains(errOut, "Missing required parameter") {
		t.Errorf("validate --require-params: exit %d\n%s", code, errOut)
	}
	if code, _, _ := howdah(t, "", "plan", wf); code != exitInvalid {
		t.Errorf("plan without the param: exit %d", code)
	}
	params := filepath.Join(dir, "p.hcl")
	os.WriteFile(params, []byte("day = \"2026-11-24\"\n"), 0o644)
	code, out, errOut := howdah(t, "", "plan", wf, "--params", params)
	if code != exitOK || !strings.Contains(out, `"2026-11-24"`) {
		t.Errorf("plan --params: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = howdah(t, "", "plan", wf, "--params", params, "-p", "day=2026-12-01")
	if code != exitOK || !strings.Contains(out, `"2026-12-01"`) {
		t.Errorf("-p must override --params: exit %d\n%s", code, out)
	}
	if code, _, errOut := howdah(t, "", "plan", wf, "-p", "nope=1", "-p", "day=x"); code != exitInvalid || !strings.Contains(errOut, "Unknown parameter") {
		t.Errorf("unknown -p: exit %d\n%s", code, errOut)
	}
}

func TestPlanMatchesGolden(t *testing.T) {
	t.Chdir("../..")
	code, out, errOut := howdah(t, "", "plan", "examples/wordcount/workflow.hcl")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	want, err := os.ReadFile("examples/wordcount/plan.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Error("howdah plan output differs from examples/wordcount/plan.golden.json")
	}
	outFile := filepath.Join(t.TempDir(), "plan.json")
	if code, _, _ := howdah(t, "", "plan", "examples/wordcount/workflow.hcl", "-o", outFile); code != exitOK {
		t.Fatal("plan -o failed")
	}
	if got, _ := os.ReadFile(outFile); !bytes.Equal(got, want) {
		t.Error("plan -o wrote something else")
	}
}

func TestGraph(t *testing.T) {
	t.Chdir("../..")
	code, out, _ := howdah(t, "", "graph", "examples/forkjoin/workflow.hcl")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		`digraph "forkjoin" {`,
		`"(start)" -> "setup";`,
		`"extract" -> "users" [style=bold];`,
		`"orders" -> "extracted" [label="ok (implied)", style=dotted];`,
		`"users" -> "fail" [label="error (implied)", style=dotted, color=red, fontcolor=red];`,
		`label="extract\nfork → extracted"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %s\n%s", want, out)
		}
	}
	code, out, _ = howdah(t, "", "graph", "--format", "mermaid", "examples/wordcount/workflow.hcl")
	if code != exitOK || !strings.HasPrefix(out, "flowchart TD\n") || !strings.Contains(out, `n1 -->|"default"| n2`) {
		t.Errorf("mermaid: exit %d\n%s", code, out)
	}
	if code, _, _ := howdah(t, "", "graph", "--format", "png", "examples/wordcount/workflow.hcl"); code != exitUsage {
		t.Errorf("bad format: exit %d, want %d", code, exitUsage)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"validate"},
		{"validate", "--nope", "x.hcl"},
		{"plan", "a.hcl", "b.hcl"},
		{"plan", "-p", "novalue", "a.hcl"},
		{"fmt", "-check", "-write", "x.hcl"},
		{"fmt", "does-not-exist.hcl"},
		{"frobnicate"},
	} {
		code, _, errOut := howdah(t, "", args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, errOut)
		}
	}
}

func TestFmtGolden(t *testing.T) {
	ins, _ := filepath.Glob("testdata/fmt/*_in.hcl")
	if len(ins) == 0 {
		t.Fatal("no fmt fixtures")
	}
	for _, in := range ins {
		want, err := os.ReadFile(strings.TrimSuffix(in, "_in.hcl") + "_out.hcl")
		if err != nil {
			t.Fatal(err)
		}
		code, out, errOut := howdah(t, "", "fmt", in)
		if code != exitOK || out != string(want) {
			t.Errorf("fmt %s: exit %d\n%s\n--- want\n%s", in, code, out+errOut, want)
		}
		// Idempotent: formatting the output changes nothing.
		code, out, _ = howdah(t, string(want), "fmt", "-")
		if code != exitOK || out != string(want) {
			t.Errorf("fmt is not idempotent on %s", in)
		}
	}
}

func TestFmtModes(t *testing.T) {
	dir := t.TempDir()
	messy := filepath.Join(dir, "messy.hcl")
	src, _ := os.ReadFile("testdata/fmt/align_in.hcl")
	os.WriteFile(messy, src, 0o644)

	code, out, _ := howdah(t, "", "fmt", "-check", dir)
	if code != exitInvalid || strings.TrimSpace(out) != messy {
		t.Errorf("-check: exit %d, out %q", code, out)
	}
	code, out, _ = howdah(t, "", "fmt", "-diff", messy)
	if code != exitOK || !strings.Contains(out, "-      argv = [\"echo\", \"1\"]") || !strings.Contains(out, "+      argv           = [\"echo\", \"1\"]") {
		t.Errorf("-diff: exit %d\n%s", code, out)
	}
	if got, _ := os.ReadFile(messy); !bytes.Equal(got, src) {
		t.Error("-diff changed the file")
	}
	if code, _, _ := howdah(t, "", "fmt", "-write", messy); code != exitOK {
		t.Errorf("-write: exit %d", code)
	}
	if code, out, _ := howdah(t, "", "fmt", "-check", messy); code != exitOK || out != "" {
		t.Errorf("-check after -write: exit %d %q", code, out)
	}

	broken := filepath.Join(dir, "broken.hcl")
	bad := []byte("workflow \"b\" {\n  action \"a\" {\n")
	os.WriteFile(broken, bad, 0o644)
	code, _, errOut := howdah(t, "", "fmt", "-write", broken)
	if code != exitInvalid || !strings.Contains(errOut, "fix the syntax errors first") {
		t.Errorf("syntax error: exit %d\n%s", code, errOut)
	}
	if got, _ := os.ReadFile(broken); !bytes.Equal(got, bad) {
		t.Error("fmt rewrote a file with syntax errors")
	}
}

// howdah with no verb is a usage mistake: help on stderr, exit 2; --help
// is a request: help on stdout, exit 0.
func TestNoCommand(t *testing.T) {
	code, out, errOut := howdah(t, "")
	if code != exitUsage || out != "" || !strings.Contains(errOut, "Available Commands") {
		t.Errorf("no verb: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, out, _ := howdah(t, "", "--help"); code != exitOK || !strings.Contains(out, "Available Commands") {
		t.Errorf("--help: exit %d", code)
	}
}

// A -p value of the wrong shape says how to write one.
func TestParamValueShowsTheSyntax(t *testing.T) {
	wf := filepath.Join(t.TempDir(), "lp.hcl")
	os.WriteFile(wf, []byte(`workflow "lp" {
  param "partitions" { type = list(string) }
  param "n" { type = number }
  action "a" {
    shell { argv = concat(["echo"], param.partitions) }
  }
}
`), 0o644)
	code, _, errOut := howdah(t, "", "validate", wf, "-p", "partitions=a,b", "-p", "n=three")
	for _, want := range []string{`-p partitions='["a","b"]'`, "e.g. -p n=3"} {
		if code != exitInvalid || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, errOut)
		}
	}
}

// Without a server, submit says how to get one; a worker waits for it.
func TestNoServerHints(t *testing.T) {
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", filepath.Join(t.TempDir(), "none.toml"))
	wf := filepath.Join(t.TempDir(), "w.hcl")
	os.WriteFile(wf, []byte("workflow \"w\" {\n  action \"a\" {\n    shell { argv = [\"true\"] }\n  }\n}\n"), 0o644)
	// A port nothing listens on, given explicitly, and the default one.
	code, _, errOut := howdah(t, "", "submit", wf, "--address", "127.0.0.1:1")
	if code == exitOK || !strings.Contains(errOut, "check --address / TEMPORAL_ADDRESS") {
		t.Errorf("explicit address: exit %d: %s", code, errOut)
	}
	if _, err := net.Dial("tcp", "127.0.0.1:7233"); err != nil {
		code, _, errOut = howdah(t, "", "submit", wf)
		if code == exitOK || !strings.Contains(errOut, "start one with `howdah dev`") {
			t.Errorf("default address: exit %d: %s", code, errOut)
		}
	}
	// A worker started before its server keeps trying and says so.
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	var out strings.Builder
	_, err := dialRetrying(ctx, connFlags{address: "127.0.0.1:1"}, &out)
	if err == nil || strings.Count(out.String(), "waiting for Temporal at 127.0.0.1:1") < 2 {
		t.Errorf("dialRetrying: %v\n%s", err, out.String())
	}
}
