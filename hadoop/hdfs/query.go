package hdfs

// Queries: stat, existence, globbing, sizes and reads.

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/colinmarc/hdfs/v2"
	hfs "github.com/howdah/howdah/hadoop/fs"
)

func info(url string, fi os.FileInfo) hfs.FileInfo {
	return hfs.FileInfo{Path: url, Size: fi.Size(), IsDir: fi.IsDir(), Mode: fi.Mode(), ModTime: fi.ModTime()}
}

// Stat implements fs.FileSystem.
func (f *FileSystem) Stat(ctx context.Context, url string) (hfs.FileInfo, error) {
	var out hfs.FileInfo
	err := f.do(ctx, url, func(c *hdfs.Client, p string) error {
		fi, err := c.Stat(p)
		if err == nil {
			out = info(url, fi)
		}
		return err
	})
	return out, err
}

// Exists reports for each URL whether it exists, in few namenode calls:
//   - URLs sharing a parent directory are answered by one listing of it;
//   - URLs alone in their parent but sharing a grandparent are answered by
//     one listing of the grandparent, which tells which parents exist, and
//     then a getFileInfo for each URL whose parent exists (a watch for
//     data/DAY/HOUR/_SUCCESS flags mostly costs a listing per day); once
//     every parent in such a group is known to exist, the listing is
//     skipped;
//   - any other URL costs one getFileInfo.
func (f *FileSystem) Exists(ctx context.Context, urls []string) ([]bool, error) {
	out := make([]bool, len(urls))
	byParent := groupBy(urls, parentURL)
	var singles []string
	for _, d := range sortedKeys(byParent) {
		idx := byParent[d]
		if len(idx) == 1 {
			singles = append(singles, urls[idx[0]])
			continue
		}
		names, err := f.names(ctx, d)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			out[i] = names[baseName(urls[i])]
		}
	}
	index := make(map[string]int, len(urls))
	for i, u := range urls {
		index[u] = i
	}
	grand := func(u string) string { return parentURL(parentURL(u)) }
	byGrand := groupBy(singles, grand)
	for _, g := range sortedKeys(byGrand) {
		idx := byGrand[g]
		var parents map[string]bool
		if len(idx) > 1 && !f.allKnownDirs(singles, idx) {
			var err error
			if parents, err = f.names(ctx, g); err != nil {
				return nil, err
			}
			for _, j := range idx {
				if p := parentURL(singles[j]); parents[baseName(p)] {
					f.knownDirs.Store(p, true)
				}
			}
		}
		for _, j := range idx {
			u := singles[j]
			if parents != nil && !parents[baseName(parentURL(u))] {
				continue // its directory does not exist yet
			}
			_, err := f.Stat(ctx, u)
			if err != nil && !errors.Is(err, iofs.ErrNotExist) {
				return nil, err
			}
			out[index[u]] = err == nil
		}
	}
	return out, nil
}

// allKnownDirs reports whether every parent of the URLs is a directory an
// earlier listing saw: then listing the grandparent again would only cost
// a call (the getFileInfo of each URL answers anyway, so a directory
// removed since is still seen correctly).
func (f *FileSystem) allKnownDirs(urls []string, idx []int) bool {
	for _, j := range idx {
		if _, ok := f.knownDirs.Load(parentURL(urls[j])); !ok {
			return false
		}
	}
	return true
}

// names lists a directory's entry names; a missing directory has none.
func (f *FileSystem) names(ctx context.Context, dir string) (map[string]bool, error) {
	var names map[string]bool
	err := f.do(ctx, dir, func(c *hdfs.Client, p string) error {
		entries, err := c.ReadDir(p)
		if err != nil {
			return err
		}
		names = make(map[string]bool, len(entries))
		for _, e := range entries {
			names[e.Name()] = true
		}
		return nil
	})
	if errors.Is(err, iofs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	return names, err
}

func groupBy(urls []string, key func(string) string) map[string][]int {
	m := map[string][]int{}
	for i, u := range urls {
		k := key(u)
		m[k] = append(m[k], i)
	}
	return m
}

func sortedKeys(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func baseName(u string) string { return path.Base(strings.TrimSuffix(u, "/")) }

// parentURL is the URL of u's parent directory, in u's form.
func parentURL(u string) string {
	prefix, p := "", u
	if strings.HasPrefix(u, "hdfs://") {
		rest := u[len("hdfs://"):]
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return u + "/"
		}
		prefix, p = "hdfs://"+rest[:i], rest[i:]
	}
	return prefix + path.Dir(path.Clean("/"+p))
}

// Glob implements fs.FileSystem: shell patterns in any path segment, one
// listing per directory that has a pattern below it.
func (f *FileSystem) Glob(ctx context.Context, pattern string) ([]string, error) {
	authority, p, err := f.split(pattern)
	if err != nil {
		return nil, err
	}
	prefix := "hdfs://" + authority
	if strings.HasPrefix(pattern, "hdfs:///") {
		prefix = "hdfs://"
	} else if strings.HasPrefix(pattern, "/") {
		prefix = "" // a path on the default filesystem stays one
	}
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	cur := []string{"/"}
	for i, seg := range segs {
		last := i == len(segs)-1
		var next []string
		if !strings.ContainsAny(seg, "*?[\\") {
			for _, d := range cur {
				next = append(next, path.Join(d, seg))
			}
		} else {
			if _, err := path.Match(seg, ""); err != nil {
				return nil, fmt.Errorf("%w: %s: bad pattern: %v", errRefused, pattern, err)
			}
			for _, d := range cur {
				var entries []os.FileInfo
				err := f.do(ctx, prefix+d, func(c *hdfs.Client, dp string) error {
					var err error
					entries, err = c.ReadDir(dp)
					return err
				})
				if errors.Is(err, iofs.ErrNotExist) {
					continue
				}
				if err != nil {
					return nil, err
				}
				for _, e := range entries {
					if ok, _ := path.Match(seg, e.Name()); ok && (last || e.IsDir()) {
						next = append(next, path.Join(d, e.Name()))
					}
				}
			}
		}
		cur = next
		if len(cur) == 0 {
			return nil, nil
		}
	}
	// Literal segments after the last pattern still have to exist.
	var out []string
	for _, c := range cur {
		u := prefix + c
		if !strings.ContainsAny(segs[len(segs)-1], "*?[\\") {
			if _, err := f.Stat(ctx, u); errors.Is(err, iofs.ErrNotExist) {
				continue
			} else if err != nil {
				return nil, err
			}
		}
		out = append(out, u)
	}
	sort.Strings(out)
	return out, nil
}

// DirSize implements fs.FileSystem with one getContentSummary call.
func (f *FileSystem) DirSize(ctx context.Context, url string) (int64, error) {
	var n int64
	err := f.do(ctx, url, func(c *hdfs.Client, p string) error {
		cs, err := c.GetContentSummary(p)
		if err == nil {
			n = cs.Size()
		}
		return err
	})
	return n, err
}

// ReadFile returns url's contents.
func (f *FileSystem) ReadFile(ctx context.Context, url string) ([]byte, error) {
	var out []byte
	err := f.do(ctx, url, func(c *hdfs.Client, p string) error {
		var err error
		out, err = c.ReadFile(p)
		return err
	})
	return out, err
}

// Open opens url for reading, streamed.
func (f *FileSystem) Open(ctx context.Context, url string) (io.ReadCloser, error) {
	var r *hdfs.FileReader
	err := f.do(ctx, url, func(c *hdfs.Client, p string) error {
		var err error
		r, err = c.Open(p)
		return err
	})
	return r, err
}

// ReadDir lists the names in directory url.
func (f *FileSystem) ReadDir(ctx context.Context, url string) ([]string, error) {
	var names []string
	err := f.do(ctx, url, func(c *hdfs.Client, p string) error {
		infos, err := c.ReadDir(p)
		for _, fi := range infos {
			names = append(names, fi.Name())
		}
		return err
	})
	return names, err
}
