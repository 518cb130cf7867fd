package dsl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// job_xml files merge as Oozie's <job-xml>: defaults' file, defaults'
// configuration, the action's file, the action's configuration; later
// wins.
func TestJobXML(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "global.xml"), []byte(`<configuration>
  <property><name>a</name><value>global-xml</value></property>
  <property><name>b</name><value>global-xml</value></property>
  <property><name>c</name><value>global-xml</value></property>
  <property><name>user.dir</name><value>${user.name}/x</value></property>
</configuration>`), 0o644)
	os.WriteFile(filepath.Join(dir, "job.xml"), []byte(`<configuration>
  <property><name>b</name><value>action-xml</value></property>
  <property><name>c</name><value>action-xml</value></property>
</configuration>`), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.xml"), []byte(`<configuration><property>`), 0o644)
	// Hostile: nested a hundred thousand deep; refused, not a crash.
	os.WriteFile(filepath.Join(dir, "deep.xml"), []byte(strings.Repeat("<a>", 100000)+strings.Repeat("</a>", 100000)), 0o644)
	os.WriteFile(filepath.Join(dir, "outside.xml"), []byte(`<configuration/>`), 0o644)
	dir = filepath.Join(dir, "app")
	os.Mkdir(dir, 0o755)
	for _, f := range []string{"global.xml", "job.xml", "bad.xml", "deep.xml"} {
		os.Rename(filepath.Join(filepath.Dir(dir), f), filepath.Join(dir, f))
	}
	wf := filepath.Join(dir, "w.hcl")
	os.WriteFile(wf, []byte(`workflow "w" {
  defaults {
    job_xml       = ["global.xml"]
    configuration = { "a" = "global-conf" }
  }
  action "a" {
    job_xml       = ["job.xml"]
    configuration = { "c" = "action-conf" }
    shell { argv = ["true"] }
  }
}`), 0o644)
	res := CompileFile(wf, Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Error())
	}
	got := map[string]string{}
	for _, p := range res.Plan.Node("a").Action.Configuration {
		got[p.Name] = p.Value
	}
	want := map[string]string{"a": "global-conf", "b": "action-xml", "c": "action-conf", "user.dir": "${user.name}/x"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}

	os.WriteFile(wf, []byte(`workflow "w" {
  action "a" {
    job_xml = ["missing.xml", "bad.xml", "../outside.xml", "deep.xml"]
    shell { argv = ["true"] }
  }
}`), 0o644)
	res = CompileFile(wf, Options{})
	var all []string
	for _, d := range res.Diags {
		all = append(all, d.Detail)
	}
	msgs := strings.Join(all, "\n")
	for _, want := range []string{"missing.xml: no such file", "bad.xml is not a Hadoop configuration file", "allow-files-outside", "deep.xml is not a Hadoop configuration file"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, msgs)
		}
	}
}
