package fspath

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

// The bypasses found in review: each piece alone passed the old check.
func TestJoinDeletePathRefusesClimbingOut(t *testing.T) {
	lit := func(s string) PathPiece { return PathPiece{Text: s} }
	val := func(s string) PathPiece { return PathPiece{Text: s, Interpolated: true} }
	bad := [][]PathPiece{
		{lit("/srv/sb/data/"), val("."), val("./victim")},
		{lit("/srv/sb/data/"), val("x/."), val("./../victim")},
		{lit("/srv/sb/data/"), val("x/."), val(".")},
		{lit("/srv/sb/data/"), val("/")},
		{lit("/srv/sb/data/"), val("./")},
		{lit("/srv/sb/data/"), val("")},
		{lit("/srv/sb/data/"), val("//")},
		{lit("/srv/sb/data/"), val("a"), lit("/"), val("..")},
		{lit("/srv/sb/data/"), val("a/"), val("../../b")},
		{lit("/srv/sb/data/x_"), val("/../../etc")},
		{lit("hdfs://nn/data/"), val("..")},
		{lit("data/"), val("../victim")},
		{val("/srv/data/../etc")},
		{val("/")},
		{val("hdfs://nn/")},
	}
	for _, pieces := range bad {
		p, within, err := JoinDeletePath(pieces)
		if !errors.Is(err, ErrUnsafeDelete) {
			t.Errorf("JoinDeletePath(%v) = %q within %q, %v; want ErrUnsafeDelete", pieces, p, within, err)
		}
	}
	good := []struct {
		pieces       []PathPiece
		path, within string
	}{
		{[]PathPiece{lit("/srv/sb/data/"), val("2026/11/25")}, "/srv/sb/data/2026/11/25", "/srv/sb/data/"},
		{[]PathPiece{lit("/srv/sb/data/"), val("%2e%2e/victim")}, "/srv/sb/data/%2e%2e/victim", "/srv/sb/data/"},
		{[]PathPiece{lit("file:///srv/sb/data/"), val("%2e%2e")}, "file:///srv/sb/data/%2e%2e", "file:///srv/sb/data/"},
		{[]PathPiece{lit("/srv/"), val("base"), lit("/"), val("x")}, "/srv/base/x", "/srv/base/"},
		{[]PathPiece{lit("/data/part"), val("1")}, "/data/part1", "/data/"},
		{[]PathPiece{val("/data/out")}, "/data/out", ""},
		{[]PathPiece{lit("out/wordcount")}, "out/wordcount", ""},
		{[]PathPiece{lit("hdfs://nn:8020/user/"), val("me"), lit("/tmp")}, "hdfs://nn:8020/user/me/tmp", "hdfs://nn:8020/user/"},
	}
	for _, c := range good {
		p, within, err := JoinDeletePath(c.pieces)
		if err != nil || p != c.path || within != c.within {
			t.Errorf("JoinDeletePath(%v) = %q, %q, %v; want %q, %q", c.pieces, p, within, err, c.path, c.within)
		}
	}
}

func TestCheckDeleteWithin(t *testing.T) {
	cases := []struct {
		within, p string
		ok        bool
	}{
		{"/srv/data/", "/srv/data/x", true},
		{"/srv/data", "/srv/data/x/../y", true},
		{"/srv/data/", "/srv/data", false},
		{"/srv/data/", "/srv/data/.", false},
		{"/srv/data/", "/srv/data/x/..", false},
		{"/srv/data/", "/srv/data/../victim", false},
		{"/srv/data/", "/srv/database", false},
		{"/srv/data/", "srv/data/x", false},
		{"file:///srv/data/", "file:///srv/data/%2e%2e", true},
		{"file:///srv/data/", "/srv/data/x", false},
		{"hdfs://a/data/", "hdfs://b/data/x", false},
		{"HDFS://a/data/", "hdfs://a/data/x", true},
		{"out/", "out/x", true},
		{"out/", "out", false},
		{"", "x?/..", false},
		{"", "file:///srv/x?", true},
	}
	for _, c := range cases {
		err := CheckDeleteWithin(c.within, c.p)
		if (err == nil) != c.ok {
			t.Errorf("CheckDeleteWithin(%q, %q) = %v, want ok=%v", c.within, c.p, err, c.ok)
		}
	}
}

func TestParseFSPathDoesNotDecode(t *testing.T) {
	cases := map[string]FSPath{
		"file:///d/%2e%2e/x":      {Scheme: "file", Path: "/d/%2e%2e/x"},
		"file:///d/x?y#z":         {Scheme: "file", Path: "/d/x?y#z"},
		"hdfs://nn:8020":          {Scheme: "hdfs", Authority: "nn:8020", Path: "/"},
		"hdfs:///a//b/":           {Scheme: "hdfs", Path: "/a/b"},
		"/a/./b/../c/":            {Path: "/a/c"},
		"rel/x/":                  {Path: "rel/x"},
		"":                        {Path: "."},
		"not a scheme://x/y":      {Path: "not a scheme:/x/y"},
		"1x://a/b":                {Path: "1x:/a/b"},
		"viewfs://cluster/a/../b": {Scheme: "viewfs", Authority: "cluster", Path: "/b"},
	}
	for in, want := range cases {
		if got := ParseFSPath(in); got != want {
			t.Errorf("ParseFSPath(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// A path that starts with a value is bounded by what the value declares:
// a parameter's within, or the working directory for a relative value.
func TestLeadingValueBound(t *testing.T) {
	lit := func(s string) PathPiece { return PathPiece{Text: s} }
	val := func(s string) PathPiece { return PathPiece{Text: s, Interpolated: true} }
	in := func(s, w string) PathPiece { return PathPiece{Text: s, Interpolated: true, Within: w} }
	good := []struct {
		pieces       []PathPiece
		path, within string
	}{
		{[]PathPiece{val("."), lit("/output-data/x")}, "./output-data/x", "."},
		{[]PathPiece{val("./"), lit("out")}, "./out", "."},
		{[]PathPiece{val("examples"), lit("/output-data")}, "examples/output-data", "."},
		{[]PathPiece{in("/data/clicks/2026", "/data/clicks")}, "/data/clicks/2026", "/data/clicks"},
		{[]PathPiece{in("/data/clicks", "/data/clicks"), lit("/2026")}, "/data/clicks/2026", "/data/clicks"},
		{[]PathPiece{in("hdfs://nn:8020/d/x.txt", "hdfs://nn:8020/d/")}, "hdfs://nn:8020/d/x.txt", "hdfs://nn:8020/d/"},
		{[]PathPiece{in("out/a", "."), lit("/b")}, "out/a/b", "."},
	}
	for _, c := range good {
		p, within, err := JoinDeletePath(c.pieces)
		if err != nil || p != c.path || within != c.within {
			t.Errorf("JoinDeletePath(%v) = %q, %q, %v; want %q, %q", c.pieces, p, within, err, c.path, c.within)
		}
	}
	bad := [][]PathPiece{
		{val(".")},                              // the working directory itself
		{val("./")},                             // the same
		{val("."), lit("/")},                    // the same
		{val("."), lit("/../etc")},              // climbs out
		{val("a/.."), lit("/x")},                // ".." in the value
		{val(""), lit("/etc")},                  // an empty value makes the path absolute
		{val(" "), lit("/etc")},                 // a blank one too
		{in("/data/clicks", "/data/clicks")},    // the bound itself
		{in("/data/other", "/data/clicks")},     // outside the bound
		{in("/data/clicksX/a", "/data/clicks")}, // a sibling sharing the prefix
		{in("hdfs://other/data/clicks/a", "hdfs://nn/data/clicks")},
		{in("/data/clicks/a", "hdfs://nn/data/clicks")},
		{in("", "/data/clicks"), lit("/data/clicks/x")},
		{in("/abs", ".")},
		{in("../x", ".")},
	}
	for _, pieces := range bad {
		p, within, err := JoinDeletePath(pieces)
		if !errors.Is(err, ErrUnsafeDelete) {
			t.Errorf("JoinDeletePath(%v) = %q within %q, %v; want ErrUnsafeDelete", pieces, p, within, err)
		}
	}
}

func TestCheckWithin(t *testing.T) {
	for _, w := range []string{"/data/clicks", ".", "out", "hdfs://nn:8020/data", "hdfs:///data/x/"} {
		if err := CheckWithin(w); err != nil {
			t.Errorf("CheckWithin(%q) = %v, want nil", w, err)
		}
	}
	for _, w := range []string{"", " ", "/", "hdfs://nn:8020", "hdfs://nn:8020/", "..", "../x", "/data/../x", "file:///"} {
		if err := CheckWithin(w); err == nil {
			t.Errorf("CheckWithin(%q) = nil, want an error", w)
		}
	}
}
