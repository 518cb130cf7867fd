package fs

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"

	"github.com/howdah/howdah/fspath"
)

// Local is the local filesystem. It accepts plain paths and file:// URLs.
// It has no trash: deletes are immediate whatever skipTrash says, and
// SetReplication is accepted and ignored.
type Local struct{}

var _ FileSystem = Local{}

// localPath is the path the operating system is given for p: a file://
// URL's path, split by fspath.ParseFSPath (no percent-decoding, as Hadoop's
// Path reads it) and cleaned, so what is deleted is what the delete guard
// checked. Cleaning also drops a trailing slash, which would make
// os.RemoveAll follow a symbolic link to a directory and empty its target.
func localPath(p string) string {
	return fspath.ParseFSPath(p).Path
}

// Stat implements FileSystem.
func (Local) Stat(ctx context.Context, path string) (FileInfo, error) {
	if err := ctx.Err(); err != nil {
		return FileInfo{}, err
	}
	st, err := os.Stat(localPath(path))
	if err != nil {
		return FileInfo{}, err
	}
	return FileInfo{Path: path, Size: st.Size(), IsDir: st.IsDir(), Mode: st.Mode(), ModTime: st.ModTime()}, nil
}

// Glob implements FileSystem.
func (Local) Glob(ctx context.Context, pattern string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	matches, err := filepath.Glob(localPath(pattern))
	if err != nil {
		return nil, fmt.Errorf("glob %s: %w", pattern, err)
	}
	sort.Strings(matches)
	if Scheme(pattern) == "file" {
		for i, m := range matches {
			matches[i] = "file://" + m
		}
	}
	return matches, nil
}

// MkdirAll implements FileSystem.
func (Local) MkdirAll(ctx context.Context, path string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return os.MkdirAll(localPath(path), 0o755)
}

// Delete implements FileSystem.
func (Local) Delete(ctx context.Context, path string, skipTrash bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fspath.CheckDeletePath(path); err != nil {
		return err
	}
	p := localPath(path)
	abs, err := filepath.Abs(p)
	if err == nil && (abs == "/" || abs == filepath.Dir(abs)) {
		return fmt.Errorf("%w: %q is a filesystem root", fspath.ErrUnsafeDelete, path)
	}
	return os.RemoveAll(p)
}

// Rename implements FileSystem.
func (Local) Rename(ctx context.Context, from, to string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := os.Lstat(localPath(to)); err == nil {
		return fmt.Errorf("move %s to %s: %w", from, to, iofs.ErrExist)
	}
	if _, err := os.Lstat(localPath(from)); err != nil {
		return fmt.Errorf("move %s: %w", from, err)
	}
	if err := os.MkdirAll(filepath.Dir(localPath(to)), 0o755); err != nil {
		return err
	}
	return os.Rename(localPath(from), localPath(to))
}

// walk calls fn on path, and below it when recursive, stopping when ctx
// is cancelled (a recursive chmod of a large tree must not outlive a
// cancelled run).
func walk(ctx context.Context, path string, recursive bool, fn func(string) error) error {
	if !recursive {
		return fn(path)
	}
	return filepath.WalkDir(path, func(p string, _ iofs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(p)
	})
}

// Chmod implements FileSystem.
func (Local) Chmod(ctx context.Context, path string, mode iofs.FileMode, recursive bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return walk(ctx, localPath(path), recursive, func(p string) error { return os.Chmod(p, mode) })
}

// Chgrp implements FileSystem.
func (Local) Chgrp(ctx context.Context, path, group string, recursive bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	gid, err := strconv.Atoi(group)
	if err != nil {
		g, lerr := user.LookupGroup(group)
		if lerr != nil {
			return fmt.Errorf("chgrp %s: %w", path, lerr)
		}
		gid, _ = strconv.Atoi(g.Gid)
	}
	return walk(ctx, localPath(path), recursive, func(p string) error { return os.Lchown(p, -1, gid) })
}

// Touchz implements FileSystem.
func (Local) Touchz(ctx context.Context, path string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p := localPath(path)
	if st, err := os.Stat(p); err == nil {
		if st.IsDir() || st.Size() > 0 {
			return fmt.Errorf("touchz %s: %w (and is not an empty file)", path, iofs.ErrExist)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// SetReplication implements FileSystem; local files have no replicas.
func (Local) SetReplication(ctx context.Context, path string, n int) error {
	if _, err := os.Stat(localPath(path)); err != nil {
		return err
	}
	return ctx.Err()
}

// DirSize implements FileSystem.
func (Local) DirSize(ctx context.Context, path string) (int64, error) {
	var n int64
	err := filepath.WalkDir(localPath(path), func(p string, d iofs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if errors.Is(err, syscall.ENOENT) {
		err = fmt.Errorf("%s: %w", path, iofs.ErrNotExist)
	}
	return n, err
}
