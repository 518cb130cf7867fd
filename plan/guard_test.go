package plan

import (
	"errors"
	"testing"
)

func TestCheckDeletePath(t *testing.T) {
	bad := []string{"", " ", "/", "//", "/.", "/data/..", ".", "./", "..", "../x", "hdfs://nn:8020", "hdfs://nn:8020/", "hdfs:///", "file:///", "file:///tmp/.."}
	for _, p := range bad {
		if err := CheckDeletePath(p); !errors.Is(err, ErrUnsafeDelete) {
			t.Errorf("CheckDeletePath(%q) = %v, want ErrUnsafeDelete", p, err)
		}
	}
	good := []string{"/data", "out/wordcount", "hdfs://nn:8020/user/x/out", "file:///tmp/x", "a"}
	for _, p := range good {
		if err := CheckDeletePath(p); err != nil {
			t.Errorf("CheckDeletePath(%q) = %v, want nil", p, err)
		}
	}
}

func TestHasNamedSegment(t *testing.T) {
	cases := map[string]bool{
		"":                   false,
		"/":                  false,
		"/da":                false,
		"./":                 false,
		"hdfs://nn/":         false,
		"hdfs://nn":          false,
		"/data/":             true,
		"out/":               true,
		"/data/x-":           true,
		"hdfs://nn:8020/u/":  true,
		"file:///tmp/howdah": true,
	}
	for in, want := range cases {
		if got := HasNamedSegment(in); got != want {
			t.Errorf("HasNamedSegment(%q) = %v, want %v", in, got, want)
		}
	}
}
