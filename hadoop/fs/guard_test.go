package fs

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/howdah/howdah/fspath"
)

// sandbox is a real directory tree with canaries: the delete guard must
// never let a path built as data/ + values delete data itself, its
// siblings or anything above it.
type sandbox struct {
	root, data string
	canaries   []string
}

func newSandbox(t testing.TB) *sandbox {
	root := t.TempDir()
	s := &sandbox{root: root, data: filepath.Join(root, "sb", "data")}
	for _, f := range []string{"canary", "sb/canary", "sb/victim/canary", "sb/data/x/file", "sb/data/%2e%2e/file", "sb/datax/canary"} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(f, "sb/data/") {
			s.canaries = append(s.canaries, p)
		}
	}
	return s
}

// deleteThroughGuard does what a run does with a delete path: the guard
// joins the pieces (compiler or interpreter), the activity checks the path
// against its directory again, and the backend deletes it.
func (s *sandbox) deleteThroughGuard(t testing.TB, pieces []fspath.PathPiece) {
	p, within, err := fspath.JoinDeletePath(pieces)
	if err != nil {
		return
	}
	if err := fspath.CheckDeleteWithin(within, p); err != nil {
		t.Fatalf("JoinDeletePath accepted %q within %q, CheckDeleteWithin refuses: %v", p, within, err)
	}
	if err := (Local{}).Delete(context.Background(), p, true); err != nil && !strings.Contains(err.Error(), "unsafe delete") {
		t.Logf("delete %q: %v", p, err)
	}
}

func (s *sandbox) check(t testing.TB, pieces []fspath.PathPiece) {
	t.Helper()
	for _, c := range s.canaries {
		if _, err := os.Stat(c); err != nil {
			t.Fatalf("pieces %+v deleted canary %s: %v", pieces, c, err)
		}
	}
	if st, err := os.Stat(s.data); err != nil || !st.IsDir() {
		t.Fatalf("pieces %+v deleted the fixed directory itself: %v", pieces, err)
	}
}

var segments = []string{".", "..", "/", "", "%2e", "%2e%2e", "%2E%2e", "%2f", "%2F..", "x", "victim", "./", "../", "//",
	"\uff0e\uff0e", "\u2024\u2024", ".\u200b.", "?", "#", " ", "..\\", "~", "*", "\x00"}

func randomPieces(r *rand.Rand, prefix string) []fspath.PathPiece {
	pieces := []fspath.PathPiece{{Text: prefix}}
	for range 1 + r.IntN(3) {
		var b strings.Builder
		for range r.IntN(5) {
			b.WriteString(segments[r.IntN(len(segments))])
		}
		pieces = append(pieces, fspath.PathPiece{Text: b.String(), Interpolated: true})
		if r.IntN(3) == 0 {
			pieces = append(pieces, fspath.PathPiece{Text: segments[r.IntN(len(segments))]})
		}
	}
	return pieces
}

// TestDeleteGuardProperty deletes thousands of random paths built from
// dots, slashes, percent escapes, empty and look-alike segments below a
// real directory, plain and as file:// URLs, and checks every canary.
func TestDeleteGuardProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	n := 3000
	if testing.Short() {
		n = 300
	}
	accepted := 0
	for i := range n {
		s := newSandbox(t)
		prefix := s.data + "/"
		if i%2 == 1 {
			prefix = "file://" + prefix
		}
		pieces := randomPieces(r, prefix)
		if _, _, err := fspath.JoinDeletePath(pieces); err == nil {
			accepted++
		}
		s.deleteThroughGuard(t, pieces)
		s.check(t, pieces)
	}
	// The test means something only if the guard let some deletes through.
	if accepted < n/20 {
		t.Fatalf("only %d of %d random paths were accepted: the generator no longer exercises deletes", accepted, n)
	}
	t.Logf("%d of %d random paths accepted and deleted, no canary lost", accepted, n)
}

// The reproductions, on the real filesystem.
func TestDeleteGuardReproductions(t *testing.T) {
	for _, vals := range [][]string{{".", "./victim"}, {"/"}, {"./"}, {"%2e%2e/victim"}, {"?"}, {"x/", "../../victim"}} {
		for _, url := range []bool{false, true} {
			s := newSandbox(t)
			prefix := s.data + "/"
			if url {
				prefix = "file://" + prefix
			}
			pieces := []fspath.PathPiece{{Text: prefix}}
			for _, v := range vals {
				pieces = append(pieces, fspath.PathPiece{Text: v, Interpolated: true})
			}
			s.deleteThroughGuard(t, pieces)
			s.check(t, pieces)
		}
	}
}

// FuzzDeleteGuard: whatever two values are interpolated after data/, no
// canary is deleted and data/ survives.
func FuzzDeleteGuard(f *testing.F) {
	for _, seed := range [][2]string{{".", "./victim"}, {"/", ""}, {"./", "x"}, {"%2e%2e/victim", ""}, {"x/.", "./.."}, {"?", "#"}} {
		f.Add(seed[0], seed[1], false)
		f.Add(seed[0], seed[1], true)
	}
	f.Fuzz(func(t *testing.T, a, b string, url bool) {
		s := newSandbox(t)
		prefix := s.data + "/"
		if url {
			prefix = "file://" + prefix
		}
		pieces := []fspath.PathPiece{{Text: prefix}, {Text: a, Interpolated: true}, {Text: b, Interpolated: true}}
		s.deleteThroughGuard(t, pieces)
		s.check(t, pieces)
	})
}
