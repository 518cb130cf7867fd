package activities

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/fspath"

	hfs "github.com/howdah/howdah/hadoop/fs"
	"github.com/howdah/howdah/plan"
)

// FSOps runs an fs action: its prepare block, then its operations in order.
// As in Oozie, every path is checked before the first operation runs, so a
// bad path fails the action without doing half the work.
func (a *Activities) FSOps(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	ops := in.Action.FS
	if ops == nil {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: no fs operations", errBadInput))
	}
	backends := make([]hfs.FileSystem, len(ops.Ops))
	for i, op := range ops.Ops {
		fs, err := a.Files.For(op.Path)
		if err == nil && op.Op == plan.OpMove {
			_, err = a.Files.For(op.To)
			if err == nil && hfs.Scheme(op.To) != hfs.Scheme(op.Path) {
				err = fmt.Errorf("move %s to %s: source and target are on different filesystems", op.Path, op.To)
			}
		}
		if err == nil && op.Op == plan.OpDelete {
			err = fspath.CheckDeleteWithin(op.Within, op.Path)
		}
		if err == nil && op.Op == plan.OpChmod {
			_, err = strconv.ParseUint(op.Permissions, 8, 32)
		}
		if err != nil {
			return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: %s: %v", errBadInput, op.Range, err))
		}
		backends[i] = fs
	}
	if err := a.prepare(ctx, in.Action.Prepare); err != nil {
		return contract.ActionResult{}, failed(ctx, in.Node, err)
	}
	var done atomic.Int64
	stop := a.heartbeat(ctx, in, func() contract.Progress {
		i := int(done.Load())
		op := ops.Ops[min(i, len(ops.Ops)-1)]
		return contract.Progress{Phase: "fs", Fraction: float64(i) / float64(len(ops.Ops)), Detail: string(op.Op) + " " + op.Path}
	})
	defer stop()
	for i, op := range ops.Ops {
		done.Store(int64(i))
		if err := runOp(ctx, backends[i], op); err != nil {
			return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%s %s (%s): %w", op.Op, op.Path, op.Range, err))
		}
	}
	return contract.ActionResult{}, nil
}

func runOp(ctx context.Context, fs hfs.FileSystem, op plan.FSOp) error {
	switch op.Op {
	case plan.OpMkdir:
		return fs.MkdirAll(ctx, op.Path)
	case plan.OpDelete:
		return fs.Delete(ctx, op.Path, op.SkipTrash)
	case plan.OpMove:
		return fs.Rename(ctx, op.Path, op.To)
	case plan.OpChmod:
		mode, _ := strconv.ParseUint(op.Permissions, 8, 32)
		perm := iofs.FileMode(mode)&iofs.ModePerm | stickyBits(mode)
		if err := fs.Chmod(ctx, op.Path, perm, op.Recursive); err != nil {
			return err
		}
		return dirFiles(ctx, fs, op, func(p string) error { return fs.Chmod(ctx, p, perm, false) })
	case plan.OpChgrp:
		if err := fs.Chgrp(ctx, op.Path, op.Group, op.Recursive); err != nil {
			return err
		}
		return dirFiles(ctx, fs, op, func(p string) error { return fs.Chgrp(ctx, p, op.Group, false) })
	case plan.OpTouchz:
		return fs.Touchz(ctx, op.Path)
	case plan.OpSetrep:
		return fs.SetReplication(ctx, op.Path, op.Replication)
	}
	return fmt.Errorf("%w: unknown fs operation %q", errBadInput, op.Op)
}

func stickyBits(mode uint64) iofs.FileMode {
	var m iofs.FileMode
	if mode&0o1000 != 0 {
		m |= iofs.ModeSticky
	}
	return m
}

// dirFiles applies change to the files directly in op's directory, for
// dir_files without recursive (Oozie's dir-files): not to its
// subdirectories, nor below them.
func dirFiles(ctx context.Context, fs hfs.FileSystem, op plan.FSOp, change func(string) error) error {
	if !op.DirFiles || op.Recursive {
		return nil
	}
	if strings.ContainsAny(op.Path, "*?[\\") {
		return fmt.Errorf("%w: dir_files: %s holds a glob character; its files cannot be listed unambiguously", errBadInput, op.Path)
	}
	if fi, err := fs.Stat(ctx, op.Path); err != nil || !fi.IsDir {
		return err
	}
	children, err := fs.Glob(ctx, strings.TrimSuffix(op.Path, "/")+"/*")
	if err != nil {
		return err
	}
	for _, c := range children {
		if fi, err := fs.Stat(ctx, c); err != nil {
			return err
		} else if fi.IsDir {
			continue
		}
		if err := change(c); err != nil {
			return err
		}
	}
	return nil
}

// FSQuery answers one fs_* function call.
func (a *Activities) FSQuery(ctx context.Context, in contract.FSQueryInput) (contract.FSQueryResult, error) {
	if workDirHere(in.WorkDir) {
		in.Path = plan.LocalizePath(in.WorkDir, in.Path)
	}
	fs, err := a.Files.For(in.Path)
	if err != nil {
		return contract.FSQueryResult{}, failed(ctx, "fs_"+in.Op, fmt.Errorf("%w: %v", errBadInput, err))
	}
	switch in.Op {
	case "exists", "is_dir":
		st, err := fs.Stat(ctx, in.Path)
		if errors.Is(err, iofs.ErrNotExist) {
			return contract.FSQueryResult{}, nil
		}
		if err != nil {
			return contract.FSQueryResult{}, err // transient: Temporal retries
		}
		return contract.FSQueryResult{Bool: in.Op == "exists" || st.IsDir}, nil
	case "file_size":
		st, err := fs.Stat(ctx, in.Path)
		if errors.Is(err, iofs.ErrNotExist) {
			return contract.FSQueryResult{Size: -1}, nil
		}
		if err != nil {
			return contract.FSQueryResult{}, err
		}
		return contract.FSQueryResult{Size: st.Size}, nil
	case "dir_size":
		n, err := fs.DirSize(ctx, in.Path)
		if errors.Is(err, iofs.ErrNotExist) {
			return contract.FSQueryResult{Size: -1}, nil
		}
		return contract.FSQueryResult{Size: n}, err
	case "glob":
		paths, err := fs.Glob(ctx, in.Path)
		if err == nil && len(paths) > a.globLimit() {
			// The list is recorded in the run's history (and a for_each
			// over it runs an item each): a million paths would exceed
			// Temporal's payload limits and fail the completion on every
			// retry.
			return contract.FSQueryResult{}, failed(ctx, "fs_glob", fmt.Errorf("%w: %s matches %d paths, over the limit of %d: narrow the pattern (e.g. a glob per partition)", errBadInput, in.Path, len(paths), a.globLimit()))
		}
		size := 0
		for _, p := range paths {
			size += len(p)
		}
		if size > maxGlobBytes {
			return contract.FSQueryResult{}, failed(ctx, "fs_glob", fmt.Errorf("%w: %s matches %d paths of %d bytes in all, over the limit of %d bytes: narrow the pattern", errBadInput, in.Path, len(paths), size, maxGlobBytes))
		}
		return contract.FSQueryResult{Paths: paths}, err
	}
	return contract.FSQueryResult{}, failed(ctx, "fs_query", fmt.Errorf("%w: unknown query %q", errBadInput, in.Op))
}

// HDFSWait polls until every path (or every match of a glob, with at least
// one match) is complete: its done-flag exists, or with an empty done_flag
// the directory itself. It heartbeats each poll and fails with contract.ErrTimeout
// when the wait's timeout passes. Detection latency is at most one poll
// interval.
func (a *Activities) HDFSWait(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	w := in.Action.HDFSWait
	if w == nil || len(w.Paths) == 0 {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: no paths to wait for", errBadInput))
	}
	if err := a.prepare(ctx, in.Action.Prepare); err != nil {
		return contract.ActionResult{}, failed(ctx, in.Node, err)
	}
	interval := time.Duration(w.PollInterval)
	if interval <= 0 {
		interval = 30 * time.Second
	}
	var deadline time.Time
	if w.Timeout > 0 {
		deadline = time.Now().Add(time.Duration(w.Timeout))
	}
	polls := 0
	lastMissing := w.Paths
	for {
		missing, err := a.missing(ctx, w)
		polls++
		if err != nil && ctx.Err() == nil && errors.Is(err, errBadInput) {
			return contract.ActionResult{}, failed(ctx, in.Node, err)
		}
		if err == nil && len(missing) == 0 {
			return contract.ActionResult{Output: map[string]string{"polls": strconv.Itoa(polls)}}, nil
		}
		// Any other error (a namenode restarting, a network blip) is
		// reported and the wait goes on: only the timeout ends it.
		detail := fmt.Sprintf("poll %d: waiting for %s", polls, summarize(missing))
		if err != nil {
			detail = fmt.Sprintf("poll %d failed (will retry): %v", polls, err)
			missing = lastMissing
		}
		lastMissing = missing
		activityHeartbeat(ctx, contract.Progress{Phase: "waiting", Detail: detail})
		if !deadline.IsZero() && time.Now().Add(interval).After(deadline) {
			wait := time.Until(deadline)
			if wait <= 0 {
				return contract.ActionResult{}, failed(ctx, in.Node, timeoutError(w, a.explainMissing(ctx, w, missing), polls))
			}
			interval = wait
		}
		select {
		case <-ctx.Done():
			return contract.ActionResult{}, ctx.Err()
		case <-time.After(interval):
		}
	}
}

func timeoutError(w *plan.HDFSWait, missing []string, polls int) error {
	return &waitTimeout{fmt.Sprintf("gave up after %s (%d polls): still missing %s", time.Duration(w.Timeout), polls, summarize(missing))}
}

// explainMissing annotates up to five missing done flags whose directory
// is in fact a plain file (on filesystems that report such a flag as
// simply absent), so a timeout names the real cause.
func (a *Activities) explainMissing(ctx context.Context, w *plan.HDFSWait, missing []string) []string {
	if w.DoneFlag == "" {
		return missing
	}
	out := slices.Clone(missing)
	for i, m := range out[:min(5, len(out))] {
		dir, ok := strings.CutSuffix(m, "/"+w.DoneFlag)
		if !ok {
			continue
		}
		fs, err := a.Files.For(dir)
		if err != nil {
			continue
		}
		if st, err := fs.Stat(ctx, dir); err == nil && !st.IsDir {
			out[i] = m + " (" + dir + " is a file, so this flag cannot appear)"
		}
	}
	return out
}

// summarize names up to five missing paths.
func summarize(paths []string) string {
	if len(paths) <= 5 {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:5], ", "), len(paths)-5)
}

// missing lists what is not complete yet. Paths are checked together per
// filesystem (fs.Exists), so HDFS answers many flags in one directory with
// one listing.
func (a *Activities) missing(ctx context.Context, w *plan.HDFSWait) ([]string, error) {
	var out, checks []string
	for _, p := range w.Paths {
		fs, err := a.Files.For(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadInput, err)
		}
		targets := []string{p}
		if strings.ContainsAny(p, "*?[") {
			targets, err = fs.Glob(ctx, p)
			if err != nil {
				return nil, err
			}
			if len(targets) == 0 {
				out = append(out, p)
				continue
			}
		}
		for _, t := range targets {
			check := t
			if w.DoneFlag != "" {
				check = path.Join(t, w.DoneFlag)
				if hfs.Scheme(t) != "" {
					check = strings.TrimSuffix(t, "/") + "/" + w.DoneFlag
				}
			}
			checks = append(checks, check)
		}
	}
	batches, err := a.byFilesystem(checks)
	if err != nil {
		return nil, err
	}
	for _, b := range batches {
		b.checks = make([]string, len(b.idx))
		for j, i := range b.idx {
			b.checks[j] = checks[i]
		}
		ok, err := hfs.Exists(ctx, b.fs, b.checks)
		if errors.Is(err, syscall.ENOTDIR) {
			// A done flag below a plain file can never appear: waiting
			// would end in a timeout that blames the flag.
			return nil, fmt.Errorf("%w: %v: a done flag (%q) can only appear in a directory, and a path it was looked for in is a file (set done_flag = \"\" to wait for files themselves)", errBadInput, err, w.DoneFlag)
		}
		if err != nil {
			return nil, err
		}
		for i, c := range b.checks {
			if !ok[i] {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// fsBatch is the paths of one filesystem: their indexes in the list
// grouped, and (for callers that want them) the paths themselves.
type fsBatch struct {
	fs     hfs.FileSystem
	idx    []int
	checks []string
}

// byFilesystem groups paths by the filesystem each is on, in the order the
// filesystems first appear, so each filesystem answers its paths in one
// call (HDFS lists a directory once for many flags in it).
func (a *Activities) byFilesystem(paths []string) ([]*fsBatch, error) {
	var batches []*fsBatch
	byFS := map[hfs.FileSystem]*fsBatch{}
	for i, p := range paths {
		fs, err := a.Files.For(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadInput, err)
		}
		b := byFS[fs]
		if b == nil {
			b = &fsBatch{fs: fs}
			byFS[fs] = b
			batches = append(batches, b)
		}
		b.idx = append(b.idx, i)
	}
	return batches, nil
}
