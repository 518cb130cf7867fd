package hdfs

// Operations that change HDFS: the fs actions' and the log store's writes.

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"time"

	"github.com/colinmarc/hdfs/v2"
)

// MkdirAll implements fs.FileSystem (mode 0755 before the umask).
func (f *FileSystem) MkdirAll(ctx context.Context, url string) error {
	return f.do(ctx, url, func(c *hdfs.Client, p string) error { return c.MkdirAll(p, 0o755) })
}

// Delete implements fs.FileSystem. With skipTrash, or when the cluster's
// fs.trash.interval is 0 (HDFS's default), the path is deleted at once;
// otherwise it is moved to the user's trash (/user/USER/.Trash/Current,
// keeping its full path, with a timestamp suffix when that name is taken),
// as `hadoop fs -rm` does.
func (f *FileSystem) Delete(ctx context.Context, url string, skipTrash bool) error {
	if err := f.guardDelete(url); err != nil {
		return err
	}
	if !skipTrash && f.trashEnabled() {
		return f.toTrash(ctx, url)
	}
	return f.do(ctx, url, func(c *hdfs.Client, p string) error { return c.RemoveAll(p) })
}

func (f *FileSystem) guardDelete(url string) error {
	_, p, err := f.split(url)
	if err != nil {
		return fmt.Errorf("%w: %v", errRefused, err)
	}
	if p == "/" {
		return fmt.Errorf("%w: refusing to delete %s: it is the filesystem root", errRefused, url)
	}
	return nil
}

// Rename implements fs.FileSystem: to must not exist (colinmarc/hdfs's
// Rename would replace a file there).
func (f *FileSystem) Rename(ctx context.Context, from, to string) error {
	fa, fp, err := f.split(from)
	if err != nil {
		return err
	}
	ta, tp, err := f.split(to)
	if err != nil {
		return err
	}
	if fa != ta {
		return fmt.Errorf("%w: move %s -> %s: both must be on the same namenode", errRefused, from, to)
	}
	return f.do(ctx, from, func(c *hdfs.Client, _ string) error {
		if _, err := c.Stat(fp); err != nil {
			return err
		}
		return renameNoReplace(c, fp, tp)
	})
}

func renameNoReplace(c *hdfs.Client, from, to string) error {
	if _, err := c.Stat(to); err == nil {
		return &os.PathError{Op: "rename", Path: to, Err: iofs.ErrExist}
	} else if !errors.Is(err, iofs.ErrNotExist) {
		return err
	}
	return c.Rename(from, to)
}

// Chmod implements fs.FileSystem.
func (f *FileSystem) Chmod(ctx context.Context, url string, mode iofs.FileMode, recursive bool) error {
	return f.do(ctx, url, func(c *hdfs.Client, p string) error {
		if !recursive {
			return c.Chmod(p, mode.Perm())
		}
		return c.Walk(p, func(q string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return c.Chmod(q, mode.Perm())
		})
	})
}

// Chgrp implements fs.FileSystem. HDFS's setOwner sets both fields, so the
// owner is read first and passed unchanged.
func (f *FileSystem) Chgrp(ctx context.Context, url, group string, recursive bool) error {
	return f.do(ctx, url, func(c *hdfs.Client, p string) error {
		set := func(q string, fi os.FileInfo) error {
			return c.Chown(q, fi.(*hdfs.FileInfo).Owner(), group)
		}
		if !recursive {
			fi, err := c.Stat(p)
			if err != nil {
				return err
			}
			return set(p, fi)
		}
		return c.Walk(p, func(q string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return set(q, fi)
		})
	})
}

// Touchz implements fs.FileSystem.
func (f *FileSystem) Touchz(ctx context.Context, url string) error {
	return f.do(ctx, url, func(c *hdfs.Client, p string) error {
		fi, err := c.Stat(p)
		switch {
		case err == nil && fi.IsDir():
			return &os.PathError{Op: "touchz", Path: p, Err: fmt.Errorf("%w: is a directory", errRefused)}
		case err == nil && fi.Size() > 0:
			return &os.PathError{Op: "touchz", Path: p, Err: fmt.Errorf("%w: not a zero-length file", errRefused)}
		case err == nil:
			return c.Chtimes(p, time.Now(), time.Now())
		case !errors.Is(err, iofs.ErrNotExist):
			return err
		}
		err = c.CreateEmptyFile(p)
		if errors.Is(err, iofs.ErrExist) {
			return nil // a retry after the create went through
		}
		return err
	})
}

// SetReplication implements fs.FileSystem through Options.Setrep.
func (f *FileSystem) SetReplication(ctx context.Context, url string, n int) error {
	if f.opts.Setrep == nil {
		return fmt.Errorf("%w: setrep %s: this worker has no Hadoop client command to set replication with", errRefused, url)
	}
	if _, err := f.Stat(ctx, url); err != nil {
		return err
	}
	return f.opts.Setrep(ctx, url, n)
}

// WriteFile creates url (and its parent directories) with data; an
// existing file is an error (tests and tools).
func (f *FileSystem) WriteFile(ctx context.Context, url string, data []byte) error {
	return f.do(ctx, url, func(c *hdfs.Client, p string) error {
		if err := c.MkdirAll(path.Dir(p), 0o755); err != nil {
			return err
		}
		w, err := c.Create(p)
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			w.Close()
			return err
		}
		// The namenode answers "not yet" while the last block's replicas
		// report in; Close is then to be called again.
		for i := 0; ; i++ {
			err = w.Close()
			if !errors.Is(err, hdfs.ErrReplicating) || i == 50 {
				return err
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// Create creates url (and its parent directories) for writing, streamed
// block by block; an existing file is replaced. Close waits for the last
// block's replicas.
func (f *FileSystem) Create(ctx context.Context, url string) (io.WriteCloser, error) {
	var w *hdfs.FileWriter
	err := f.do(ctx, url, func(c *hdfs.Client, p string) error {
		if err := c.MkdirAll(path.Dir(p), 0o755); err != nil {
			return err
		}
		if err := c.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		var err error
		w, err = c.Create(p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &closeRetry{w}, nil
}

// closeRetry closes an HDFS file, calling Close again while the namenode
// answers that the last block is still replicating.
type closeRetry struct{ *hdfs.FileWriter }

func (c *closeRetry) Close() error {
	for i := 0; ; i++ {
		err := c.FileWriter.Close()
		if !errors.Is(err, hdfs.ErrReplicating) || i == 50 {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
