// Package logstore keeps every attempt's stdout and stderr, so an operator
// can read a failed step's output from any machine that reaches the store,
// after the worker that ran it is gone. A store is a local directory (the
// default) or an HDFS directory (hdfs://nn/path) on a cluster.
//
// Layout, under the store's root:
//
//	<workflow id, path-escaped>/<run id>/<node>[/item-<i>]/attempt-<n>[.try-<t>].<stream>
//
// where stream is stdout, stderr or client (the Hadoop client's output),
// and try counts Temporal's own retries of one attempt (a worker crash).
// Each stream is bounded: past the limit the rest is counted, not kept,
// and a marker line says how much was dropped.
package logstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/howdah/howdah/hadoop/hdfs"
)

// DefaultLimit bounds one stream of one attempt.
const DefaultLimit = 16 << 20

// Store is where logs are kept.
type Store interface {
	// Create opens rel for writing, replacing it.
	Create(ctx context.Context, rel string) (io.WriteCloser, error)
	// Open opens rel for reading.
	Open(ctx context.Context, rel string) (io.ReadCloser, error)
	// List lists the files below directory rel, as paths relative to it
	// (empty, not an error, when it does not exist).
	List(ctx context.Context, rel string) ([]string, error)
	// Location is rel as a path or URL a user can open.
	Location(rel string) string
}

// Open returns the store at root: an hdfs:// URL (fs must be set) or a
// local directory.
func Open(root string, fs *hdfs.FileSystem) (Store, error) {
	if strings.HasPrefix(root, "hdfs://") {
		if fs == nil {
			return nil, fmt.Errorf("log store %s: no HDFS client (give the cluster's configuration)", root)
		}
		return &hdfsStore{root: strings.TrimSuffix(root, "/"), fs: fs}, nil
	}
	if strings.Contains(root, "://") {
		return nil, fmt.Errorf("log store %s: want a local directory or an hdfs:// URL", root)
	}
	abs, err := filepath.Abs(strings.TrimPrefix(root, "file://"))
	if err != nil {
		return nil, err
	}
	return &localStore{root: abs}, nil
}

// DefaultRoot is the local store's directory: $HOWDAH_LOG_DIR, else
// howdah/logs under the user's state directory.
func DefaultRoot() string {
	if d := os.Getenv("HOWDAH_LOG_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "howdah", "logs")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "state", "howdah", "logs")
	}
	return filepath.Join(os.TempDir(), "howdah-logs")
}

// RunDir is the directory of one run's logs.
func RunDir(workflowID, runID string) string {
	return segment(workflowID) + "/" + segment(runID)
}

// NodeDir is the directory of one node's logs (item >= 0: one item of a
// for_each).
func NodeDir(workflowID, runID, node string, item int) string {
	d := RunDir(workflowID, runID) + "/" + segment(node)
	if item >= 0 {
		d += "/item-" + strconv.Itoa(item)
	}
	return d
}

// AttemptFile is one stream of one attempt (try > 1: Temporal's retry of
// it after a worker died).
func AttemptFile(nodeDir string, attempt, try int, stream string) string {
	name := "attempt-" + strconv.Itoa(attempt)
	if try > 1 {
		name += ".try-" + strconv.Itoa(try)
	}
	return nodeDir + "/" + name + "." + stream
}

// segment makes s one safe path segment: escaped ("/" included), and
// never "." or "..".
func segment(s string) string {
	e := url.PathEscape(s)
	if e == "" || e == "." || e == ".." {
		e = strings.ReplaceAll(e, ".", "%2E")
		if e == "" {
			e = "%00"
		}
	}
	return e
}

var attemptName = regexp.MustCompile(`^attempt-(\d+)(?:\.try-(\d+))?\.(stdout|stderr|client)$`)

// File is one stored stream, as List finds it.
type File struct {
	Rel     string // relative to the store's root
	Item    int    // -1 when not an item of a for_each
	Attempt int
	Try     int
	Stream  string
}

// Files lists a node's stored streams (every item's, for a for_each), in
// item, attempt, try order, stdout before stderr.
func Files(ctx context.Context, s Store, nodeDir string) ([]File, error) {
	rels, err := s.List(ctx, nodeDir)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, rel := range rels {
		f := File{Rel: rel, Item: -1, Try: 1}
		if nodeDir != "" {
			f.Rel = nodeDir + "/" + rel
		}
		dir, name := "", rel
		if i := strings.LastIndex(rel, "/"); i >= 0 {
			dir, name = rel[:i], rel[i+1:]
		}
		if dir != "" {
			n, ok := strings.CutPrefix(dir, "item-")
			v, err := strconv.Atoi(n)
			if !ok || err != nil || strings.Contains(dir, "/") {
				continue
			}
			f.Item = v
		}
		m := attemptName.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		f.Attempt, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			f.Try, _ = strconv.Atoi(m[2])
		}
		f.Stream = m[3]
		out = append(out, f)
	}
	order := map[string]int{"client": 0, "stdout": 1, "stderr": 2}
	slices.SortFunc(out, func(a, b File) int {
		for _, d := range []int{a.Item - b.Item, a.Attempt - b.Attempt, a.Try - b.Try, order[a.Stream] - order[b.Stream]} {
			if d != 0 {
				return d
			}
		}
		return 0
	})
	return out, nil
}

// Writer is one bounded stream being written: up to Limit bytes are kept,
// the rest counted; Close writes a marker saying how much was dropped.
// It is safe for concurrent writes (a streaming job's tasks share one).
// A store error stops the writing, not the action: Err reports it.
type Writer struct {
	mu      sync.Mutex
	w       io.WriteCloser
	limit   int64
	kept    int64
	dropped int64
	err     error
}

// NewWriter bounds w to limit bytes (DefaultLimit when <= 0).
func NewWriter(w io.WriteCloser, limit int64) *Writer {
	if limit <= 0 {
		limit = DefaultLimit
	}
	return &Writer{w: w, limit: limit}
}

// Write never fails: the action's output must not depend on the store.
func (b *Writer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(p)
	if b.w == nil || b.err != nil {
		return n, nil
	}
	room := b.limit - b.kept
	if room < int64(len(p)) {
		b.dropped += int64(len(p)) - max(room, 0)
		p = p[:max(room, 0)]
	}
	if len(p) > 0 {
		if _, err := b.w.Write(p); err != nil {
			b.err = err
			return n, nil
		}
		b.kept += int64(len(p))
	}
	return n, nil
}

// Close writes the truncation marker, if any, and closes the file.
func (b *Writer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.w == nil {
		return b.err
	}
	if b.dropped > 0 && b.err == nil {
		_, b.err = fmt.Fprintf(b.w, "\n[howdah: output truncated: %d more bytes were not kept (the log store keeps %d bytes per stream and attempt)]\n", b.dropped, b.limit)
	}
	if err := b.w.Close(); err != nil && b.err == nil {
		b.err = err
	}
	b.w = nil
	return b.err
}

// Kept is how many bytes were kept.
func (b *Writer) Kept() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.kept
}

// Err is the store's first error, if writing stopped.
func (b *Writer) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

type localStore struct{ root string }

func (s *localStore) path(rel string) string { return filepath.Join(s.root, filepath.FromSlash(rel)) }

func (s *localStore) Create(_ context.Context, rel string) (io.WriteCloser, error) {
	p := s.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	return os.Create(p)
}

func (s *localStore) Open(_ context.Context, rel string) (io.ReadCloser, error) {
	return os.Open(s.path(rel))
}

func (s *localStore) List(_ context.Context, rel string) ([]string, error) {
	base := s.path(rel)
	var out []string
	err := filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			r, _ := filepath.Rel(base, p)
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return out, err
}

func (s *localStore) Location(rel string) string { return s.path(rel) }

type hdfsStore struct {
	root string
	fs   *hdfs.FileSystem
}

func (s *hdfsStore) url(rel string) string {
	if rel == "" {
		return s.root
	}
	return s.root + "/" + rel
}

func (s *hdfsStore) Create(ctx context.Context, rel string) (io.WriteCloser, error) {
	return s.fs.Create(ctx, s.url(rel))
}

func (s *hdfsStore) Open(ctx context.Context, rel string) (io.ReadCloser, error) {
	return s.fs.Open(ctx, s.url(rel))
}

func (s *hdfsStore) List(ctx context.Context, rel string) ([]string, error) {
	var out []string
	var walk func(dir, prefix string, depth int) error
	walk = func(dir, prefix string, depth int) error {
		names, err := s.fs.ReadDir(ctx, s.url(dir))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		for _, n := range names {
			if strings.HasPrefix(n, "item-") && depth == 0 {
				sub := n
				if dir != "" {
					sub = dir + "/" + n
				}
				if err := walk(sub, prefix+n+"/", depth+1); err != nil {
					return err
				}
				continue
			}
			out = append(out, prefix+n)
		}
		return nil
	}
	return out, walk(rel, "", 0)
}

func (s *hdfsStore) Location(rel string) string { return s.url(rel) }
