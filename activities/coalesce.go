package activities

import (
	"context"
	"sync"
	"time"

	hfs "github.com/howdah/howdah/hadoop/fs"
)

// DefaultCoalesceWindow is how long a dataset check waits for others to
// join it (see existsCoalescer).
const DefaultCoalesceWindow = 100 * time.Millisecond

// existsCoalescer merges the existence checks that reach one worker within
// a short window into one hfs.Exists call per filesystem, over the union
// of their paths: many coordinator instances waiting on one dataset (often
// on the very same path) then cost one listing per directory on HDFS, and
// one stat per distinct path elsewhere, instead of a call per instance.
// A check waits at most the window before its batch runs.
type existsCoalescer struct {
	window  time.Duration
	mu      sync.Mutex
	pending map[hfs.FileSystem]*existsBatch
}

type existsBatch struct {
	paths []string
	index map[string]int
	done  chan struct{}
	found []bool
	calls int
	err   error
}

// exists answers paths on fs, in a batch with whatever else arrives within
// the window. calls is this check's share of the batch's filesystem calls
// (at least 1 when the batch made any).
func (c *existsCoalescer) exists(ctx context.Context, fs hfs.FileSystem, paths []string, count func() int64) (found []bool, calls int, err error) {
	c.mu.Lock()
	if c.pending == nil {
		c.pending = map[hfs.FileSystem]*existsBatch{}
	}
	if c.window <= 0 {
		c.window = DefaultCoalesceWindow
	}
	b := c.pending[fs]
	if b == nil {
		b = &existsBatch{index: map[string]int{}, done: make(chan struct{})}
		c.pending[fs] = b
		time.AfterFunc(c.window, func() { c.run(fs, b, count) })
	}
	for _, p := range paths {
		if _, ok := b.index[p]; !ok {
			b.index[p] = len(b.paths)
			b.paths = append(b.paths, p)
		}
	}
	c.mu.Unlock()

	select {
	case <-b.done:
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
	if b.err != nil {
		return nil, 0, b.err
	}
	found = make([]bool, len(paths))
	for i, p := range paths {
		found[i] = b.found[b.index[p]]
	}
	if b.calls > 0 {
		// Share the calls by paths, rounding up.
		calls = max((b.calls*len(paths)+len(b.paths)-1)/len(b.paths), 1)
	}
	return found, calls, nil
}

// run answers a batch once its window has passed. The batch runs without
// the callers' contexts (one caller's cancel must not fail the others),
// bounded by a minute.
func (c *existsCoalescer) run(fs hfs.FileSystem, b *existsBatch, count func() int64) {
	c.mu.Lock()
	delete(c.pending, fs)
	c.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var before int64
	if count != nil {
		before = count()
	}
	b.found, b.err = hfs.Exists(ctx, fs, b.paths)
	b.calls = len(b.paths) // a stat each
	if count != nil {
		b.calls = int(count() - before)
	}
	close(b.done)
}
