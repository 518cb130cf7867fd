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
	"fmt"
	"net"
	"net/url"
	"os"
	"os/user"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/colinmarc/hdfs/v2"
	"github.com/colinmarc/hdfs/v2/hadoopconf"
	"github.com/howdah/howdah/fspath"
	hconf "github.com/howdah/howdah/hadoop/conf"
	hfs "github.com/howdah/howdah/hadoop/fs"
	"github.com/howdah/howdah/hadoop/kerberos"
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

// LoadConf reads dir's site files through hadoop/conf, or, when dir is
// empty, HADOOP_CONF_DIR's (then HADOOP_HOME/conf's) core- and hdfs-site.xml.
func LoadConf(dir string) (hadoopconf.HadoopConf, error) {
	if dir == "" {
		// colinmarc/hdfs's lookup: HADOOP_CONF_DIR, else HADOOP_HOME's.
		return hadoopconf.LoadFromEnvironment()
	}
	props, err := hconf.Load(dir)
	return hadoopconf.HadoopConf(props), err
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
	fp := fspath.ParseFSPath(raw)
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

var _ hfs.FileSystem = (*FileSystem)(nil)
