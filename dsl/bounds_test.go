package dsl

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func hasSummary(res *Result, summary string) bool {
	for _, d := range res.Diags {
		if d.Summary == summary {
			return true
		}
	}
	return false
}

// Hostile inputs end in one located error, not a crash, a hang or an
// avalanche of diagnostics.
func TestDeepNestingIsALocatedError(t *testing.T) {
	const n = 100_000
	cases := map[string]string{
		"parens":      strings.Repeat("(", n) + "1" + strings.Repeat(")", n),
		"brackets":    strings.Repeat("[", n) + strings.Repeat("]", n),
		"bangs":       strings.Repeat("!", n) + "true",
		"minus":       strings.Repeat("-", n) + "1",
		"conditional": strings.Repeat("true ? 1 : ", n) + "2",
		"interp":      strings.Repeat(`"${`, n) + "1" + strings.Repeat(`}"`, n),
	}
	for name, e := range cases {
		t.Run(name, func(t *testing.T) {
			src := "workflow \"w\" {\n  param \"p\" {\n    default = " + e + "\n  }\n}\n"
			res := CompileSource("deep.hcl", []byte(src), Options{})
			if !hasSummary(res, "Nesting too deep") {
				t.Fatalf("no nesting error: %v", res.Diags)
			}
			if d := res.Diags[0]; d.Subject == nil || d.Subject.Start.Line != 3 {
				t.Errorf("error not located on line 3: %v", d.Subject)
			}
		})
	}
	// Ordinary nesting is fine.
	ok := "workflow \"w\" {\n  param \"p\" {\n    default = " + strings.Repeat("(", 40) + "1" + strings.Repeat(")", 40) + "\n  }\n  action \"a\" {\n    shell { argv = [\"true\"] }\n  }\n}\n"
	if res := CompileSource("ok.hcl", []byte(ok), Options{}); res.Diags.HasErrors() {
		t.Errorf("40 levels refused: %v", res.Diags)
	}
}

func TestBinaryFileIsOneError(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 150<<10)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	res := CompileSource("bin.hcl", b, Options{})
	if len(res.Diags) != 1 || res.Diags[0].Summary != "Not a text file" {
		t.Fatalf("%d diagnostics, first %v", len(res.Diags), res.Diags[0])
	}
}

func TestDiagnosticsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("workflow \"w\" {\n")
	for i := range 500 {
		fmt.Fprintf(&b, "  action \"a%d\" {\n    shell { argv = [param.missing%d] }\n  }\n", i, i)
	}
	b.WriteString("}\n")
	res := CompileSource("many.hcl", []byte(b.String()), Options{})
	if len(res.Diags) != MaxDiagnostics+1 || res.Diags[MaxDiagnostics].Summary != "Too many errors" {
		t.Fatalf("%d diagnostics, last %v", len(res.Diags), res.Diags[len(res.Diags)-1])
	}
	if !strings.Contains(res.Diags[MaxDiagnostics].Detail, "450 more") {
		t.Errorf("count of the rest: %s", res.Diags[MaxDiagnostics].Detail)
	}
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func callSub(file string) string {
	return fmt.Sprintf("workflow \"w\" {\n  action \"s\" {\n    sub_workflow { file = %q }\n  }\n}\n", file)
}

func TestSubWorkflowFilesAreBounded(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "app", "main.hcl")
	for _, c := range []struct{ file, summary, notIn string }{
		{"/etc/passwd", "Cannot read sub-workflow", "root:"},
		{"../../../../../../etc/passwd", "Cannot read sub-workflow", "root:"},
		{"/dev/zero", "Cannot read sub-workflow", ""},
	} {
		writeFile(t, main, callSub(c.file))
		res := CompileFile(main, Options{})
		if !hasSummary(res, c.summary) {
			t.Errorf("%s: %v", c.file, res.Diags)
		}
		if c.notIn != "" && strings.Contains(res.Diags.Error(), c.notIn) {
			t.Errorf("%s: diagnostics quote the file: %v", c.file, res.Diags)
		}
		if _, ok := res.Files["/etc/passwd"]; ok {
			t.Errorf("%s: /etc/passwd was parsed", c.file)
		}
	}
	// Allowed outside the tree, a device is still refused, not read forever.
	writeFile(t, main, callSub("/dev/zero"))
	res := CompileFile(main, Options{AllowFilesOutside: true})
	if !strings.Contains(res.Diags.Error(), "not a regular file") {
		t.Errorf("/dev/zero allowed: %v", res.Diags)
	}
	// A file inside the tree, through a symbolic link leaving it, is outside.
	writeFile(t, filepath.Join(dir, "elsewhere", "x.hcl"), "workflow \"x\" {\n  action \"a\" {\n    shell { argv = [\"true\"] }\n  }\n}\n")
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "app", "link")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, main, callSub("link/x.hcl"))
	if res := CompileFile(main, Options{}); !strings.Contains(res.Diags.Error(), "outside") {
		t.Errorf("symlink out of the tree: %v", res.Diags)
	}
	if res := CompileFile(main, Options{AllowFilesOutside: true}); res.Diags.HasErrors() {
		t.Errorf("allowed: %v", res.Diags)
	}
}

// 31 files each calling the next twice would expand to 2^31 copies.
func TestExponentialSubWorkflowsAreBounded(t *testing.T) {
	dir := t.TempDir()
	for i := range 31 {
		src := fmt.Sprintf("workflow \"w%d\" {\n  action \"a\" {\n    shell { argv = [\"true\"] }\n  }\n}\n", i)
		if i < 30 {
			src = fmt.Sprintf("workflow \"w%d\" {\n  action \"a\" {\n    sub_workflow { file = \"w%d.hcl\" }\n  }\n  action \"b\" {\n    sub_workflow { file = \"w%d.hcl\" }\n  }\n}\n", i, i+1, i+1)
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("w%d.hcl", i)), src)
	}
	res := CompileFile(filepath.Join(dir, "w0.hcl"), Options{})
	if !hasSummary(res, "Plan too large") || res.Plan != nil {
		t.Fatalf("no plan-size error: %d diagnostics", len(res.Diags))
	}
}

// The fast path of the nesting check takes ordinary workflows (the
// examples), so only unusual files pay for lexing twice.
func TestShallowFastPathTakesTheExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*/*.hcl")
	if len(files) < 7 {
		t.Fatalf("found %d example files", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !shallow(src) && !strings.Contains(string(src), "<<") {
			t.Errorf("%s: fast path not taken", f)
		}
	}
}

// A parameter value that is not UTF-8 would reach the plan as U+FFFD, a
// different path from the one given: refused.
func TestNonUTF8ParameterIsRefused(t *testing.T) {
	src := "workflow \"w\" {\n  param \"d\" {}\n  action \"a\" {\n    fs {\n      delete { path = \"/srv/data/${param.d}\" }\n    }\n  }\n}\n"
	res := CompileSource("p.hcl", []byte(src), Options{Params: map[string]string{"d": "\xff\xfe"}})
	if !hasSummary(res, "Invalid parameter value") || res.Plan != nil {
		t.Fatalf("%v", res.Diags)
	}
}
