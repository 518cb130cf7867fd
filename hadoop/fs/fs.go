package fs

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"sync"
	"time"

	"github.com/howdah/howdah/fspath"
)

// ErrNotExist is io/fs.ErrNotExist, re-exported for callers' convenience.
var ErrNotExist = iofs.ErrNotExist

// FileInfo describes one path.
type FileInfo struct {
	Path    string
	Size    int64
	IsDir   bool
	Mode    iofs.FileMode
	ModTime time.Time
}

// FileSystem is what fs actions, prepare blocks, hdfs_wait and the fs_*
// functions need. Implementations must be safe for concurrent use.
type FileSystem interface {
	// Stat returns ErrNotExist (wrapped) for a missing path.
	Stat(ctx context.Context, path string) (FileInfo, error)
	// Glob returns the sorted paths matching a shell pattern (*, ?, [...]),
	// or none.
	Glob(ctx context.Context, pattern string) ([]string, error)
	// MkdirAll creates path and its parents; an existing directory is fine.
	MkdirAll(ctx context.Context, path string) error
	// Delete removes path and everything below it. A missing path is not an
	// error (deletes must be idempotent so reruns work). skipTrash deletes
	// immediately; otherwise backends with a trash move the path there.
	Delete(ctx context.Context, path string, skipTrash bool) error
	// Rename moves from to to; to must not exist.
	Rename(ctx context.Context, from, to string) error
	// Chmod sets permission bits, below path too when recursive.
	Chmod(ctx context.Context, path string, mode iofs.FileMode, recursive bool) error
	// Chgrp sets the group, below path too when recursive.
	Chgrp(ctx context.Context, path, group string, recursive bool) error
	// Touchz creates an empty file; an existing empty file is fine, a
	// non-empty one is an error (as in `hadoop fs -touchz`).
	Touchz(ctx context.Context, path string) error
	// SetReplication sets a file's replication factor (below a directory:
	// every file's). Backends without replication accept and ignore it.
	SetReplication(ctx context.Context, path string, n int) error
	// DirSize is the total size of the files below path.
	DirSize(ctx context.Context, path string) (int64, error)
}

// Exister is implemented by backends that can tell whether many paths
// exist in fewer calls than a Stat each (HDFS: one listing per directory).
type Exister interface {
	Exists(ctx context.Context, paths []string) ([]bool, error)
}

// Exists reports for each path whether it exists, through fs's Exister
// when it has one, else with a Stat each.
func Exists(ctx context.Context, fs FileSystem, paths []string) ([]bool, error) {
	if e, ok := fs.(Exister); ok {
		return e.Exists(ctx, paths)
	}
	out := make([]bool, len(paths))
	for i, p := range paths {
		_, err := fs.Stat(ctx, p)
		if err != nil && !errors.Is(err, ErrNotExist) {
			return nil, err
		}
		out[i] = err == nil
	}
	return out, nil
}

// Router picks a backend by the path's scheme.
type Router struct {
	mu       sync.RWMutex
	backends map[string]FileSystem
}

// NewRouter returns a router that serves local paths and file:// URLs.
func NewRouter() *Router {
	return &Router{backends: map[string]FileSystem{"": Local{}, "file": Local{}}}
}

// Register makes fs serve URLs with the given scheme (e.g. "hdfs").
func (r *Router) Register(scheme string, fs FileSystem) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.backends[scheme] = fs
}

// SetDefault makes fs serve paths without a scheme (a Hadoop worker's
// default filesystem, fs.defaultFS); file:// URLs stay local.
func (r *Router) SetDefault(fs FileSystem) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.backends[""] = fs
}

// For returns the backend for path.
func (r *Router) For(path string) (FileSystem, error) {
	scheme := Scheme(path)
	r.mu.RLock()
	defer r.mu.RUnlock()
	fs, ok := r.backends[scheme]
	if !ok {
		return nil, fmt.Errorf("%s: no filesystem for scheme %q on this worker (configure the Hadoop backend, or use a local path)", path, scheme)
	}
	return fs, nil
}

// Scheme returns the URL scheme of path (lower case), or "" for a plain
// path; see fspath.ParseFSPath.
func Scheme(path string) string {
	return fspath.ParseFSPath(path).Scheme
}
