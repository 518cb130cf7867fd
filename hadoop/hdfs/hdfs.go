// Package hdfs is the hdfs:// backend of package hadoop/fs, on
// github.com/colinmarc/hdfs/v2 (HDFS's native RPC protocol, no JVM).
//
// colinmarc/hdfs has no context support and no read timeout on the namenode
// connection, and after a connection error it refuses to reconnect for five
// seconds. This package bounds and heals every call:
//   - every connection it dials has a dial timeout, and every read and write
//     on it a deadline (Options.CallTimeout); a connection that timed out or
//     failed is closed, so a hung namenode costs one timeout, not a worker;
//   - a call that failed for a transport reason (connection refused or reset,
//     timeout, a standby or safe-mode namenode) is retried on a fresh client
//     with backoff, for up to Options.RetryFor, so a namenode restart or an
//     HA failover is survived;
//   - the caller's context bounds the whole call.
//
// Paths without a scheme are on fs.defaultFS, as for any Hadoop client.
// Namenodes come from the Hadoop configuration (HADOOP_CONF_DIR): a URL's
// authority is either host:port, or an HA nameservice whose namenodes are
// dfs.ha.namenodes.NS and dfs.namenode.rpc-address.NS.NN; hdfs:///path uses
// fs.defaultFS. With simple authentication the user is Options.User, else
// HADOOP_USER_NAME, else the process's user; on a kerberized cluster
// (hadoop.security.authentication=kerberos) it is Options.Kerberos's
// principal, the namenode's service principal comes from
// dfs.namenode.kerberos.principal (_HOST is the namenode's host) and block
// transfers are protected as dfs.data.transfer.protection says.
package hdfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"net"
	"net/url"
	"os"
	"os/user"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/colinmarc/hdfs/v2"
	"github.com/colinmarc/hdfs/v2/hadoopconf"
	hfs "github.com/howdah/howdah/hadoop/fs"
	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/plan"
)

// Options configures a FileSystem.
type Options struct {
	// Conf is the Hadoop configuration; see LoadConf.
	Conf hadoopconf.HadoopConf
	// User is the HDFS user; default HADOOP_USER_NAME, else the OS user.
	User string
	// DialTimeout bounds connecting to a namenode or datanode (default 5s).
	DialTimeout time.Duration
	// CallTimeout bounds each read and write on a connection (default 20s).
	CallTimeout time.Duration
	// RetryFor is how long a call is retried through transport failures
	// (default 45s; a namenode restart takes about ten).
	RetryFor time.Duration
	// Setrep sets replication; colinmarc/hdfs has no call for it, so the
	// worker supplies one that runs `hadoop fs -setrep`. Nil refuses setrep.
	Setrep func(ctx context.Context, url string, n int) error
	// Kerberos is the login used on a kerberized cluster.
	Kerberos *kerberos.Login
}

// LoadConf reads core-site.xml and hdfs-site.xml from dir, or from
// HADOOP_CONF_DIR (then HADOOP_HOME/conf) when dir is empty.
func LoadConf(dir string) (hadoopconf.HadoopConf, error) {
	if dir != "" {
		return hadoopconf.Load(dir)
	}
	return hadoopconf.LoadFromEnvironment()
}

// FileSystem serves hdfs:// URLs. It is safe for concurrent use; it keeps
// one client per namenode (or nameservice), which serialises that
// namenode's calls as colinmarc/hdfs does.
type FileSystem struct {
	opts Options
	user string

	mu      sync.Mutex
	clients map[string]*hdfs.Client // by authority

	// knownDirs remembers directories that listings found (see Exists).
	knownDirs sync.Map

	// rpcs counts namenode calls (each colinmarc call is one RPC, listings of
	// more than dfs.ls.limit entries excepted), for the watch benchmark.
	rpcs atomic.Int64
}

// New returns a FileSystem; it connects lazily, on the first call.
func New(opts Options) (*FileSystem, error) {
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = 5 * time.Second
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 20 * time.Second
	}
	if opts.RetryFor <= 0 {
		opts.RetryFor = 45 * time.Second
	}
	u := opts.User
	if opts.Kerberos != nil {
		// Kerberos says who we are; HADOOP_USER_NAME means nothing there.
		u, _, _ = strings.Cut(opts.Kerberos.Principal, "@")
		u, _, _ = strings.Cut(u, "/")
	}
	if u == "" {
		u = os.Getenv("HADOOP_USER_NAME")
	}
	if u == "" {
		cur, err := user.Current()
		if err != nil {
			return nil, fmt.Errorf("hdfs: no user: set HADOOP_USER_NAME (%v)", err)
		}
		u = cur.Username
	}
	if opts.Conf == nil {
		opts.Conf = hadoopconf.HadoopConf{}
	}
	return &FileSystem{opts: opts, user: u, clients: map[string]*hdfs.Client{}}, nil
}

// User is the HDFS user calls run as.
func (f *FileSystem) User() string { return f.user }

// RPCs is the number of namenode calls made so far.
func (f *FileSystem) RPCs() int64 { return f.rpcs.Load() }

// Close closes every client.
func (f *FileSystem) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, c := range f.clients {
		c.Close()
		delete(f.clients, k)
	}
	return nil
}

// split parses an hdfs:// URL (or an absolute path on the default
// filesystem) into its authority (defaulted from fs.defaultFS) and clean
// absolute path. It does not use net/url: HDFS paths may hold '?', '#' and
// '%', which are glob and file-name characters here, not URL syntax.
func (f *FileSystem) split(raw string) (authority, p string, err error) {
	fp := plan.ParseFSPath(raw)
	switch {
	case fp.Scheme == "hdfs":
		authority, p = fp.Authority, fp.Path
	case fp.Scheme == "" && strings.HasPrefix(raw, "/"):
		p = fp.Path
	default:
		return "", "", fmt.Errorf("%s: not an hdfs:// URL or absolute path", raw)
	}
	if authority == "" {
		def, _ := url.Parse(f.opts.Conf["fs.defaultFS"])
		if def == nil || def.Scheme != "hdfs" || def.Host == "" {
			return "", "", fmt.Errorf("%s: no namenode in the URL and fs.defaultFS is not an hdfs:// URL (set HADOOP_CONF_DIR)", raw)
		}
		authority = def.Host
	}
	return authority, p, nil
}

// Namenodes returns the RPC addresses serving authority: its namenodes when
// it names an HA nameservice, else the authority itself (port 8020 unless
// given).
func (f *FileSystem) Namenodes(authority string) []string {
	c := f.opts.Conf
	if ids := c["dfs.ha.namenodes."+authority]; ids != "" {
		var out []string
		for _, id := range strings.Split(ids, ",") {
			if a := c["dfs.namenode.rpc-address."+authority+"."+strings.TrimSpace(id)]; a != "" {
				out = append(out, a)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if a := c["dfs.namenode.rpc-address."+authority]; a != "" {
		return []string{a}
	}
	if _, _, err := net.SplitHostPort(authority); err != nil {
		return []string{net.JoinHostPort(authority, "8020")}
	}
	return []string{authority}
}

func (f *FileSystem) client(authority string) (*hdfs.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.clients[authority]; c != nil {
		return c, nil
	}
	opts := hdfs.ClientOptionsFromConf(f.opts.Conf)
	opts.Addresses = f.Namenodes(authority)
	opts.User = f.user
	if opts.KerberosClient != nil {
		if f.opts.Kerberos == nil {
			return nil, fmt.Errorf("%w: hdfs: the cluster uses Kerberos (hadoop.security.authentication=kerberos): %w", errRefused, kerberos.ErrNoTicket)
		}
		opts.KerberosClient = f.opts.Kerberos.Client
		opts.User = ""
	}
	dial := f.dial
	opts.NamenodeDialFunc = dial
	opts.DatanodeDialFunc = dial
	c, err := hdfs.NewClient(opts)
	if err != nil {
		return nil, err
	}
	f.clients[authority] = c
	return c, nil
}

// drop forgets authority's client so the next call dials afresh.
func (f *FileSystem) drop(authority string, c *hdfs.Client) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.clients[authority] == c {
		delete(f.clients, authority)
		go c.Close()
	}
}

func (f *FileSystem) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: f.opts.DialTimeout}
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &deadlineConn{Conn: conn, timeout: f.opts.CallTimeout}, nil
}

// deadlineConn puts a deadline on every read and write and closes itself
// on the first error, so colinmarc/hdfs never blocks forever and never
// reuses a connection left mid-message.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
}

func (c *deadlineConn) Read(b []byte) (int, error) {
	c.Conn.SetReadDeadline(time.Now().Add(c.timeout))
	n, err := c.Conn.Read(b)
	if err != nil {
		c.Conn.Close()
	}
	return n, err
}

func (c *deadlineConn) Write(b []byte) (int, error) {
	c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	n, err := c.Conn.Write(b)
	if err != nil {
		c.Conn.Close()
	}
	return n, err
}

// retriable namenode exceptions: the call may succeed on another namenode
// or a moment later.
var retriableExceptions = map[string]bool{
	"org.apache.hadoop.ipc.StandbyException":                   true,
	"org.apache.hadoop.ipc.RetriableException":                 true,
	"org.apache.hadoop.hdfs.server.namenode.SafeModeException": true,
	"org.apache.hadoop.ipc.ObserverRetryOnActiveException":     true,
}

// transient reports whether err is worth a retry on a fresh connection:
// anything but a definite answer from the namenode.
func transient(err error) bool {
	if k := kerberos.Classify(err); k != err {
		// Kerberos: an unreachable KDC may come back; a refused key, an
		// unknown principal or an expired ticket will not by themselves.
		return kerberos.Retryable(k)
	}
	if errors.Is(err, iofs.ErrNotExist) || errors.Is(err, iofs.ErrPermission) || errors.Is(err, iofs.ErrExist) ||
		errors.Is(err, iofs.ErrInvalid) || errors.Is(err, errRefused) {
		return false
	}
	var remote hdfs.Error
	if errors.As(err, &remote) {
		return retriableExceptions[remote.Exception()]
	}
	return true
}

// errRefused marks errors of this package that no retry can fix.
var errRefused = errors.New("refused")

// ErrUnavailable wraps the last error of a call that kept failing for
// transport reasons until its retry budget ran out.
var ErrUnavailable = errors.New("namenode unavailable")

// do runs fn against authority's client, bounded by ctx, retrying
// transport failures on a fresh client for up to RetryFor.
func (f *FileSystem) do(ctx context.Context, url string, fn func(c *hdfs.Client, p string) error) error {
	authority, p, err := f.split(url)
	if err != nil {
		return fmt.Errorf("%w: %v", errRefused, err)
	}
	deadline := time.Now().Add(f.opts.RetryFor)
	backoff := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		c, err := f.client(authority)
		if err == nil {
			err = f.call(ctx, func() error { return fn(c, p) })
			if err != nil && transient(err) {
				f.drop(authority, c)
			}
		}
		if err == nil || !transient(err) || ctx.Err() != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if c != nil && errors.Is(err, iofs.ErrPermission) {
				// colinmarc/hdfs turns AccessControlException into a bare
				// "permission denied": say who asked and what the
				// namenode holds, as its own message would have.
				err = fmt.Errorf("%w (HDFS user %q; %s)", err, f.user, access(c, p))
			}
			return kerberos.Classify(err)
		}
		if time.Now().Add(backoff).After(deadline) {
			return fmt.Errorf("%w: %s after %d attempts in %s: %v", ErrUnavailable, strings.Join(f.Namenodes(authority), ","), attempt, f.opts.RetryFor, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// access describes p and its parent's owner, group and mode, for a
// permission error.
func access(c *hdfs.Client, p string) string {
	var parts []string
	for _, q := range []string{p, path.Dir(p)} {
		fi, err := c.Stat(q)
		if err != nil {
			continue
		}
		if hfi, ok := fi.(*hdfs.FileInfo); ok {
			parts = append(parts, fmt.Sprintf("%s is %s:%s %s", q, hfi.Owner(), hfi.OwnerGroup(), fi.Mode()))
		}
		if q == "/" {
			break
		}
	}
	if len(parts) == 0 {
		return "the path's owner and mode could not be read"
	}
	return strings.Join(parts, ", ")
}

// call runs fn in a goroutine so ctx can end the wait; the connection
// deadlines end fn itself soon after.
func (f *FileSystem) call(ctx context.Context, fn func() error) error {
	f.rpcs.Add(1)
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

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

var _ hfs.FileSystem = (*FileSystem)(nil)

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
