package activities

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
)

// TestSparkArgs: the action's fields become spark-submit's options, and
// on YARN howdah's tag and settings come after spark_opts so they cannot
// be undone; a local master gets no deploy mode and no YARN settings.
func TestSparkArgs(t *testing.T) {
	in := contract.ActionInput{WorkflowID: "wf-1", RunID: "r", Node: "wc", Item: -1, Attempt: 1, Action: plan.Action{
		Files: []string{"a.txt", "b.txt#b"}, Archives: []string{"env.zip#env"},
		Spark: &plan.Spark{Master: "yarn", Mode: "cluster", MainClass: "org.example.Main", Jar: "app.jar", Args: []string{"in", "out"},
			SparkOpts: []string{"--conf", "spark.yarn.maxAppAttempts=4"}, ExecutorMemory: "2g", NumExecutors: 3, Queue: "etl"},
	}}
	got := strings.Join(SparkArgs(in, "howdah-abc"), " ")
	want := "--master yarn --deploy-mode cluster --name howdah:wf-1/wc --class org.example.Main --files a.txt,b.txt#b --archives env.zip#env" +
		" --executor-memory 2g --num-executors 3 --queue etl --conf spark.yarn.maxAppAttempts=4" +
		" --conf spark.yarn.tags=howdah-abc,howdah,howdah-wf:wf-1,howdah-node:wc --conf spark.yarn.maxAppAttempts=1 --conf spark.yarn.submit.waitAppCompletion=false app.jar in out"
	if got != want {
		t.Errorf("argv\n got %s\nwant %s", got, want)
	}
	in.Action.Spark = &plan.Spark{Master: "local[2]", Mode: "client", Jar: "job.py", Name: "mine"}
	in.Action.Files, in.Action.Archives = nil, nil
	if got := strings.Join(SparkArgs(in, ""), " "); got != "--master local[2] --name mine job.py" {
		t.Errorf("local argv %s", got)
	}
}

// TestSparkJarsDigestAndZip: the archive's name changes with the jars (an
// upgraded Spark gets its own) and holds every jar, stored.
func TestSparkJarsDigestAndZip(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.jar"), []byte("aaaa"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.jar"), []byte("bb"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a jar"), 0o644)
	jars, d1, err := sparkJars(dir)
	if err != nil || len(jars) != 2 {
		t.Fatalf("%v %v", jars, err)
	}
	os.WriteFile(filepath.Join(dir, "b.jar"), []byte("bbb"), 0o644)
	if _, d2, _ := sparkJars(dir); d2 == d1 {
		t.Error("the digest did not change with a jar's size")
	}
	var buf bytes.Buffer
	if err := writeJarsZip(&buf, jars); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || len(z.File) != 2 || z.File[0].Name != "a.jar" || z.File[0].Method != zip.Store || z.File[1].UncompressedSize64 != 3 {
		t.Fatalf("zip: %v %+v", err, z)
	}
	for _, f := range z.File {
		if f.Flags&0x8 != 0 {
			t.Errorf("%s has a data descriptor: Java's ZipInputStream cannot unpack a stored entry with one", f.Name)
		}
	}
	if _, _, err := sparkJars(t.TempDir()); err == nil {
		t.Error("an empty jars directory gave an archive")
	}
}

// TestSparkListsRefuseCommas: a comma in one entry would be two files to
// spark-submit.
func TestSparkListsRefuseCommas(t *testing.T) {
	for _, a := range []plan.Action{
		{Files: []string{"x,/etc/hosts"}, Spark: &plan.Spark{}},
		{Archives: []string{"a.zip,b.zip#b"}, Spark: &plan.Spark{}},
		{Spark: &plan.Spark{PyFiles: []string{"a.py,b.py"}}},
		{Spark: &plan.Spark{Jars: []string{"a.jar,"}}},
	} {
		if err := checkSparkLists(a); err == nil || !strings.Contains(err.Error(), "comma") {
			t.Errorf("%+v: %v", a, err)
		}
	}
	if err := checkSparkLists(plan.Action{Files: []string{"a.txt#a"}, Spark: &plan.Spark{Jars: []string{"x.jar"}}}); err != nil {
		t.Error(err)
	}
}

// TestStreamingFilesRefuseCommas: the sibling in streaming's -files.
func TestStreamingFilesRefuseCommas(t *testing.T) {
	if err := commaFree(map[string][]string{"files": {"m.py,/etc/hosts"}}); err == nil {
		t.Error("a comma in a streaming file was accepted")
	}
}
