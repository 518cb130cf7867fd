package activities

import (
	"context"

	"github.com/howdah/howdah/activities/contract"
)

// rpcCounter is implemented by filesystems that count their namenode
// calls (hadoop/hdfs).
type rpcCounter interface{ RPCs() int64 }

// DatasetCheck says which of the given paths exist, answering many paths
// of one filesystem together (HDFS: one listing per directory), and the
// checks of every instance that polls within the same 100 ms together too
// (see existsCoalescer): a poll costs at most one namenode call per path,
// fewer when paths share a directory or instances share a path. Calls is
// this check's share of its batch's calls. A missing path is an
// answer, not an error; a filesystem that cannot be reached is a
// retryable error.
func (a *Activities) DatasetCheck(ctx context.Context, in contract.DatasetCheckInput) (contract.DatasetCheckResult, error) {
	out := contract.DatasetCheckResult{Exists: make([]bool, len(in.Paths))}
	batches, err := a.byFilesystem(in.Paths)
	if err != nil {
		return out, failed(ctx, "dataset_check", err)
	}
	for _, b := range batches {
		paths := make([]string, len(b.idx))
		for j, i := range b.idx {
			paths[j] = in.Paths[i]
		}
		var count func() int64
		if counter, ok := b.fs.(rpcCounter); ok {
			count = counter.RPCs
		}
		ok, calls, err := a.coalesce.exists(ctx, b.fs, paths, count)
		if err != nil {
			return out, err
		}
		out.Calls += calls
		for j, i := range b.idx {
			out.Exists[i] = ok[j]
		}
	}
	return out, nil
}
