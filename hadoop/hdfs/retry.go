package hdfs

// Retries: which failures a fresh connection may fix, and the loop that
// bounds every call.

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"path"
	"strings"
	"time"

	"github.com/colinmarc/hdfs/v2"
	"github.com/howdah/howdah/hadoop/kerberos"
)

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
