package plan

import (
	"fmt"
	"path"
	"strings"
)

// ErrUnsafeDelete is wrapped by CheckDeletePath's errors.
var ErrUnsafeDelete = fmt.Errorf("unsafe delete")

// CheckDeletePath refuses paths that would delete a filesystem root, the
// working directory or nothing at all: "", ".", "/", "hdfs://nn:8020",
// "hdfs://nn:8020/", "file:///". The compiler applies it to static paths and
// the interpreter to resolved ones, so a bad parameter can never delete the
// wrong tree.
func CheckDeletePath(p string) error {
	if strings.TrimSpace(p) == "" {
		return fmt.Errorf("%w: the path is empty", ErrUnsafeDelete)
	}
	rest := p
	if i := strings.Index(p, "://"); i >= 0 {
		rest = p[i+3:]
		// Drop the authority (namenode host:port, possibly empty).
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[j:]
		} else {
			rest = "/"
		}
	}
	clean := path.Clean(rest)
	if clean == "/" || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return fmt.Errorf("%w: %q resolves to %q", ErrUnsafeDelete, p, clean)
	}
	return nil
}

// HasNamedSegment reports whether a path prefix already names a directory
// below the root: "/data/" and "out/x" do, "/", "hdfs://nn/" and "./" do
// not. The compiler requires it of the static prefix of a delete path that
// is only known at run time.
func HasNamedSegment(prefix string) bool {
	rest := prefix
	if i := strings.Index(prefix, "://"); i >= 0 {
		rest = prefix[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return false
		}
		rest = rest[j:]
	}
	// Only whole segments count: "/da" in "/da${x}" could still become "/".
	k := strings.LastIndexByte(rest, '/')
	if k < 0 {
		return false
	}
	for _, seg := range strings.Split(rest[:k], "/") {
		if seg != "" && seg != "." && seg != ".." {
			return true
		}
	}
	return false
}

// DeletePaths lists every path the action deletes: its prepare block's and
// its fs delete operations'.
func (a *Action) DeletePaths() []string {
	var out []string
	if a.Prepare != nil {
		out = append(out, a.Prepare.Delete...)
	}
	if a.FS != nil {
		for _, op := range a.FS.Ops {
			if op.Op == OpDelete {
				out = append(out, op.Path)
			}
		}
	}
	return out
}
