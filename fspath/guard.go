// Package fspath parses the paths actions name (local, hdfs://, file://)
// and holds the delete guard: a path that could delete more than its
// directory (/, a bare scheme, "..", a climb out of the directory it must
// stay below) is refused, at compile time for static paths and at run time
// for computed ones. It imports nothing of howdah: the compiler, the plan,
// the interpreter's bindings and the filesystem clients all use it.
package fspath

import (
	"fmt"
	"path"
	"strings"
)

// ErrUnsafeDelete is wrapped by every error of the delete guard.
var ErrUnsafeDelete = fmt.Errorf("unsafe delete")

// FSPath is a path as howdah's filesystem backends read it.
type FSPath struct {
	// Scheme is "" for a plain path ("/data", "out/x").
	Scheme string
	// Authority is the namenode (or nameservice) of a URL; "" when the URL
	// names none ("hdfs:///data") or for plain paths.
	Authority string
	// Path is cleaned (path.Clean): "/" for a URL without a path, relative
	// when a plain path is.
	Path string
}

// ParseFSPath splits p the way the filesystem backends do, and as Hadoop's
// Path does: "scheme://authority/path" is split by hand, with no
// percent-decoding and no query or fragment ('%', '?' and '#' are file-name
// and glob characters), so "file:///d/%2e%2e" names a directory called
// "%2e%2e", not the parent of /d. Every backend resolves paths through this
// function, and the delete guard checks what it returns, so the guard sees
// exactly the path that would be deleted.
func ParseFSPath(p string) FSPath {
	scheme, rest, ok := splitScheme(p)
	if !ok {
		return FSPath{Path: path.Clean(p)}
	}
	authority, fp := rest, "/"
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, fp = rest[:i], rest[i:]
	}
	return FSPath{Scheme: scheme, Authority: authority, Path: path.Clean(fp)}
}

// String is the canonical form of the path: "scheme://authority/path" or
// the plain path.
func (p FSPath) String() string {
	if p.Scheme == "" {
		return p.Path
	}
	return p.Scheme + "://" + p.Authority + p.Path
}

// splitScheme returns the scheme of "scheme://rest" (RFC 3986 scheme
// characters), and rest.
func splitScheme(p string) (scheme, rest string, ok bool) {
	i := strings.Index(p, "://")
	if i <= 0 {
		return "", "", false
	}
	for j, r := range p[:i] {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (j == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return "", "", false
		}
	}
	return strings.ToLower(p[:i]), p[i+3:], true
}

// CheckDeletePath refuses paths that would delete a filesystem root, the
// working directory, anything above it, or nothing at all: "", ".", "/",
// "..", "../x", "hdfs://nn:8020", "hdfs://nn:8020/", "file:///".
func CheckDeletePath(p string) error {
	return CheckDeleteWithin("", p)
}

// CheckDeleteWithin is the delete guard: the one rule every delete (fs
// delete operations and prepare blocks, at compile time, when run-time
// values are resolved, and again in the activity) must pass. p, read as the
// filesystem will read it (ParseFSPath), must be strictly below within: on
// the same filesystem, never within itself, never above it. An empty
// within stands for the root of p's filesystem (the working directory for a
// relative p), so CheckDeleteWithin("", p) refuses only roots, empty paths
// and paths that climb out of the working directory.
func CheckDeleteWithin(within, p string) error {
	if strings.TrimSpace(p) == "" {
		return fmt.Errorf("%w: the path is empty", ErrUnsafeDelete)
	}
	t := ParseFSPath(p)
	if t.Path == "/" || t.Path == "." || t.Path == ".." || strings.HasPrefix(t.Path, "../") {
		return fmt.Errorf("%w: %q resolves to %q", ErrUnsafeDelete, p, t.String())
	}
	if within == "" {
		return nil
	}
	w := ParseFSPath(within)
	if w.Scheme != t.Scheme || w.Authority != t.Authority {
		return fmt.Errorf("%w: %q is not on the filesystem of %q", ErrUnsafeDelete, p, within)
	}
	if !strictlyBelow(t.Path, w.Path) {
		return fmt.Errorf("%w: %q resolves to %q, which is not strictly below %q, the directory its fixed prefix names", ErrUnsafeDelete, p, t.String(), w.String())
	}
	return nil
}

// strictlyBelow reports whether the clean path p is below the clean
// directory dir ("." is the working directory, "/" the root).
func strictlyBelow(p, dir string) bool {
	switch dir {
	case ".":
		return !path.IsAbs(p) && p != "." && p != ".." && !strings.HasPrefix(p, "../")
	case "/":
		return path.IsAbs(p) && p != "/"
	}
	return strings.HasPrefix(p, dir+"/")
}

// PathPiece is one part of a delete path as its author wrote it: literal
// text, or the value of an interpolation (a parameter, a captured output,
// an item of a for_each).
type PathPiece struct {
	Text         string
	Interpolated bool
	// Within is the directory a leading interpolation declares its value
	// stays at or below (a parameter's within): the path must then be
	// strictly below it. "" when the value declares none.
	Within string
}

// DeleteTarget is one path an action deletes and the directory it must
// stay strictly below ("" for the root of its filesystem).
type DeleteTarget struct {
	Path   string
	Within string
}

// JoinDeletePath joins the pieces of a delete path and finds the directory
// it must stay strictly below (its within, for CheckDeleteWithin): the
// deepest directory named by the text before an interpolation, so no value
// can climb out of the directory its author fixed, or delete that directory
// itself. An interpolated value must name something (not "", "/" or ".")
// and must not hold a ".." segment. A path that starts with an
// interpolation is bounded by what that value declares (LeadingBound): the
// parameter's within, or the working directory when the value is a
// relative path, so "${param.root}/out" with root = "." deletes "out" and
// nothing above the working directory. within is "" when nothing bounds the
// path (then only roots are refused).
func JoinDeletePath(pieces []PathPiece) (p, within string, err error) {
	var b strings.Builder
	deepest := ""
	for i, pc := range pieces {
		if pc.Interpolated && i == 0 {
			w, err := LeadingBound(pc.Text, pc.Within)
			if err != nil {
				return "", "", err
			}
			deepest = w
		} else if pc.Interpolated {
			if err := CheckPathPiece(pc.Text); err != nil {
				return "", "", err
			}
			if dir := dirOf(b.String()); dir != "" {
				if deepest != "" && ParseFSPath(dir) != ParseFSPath(deepest) {
					if err := CheckDeleteWithin(deepest, dir); err != nil {
						return "", "", fmt.Errorf("%w: the text before an interpolation, %q, has left %q", ErrUnsafeDelete, b.String(), deepest)
					}
				}
				deepest = dir
			}
		}
		b.WriteString(pc.Text)
	}
	p = b.String()
	if err := CheckDeleteWithin(deepest, p); err != nil {
		return "", "", err
	}
	return p, deepest, nil
}

// dirOf returns the directory named by the text before an interpolation
// (up to its last '/'), or "" when that is a root, the working directory or
// no directory at all ("", "/", "./", "hdfs://nn", "hdfs://nn/").
func dirOf(pre string) string {
	start := 0
	if _, rest, ok := splitScheme(pre); ok {
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return ""
		}
		start = len(pre) - len(rest) + i
	}
	k := strings.LastIndexByte(pre, '/')
	if k < start {
		return ""
	}
	dir := pre[:k+1]
	if p := ParseFSPath(dir).Path; p == "/" || p == "." {
		return ""
	}
	return dir
}

// LeadingBound checks the value a delete path starts with and returns the
// directory the path must stay strictly below. With a declared within
// (a parameter's bound) the value must be at or below it, and within is the
// bound. Otherwise a relative value (".", "./out", "data") is bounded by the
// working directory ("."), and any other value must name something, as
// CheckPathPiece says, and bounds nothing (""). No value may hold "..".
func LeadingBound(value, within string) (string, error) {
	if hasDotDot(value) {
		return "", fmt.Errorf("%w: the value is %q, which climbs out of the directory before it", ErrUnsafeDelete, value)
	}
	if within != "" {
		if err := CheckAtOrBelow(within, value); err != nil {
			return "", err
		}
		return within, nil
	}
	if isRelative(value) {
		return ".", nil
	}
	if err := CheckPathPiece(value); err != nil {
		return "", err
	}
	return "", nil
}

// isRelative says whether a value names a path relative to the working
// directory: not empty, no scheme, not starting with "/".
func isRelative(v string) bool {
	if strings.TrimSpace(v) == "" || strings.HasPrefix(v, "/") {
		return false
	}
	_, _, url := splitScheme(v)
	return !url
}

// CheckAtOrBelow is the rule for a value bounded by a parameter's within:
// read as the filesystem reads it, the value is within itself or below it,
// on the same filesystem ("." stands for the working directory: the value
// is then relative and does not climb out of it).
func CheckAtOrBelow(within, value string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("%w: the value is empty, which is not within %q", ErrUnsafeDelete, within)
	}
	w, v := ParseFSPath(within), ParseFSPath(value)
	if w.Scheme != v.Scheme || w.Authority != v.Authority {
		return fmt.Errorf("%w: %q is not on the filesystem of %q, its within", ErrUnsafeDelete, value, within)
	}
	if v.Path != w.Path && !strictlyBelow(v.Path, w.Path) {
		return fmt.Errorf("%w: %q resolves to %q, which is not within %q", ErrUnsafeDelete, value, v.String(), w.String())
	}
	return nil
}

// CheckWithin checks a declared bound (a parameter's within): it names a
// directory, not a filesystem root, and holds no "..". "." (the working
// directory) is a bound.
func CheckWithin(within string) error {
	t := ParseFSPath(within)
	switch {
	case strings.TrimSpace(within) == "":
		return fmt.Errorf("within is empty")
	case hasDotDot(within) || t.Path == ".." || strings.HasPrefix(t.Path, "../"):
		return fmt.Errorf("within %q climbs out of the directory it names", within)
	case t.Path == "/":
		return fmt.Errorf("within %q is a filesystem root, which bounds nothing", within)
	}
	return nil
}

// CheckPathPiece checks one interpolated value of a delete path: it must
// name something (not "", "/" or ".") and hold no ".." segment.
func CheckPathPiece(s string) error {
	if namesNothing(s) {
		return fmt.Errorf("%w: the value is %q, which names nothing, so the path would name the directory before it", ErrUnsafeDelete, s)
	}
	if hasDotDot(s) {
		return fmt.Errorf("%w: the value is %q, which climbs out of the directory before it", ErrUnsafeDelete, s)
	}
	return nil
}

// namesNothing reports whether an interpolated value has no segment but
// "" and ".": "", " ", "/", ".", "./", "//".
func namesNothing(s string) bool {
	for _, seg := range strings.Split(s, "/") {
		if t := strings.TrimSpace(seg); t != "" && t != "." {
			return false
		}
	}
	return true
}

func hasDotDot(s string) bool {
	for _, seg := range strings.Split(s, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// FixedDir is the directory named by the text before an interpolation (up
// to its last '/'), or "" when that is a root, the working directory or no
// directory: what a path written as prefix+value must stay strictly below.
func FixedDir(prefix string) string { return dirOf(prefix) }

// HasNamedSegment reports whether a path prefix already names a directory
// below the root: "/data/" and "out/x" do, "/", "hdfs://nn/" and "./" do
// not. The compiler requires it of the static prefix of a delete path that
// is only known at run time.
func HasNamedSegment(prefix string) bool {
	return dirOf(prefix) != ""
}
