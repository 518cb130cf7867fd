package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestImportedWordcountRunsLikeTheExample imports examples/wordcount
// written as Oozie XML, runs it with howdah run on the embedded server,
// and compares its output with the example's own run.
func TestImportedWordcountRunsLikeTheExample(t *testing.T) {
	t.Chdir("../..")
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", filepath.Join(t.TempDir(), "none.toml"))
	dir := filepath.Join(t.TempDir(), "imported")
	code, stdout, stderr := howdah(t, "", "import", "oozie", "oozie/testdata/examples/wordcount", "-o", dir)
	if code != exitOK {
		t.Fatalf("import: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// The one difference: Oozie's user retry skips a failed job.
	if !strings.Contains(stdout, "wrote "+filepath.Join(dir, "workflow.hcl")) || !strings.Contains(stderr, "retry-max=2: Oozie retries only the error codes") || !strings.Contains(stderr, "1 item not translated exactly (1 difference)") {
		t.Errorf("stdout %q stderr %q", stdout, stderr)
	}
	// The imported file is formatted.
	if code, out, errs := howdah(t, "", "fmt", "-check", dir); code != exitOK {
		t.Errorf("fmt -check: %d %s %s", code, out, errs)
	}
	outs := map[string]string{}
	for name, file := range map[string]string{"example": "examples/wordcount/workflow.hcl", "imported": filepath.Join(dir, "workflow.hcl")} {
		out := filepath.Join(t.TempDir(), name)
		code, stdout, stderr := howdah(t, "", "run", file, "-p", "output="+out)
		if code != exitOK {
			t.Fatalf("%s: exit %d\n%s\n%s", name, code, stdout, stderr)
		}
		outs[name] = readParts(t, out)
	}
	if outs["example"] == "" || outs["example"] != outs["imported"] {
		t.Errorf("outputs differ:\nexample:\n%s\nimported:\n%s", outs["example"], outs["imported"])
	}
}

// readParts concatenates a job's part files in name order.
func readParts(t *testing.T, dir string) string {
	t.Helper()
	parts, _ := filepath.Glob(filepath.Join(dir, "part-*"))
	sort.Strings(parts)
	var b strings.Builder
	for _, p := range parts {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

func TestImportOozieRefusals(t *testing.T) {
	t.Chdir("../..")
	empty := func(dir string) bool {
		entries, err := os.ReadDir(dir)
		return os.IsNotExist(err) || err == nil && len(entries) == 0
	}

	// XML that is not well formed: a located error, nothing written.
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := howdah(t, "", "import", "oozie", "oozie/testdata/examples/wordcount", "oozie/testdata/errors/not_well_formed.xml", "-o", out)
	if code != exitInvalid || !strings.Contains(stderr, "oozie/testdata/errors/not_well_formed.xml:7:") || !strings.Contains(stderr, "nothing written") || !empty(out) {
		t.Errorf("bad XML: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// An empty path is named as such.
	code, _, stderr = howdah(t, "", "import", "oozie", "")
	if code != exitInvalid || !strings.Contains(stderr, `"": error: an empty path names no application`) {
		t.Errorf("empty path: exit %d %s", code, stderr)
	}

	// --strict: every item is reported, nothing written, exit 1.
	code, stdout, stderr = howdah(t, "", "import", "oozie", "--strict", "oozie/testdata/kitchen", "oozie/testdata/child", "-o", out)
	if code != exitInvalid || !strings.Contains(stderr, "oozie/testdata/kitchen/workflow.xml:182:9: shell: pig action") || !strings.Contains(stderr, "--strict: nothing written") || !empty(out) {
		t.Errorf("--strict: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// Several files need -o.
	code, _, stderr = howdah(t, "", "import", "oozie", "oozie/testdata/examples/subworkflow", "oozie/testdata/examples/clean")
	if code != exitUsage || !strings.Contains(stderr, "give -o DIR") {
		t.Errorf("no -o: exit %d %s", code, stderr)
	}

	// One file goes to stdout.
	code, stdout, _ = howdah(t, "", "import", "oozie", "oozie/testdata/examples/decision/workflow.xml")
	if code != exitOK || !strings.HasPrefix(stdout, "# Imported from oozie/testdata/examples/decision/workflow.xml") {
		t.Errorf("stdout: exit %d %s", code, stdout)
	}

	// Existing files are kept unless --force.
	code, _, _ = howdah(t, "", "import", "oozie", "oozie/testdata/examples/subworkflow", "oozie/testdata/examples/clean", "-o", out)
	if code != exitOK {
		t.Fatalf("first import: %d", code)
	}
	os.WriteFile(filepath.Join(out, "clean.hcl"), []byte("mine"), 0o644)
	os.Remove(filepath.Join(out, "subworkflow.hcl"))
	code, _, stderr = howdah(t, "", "import", "oozie", "oozie/testdata/examples/subworkflow", "oozie/testdata/examples/clean", "-o", out)
	if data, _ := os.ReadFile(filepath.Join(out, "clean.hcl")); code != exitInvalid || string(data) != "mine" || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite: exit %d %s %q", code, stderr, data)
	}
	if _, err := os.Stat(filepath.Join(out, "subworkflow.hcl")); err == nil {
		t.Error("a refused import wrote a file")
	}
	if code, _, stderr = howdah(t, "", "import", "oozie", "--force", "oozie/testdata/examples/subworkflow", "oozie/testdata/examples/clean", "-o", out); code != exitOK {
		t.Errorf("--force: %d %s", code, stderr)
	}

	// An application that names one not imported is refused where it
	// names it, and nothing is written.
	b := filepath.Join(t.TempDir(), "b")
	code, _, stderr = howdah(t, "", "import", "oozie", "oozie/testdata/nightly", "-o", b)
	if code != exitInvalid || !strings.Contains(stderr, "bundle.xml:6:9: error: coordinator ${nameNode}/apps/ingest (hdfs://nn:8020/apps/ingest) is not among the imported applications") || !strings.Contains(stderr, "nothing written") {
		t.Errorf("missing coordinator: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(b); err == nil {
		t.Error("a refused import wrote a file")
	}

	// A file that does not validate (Oozie takes a throttle of 5000,
	// howdah at most 1,000) is written, said with the written file's
	// path, and exit 1.
	app := filepath.Join(t.TempDir(), "app")
	os.MkdirAll(app, 0o755)
	os.WriteFile(filepath.Join(app, "workflow.xml"), []byte(`<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="end"/><end name="end"/></workflow-app>`), 0o644)
	os.WriteFile(filepath.Join(app, "coordinator.xml"), []byte(`<coordinator-app xmlns="uri:oozie:coordinator:0.5" name="c" frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC">
<controls><throttle>5000</throttle></controls><action><workflow><app-path>/apps/w</app-path></workflow></action></coordinator-app>`), 0o644)
	out = filepath.Join(t.TempDir(), "c")
	code, _, stderr = howdah(t, "", "import", "oozie", app, "-o", out)
	if code != exitInvalid || !strings.Contains(stderr, filepath.Join(out, "coordinator.hcl")+":") || !strings.Contains(stderr, "do not validate") || strings.Contains(stderr, "howdah-import-") {
		t.Errorf("invalid output: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "coordinator.hcl")); err != nil {
		t.Errorf("the invalid file was not written: %v", err)
	}
}
