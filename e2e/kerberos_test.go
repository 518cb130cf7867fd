package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/hadoop/hdfs"
	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/internal/hadooptest"
	"github.com/howdah/howdah/worker"
	sdkclient "go.temporal.io/sdk/client"
)

// The kerberized cluster and a worker logged in to it with howdah's keytab,
// on a queue of its own.
const secureQueue = "secure-hadoop"

var (
	secureOnce sync.Once
	secureActs *activities.Activities
	secureErr  error
)

func secureCluster(t *testing.T) *hadooptest.Cluster {
	t.Helper()
	c := hadooptest.GetSecure(t)
	secureOnce.Do(func() {
		secureActs, secureErr = activities.NewWithHadoop(activities.HadoopConfig{
			ConfDir: c.ConfDir, Command: c.Hadoop, StreamingJar: c.StreamingJar, PollEvery: 500 * time.Millisecond,
			Kerberos: kerberos.Options{Principal: "howdah@" + c.Realm, Keytab: filepath.Join(c.Keytabs, "howdah.keytab"), Config: c.Krb5Conf},
		})
		if secureErr != nil {
			return
		}
		secureActs.HeartbeatEvery = 200 * time.Millisecond
		w := worker.New(tc, secureQueue, secureActs, worker.Options{})
		secureErr = w.Start()
	})
	if secureErr != nil {
		t.Fatal(secureErr)
	}
	return c
}

func startSecure(t *testing.T, src string, params map[string]string) sdkclient.WorkflowRun {
	t.Helper()
	run, err := client.Start(context.Background(), tc, compile(t, src, params), client.Options{TaskQueue: secureQueue, User: "tester", HeartbeatTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// On a kerberized cluster (Kerberos RPC, SASL-protected block transfers,
// SPNEGO on REST APIs served over HTTPS only) a worker with a keytab runs fs steps, waits for
// data, submits a MapReduce job and a streaming job, follows them and reads
// their counters, as on an unsecured one.
func TestKerberosWorkflow(t *testing.T) {
	c := secureCluster(t)
	ctx := context.Background()
	dir := c.FS + "/user/howdah/kerberos-" + fmt.Sprint(time.Now().UnixNano())
	// Block transfers both ways through SASL data transfer protection.
	if err := secureActs.HDFS.WriteFile(ctx, dir+"/in/words.txt", []byte("secure hadoop secure\n")); err != nil {
		t.Fatalf("write through SASL data transfer: %v", err)
	}
	if b, err := secureActs.HDFS.ReadFile(ctx, dir+"/in/words.txt"); err != nil || string(b) != "secure hadoop secure\n" {
		t.Fatalf("read back: %q %v", b, err)
	}
	run := startSecure(t, `workflow "kerberized" {
  param "dir" {}
  param "jar" {}
  action "prep" {
    fs {
      mkdir { path = "${param.dir}/work" }
      touchz { path = "${param.dir}/work/_READY" }
      chmod {
        path        = "${param.dir}/work"
        permissions = "750"
      }
    }
  }
  action "wait" {
    hdfs_wait {
      paths     = ["${param.dir}/work"]
      done_flag = "_READY"
    }
  }
  action "count" {
    map_reduce {
      jar        = param.jar
      main_class = "org.apache.hadoop.examples.WordCount"
      args       = ["${param.dir}/in", "${param.dir}/count"]
    }
    configuration = { "mapreduce.job.reduces" = 0 }
  }
  action "shout" {
    streaming {
      input    = ["${param.dir}/in"]
      output   = "${param.dir}/shout"
      mapper   = ["tr", "a-z", "A-Z"]
      reducers = 0
    }
  }
}`, map[string]string{"dir": dir, "jar": c.ExamplesJar})
	cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := run.Get(cctx, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	st := state(t, run)
	if got := statuses(st, "prep", "wait", "count", "shout"); got != "prep=OK wait=OK count=OK shout=OK" {
		t.Errorf("states: %s", got)
	}
	if n := node(st, "count"); !strings.HasPrefix(n.ExternalID, "application_") {
		t.Errorf("count's external id %q", n.ExternalID)
	}
	res, err := client.Results(ctx, tc, run.GetID(), run.GetRunID(), st)
	if err != nil {
		t.Fatal(err)
	}
	if got := res["count"].Counters["org.apache.hadoop.mapreduce.TaskCounter"]["MAP_INPUT_RECORDS"]; got != 1 {
		t.Errorf("count's MAP_INPUT_RECORDS = %d (counters from the JobHistory server over SPNEGO): %v", got, res["count"].Counters)
	}
	var out []string
	for _, sub := range []string{"count", "shout"} {
		parts, err := secureActs.HDFS.Glob(ctx, dir+"/"+sub+"/part-*")
		if err != nil || len(parts) == 0 {
			t.Fatalf("%s parts: %v %v", sub, parts, err)
		}
		for _, p := range parts {
			b, err := secureActs.HDFS.ReadFile(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
		}
	}
	all := strings.Join(out, "")
	if !strings.Contains(all, "secure\t1") || !strings.Contains(all, "SECURE HADOOP SECURE") {
		t.Errorf("outputs: %q", all)
	}
	// The REST calls went over HTTPS (yarn.http.policy HTTPS_ONLY),
	// trusting ssl-client.xml's JKS truststore.
	if y := secureActs.Hadoop.YARN; !strings.HasPrefix(y.RM[0], "https://") || !strings.HasPrefix(y.JHS, "https://") {
		t.Errorf("REST endpoints %v %s: want https", y.RM, y.JHS)
	}
	// The job ran as the keytab's principal.
	apps, err := secureActs.Hadoop.YARN.AppsByTag(ctx, "howdah-node:count")
	if err != nil || len(apps) == 0 || apps[len(apps)-1].User != "howdah" {
		t.Errorf("count's application: %+v %v", apps, err)
	}
}

// Cancelling a run kills its YARN application through the
// ResourceManager's SPNEGO-protected REST API.
func TestKerberosCancelKillsTheJob(t *testing.T) {
	c := secureCluster(t)
	ctx := context.Background()
	dir := c.FS + "/user/howdah/kcancel-" + fmt.Sprint(time.Now().UnixNano())
	if err := secureActs.HDFS.WriteFile(ctx, dir+"/in/a.txt", []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	run := startSecure(t, sleepJob(dir, 600), nil)
	waitWithin(t, 2*time.Minute, 500*time.Millisecond, "the job to run on YARN", func() bool {
		apps, _ := secureActs.Hadoop.YARN.AppsByTag(ctx, "howdah-wf:"+strings.ToLower(run.GetID()))
		return len(apps) > 0 && apps[0].State == "RUNNING"
	})
	if err := tc.CancelWorkflow(ctx, run.GetID(), ""); err != nil {
		t.Fatal(err)
	}
	waitWithin(t, time.Minute, 500*time.Millisecond, "the application to be killed", func() bool {
		apps, _ := secureActs.Hadoop.YARN.AppsByTag(ctx, "howdah-wf:"+strings.ToLower(run.GetID()))
		return len(apps) > 0 && apps[0].State == "KILLED"
	})
}

// The usual Kerberos failures, each against the real KDC where one can be
// made: a clear error, classified, and retried only when the KDC is
// unreachable.
func TestKerberosFailures(t *testing.T) {
	c := secureCluster(t)
	kt := func(name string) string { return filepath.Join(c.Keytabs, name+".keytab") }
	login := func(o kerberos.Options) error {
		if o.Config == "" {
			o.Config = c.Krb5Conf
		}
		l, err := kerberos.New(o)
		if err == nil {
			l.Close()
		}
		return err
	}
	expect := func(what string, err, kind error, retry bool) {
		t.Helper()
		if !errors.Is(err, kind) || kerberos.Retryable(err) != retry {
			t.Errorf("%s: %v; want %v (retryable %v)", what, err, kind, retry)
		}
	}
	expect("no ticket cache", login(kerberos.Options{CCache: filepath.Join(t.TempDir(), "none")}), kerberos.ErrNoTicket, false)
	expect("a keytab whose key changed", login(kerberos.Options{Principal: "stale@" + c.Realm, Keytab: kt("stale")}), kerberos.ErrBadKeytab, false)
	// A KDC that does not answer: bounded, retryable.
	dead := filepath.Join(t.TempDir(), "krb5.conf")
	b, _ := os.ReadFile(c.Krb5Conf)
	os.WriteFile(dead, []byte(strings.ReplaceAll(string(b), c.KDC, "127.0.0.1:9")), 0o644)
	began := time.Now()
	err := login(kerberos.Options{Principal: "howdah@" + c.Realm, Keytab: kt("howdah"), Config: dead})
	expect("KDC unreachable", err, kerberos.ErrKDCUnreachable, true)
	if time.Since(began) > 30*time.Second {
		t.Errorf("an unreachable KDC took %s to report", time.Since(began))
	}
	// The user's ticket cache (what `kinit; howdah run` uses) works.
	good := filepath.Join(t.TempDir(), "good-ccache")
	kinit := exec.Command("kinit", "-k", "-t", kt("howdah"), "-c", "FILE:"+good, "howdah@"+c.Realm)
	kinit.Env = append(os.Environ(), "KRB5_CONFIG="+c.Krb5Conf)
	if out, err := kinit.CombinedOutput(); err != nil {
		t.Fatalf("kinit: %v %s", err, out)
	}
	if cl, err := kerberos.New(kerberos.Options{CCache: "FILE:" + good, Config: c.Krb5Conf}); err != nil {
		t.Errorf("login from a ticket cache: %v", err)
	} else {
		fs, _ := hdfs.New(hdfs.Options{Conf: mustConf(t, c.ConfDir), Kerberos: cl})
		if _, err := fs.Stat(context.Background(), c.FS+"/user"); err != nil || cl.Principal != "howdah@"+c.Realm || cl.Keytab() {
			t.Errorf("HDFS with the ticket cache's login (%s): %v", cl.Principal, err)
		}
		cl.Close()
	}
	// An expired ticket in the user's cache (kinit for 5 seconds).
	cc := filepath.Join(t.TempDir(), "ccache")
	cmd := exec.Command("kinit", "-l", "5s", "-k", "-t", kt("howdah"), "-c", "FILE:"+cc, "howdah@"+c.Realm)
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+c.Krb5Conf)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kinit: %v %s", err, out)
	}
	time.Sleep(7 * time.Second)
	err = login(kerberos.Options{CCache: cc})
	if err == nil {
		// gokrb5 loads an expired cache; the first call that needs a
		// ticket fails.
		l, _ := kerberos.New(kerberos.Options{CCache: cc, Config: c.Krb5Conf})
		fs, _ := hdfs.New(hdfs.Options{Conf: mustConf(t, c.ConfDir), Kerberos: l, RetryFor: time.Second})
		_, err = fs.Stat(context.Background(), c.FS+"/")
	}
	expect("an expired ticket", err, kerberos.ErrExpired, false)
	// A wrong service principal for the namenode: refused at once.
	conf := mustConf(t, c.ConfDir)
	conf["dfs.namenode.kerberos.principal"] = "nn/_HOST@" + c.Realm
	l, err := kerberos.New(kerberos.Options{Principal: "howdah@" + c.Realm, Keytab: kt("howdah"), Config: c.Krb5Conf})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	fs, _ := hdfs.New(hdfs.Options{Conf: conf, Kerberos: l})
	began = time.Now()
	_, err = fs.Stat(context.Background(), c.FS+"/")
	expect("a wrong service principal", err, kerberos.ErrUnknownService, false)
	if time.Since(began) > 10*time.Second {
		t.Errorf("a wrong service principal was retried for %s", time.Since(began))
	}
	// Clock skew cannot be made on a shared clock: its KDC error is
	// classified as the KDC words it.
	expect("clock skew", kerberos.Classify(errors.New("KRB Error: (37) KRB_AP_ERR_SKEW Clock Skew too great")), kerberos.ErrClockSkew, false)
}

func mustConf(t *testing.T, dir string) map[string]string {
	t.Helper()
	conf, err := hdfs.LoadConf(dir)
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

// A worker with --proxy-user runs each job as the run's user, as Oozie
// does, impersonating it with its own principal (the cluster allows
// howdah to); a user name that is not one is refused before anything runs.
func TestKerberosProxyUser(t *testing.T) {
	c := secureCluster(t)
	ctx := context.Background()
	a := keytabActivities(t, c, true)
	const q = "secure-proxy"
	w := worker.New(tc, q, a, worker.Options{})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	dir := c.FS + "/tmp/proxy-" + fmt.Sprint(time.Now().UnixNano())
	if err := a.HDFS.WriteFile(ctx, dir+"/in/a.txt", []byte("as alice\n")); err != nil {
		t.Fatal(err)
	}
	if err := a.HDFS.Chmod(ctx, dir, 0o777, true); err != nil {
		t.Fatal(err)
	}
	src := `workflow "proxied" {
  param "dir" {}
  action "job" {
    streaming {
      input    = ["${param.dir}/in"]
      output   = "${param.dir}/out"
      mapper   = ["cat"]
      reducers = 0
    }
  }
}`
	for _, tc2 := range []struct {
		user string
		ok   bool
	}{{"alice", true}, {"alice/../hdfs", false}} {
		run, err := client.Start(ctx, tc, compile(t, src, map[string]string{"dir": dir}), client.Options{TaskQueue: q, User: tc2.user, HeartbeatTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		err = run.Get(cctx, nil)
		cancel()
		if !tc2.ok {
			if err == nil || !strings.Contains(err.Error(), "not a Hadoop user name") {
				t.Errorf("user %q: %v", tc2.user, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("run as %s: %v", tc2.user, err)
		}
		apps, err := a.Hadoop.YARN.AppsByTag(ctx, "howdah-wf:"+strings.ToLower(run.GetID()))
		if err != nil || len(apps) == 0 || apps[0].User != "alice" {
			t.Errorf("the job's application: %+v %v; want it run by alice", apps, err)
		}
		if b, err := a.HDFS.ReadFile(ctx, dir+"/out/part-00000"); err != nil || !strings.Contains(string(b), "as alice") {
			t.Errorf("the output: %q %v", b, err)
		}
	}
}

// A worker (logged in with its keytab) killed with SIGKILL while its job
// runs on the kerberized cluster: the next worker re-attaches to the job
// over SPNEGO instead of submitting it again.
func TestKerberosWorkerKilledReattaches(t *testing.T) {
	c := secureCluster(t)
	ctx := context.Background()
	dir := c.FS + "/user/howdah/kcrash-" + fmt.Sprint(time.Now().UnixNano())
	if err := secureActs.HDFS.WriteFile(ctx, dir+"/in/x.txt", []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	const q = "secure-crash"
	env := []string{
		"HOWDAH_E2E_HADOOP_CONF=" + c.ConfDir, "HOWDAH_E2E_HADOOP=" + c.Hadoop, "HOWDAH_E2E_STREAMING_JAR=" + c.StreamingJar,
		"KRB5_CONFIG=" + c.Krb5Conf, "HOWDAH_KERBEROS_PRINCIPAL=howdah@" + c.Realm, "HOWDAH_KERBEROS_KEYTAB=" + filepath.Join(c.Keytabs, "howdah.keytab"),
	}
	first := startWorkerProcess(t, q, env...)
	run, err := client.Start(ctx, tc, compile(t, sleepJob(dir, 20), nil), client.Options{TaskQueue: q, HeartbeatTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	y := secureActs.Hadoop.YARN
	tag := tagOf(run, "sleep")
	waitWithin(t, 2*time.Minute, 250*time.Millisecond, "the application to run", func() bool {
		apps, err := y.AppsByTag(ctx, tag)
		return err == nil && len(apps) == 1 && apps[0].State == "RUNNING"
	})
	first.Process.Kill()
	first.Wait()
	startWorkerProcess(t, q, env...)
	cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	if err := run.Get(cctx, nil); err != nil {
		t.Fatal(err)
	}
	apps, err := y.AppsByTag(ctx, tag)
	if err != nil || len(apps) != 1 || !apps[0].Succeeded() {
		t.Fatalf("applications tagged %s: %+v %v", tag, apps, err)
	}
}

// Keytab logins outlive their tickets: with 10-second tickets (krb5.conf's
// ticket_lifetime) the login still authenticates a new namenode connection
// half a minute later, and the ticket cache made for client processes is
// filled again once half its ticket's life is gone.
func TestKerberosKeytabLoginRenews(t *testing.T) {
	c := secureCluster(t)
	b, err := os.ReadFile(c.Krb5Conf)
	if err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(t.TempDir(), "krb5.conf")
	os.WriteFile(short, []byte(strings.Replace(string(b), "[libdefaults]", "[libdefaults]\n    ticket_lifetime = 10s", 1)), 0o644)
	l, err := kerberos.New(kerberos.Options{Principal: "howdah@" + c.Realm, Keytab: filepath.Join(c.Keytabs, "howdah.keytab"), Config: short})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	stat := func() error {
		fs, err := hdfs.New(hdfs.Options{Conf: mustConf(t, c.ConfDir), Kerberos: l, RetryFor: 5 * time.Second})
		if err != nil {
			return err
		}
		defer fs.Close()
		_, err = fs.Stat(context.Background(), c.FS+"/user")
		return err
	}
	if err := stat(); err != nil {
		t.Fatal(err)
	}
	env := func() string {
		e, err := l.ProcessEnv()
		if err != nil {
			t.Fatal(err)
		}
		for _, kv := range e {
			if p, ok := strings.CutPrefix(kv, "KRB5CCNAME=FILE:"); ok {
				return p
			}
		}
		t.Fatal("no KRB5CCNAME")
		return ""
	}
	cc := env()
	first, _ := os.Stat(cc)
	time.Sleep(25 * time.Second)
	if err := stat(); err != nil {
		t.Errorf("after its first tickets expired the keytab login no longer authenticates: %v", err)
	}
	if again, _ := os.Stat(env()); first == nil || again == nil || !again.ModTime().After(first.ModTime()) {
		t.Error("the client processes' ticket cache was not filled again after its ticket's half-life")
	}
}

// The kerberized cluster's HDFS is an HA nameservice: after a failover
// (the active namenode becomes standby) the same worker, with the same
// login, reads and writes through the other namenode, and a run's fs steps
// and job work there.
func TestKerberosHAFailover(t *testing.T) {
	c := secureCluster(t)
	ctx := context.Background()
	if !strings.HasPrefix(c.FS, "hdfs://howdah-ns") {
		t.Fatalf("the secure cluster's filesystem is %s, not the HA nameservice", c.FS)
	}
	dir := c.FS + "/user/howdah/ha-" + fmt.Sprint(time.Now().UnixNano())
	if err := secureActs.HDFS.WriteFile(ctx, dir+"/in/a.txt", []byte("before failover\n")); err != nil {
		t.Fatal(err)
	}
	c.Failover(t)
	if b, err := secureActs.HDFS.ReadFile(ctx, dir+"/in/a.txt"); err != nil || string(b) != "before failover\n" {
		t.Fatalf("read after failover: %q %v", b, err)
	}
	run := startSecure(t, `workflow "ha" {
  param "dir" {}
  action "touch" {
    fs {
      touchz { path = "${param.dir}/after" }
    }
  }
  action "copy" {
    streaming {
      input    = ["${param.dir}/in"]
      output   = "${param.dir}/out"
      mapper   = ["cat"]
      reducers = 0
    }
  }
}`, map[string]string{"dir": dir})
	cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	if err := run.Get(cctx, nil); err != nil {
		t.Fatalf("run after failover: %v", err)
	}
	if b, err := secureActs.HDFS.ReadFile(ctx, dir+"/out/part-00000"); err != nil || !strings.Contains(string(b), "before failover") {
		t.Errorf("the job's output: %q %v", b, err)
	}
}

// TestKerberosSpark runs the PySpark word count in cluster mode on the
// kerberized cluster: spark-submit gets the worker's keytab login (a ticket
// cache, and the realm's krb5.conf for its JVM), fetches the delegation
// tokens the application needs, and howdah follows the application over
// SPNEGO. With a proxy-user worker the application runs as the run's user.
func TestKerberosSpark(t *testing.T) {
	c := secureCluster(t)
	if c.SparkHome == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Spark: scripts/hadoop-minicluster prepare installs it")
		}
		t.Skip("no Spark: run scripts/hadoop-minicluster prepare")
	}
	t.Setenv("SPARK_HOME", c.SparkHome)
	t.Setenv("SPARK_CONF_DIR", c.SparkConfDir)
	ctx := context.Background()
	script := filepath.Join(t.TempDir(), "wordcount.py")
	os.WriteFile(script, []byte(wordCountPy), 0o644)
	for _, proxy := range []bool{false, true} {
		t.Run(fmt.Sprintf("proxy-user=%t", proxy), func(t *testing.T) {
			a := keytabActivities(t, c, proxy)
			a.SparkSubmit = c.SparkSubmit()
			q := fmt.Sprintf("secure-spark-%t", proxy)
			w := worker.New(tc, q, a, worker.Options{})
			if err := w.Start(); err != nil {
				t.Fatal(err)
			}
			defer w.Stop()
			dir := fmt.Sprintf("%s/tmp/spark-%d", c.FS, time.Now().UnixNano())
			if err := a.HDFS.WriteFile(ctx, dir+"/in/a.txt", []byte("a b a\n")); err != nil {
				t.Fatal(err)
			}
			if err := a.HDFS.Chmod(ctx, dir, 0o777, true); err != nil {
				t.Fatal(err)
			}
			src := `workflow "secure-spark" {
  action "wc" {
    spark {
      jar  = "` + script + `"
      args = ["` + dir + `/in", "` + dir + `/out"]
    }
  }
}`
			run, err := client.Start(ctx, tc, compile(t, src, nil), client.Options{TaskQueue: q, User: "alice", HeartbeatTimeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			cctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
			defer cancel()
			if err := run.Get(cctx, nil); err != nil {
				t.Fatalf("%v (%s)", err, node(state(t, run), "wc").Error)
			}
			apps, err := a.Hadoop.YARN.AppsByTag(ctx, tagOf(run, "wc"))
			want := "howdah"
			if proxy {
				want = "alice"
			}
			if err != nil || len(apps) != 1 || !apps[0].Succeeded() || apps[0].ApplicationType != "SPARK" || apps[0].User != want {
				t.Errorf("applications: %+v %v; want one SPARK application run by %s", apps, err, want)
			}
			if b, err := a.HDFS.ReadFile(ctx, dir+"/out/part-00000"); err != nil || string(b) != "a\t2\nb\t1\n" {
				t.Errorf("output %q, %v", b, err)
			}
		})
	}
}

// keytabActivities are activities for the kerberized cluster logged in
// with howdah's keytab, impersonating the run's user when proxy is set.
func keytabActivities(t *testing.T, c *hadooptest.Cluster, proxy bool) *activities.Activities {
	t.Helper()
	a, err := activities.NewWithHadoop(activities.HadoopConfig{
		ConfDir: c.ConfDir, Command: c.Hadoop, StreamingJar: c.StreamingJar, PollEvery: 500 * time.Millisecond,
		Kerberos:  kerberos.Options{Principal: "howdah@" + c.Realm, Keytab: filepath.Join(c.Keytabs, "howdah.keytab"), Config: c.Krb5Conf},
		ProxyUser: proxy,
	})
	if err != nil {
		t.Fatal(err)
	}
	a.HeartbeatEvery = 200 * time.Millisecond
	return a
}
