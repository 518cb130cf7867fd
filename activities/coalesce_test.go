package activities

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	hfs "github.com/howdah/howdah/hadoop/fs"
)

// listingFS answers Exists as HDFS does, one listing per directory, and
// counts its calls.
type listingFS struct {
	hfs.Local
	files map[string]bool
	calls atomic.Int64
	sizes []int
	mu    sync.Mutex
}

func (f *listingFS) Exists(_ context.Context, paths []string) ([]bool, error) {
	dirs := map[string]bool{}
	out := make([]bool, len(paths))
	for i, p := range paths {
		dirs[p[:strings.LastIndexByte(p, '/')]] = true
		out[i] = f.files[p]
	}
	f.calls.Add(int64(len(dirs)))
	f.mu.Lock()
	f.sizes = append(f.sizes, len(paths))
	f.mu.Unlock()
	return out, nil
}

func (f *listingFS) RPCs() int64 { return f.calls.Load() }

// TestDatasetChecksCoalesce: 200 instances polling at once for flags in
// one directory (half of them the same path) cost one batch and one
// listing, and each gets its own answers.
func TestDatasetChecksCoalesce(t *testing.T) {
	fs := &listingFS{files: map[string]bool{"fake://nn/data/p7/_SUCCESS": true}}
	a := New()
	a.Files.Register("fake", fs)
	var wg sync.WaitGroup
	results := make([]contract.DatasetCheckResult, 200)
	errs := make([]error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "fake://nn/data/p7/_SUCCESS"
			if i%2 == 1 {
				path = fmt.Sprintf("fake://nn/data/p%d/_SUCCESS", i)
			}
			results[i], errs[i] = a.DatasetCheck(context.Background(), contract.DatasetCheckInput{Paths: []string{path}})
		}()
	}
	wg.Wait()
	for i, r := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		want := i%2 == 0 || i == 7
		if len(r.Exists) != 1 || r.Exists[0] != want {
			t.Fatalf("check %d: %+v, want %v", i, r, want)
		}
	}
	if len(fs.sizes) > 3 {
		t.Errorf("%d batches for 200 concurrent checks, want 1 (or a few)", len(fs.sizes))
	}
	// 100 distinct paths (p7 and the 99 other odd ones), a directory
	// each: 100 calls for 200 checks.
	if got := fs.calls.Load(); got > 100 {
		t.Errorf("%d calls", got)
	}
	t.Logf("%d batches (sizes %v), %d listing calls for 200 checks", len(fs.sizes), fs.sizes, fs.calls.Load())
}
