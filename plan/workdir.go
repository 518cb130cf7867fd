package plan

import (
	"path/filepath"
	"strings"
)

// Localize makes the action's relative local paths absolute against dir,
// the directory the run was submitted from, so `howdah submit` from a
// project directory reads and writes there whatever directory the worker
// runs in: fs operations and prepare blocks (and the directories their
// deletes must stay below, with the same base, so the guard's relation
// holds), streaming and distcp inputs and outputs, hdfs_wait paths, jars,
// libs, files and archives, and a shell's working directory (dir itself
// when the action sets none). URLs (hdfs://, file:) and absolute paths are
// kept.
func (a *Action) Localize(dir string) {
	if dir == "" || !filepath.IsAbs(dir) {
		return
	}
	loc := func(p *string) { *p = LocalizePath(dir, *p) }
	locAll := func(ps []string) {
		for i := range ps {
			loc(&ps[i])
		}
	}
	if p := a.Prepare; p != nil {
		locAll(p.Delete)
		locAll(p.DeleteWithin)
		locAll(p.Mkdir)
	}
	if f := a.FS; f != nil {
		for i := range f.Ops {
			op := &f.Ops[i]
			loc(&op.Path)
			loc(&op.To)
			loc(&op.Within)
		}
	}
	if s := a.Streaming; s != nil {
		locAll(s.Input)
		loc(&s.Output)
	}
	if w := a.HDFSWait; w != nil {
		locAll(w.Paths)
	}
	if d := a.DistCp; d != nil {
		locAll(d.From)
		loc(&d.To)
	}
	if m := a.MapReduce; m != nil {
		loc(&m.Jar)
		locAll(m.Libs)
	}
	if sp := a.Spark; sp != nil {
		loc(&sp.Jar)
		locAll(sp.PyFiles)
		locAll(sp.Jars)
	}
	if h := a.Hive; h != nil {
		loc(&h.Script)
		loc(&h.PasswordFile)
	}
	if j := a.Java; j != nil {
		loc(&j.Jar)
		locAll(j.Libs)
	}
	for _, list := range [][]string{a.Files, a.Archives} {
		for i, f := range list {
			path, link, hasLink := strings.Cut(f, "#")
			list[i] = LocalizePath(dir, path)
			if hasLink {
				list[i] += "#" + link
			}
		}
	}
	if sh := a.Shell; sh != nil {
		if sh.Dir == "" {
			sh.Dir = dir
		} else {
			loc(&sh.Dir)
		}
	}
}

// LocalizePath is p made absolute against dir when it is a relative local
// path; "" stays "".
func LocalizePath(dir, p string) string {
	if p == "" || filepath.IsAbs(p) || strings.Contains(p, "://") || strings.HasPrefix(p, "file:") {
		return p
	}
	return filepath.Join(dir, p)
}
