package oozie

import (
	"archive/zip"
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/howdah/howdah/dsl"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// copyApps copies testdata application directories into a new directory,
// where a test may add lib/ jars.
func copyApps(t *testing.T, apps ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, a := range apps {
		src := filepath.Join("testdata", a)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			dst := filepath.Join(dir, a, rel)
			if d.IsDir() {
				if rel == "golden" {
					return filepath.SkipDir
				}
				return os.MkdirAll(dst, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeJar writes a jar holding empty entries for the classes.
func writeJar(t *testing.T, file string, classes ...string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(file), 0o755)
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, c := range classes {
		z.Create(strings.ReplaceAll(c, ".", "/") + ".class")
	}
	z.Close()
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkGolden compares got with testdata/NAME (rewritten with -update).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// writeAndValidate writes an import's files into a directory and checks
// each is fmt-clean and valid for howdah.
func writeAndValidate(t *testing.T, res *Result, skip ...string) string {
	t.Helper()
	out := t.TempDir()
	for _, f := range res.Files {
		if !bytes.Equal(hclwrite.Format(f.Data), f.Data) {
			t.Errorf("%s is not fmt-clean", f.Path)
		}
		if err := os.WriteFile(filepath.Join(out, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range res.Files {
		p := filepath.Join(out, f.Path)
		if slices.Contains(skip, f.Path) {
			continue
		}
		if f.Kind == "workflow" {
			if r := dsl.CompileFile(p, dsl.Options{AllowMissingParams: true}); r.Diags.HasErrors() {
				t.Errorf("%s does not validate: %s\n%s", f.Path, r.Diags.Error(), f.Data)
			}
		} else if r := dsl.CompileCoordinatorFile(p, dsl.Options{AllowMissingParams: true}); r.Diags.HasErrors() {
			t.Errorf("%s does not validate: %s\n%s", f.Path, r.Diags.Error(), f.Data)
		}
	}
	return out
}

// TestKitchenSink imports a workflow with every construct the importer
// reads (testdata/kitchen) and its sub-workflow: the HCL and the report
// are golden files, the HCL validates and is formatted.
func TestKitchenSink(t *testing.T) {
	dir := copyApps(t, "kitchen", "child")
	writeJar(t, filepath.Join(dir, "kitchen", "lib", "a-deps.jar"), "com.example.Util")
	writeJar(t, filepath.Join(dir, "kitchen", "lib", "b-main.jar"), "com.example.Main")
	res, err := Import([]string{filepath.Join(dir, "kitchen"), filepath.Join(dir, "child")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	writeAndValidate(t, res)
	for _, f := range res.Files {
		checkGolden(t, "kitchen/golden/"+f.Path, []byte(strings.ReplaceAll(string(f.Data), dir, "TMP")))
	}
	var report strings.Builder
	for _, it := range res.Report.Items {
		report.WriteString(it.String() + "\n")
	}
	report.WriteString(res.Report.Summary() + "\n")
	checkGolden(t, "kitchen/golden/report.txt", []byte(strings.ReplaceAll(report.String(), dir, "TMP")))
}

// TestErrors imports each testdata/errors file: the import fails, with an
// error on each line marked <!-- ERROR: text --> holding that text, and on
// no other line.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "errors", "*.xml"))
	if len(files) < 10 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, _ := os.ReadFile(file)
			want := map[int][]string{}
			for i, line := range strings.Split(string(data), "\n") {
				for _, part := range strings.Split(line, "<!-- ERROR: ")[1:] {
					want[i+1] = append(want[i+1], strings.TrimSpace(strings.Split(part, "-->")[0]))
				}
			}
			res, err := Import([]string{file}, Options{})
			if err == nil {
				t.Fatalf("no error; imported:\n%s", res.Files[0].Data)
			}
			errs, ok := err.(Errors)
			if !ok {
				t.Fatalf("%T %v", err, err)
			}
			got := map[int][]string{}
			for _, e := range errs {
				if e.File != file || e.Col < 1 {
					t.Errorf("error not located in %s: %v", file, e)
				}
				got[e.Line] = append(got[e.Line], e.Msg)
			}
			for line, texts := range want {
				for _, text := range texts {
					found := false
					for _, m := range got[line] {
						found = found || strings.Contains(m, text)
					}
					if !found {
						t.Errorf("line %d: no error containing %q (got %q)", line, text, got[line])
					}
				}
			}
			for line, msgs := range got {
				if want[line] == nil {
					t.Errorf("unexpected error at line %d: %q", line, msgs)
				}
			}
		})
	}
}

// TestCoordinatorsAndBundles imports two applications with workflows and
// coordinators and a bundle of them.
func TestCoordinatorsAndBundles(t *testing.T) {
	res, err := Import([]string{"testdata/ingest", "testdata/report", "testdata/nightly"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	writeAndValidate(t, res)
	var report strings.Builder
	for _, f := range res.Files {
		checkGolden(t, "golden/pipeline/"+f.Path, f.Data)
	}
	for _, it := range res.Report.Items {
		report.WriteString(it.String() + "\n")
	}
	checkGolden(t, "golden/pipeline/report.txt", []byte(report.String()))
}

// TestSchemaVersions imports a workflow of every schema version, and a
// coordinator and bundle of each of theirs.
func TestSchemaVersions(t *testing.T) {
	for root, versions := range schemas {
		for _, v := range versions {
			dir := t.TempDir()
			var body string
			switch root {
			case "workflow-app":
				body = `<workflow-app xmlns="uri:oozie:workflow:` + v + `" name="w"><start to="a"/>
<action name="a"><fs><mkdir path="/tmp/x"/></fs><ok to="end"/><error to="k"/></action>
<kill name="k"><message>m</message></kill><end name="end"/></workflow-app>`
			case "coordinator-app":
				body = `<coordinator-app xmlns="uri:oozie:coordinator:` + v + `" name="c" frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC">
<action><workflow><app-path>/apps/w</app-path></workflow></action></coordinator-app>`
			case "bundle-app":
				body = `<bundle-app xmlns="uri:oozie:bundle:` + v + `" name="b"><coordinator name="c"><app-path>/apps/c</app-path></coordinator></bundle-app>`
			}
			// What a coordinator or bundle starts: a workflow and a
			// coordinator of the newest schemas, in directories w/ and c/.
			os.MkdirAll(filepath.Join(dir, "w"), 0o755)
			os.MkdirAll(filepath.Join(dir, "c"), 0o755)
			os.WriteFile(filepath.Join(dir, "w", "workflow.xml"), []byte(`<workflow-app xmlns="uri:oozie:workflow:1.0" name="w"><start to="end"/><end name="end"/></workflow-app>`), 0o644)
			os.WriteFile(filepath.Join(dir, "c", "coordinator.xml"), []byte(`<coordinator-app xmlns="uri:oozie:coordinator:0.5" name="c" frequency="60" start="2026-01-01T00:00Z" end="2026-01-02T00:00Z" timezone="UTC">
<action><workflow><app-path>/apps/w</app-path></workflow></action></coordinator-app>`), 0o644)
			file := filepath.Join(dir, "app.xml")
			os.WriteFile(file, []byte(body), 0o644)
			paths := []string{file}
			switch root {
			case "coordinator-app":
				paths = append(paths, filepath.Join(dir, "w"))
			case "bundle-app":
				paths = append(paths, filepath.Join(dir, "w"), filepath.Join(dir, "c"))
			}
			res, err := Import(paths, Options{})
			if err != nil {
				t.Errorf("%s %s: %v", root, v, err)
				continue
			}
			writeAndValidate(t, res)
		}
	}
}

// FuzzImport feeds the importer arbitrary XML and job.properties: it must
// not panic or take seconds, and whatever it writes must be HCL that
// parses (Import checks each file and fails with an internal error
// otherwise) and is formatted.
func FuzzImport(f *testing.F) {
	for _, glob := range []string{"testdata/errors/*.xml", "testdata/examples/*/*.xml", "testdata/kitchen/workflow.xml", "testdata/ingest/*.xml", "testdata/nightly/*.xml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, _ := os.ReadFile(file)
			props, _ := os.ReadFile(filepath.Join(filepath.Dir(file), "job.properties"))
			f.Add(data, props)
		}
	}
	f.Add([]byte(`<workflow-app xmlns="uri:oozie:workflow:0.5" name="${n}"><start to="k"/><kill name="k"><message>${x}</message></kill><end name="end"/></workflow-app>`), []byte(`x=\\${b}\nn=${x}`))
	f.Fuzz(func(t *testing.T, data, props []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "app.xml")
		os.WriteFile(file, data, 0o644)
		os.WriteFile(filepath.Join(dir, "job.properties"), props, 0o644)
		var res *Result
		var err error
		done := make(chan bool)
		go func() { res, err = Import([]string{file}, Options{}); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("import takes over 5s: %q", data)
		}
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatal(err)
			}
			return
		}
		for _, f := range res.Files {
			if !bytes.Equal(hclwrite.Format(f.Data), f.Data) {
				t.Fatalf("not formatted:\n%s", f.Data)
			}
		}
	})
}

// importXML imports one application made of the given files.
func importXML(t *testing.T, files map[string]string) *Result {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "app")
	os.MkdirAll(dir, 0o755)
	for name, data := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
	}
	res, err := Import([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func reportHas(t *testing.T, res *Result, want ...string) {
	t.Helper()
	var all []string
	for _, it := range res.Report.Items {
		all = append(all, it.String())
	}
	text := strings.Join(all, "\n")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("report lacks %q:\n%s", w, text)
		}
	}
}

// What real Oozie applications (Oozie's own examples) do that howdah
// cannot take as is gets a report line at the XML that does it.
func TestReportedDifferences(t *testing.T) {
	res := importXML(t, map[string]string{
		"job.properties": "user.name=etl\n",
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="agg">
  <start to="mr"/>
  <action name="mr">
    <map-reduce>
      <prepare><delete path="${outputData}"/></prepare>
      <configuration><property><name>mapred.mapper.class</name><value>M</value></property></configuration>
    </map-reduce>
    <ok to="end"/><error to="end"/>
  </action>
  <end name="end"/>
</workflow-app>`,
		"coordinator.xml": `<coordinator-app name="c" frequency="${coord:hours(1)}" start="2026-01-01T01:00Z" timezone="UTC" xmlns="uri:oozie:coordinator:0.5">
  <datasets>
    <dataset name="out" frequency="${coord:hours(1)}" initial-instance="2026-01-01T00:00Z" timezone="UTC">
      <uri-template>/user/${coord:user()}/out/${YEAR}${MONTH}${DAY}${HOUR}</uri-template>
    </dataset>
  </datasets>
  <output-events><data-out name="output" dataset="out"><instance>${coord:current(0)}</instance></data-out></output-events>
  <action><workflow><app-path>/apps/agg</app-path>
    <configuration>
      <property><name>outputData</name><value>${coord:dataOut('output')}</value></property>
      <property><name>inputData</name><value>${coord:dataIn('input')}</value></property>
    </configuration>
  </workflow></action>
</coordinator-app>`,
	})
	reportHas(t, res,
		`workflow.xml:5:16: difference: delete ${outputData}: a coordinator passes ${outputData} from a dataset whose instances lie below /user/etl/out/, so parameter "outputData" declares within = "/user/etl/out/"`,
	)
	for _, f := range res.Files {
		if f.Kind == "coordinator" && !strings.Contains(string(f.Data), `"/user/etl/out/{YEAR}{MONTH}{DAY}{HOUR}"`) {
			t.Errorf("coord:user() is not user.name:\n%s", f.Data)
		}
	}
	// inputData is not a workflow parameter: the coordinator does not pass it.
	for _, f := range res.Files {
		if f.Kind == "coordinator" && strings.Contains(string(f.Data), "inputData") {
			t.Errorf("passes a parameter the workflow lacks:\n%s", f.Data)
		}
	}
	res = importXML(t, map[string]string{
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="a"/>
<action name="a"><shell xmlns="uri:oozie:shell-action:0.3"><exec>echo</exec><argument>${in}</argument></shell><ok to="end"/><error to="end"/></action>
<end name="end"/></workflow-app>`,
		"coordinator.xml": `<coordinator-app name="c" frequency="60" start="2026-01-01T01:00Z" timezone="UTC" xmlns="uri:oozie:coordinator:0.5">
  <action><workflow><app-path>/apps/w</app-path>
    <configuration><property><name>in</name><value>${coord:dataIn('either')}</value></property></configuration>
  </workflow></action>
</coordinator-app>`,
	})
	reportHas(t, res, `coordinator.xml:3:20: expression: coord:dataIn('either') names no imported input event (an input-logic name?): kept as text`)
}

// A property whose value holds an escaped ${ keeps it as text (this
// panicked once: the default was taken for a <parameters> one).
func TestEscapedPropertyValue(t *testing.T) {
	res := importXML(t, map[string]string{
		"job.properties": `x=\\${b}` + "\n",
		"workflow.xml":   `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="k"/><kill name="k"><message>${x}</message></kill><end name="end"/></workflow-app>`,
	})
	if !strings.Contains(string(res.Files[0].Data), `param "x" { default = "$${b}" }`) {
		t.Errorf("%s", res.Files[0].Data)
	}
}

// HCL reads strings in Unicode normal form C: a decomposed name (as macOS
// writes them) would change, and the import says so where it stands.
func TestNotNFCIsReported(t *testing.T) {
	res := importXML(t, map[string]string{
		"job.properties": "dir=/data/Cafe\u0301\n",
		"workflow.xml": `<workflow-app xmlns="uri:oozie:workflow:0.5" name="w"><start to="a"/>
<action name="a"><fs><mkdir path="${dir}/Cafe` + "\u0301" + `"/></fs><ok to="end"/><error to="end"/></action>
<end name="end"/></workflow-app>`,
	})
	reportHas(t, res,
		`job.properties:1: difference: "/data/Cafe\u0301" is not in Unicode normal form C: HCL reads every string as NFC ("/data/Caf\u00e9")`,
		`workflow.xml:2:22: difference: "${dir}/Cafe\u0301" is not in Unicode normal form C`)
}
