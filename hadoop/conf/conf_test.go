package conf

import (
	"os"
	"path/filepath"
	"testing"
)

func TestOverlay(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "conf")
	os.WriteFile(filepath.Join(src, "core-site.xml"), []byte(`<configuration><property><name>fs.defaultFS</name><value>hdfs://nn:8020</value></property></configuration>`), 0o644)
	os.WriteFile(filepath.Join(src, "mapred-site.xml"), []byte(`<configuration>
<property><name>mapreduce.job.queuename</name><value>etl</value><final>true</final></property>
<property><name>mapreduce.map.memory.mb</name><value>1024</value></property>
</configuration>`), 0o644)
	err := Overlay(src, dst, []Property{
		{Name: "mapreduce.job.queuename", Value: "adhoc"}, // final in the cluster: kept
		{Name: "mapreduce.map.memory.mb", Value: "2048"},
		{Name: "mapreduce.job.tags", Value: "howdah-x,howdah"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(dst)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"fs.defaultFS": "hdfs://nn:8020", "mapreduce.job.queuename": "etl",
		"mapreduce.map.memory.mb": "2048", "mapreduce.job.tags": "howdah-x,howdah",
	} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	if fi, err := os.Lstat(filepath.Join(dst, "core-site.xml")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("core-site.xml is not linked: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(src, "mapred-site.xml")); len(b) == 0 || string(b) == "" {
		t.Error("the cluster's file was changed")
	}
}
