package fs

import (
	"context"
	"errors"
	iofs "io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/howdah/howdah/fspath"
)

func TestLocal(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var l Local
	p := func(s string) string { return filepath.Join(dir, s) }

	if err := l.MkdirAll(ctx, p("a/b")); err != nil {
		t.Fatal(err)
	}
	if err := l.Touchz(ctx, p("a/b/_SUCCESS")); err != nil {
		t.Fatal(err)
	}
	if err := l.Touchz(ctx, p("a/b/_SUCCESS")); err != nil {
		t.Errorf("touchz of an existing empty file: %v", err)
	}
	os.WriteFile(p("a/data.txt"), []byte("12345"), 0o644)
	if err := l.Touchz(ctx, p("a/data.txt")); !errors.Is(err, iofs.ErrExist) {
		t.Errorf("touchz of a non-empty file: %v", err)
	}
	if n, err := l.DirSize(ctx, p("a")); err != nil || n != 5 {
		t.Errorf("DirSize = %d, %v", n, err)
	}
	if _, err := l.DirSize(ctx, p("nope")); !errors.Is(err, ErrNotExist) {
		t.Errorf("DirSize of a missing dir: %v", err)
	}
	st, err := l.Stat(ctx, "file://"+p("a/b"))
	if err != nil || !st.IsDir {
		t.Errorf("Stat(file://...) = %+v, %v", st, err)
	}
	if _, err := l.Stat(ctx, p("missing")); !errors.Is(err, ErrNotExist) {
		t.Errorf("Stat of a missing path: %v", err)
	}
	got, err := l.Glob(ctx, p("a/*"))
	if err != nil || len(got) != 2 || got[0] != p("a/b") || got[1] != p("a/data.txt") {
		t.Errorf("Glob = %v, %v", got, err)
	}
	if err := l.Chmod(ctx, p("a"), 0o700, true); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p("a/data.txt")); st.Mode().Perm() != 0o700 {
		t.Errorf("recursive chmod left %v", st.Mode())
	}
	if err := l.Rename(ctx, p("a/data.txt"), p("c/moved.txt")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p("d.txt"), nil, 0o644)
	if err := l.Rename(ctx, p("d.txt"), p("c/moved.txt")); !errors.Is(err, iofs.ErrExist) {
		t.Errorf("move onto an existing path: %v", err)
	}
	if err := l.SetReplication(ctx, p("c/moved.txt"), 3); err != nil {
		t.Errorf("setrep: %v", err)
	}
	if err := l.Delete(ctx, p("a"), false); err != nil {
		t.Fatal(err)
	}
	if err := l.Delete(ctx, p("a"), false); err != nil {
		t.Errorf("deleting a missing path must succeed (idempotent reruns): %v", err)
	}
	for _, bad := range []string{"/", "", "file:///", "/tmp/.."} {
		if err := l.Delete(ctx, bad, true); !errors.Is(err, fspath.ErrUnsafeDelete) {
			t.Errorf("Delete(%q) = %v, want refusal", bad, err)
		}
	}
}

func TestRouter(t *testing.T) {
	r := NewRouter()
	for _, p := range []string{"/tmp/x", "rel/x", "file:///tmp/x"} {
		if _, err := r.For(p); err != nil {
			t.Errorf("For(%q): %v", p, err)
		}
	}
	if _, err := r.For("hdfs://nn:8020/x"); err == nil {
		t.Error("hdfs:// without a registered backend must be an error")
	}
	r.Register("hdfs", Local{})
	if _, err := r.For("hdfs://nn:8020/x"); err != nil {
		t.Error(err)
	}
}
