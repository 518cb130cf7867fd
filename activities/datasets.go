package activities

import (
	"context"
	"fmt"

	"github.com/howdah/howdah/activities/contract"
	hfs "github.com/howdah/howdah/hadoop/fs"
)

// rpcCounter is implemented by filesystems that count their namenode
// calls (hadoop/hdfs).
type rpcCounter interface{ RPCs() int64 }

// DatasetCheck says which of the given paths exist, answering many paths
// of one filesystem together (HDFS: one listing per directory), so a poll
// of a waiting coordinator instance costs at most one namenode call per
// path, and fewer when paths share a directory. A missing path is an
// answer, not an error; a filesystem that cannot be reached is a
// retryable error.
func (a *Activities) DatasetCheck(ctx context.Context, in contract.DatasetCheckInput) (contract.DatasetCheckResult, error) {
	out := contract.DatasetCheckResult{Exists: make([]bool, len(in.Paths))}
	type batch struct {
		fs  hfs.FileSystem
		idx []int
	}
	var batches []*batch
	byFS := map[hfs.FileSystem]*batch{}
	for i, p := range in.Paths {
		fs, err := a.Files.For(p)
		if err != nil {
			return out, failed(ctx, "dataset_check", fmt.Errorf("%w: %v", errBadInput, err))
		}
		b := byFS[fs]
		if b == nil {
			b = &batch{fs: fs}
			byFS[fs] = b
			batches = append(batches, b)
		}
		b.idx = append(b.idx, i)
	}
	for _, b := range batches {
		paths := make([]string, len(b.idx))
		for j, i := range b.idx {
			paths[j] = in.Paths[i]
		}
		var before int64
		counter, counted := b.fs.(rpcCounter)
		if counted {
			before = counter.RPCs()
		}
		ok, err := hfs.Exists(ctx, b.fs, paths)
		if err != nil {
			return out, err
		}
		if counted {
			out.Calls += int(counter.RPCs() - before)
		} else {
			out.Calls += len(paths)
		}
		for j, i := range b.idx {
			out.Exists[i] = ok[j]
		}
	}
	return out, nil
}
