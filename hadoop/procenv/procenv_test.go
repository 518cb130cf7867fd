package procenv

import (
	"slices"
	"testing"
)

func TestFilterKeepsOnlyAllowedVariables(t *testing.T) {
	worker := []string{
		"PATH=/usr/bin", "HOME=/home/w", "LC_ALL=C", "HADOOP_CONF_DIR=/etc/hadoop", "JAVA_HOME=/jvm",
		"TEMPORAL_API_KEY=secret", "AWS_SECRET_ACCESS_KEY=s", "GITHUB_TOKEN=t", "MY_APP_URL=u", "MY_APP_KEY=k", "PATHX=no",
	}
	got := Env{Allow: []string{"MY_APP_URL"}}.filter(worker, "A=1")
	want := []string{"PATH=/usr/bin", "HOME=/home/w", "LC_ALL=C", "HADOOP_CONF_DIR=/etc/hadoop", "JAVA_HOME=/jvm", "MY_APP_URL=u", "A=1"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := (Env{Allow: []string{"MY_APP_*"}}).filter(worker); !slices.Contains(got, "MY_APP_KEY=k") {
		t.Errorf("prefix allowlist: %q", got)
	}
}

func TestEncryptionKeysAreNeverPassed(t *testing.T) {
	worker := []string{"PATH=/usr/bin", "HOWDAH_CODEC_KEY=k1:AAAA", "HOWDAH_LOG_LEVEL=info"}
	got := Env{Allow: []string{"HOWDAH_*"}}.filter(worker)
	if want := []string{"PATH=/usr/bin", "HOWDAH_LOG_LEVEL=info"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
