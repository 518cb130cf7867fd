// Package kerberos logs howdah in to a kerberized Hadoop cluster: with a
// keytab (a worker: principal and keytab, renewing its tickets for runs
// that last days) or with the user's ticket cache (KRB5CCNAME, as `kinit`
// left it, for `howdah run`). The krb5 configuration comes from
// KRB5_CONFIG, else /etc/krb5.conf. The usual failures (no ticket, expired
// ticket, wrong keytab, unknown service principal, clock skew, KDC
// unreachable) are classified into errors that say what to do; only an
// unreachable KDC is worth retrying.
//
// Hadoop client processes (jobs, distcp, setrep) get their credentials as
// a ticket cache: the user's own, or one this package fills from the
// keytab with kinit (MIT Kerberos' client tools), private to the worker and
// refreshed before it expires. No password ever appears on a command line.
package kerberos

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/spnego"
)

// Options say how to log in. With Keytab, Principal is required; without
// it the ticket cache is used.
type Options struct {
	// Principal is user[/host]@REALM (the realm defaults to krb5.conf's).
	Principal string
	Keytab    string
	// CCache is the ticket cache: default KRB5CCNAME (a FILE: cache), else
	// /tmp/krb5cc_UID.
	CCache string
	// Config is the krb5.conf: default KRB5_CONFIG, else /etc/krb5.conf.
	Config string
}

// FromEnv fills what o leaves empty from the environment
// (HOWDAH_KERBEROS_PRINCIPAL, HOWDAH_KERBEROS_KEYTAB, KRB5CCNAME,
// KRB5_CONFIG).
func (o Options) FromEnv() Options {
	if o.Principal == "" {
		o.Principal = os.Getenv("HOWDAH_KERBEROS_PRINCIPAL")
	}
	if o.Keytab == "" {
		o.Keytab = os.Getenv("HOWDAH_KERBEROS_KEYTAB")
	}
	if o.CCache == "" {
		o.CCache = os.Getenv("KRB5CCNAME")
	}
	if o.Config == "" {
		o.Config = os.Getenv("KRB5_CONFIG")
	}
	return o
}

// Login is a logged-in Kerberos identity.
type Login struct {
	Client *client.Client
	// Principal is who logged in (user@REALM).
	Principal string
	opts      Options
	krb5conf  *config.Config

	mu      sync.Mutex
	private string    // the private ticket cache for client processes (keytab logins)
	refill  time.Time // when private must be filled again
}

// New logs in as o says.
func New(o Options) (*Login, error) {
	if o.Config == "" {
		o.Config = "/etc/krb5.conf"
	}
	cfg, err := config.Load(o.Config)
	if err != nil {
		return nil, fmt.Errorf("kerberos: krb5 configuration %s: %w", o.Config, err)
	}
	l := &Login{opts: o, krb5conf: cfg}
	if o.Keytab != "" {
		if o.Principal == "" {
			return nil, errors.New("kerberos: a keytab needs its principal (--kerberos-principal or HOWDAH_KERBEROS_PRINCIPAL)")
		}
		kt, err := keytab.Load(o.Keytab)
		if err != nil {
			return nil, fmt.Errorf("kerberos: keytab %s: %w", o.Keytab, err)
		}
		user, realm := splitPrincipal(o.Principal, cfg.LibDefaults.DefaultRealm)
		// The client renews its tickets from the keytab before they expire,
		// for as long as the worker runs.
		l.Client = client.NewWithKeytab(user, realm, kt, cfg, client.DisablePAFXFAST(true))
		l.Principal = user + "@" + realm
		if err := l.Client.Login(); err != nil {
			return nil, Classify(fmt.Errorf("kerberos: log in as %s with keytab %s: %w", l.Principal, o.Keytab, err))
		}
		return l, nil
	}
	path := ccachePath(o.CCache)
	cc, err := credentials.LoadCCache(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("kerberos: %w: no ticket cache at %s (run kinit, or give the worker a keytab)", ErrNoTicket, path)
		}
		return nil, fmt.Errorf("kerberos: ticket cache %s: %w", path, err)
	}
	cl, err := client.NewFromCCache(cc, cfg, client.DisablePAFXFAST(true))
	if err != nil {
		return nil, Classify(fmt.Errorf("kerberos: ticket cache %s: %w", path, err))
	}
	if ok, err := cl.IsConfigured(); !ok {
		return nil, Classify(fmt.Errorf("kerberos: ticket cache %s: %w", path, err))
	}
	l.Client = cl
	l.Principal = cc.DefaultPrincipal.PrincipalName.PrincipalNameString() + "@" + cc.DefaultPrincipal.Realm
	l.opts.CCache = path
	return l, nil
}

// Keytab says whether l logged in with a keytab.
func (l *Login) Keytab() bool { return l.opts.Keytab != "" }

// Config is the krb5.conf l uses.
func (l *Login) Config() string { return l.opts.Config }

// Close drops l's tickets and its private ticket cache.
func (l *Login) Close() {
	l.Client.Destroy()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.private != "" {
		os.RemoveAll(filepath.Dir(l.private))
		l.private = ""
	}
}

// ProcessEnv is the environment a Hadoop client process needs to act as
// l: KRB5CCNAME (the user's cache, or a private one filled from the keytab
// with kinit and refilled when half its life is gone) and KRB5_CONFIG.
func (l *Login) ProcessEnv() ([]string, error) {
	env := []string{"KRB5_CONFIG=" + l.opts.Config}
	if !l.Keytab() {
		return append(env, "KRB5CCNAME=FILE:"+l.opts.CCache), nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.private == "" {
		dir, err := os.MkdirTemp("", "howdah-krb5-")
		if err != nil {
			return nil, err
		}
		l.private = filepath.Join(dir, "ccache")
	}
	if !time.Now().Before(l.refill) {
		kinit, err := exec.LookPath("kinit")
		if err != nil {
			return nil, fmt.Errorf("kerberos: Hadoop client processes need a ticket cache and kinit is not installed (Debian: krb5-user, RHEL: krb5-workstation): %w", err)
		}
		cmd := exec.Command(kinit, "-k", "-t", l.opts.Keytab, "-c", "FILE:"+l.private, l.Principal)
		cmd.Env = []string{"KRB5_CONFIG=" + l.opts.Config, "PATH=" + os.Getenv("PATH")}
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, Classify(fmt.Errorf("kerberos: kinit -k -t %s %s: %v: %s", l.opts.Keytab, l.Principal, err, strings.TrimSpace(string(out))))
		}
		l.refill = halfLife(l.private)
	}
	return append(env, "KRB5CCNAME=FILE:"+l.private), nil
}

// halfLife is when half the life of the ticket-granting ticket in the
// cache at path is gone: the time to fill it again, so a client process
// started then still has half a ticket's life (hours, on most clusters).
// A cache it cannot read is filled again in a minute.
func halfLife(path string) time.Time {
	cc, err := credentials.LoadCCache(path)
	if err != nil {
		return time.Now().Add(time.Minute)
	}
	for _, c := range cc.GetEntries() {
		if strings.HasPrefix(c.Server.PrincipalName.PrincipalNameString(), "krbtgt/") && c.EndTime.After(c.StartTime) {
			return c.StartTime.Add(c.EndTime.Sub(c.StartTime) / 2)
		}
	}
	return time.Now().Add(time.Minute)
}

func ccachePath(s string) string {
	if s == "" {
		return fmt.Sprintf("/tmp/krb5cc_%d", os.Getuid())
	}
	return strings.TrimPrefix(s, "FILE:")
}

// splitPrincipal splits user[/host]@REALM, defaulting the realm.
func splitPrincipal(p, defaultRealm string) (user, realm string) {
	if i := strings.LastIndexByte(p, '@'); i >= 0 {
		return p[:i], p[i+1:]
	}
	return p, defaultRealm
}

// Negotiate sets a SPNEGO Authorization header on r for the web server's
// HTTP/host principal, as Hadoop's web UIs and REST APIs expect.
func (l *Login) Negotiate(r *http.Request) error {
	if err := spnego.SetSPNEGOHeader(l.Client, r, "HTTP/"+r.URL.Hostname()); err != nil {
		return Classify(fmt.Errorf("SPNEGO for HTTP/%s: %w", r.URL.Hostname(), err))
	}
	return nil
}

// ServicePrincipal turns a Hadoop service principal setting (hdfs/_HOST@REALM)
// into the SPN to ask a ticket for on host (hdfs/host).
func ServicePrincipal(setting, host string) string {
	spn, _, _ := strings.Cut(setting, "@")
	return strings.ReplaceAll(spn, "_HOST", host)
}
