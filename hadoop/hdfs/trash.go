package hdfs

// Hadoop's trash: deletes move paths there when the cluster keeps one.

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/colinmarc/hdfs/v2"
)

func (f *FileSystem) trashEnabled() bool {
	v, err := strconv.ParseFloat(f.opts.Conf["fs.trash.interval"], 64)
	return err == nil && v > 0
}

func (f *FileSystem) toTrash(ctx context.Context, url string) error {
	authority, p, err := f.split(url)
	if err != nil {
		return err
	}
	trash := path.Join("/user", f.user, ".Trash", "Current")
	if strings.HasPrefix(p, path.Join("/user", f.user, ".Trash")) {
		return f.do(ctx, url, func(c *hdfs.Client, p string) error { return c.RemoveAll(p) })
	}
	target := path.Join(trash, p)
	return f.do(ctx, "hdfs://"+authority+p, func(c *hdfs.Client, p string) error {
		if _, err := c.Stat(p); err != nil {
			if errors.Is(err, iofs.ErrNotExist) {
				return nil
			}
			return err
		}
		if err := c.MkdirAll(path.Dir(target), 0o700); err != nil {
			return err
		}
		dst := target
		if _, err := c.Stat(dst); err == nil {
			dst = fmt.Sprintf("%s%d", target, time.Now().UnixMilli())
		}
		return renameNoReplace(c, p, dst)
	})
}
