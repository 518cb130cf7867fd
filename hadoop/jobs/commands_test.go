package jobs

import (
	"archive/zip"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestStreamingCommand(t *testing.T) {
	got := StreamingCommand([]string{"tr", "-s", "[:space:]", "\\n", "a b", `say "hi"`, ""})
	want := `tr -s [:space:] \n "a b" 'say "hi"' ""`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func jar(t *testing.T, manifest string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.jar")
	f, _ := os.Create(p)
	z := zip.NewWriter(f)
	if manifest != "" {
		w, _ := z.Create("META-INF/MANIFEST.MF")
		w.Write([]byte(manifest))
	}
	z.Close()
	f.Close()
	return p
}

func TestJarCommand(t *testing.T) {
	plain := jar(t, "Manifest-Version: 1.0\r\n")
	withMain := jar(t, "Manifest-Version: 1.0\r\nMain-Class: org.example.Driver\r\n")
	cases := []struct {
		jar, main string
		want      []string
	}{
		{plain, "org.example.Job", []string{"jar", plain, "org.example.Job", "in"}},
		{withMain, "org.example.Job", []string{"org.example.Job", "in"}},
		{withMain, "org.example.Driver", []string{"jar", withMain, "org.example.Driver", "in"}},
		{withMain, "", []string{"jar", withMain, "in"}},
	}
	for _, c := range cases {
		got, err := JarCommand(c.jar, c.main, []string{"in"})
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("JarCommand(%s, %q) = %v %v, want %v", filepath.Base(c.jar), c.main, got, err, c.want)
		}
	}
	if _, err := JarCommand("/nonexistent.jar", "X", nil); err == nil {
		t.Error("a missing jar was accepted")
	}
}
