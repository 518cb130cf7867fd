package logstore

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A 50 MB stream keeps the bound and a marker, and writing it allocates
// nothing per write: the output is never held in memory.
func TestWriterBoundsAndStreams(t *testing.T) {
	s, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Create(context.Background(), "wf/run/node/attempt-1.stdout")
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(f, 1<<20)
	chunk := make([]byte, 64<<10)
	allocs := testing.AllocsPerRun(800, func() { w.Write(chunk) }) // 800 x 64 KiB = 50 MiB
	if allocs > 0 {
		t.Errorf("%.1f allocations per write, want none", allocs)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(s.Location("wf/run/node/attempt-1.stdout"))
	if err != nil {
		t.Fatal(err)
	}
	head, marker, _ := strings.Cut(string(b), "\n[howdah: output truncated: ")
	// AllocsPerRun runs the function once more to warm up.
	if dropped := 801*len(chunk) - 1<<20; len(head) != 1<<20 || !strings.HasPrefix(marker, fmt.Sprintf("%d more bytes were not kept", dropped)) {
		t.Errorf("kept %d bytes, marker %q", len(head), marker)
	}
}

// Hostile ids stay one path segment inside the store.
func TestLayoutEscapesIDs(t *testing.T) {
	root := t.TempDir()
	s, _ := Open(root, nil)
	for _, id := range []string{"../../etc", "..", ".", "%2e%2e", "%2e%2e/%2e%2e", "a/b", "x\x00y", "\xff\xfe", ""} {
		dir := NodeDir(id, "run", "node", -1)
		p := s.Location(AttemptFile(dir, 1, 1, "stdout"))
		if rel, err := filepath.Rel(root, p); err != nil || strings.Split(rel, string(filepath.Separator))[0] == ".." || strings.Count(rel, string(filepath.Separator)) != 3 {
			t.Errorf("id %q: %s is not three levels inside the store", id, p)
		}
	}
}

func TestFilesOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := Open(t.TempDir(), nil)
	dir := NodeDir("wf", "r1", "items", -1)
	for _, rel := range []string{
		"item-1/attempt-1.stderr", "item-0/attempt-2.stdout", "item-0/attempt-1.stderr", "item-0/attempt-1.stdout",
		"item-0/attempt-1.try-2.stdout", "stray.txt", "item-x/attempt-1.stdout",
	} {
		f, err := s.Create(ctx, dir+"/"+rel)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, rel)
		f.Close()
	}
	files, err := Files(ctx, s, dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimPrefix(f.Rel, dir+"/"))
	}
	want := "item-0/attempt-1.stdout item-0/attempt-1.stderr item-0/attempt-1.try-2.stdout item-0/attempt-2.stdout item-1/attempt-1.stderr"
	if strings.Join(got, " ") != want {
		t.Errorf("files:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if files, _ := Files(ctx, s, "missing"); len(files) != 0 {
		t.Errorf("a missing directory lists %v", files)
	}
}
