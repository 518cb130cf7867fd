package activities

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/hadoop/yarn"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/activity"
)

// BeelineCommand is the beeline a worker runs when none is configured:
// $HIVE_HOME/bin/beeline, else $SPARK_HOME/bin/beeline, else beeline on
// PATH.
func BeelineCommand() string {
	for _, home := range []string{"HIVE_HOME", "SPARK_HOME"} {
		if h := os.Getenv(home); h != "" {
			if p := filepath.Join(h, "bin", "beeline"); isExecutable(p) {
				return p
			}
		}
	}
	return "beeline"
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

func (a *Activities) beeline() string {
	if a.Beeline != "" {
		return a.Beeline
	}
	return BeelineCommand()
}

// The settings that tag a Hive query's work, in the order a server is
// asked to take them: Hive 4 tags the YARN applications a query starts
// with hive.query.tag (and can KILL QUERY by it); older servers and the
// engines under them take the applications' tags directly.
const (
	hiveQueryTag = "hive.query.tag"
	hiveMRTags   = "mapreduce.job.tags"
	hiveTezTags  = "tez.application.tags"
)

// hiveRefusals remembers, per JDBC URL, the tag settings a server refused
// when a session opened (Hive before 4 and Spark's Thrift server do not
// know hive.query.tag; an authorization whitelist may refuse the others),
// so the worker asks once, not at every query.
type hiveRefusals struct {
	mu  sync.Mutex
	url map[string]map[string]bool
}

func (r *hiveRefusals) of(url string) map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]bool{}
	for k := range r.url[url] {
		out[k] = true
	}
	return out
}

func (r *hiveRefusals) add(url, key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.url == nil {
		r.url = map[string]map[string]bool{}
	}
	if r.url[url] == nil {
		r.url[url] = map[string]bool{}
	}
	r.url[url][key] = true
}

// refusedSetting finds which of howdah's tag settings a server refused as
// the session opened (so nothing of the script ran): "" when none.
func refusedSetting(out string) string {
	if !strings.Contains(out, "Failed to open new session") && !strings.Contains(out, "Could not open client transport") {
		return ""
	}
	for _, k := range []string{hiveQueryTag, hiveMRTags, hiveTezTags} {
		if strings.Contains(out, k) {
			return k
		}
	}
	return ""
}

// Hive runs a hive action's script or query with beeline against
// HiveServer2.
//
// Each try has its own tag (the attempt's, with the try's number), set on
// the session as hive.query.tag, mapreduce.job.tags and
// tez.application.tags (a server that refuses one as the session opens
// is asked again without it, and remembered), so the YARN applications
// its queries start are followed in status and killed on cancel. A
// beeline session cannot be re-attached: a try after a lost worker first
// kills what the earlier tries left running, then runs the script again.
// A cancel interrupts beeline (which cancels the running statement on
// the server), kills the tagged applications, and, on a server that took
// hive.query.tag, runs KILL QUERY with the tag. A worker with no cluster
// runs beeline with nothing to follow.
func (a *Activities) Hive(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	hv := in.Action.Hive
	if hv == nil {
		return contract.ActionResult{}, badInput(in.Node, "no hive block")
	}
	url := hv.JDBCURL
	if url == "" {
		url = a.HiveJDBCURL
	}
	if url == "" {
		return contract.ActionResult{}, badInput(in.Node, "the hive action has no jdbc_url and the worker has no --hive-jdbc-url: say which HiveServer2 to use")
	}
	if err := plan.CheckHiveURL(url, hv.Principal); err != nil {
		return contract.ActionResult{}, badInput(in.Node, "%v", err)
	}
	if err := hv.CheckArgs(); err != nil {
		return contract.ActionResult{}, badInput(in.Node, "%v", err)
	}
	url = plan.HiveURL(url, hv.Principal)
	user := hv.User
	if a.Hadoop != nil && a.Hadoop.ProxyUser && in.User != "" {
		// The worker's own login connects; HiveServer2 runs the queries
		// as the run's user (it must allow the worker as a proxy).
		if !hiveUser.MatchString(in.User) {
			return contract.ActionResult{}, badInput(in.Node, "the worker runs jobs as the run's user, and %q is not a Hadoop user name", in.User)
		}
		url = plan.AddHiveSetting(url, "hive.server2.proxy.user", in.User)
	} else if user == "" {
		user = in.User
	}
	beeline := a.beeline()
	if _, err := exec.LookPath(beeline); err != nil {
		return contract.ActionResult{}, badInput(in.Node, "hive actions need beeline: %q cannot be run (%v). Set HIVE_HOME or the worker's --beeline flag.", beeline, err)
	}
	dir, err := os.MkdirTemp(a.WorkDir, "howdah-hive-")
	if err != nil {
		return contract.ActionResult{}, err
	}
	defer os.RemoveAll(dir)
	script, err := a.hiveScript(ctx, hv, dir)
	if err != nil {
		if errors.Is(err, errBadInput) {
			return contract.ActionResult{}, failed(ctx, in.Node, err)
		}
		return contract.ActionResult{}, transientErr(ctx, in.Node, "reading the script "+hv.Script, err)
	}
	passwordFile := hv.PasswordFile
	if hv.Password != "" {
		passwordFile = filepath.Join(dir, "password")
		if err := os.WriteFile(passwordFile, []byte(hv.Password), 0o600); err != nil {
			return contract.ActionResult{}, err
		}
	}
	h := a.jobRunner()
	if h == nil {
		h = localJobs{}
	}
	conn := hiveConn{beeline: beeline, url: url, user: user, passwordFile: passwordFile}
	if holdsSecret(HiveArgs(in, url, user, passwordFile, script, "", nil), in.Secrets) {
		// Refused before prepare runs: nothing is done.
		return contract.ActionResult{}, badInput(in.Node, "a sensitive value is in the action's configuration, params, args, user or jdbc_url, which reach beeline's command line (the host's process table): set it on HiveServer2, or give it as the action's password")
	}
	tag := JobTag(in)
	try := activityAttempt(ctx)
	var earlier []string
	for t := 1; t < try; t++ {
		earlier = append(earlier, clientTryTag(tag, t))
		h.KillTagged(clientTryTag(tag, t))
	}
	if len(earlier) > 0 && !a.hiveRefused.of(url)[hiveQueryTag] {
		// The earlier tries' queries may still run on the server (their
		// beeline died with its worker).
		a.killQuery(ctx, in, conn, earlier...)
	}
	tag = clientTryTag(tag, try)
	var preface string
	for {
		skip := a.hiveRefused.of(url)
		var refused string
		c := clientProc{
			command: beeline, dir: dir, interrupt: true, preface: preface,
			explain: func(out string, exitErr error, apps []yarn.App) error {
				refused = refusedSetting(out)
				return hiveFailed(out, exitErr, apps)
			},
		}
		if !skip[hiveQueryTag] {
			c.onCancel = func() { a.killQuery(ctx, in, conn, tag) }
		}
		res, err := a.runClientJob(ctx, in, h, tag, c, func(string) ([]string, error) {
			return HiveArgs(in, conn.url, conn.user, passwordFile, script, tag, skip), nil
		})
		if refused != "" && !skip[refused] {
			a.hiveRefused.add(url, refused)
			preface = "howdah: HiveServer2 refused " + refused + " as the session opened (nothing ran); running beeline again without it"
			if activity.IsActivity(ctx) {
				activity.GetLogger(ctx).Info("HiveServer2 refused a tag setting as the session opened; running again without it", "node", in.Node, "setting", refused)
			}
			continue
		}
		return res, err
	}
}

// holdsSecret reports whether an argument holds one of the secrets.
func holdsSecret(argv, secrets []string) bool {
	for _, a := range argv {
		for _, s := range secrets {
			if s != "" && strings.Contains(a, s) {
				return true
			}
		}
	}
	return false
}

// hiveUser is a user name HiveServer2 may run queries as.
var hiveUser = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)

// hiveConn is how beeline connects.
type hiveConn struct {
	beeline, url, user, passwordFile string
}

// hiveScript is the local file beeline runs: the inline query written
// out, a script on HDFS copied here, or the local script itself.
func (a *Activities) hiveScript(ctx context.Context, hv *plan.Hive, dir string) (string, error) {
	write := func(b []byte) (string, error) {
		p := filepath.Join(dir, "script.hql")
		return p, os.WriteFile(p, b, 0o600)
	}
	switch {
	case hv.Query != "":
		return write([]byte(hv.Query))
	case strings.Contains(hv.Script, "://") && !strings.HasPrefix(hv.Script, "file:"):
		if a.HDFS == nil || !strings.HasPrefix(hv.Script, "hdfs://") {
			return "", fmt.Errorf("%w: script %s: this worker reads scripts from local paths and hdfs:// (with a cluster)", errBadInput, hv.Script)
		}
		fi, err := a.HDFS.Stat(ctx, hv.Script)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return "", fmt.Errorf("%w: script %s does not exist", errBadInput, hv.Script)
			}
			return "", err
		}
		if fi.Size > maxHiveScript {
			return "", fmt.Errorf("%w: script %s is %d bytes, over the %d-byte limit", errBadInput, hv.Script, fi.Size, maxHiveScript)
		}
		b, err := a.HDFS.ReadFile(ctx, hv.Script)
		if err != nil {
			return "", err
		}
		return write(b)
	default:
		p := strings.TrimPrefix(hv.Script, "file://")
		p = strings.TrimPrefix(p, "file:")
		fi, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("%w: script %s: %v", errBadInput, hv.Script, err)
		}
		if !fi.Mode().IsRegular() {
			return "", fmt.Errorf("%w: script %s is not a file", errBadInput, hv.Script)
		}
		return p, nil
	}
}

// maxHiveScript bounds a script read from HDFS.
const maxHiveScript = 16 << 20

// HiveArgs are beeline's arguments for a hive action: the connection, the
// action's configuration as --hiveconf, then the tag settings (last, so
// the configuration cannot undo them) less those in skip, the params as
// --hivevar, the action's own args, and the script.
func HiveArgs(in contract.ActionInput, url, user, passwordFile, script, tag string, skip map[string]bool) []string {
	hv := in.Action.Hive
	argv := []string{"-u", url}
	if user != "" {
		argv = append(argv, "-n", user)
	}
	if passwordFile != "" {
		argv = append(argv, "-w", passwordFile)
	}
	for _, p := range in.Action.Configuration {
		argv = append(argv, "--hiveconf", p.Name+"="+p.Value)
	}
	if tag != "" {
		tags := strings.Join(append([]string{tag, "howdah"}, ReadableTags(in)...), ",")
		for _, s := range []struct{ k, v string }{{hiveQueryTag, tag}, {hiveMRTags, tags}, {hiveTezTags, tags}} {
			if !skip[s.k] {
				argv = append(argv, "--hiveconf", s.k+"="+s.v)
			}
		}
	}
	for _, p := range hv.Params {
		argv = append(argv, "--hivevar", p.Name+"="+p.Value)
	}
	argv = append(argv, hv.Args...)
	return append(argv, "-f", script)
}

// killQuery asks the server to kill the queries carrying the tags (Hive
// 4's KILL QUERY by tag): after a cancel, as the interrupted beeline's own
// cancel may not have reached a query still compiling or queued, and
// before a try after a lost worker runs the script again. Best effort,
// bounded; what it says goes to the worker's log.
func (a *Activities) killQuery(ctx context.Context, in contract.ActionInput, conn hiveConn, tags ...string) {
	kctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	argv := []string{"-u", conn.url}
	if conn.user != "" {
		argv = append(argv, "-n", conn.user)
	}
	if conn.passwordFile != "" {
		argv = append(argv, "-w", conn.passwordFile)
	}
	var stmts []string
	for _, t := range tags {
		stmts = append(stmts, "KILL QUERY '"+t+"'")
	}
	argv = append(argv, "--force=true", "-e", strings.Join(stmts, "; "))
	cmd := exec.CommandContext(kctx, conn.beeline, argv...)
	cmd.Env = a.Env.Build()
	if a.Hadoop != nil {
		if env, err := a.Hadoop.ProcessEnv(a.Env, ""); err == nil {
			cmd.Env = env // the worker's Kerberos login, as beeline had
		}
	}
	out, err := cmd.CombinedOutput()
	if activity.IsActivity(ctx) {
		if err != nil {
			activity.GetLogger(ctx).Warn("KILL QUERY by tag failed", "node", in.Node, "tags", tags, "error", err, "output", plan.NewRedactor(in.Secrets).String(jobs.LastLines(strings.TrimSpace(string(out)), 3)))
		} else {
			activity.GetLogger(ctx).Info("KILL QUERY by tag", "node", in.Node, "tags", tags)
		}
	}
}

// hiveFailed explains a beeline that exited non-zero: the server's error
// (beeline's "Error:" line, the first line of it, with the SQL state
// beeline prints after the server's stack trace), else its last output.
func hiveFailed(out string, exitErr error, apps []yarn.App) error {
	var parts []string
	for _, a := range apps {
		if a.Terminal() && !a.Succeeded() {
			parts = append(parts, jobs.Describe(a))
		}
	}
	msg := HiveError(out)
	if msg == "" {
		msg = "its last output:\n" + jobs.LastLines(strings.TrimSpace(out), 12)
	}
	parts = append(parts, fmt.Sprintf("beeline exited with %v: %s", exitErr, msg))
	err := errors.New(strings.Join(parts, "; "))
	if len(apps) == 0 && (strings.Contains(out, "Connection refused") || strings.Contains(out, "java.net.ConnectException")) {
		return fmt.Errorf("%w: %v", jobs.ErrTransient, err)
	}
	return err
}

// sqlState is the "(state=42P01,code=0)" beeline ends an error with.
var sqlState = regexp.MustCompile(`\(state=[^,()]*,code=-?[0-9]+\)`)

// HiveError is the first error beeline reported in out: its "Error:"
// line, with the state and code beeline printed after the server's
// stack trace; "" when out has none.
func HiveError(out string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "Error: ") {
			continue
		}
		msg := l
		if sqlState.MatchString(l) {
			return msg
		}
		for _, rest := range lines[i+1:] {
			if strings.HasPrefix(strings.TrimSpace(rest), "Error: ") {
				break
			}
			if st := sqlState.FindString(rest); st != "" {
				return msg + " " + st
			}
		}
		return msg
	}
	return ""
}
