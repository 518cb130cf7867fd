package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/internal/hadooptest"
)

// The hive tests share one HiveServer2-protocol server: Spark's Thrift
// server (hadooptest.StartThriftServer), which accepts one user and
// password. Only a real Hive would start YARN applications for a query
// (and show hive.query.tag becoming their tags, and KILL QUERY by tag);
// the tag settings reaching the server's session, the variables, the
// errors and the cancel of a running statement are the same protocol.
var (
	thriftOnce sync.Once
	thrift     *hadooptest.ThriftServer
)

func thriftServer(t testing.TB) *hadooptest.ThriftServer {
	t.Helper()
	c := hadoopCluster(t)
	if c.SparkHome == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Spark: scripts/hadoop-minicluster prepare installs it")
		}
		t.Skip("no Spark: run scripts/hadoop-minicluster prepare")
	}
	thriftOnce.Do(func() { thrift, _ = hadooptest.StartThriftServer(t, c.SparkHome) })
	if thrift == nil {
		t.Fatal("the Thrift server did not start")
	}
	return thrift
}

// beelineQuery runs sql on s as the test (not through howdah) and
// returns its rows, tab-separated.
func beelineQuery(t *testing.T, s *hadooptest.ThriftServer, sql string) string {
	t.Helper()
	out, err := exec.Command(s.Beeline, "-u", s.URL, "-n", s.User, "-p", s.Password, "--silent=true", "--showHeader=false", "--outputformat=tsv2", "-e", sql).Output()
	if err != nil {
		t.Fatalf("beeline %q: %v\n%s", sql, err, out)
	}
	var rows []string
	for _, l := range strings.Split(string(out), "\n") {
		// beeline -e prints its prompt before the first row.
		if i := strings.Index(l, "> "); i >= 0 && strings.Contains(l[:i], "jdbc:hive2://") {
			l = l[i+2:]
		}
		if l = strings.TrimSpace(l); l != "" {
			rows = append(rows, l)
		}
	}
	return strings.Join(rows, "\n")
}

// hiveWorkflow is a workflow of one hive action with body, given the
// server's URL and password as parameters.
func hiveWorkflow(body string) string {
	return `workflow "hive-test" {
  param "url" {}
  param "pw" { sensitive = true }
  param "day" { default = "2026-12-01" }
  action "q" {
    configuration = { "spark.sql.shuffle.partitions" = "3" }
    hive {
      jdbc_url = param.url
      user     = "etl"
      password = param.pw
      ` + body + `
    }
  }
}`
}

func hiveParams(s *hadooptest.ThriftServer) map[string]string {
	return map[string]string{"url": s.URL, "pw": s.Password}
}

// TestHiveScriptOnHiveServer2 runs a script through beeline with a
// password from a sensitive parameter: the server saw the hivevar, the
// action's configuration and the try's tag (read back by the test from
// the table the script filled), and the client's log never holds the
// password.
func TestHiveScriptOnHiveServer2(t *testing.T) {
	s := thriftServer(t)
	table := fmt.Sprintf("howdah_load_%d", time.Now().UnixNano())
	script := filepath.Join(t.TempDir(), "load.hql")
	os.WriteFile(script, []byte(`-- howdah test
CREATE TABLE IF NOT EXISTS ${table} (day STRING, tags STRING, partitions STRING);
INSERT INTO ${table} SELECT '${hivevar:day}', '${hiveconf:mapreduce.job.tags}', '${hiveconf:spark.sql.shuffle.partitions}';
`), 0o644)
	w := compile(t, hiveWorkflow(`script = "`+script+`"
      params = { day = param.day, table = "`+table+`" }`), hiveParams(s))
	run := startOnHadoop(t, w)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	tag := tagOf(run, "q") + "-1"
	want := "2026-12-01\t" + tag + ",howdah,howdah-wf:" + run.GetID() + ",howdah-node:q\t3"
	if got := beelineQuery(t, s, "SELECT * FROM "+table); got != want {
		t.Errorf("the table holds\n%q\nwant\n%q", got, want)
	}
	logs := runLogs(t, run.GetID(), "q")
	if !strings.Contains(logs, "Connected to: Spark SQL") || strings.Contains(logs, s.Password) {
		t.Errorf("client log (connected, and no password):\n%s", logs)
	}

	// The password from a file on the worker host instead.
	pwFile := filepath.Join(t.TempDir(), "hive.pw")
	os.WriteFile(pwFile, []byte(s.Password), 0o600)
	src := `workflow "hive-pwfile" {
  action "q" {
    hive {
      jdbc_url      = "` + s.URL + `"
      user          = "etl"
      password_file = "` + pwFile + `"
      query         = "INSERT INTO ` + table + ` SELECT 'from-file', '', ''"
    }
  }
}`
	if _, err := runOnHadoop(t, compile(t, src, nil)); err != nil {
		t.Fatal(err)
	}
	if got := beelineQuery(t, s, "SELECT day FROM "+table+" WHERE day = 'from-file'"); got != "from-file" {
		t.Errorf("with password_file: %q", got)
	}
}

// TestHiveInlineQueryFailure: a failing statement fails the run with the
// server's error (its first line and SQL state, not the stack trace); a
// wrong password fails it with the server's refusal.
func TestHiveInlineQueryFailure(t *testing.T) {
	s := thriftServer(t)
	w := compile(t, hiveWorkflow(`query = "SELECT 1; SELECT * FROM howdah_no_such_table; SELECT 2"`), hiveParams(s))
	run := startOnHadoop(t, w)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	err := run.Get(ctx, nil)
	if err == nil {
		t.Fatal("the run succeeded")
	}
	msg := node(state(t, run), "q").Error
	if !strings.Contains(msg, "TABLE_OR_VIEW_NOT_FOUND") || !strings.Contains(msg, "(state=42P01,code=0)") || strings.Contains(msg, "\tat ") {
		t.Errorf("error: %s", msg)
	}

	p := hiveParams(s)
	p["pw"] = "not-the-password"
	run = startOnHadoop(t, compile(t, hiveWorkflow(`query = "SELECT 1"`), p))
	if err := run.Get(ctx, nil); err == nil {
		t.Fatal("a wrong password succeeded")
	}
	if msg := node(state(t, run), "q").Error; !strings.Contains(msg, "beeline exited") || strings.Contains(msg, "not-the-password") {
		t.Errorf("error: %s", msg)
	}
}

// TestHiveCancelStopsTheQuery cancels the run while a long statement runs
// on the server: the statement's Spark job is cancelled there (beeline,
// interrupted, cancels it), and the node ends KILLED.
func TestHiveCancelStopsTheQuery(t *testing.T) {
	s := thriftServer(t)
	w := compile(t, hiveWorkflow(`query = "SELECT sum(id * 7 % 13) FROM range(0, 200000000000, 1, 2)"`), hiveParams(s))
	run := startOnHadoop(t, w)
	waitForLong(t, "the statement to run on the server", func() bool { return len(sparkJobs(t, s, "running")) > 0 })
	start := time.Now()
	if err := tc.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run.Get(ctx, nil)
	waitForLong(t, "the server to cancel the statement", func() bool { return len(sparkJobs(t, s, "running")) == 0 })
	t.Logf("cancel to the statement's end on the server: %s", time.Since(start).Round(time.Millisecond))
	if n := node(state(t, run), "q"); n.Status != "KILLED" {
		t.Errorf("node: %+v", n)
	}
}

// sparkJobs lists the Thrift server's Spark jobs with status (running,
// succeeded, failed).
func sparkJobs(t testing.TB, s *hadooptest.ThriftServer, status string) []map[string]any {
	t.Helper()
	var apps []struct{ ID string }
	getJSON(t, s.UI+"/api/v1/applications", &apps)
	if len(apps) == 0 {
		t.Fatal("the Thrift server has no Spark application")
	}
	var jobs []map[string]any
	getJSON(t, s.UI+"/api/v1/applications/"+apps[0].ID+"/jobs?status="+status, &jobs)
	return jobs
}

func getJSON(t testing.TB, url string, v any) {
	t.Helper()
	r, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}

// runLogs is everything the Hadoop worker's log store kept of the node's
// attempts in run wfID (its latest run).
func runLogs(t *testing.T, wfID, nodeName string) string {
	t.Helper()
	desc, err := tc.DescribeWorkflowExecution(context.Background(), wfID, "")
	if err != nil {
		t.Fatal(err)
	}
	runID := desc.WorkflowExecutionInfo.Execution.RunId
	files, err := logstore.Files(context.Background(), hadoopActs.Logs, logstore.NodeDir(wfID, runID, nodeName, -1))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		r, err := hadoopActs.Logs.Open(context.Background(), f.Rel)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&b, r)
		r.Close()
	}
	return b.String()
}

// TestHiveWorkerKilledRunsAgain SIGKILLs the worker while the script's
// long statement runs and starts another: a beeline session cannot be
// re-attached, so the next try runs the script again (as the docs say:
// scripts must be safe to run twice) and the run succeeds. The script's
// log table shows both starts and one end.
func TestHiveWorkerKilledRunsAgain(t *testing.T) {
	s := thriftServer(t)
	c := hadoopCluster(t)
	table := fmt.Sprintf("howdah_rerun_%d", time.Now().UnixNano())
	beelineQuery(t, s, "CREATE TABLE "+table+" (event STRING, at TIMESTAMP)")
	w := compile(t, hiveWorkflow(`query = "INSERT INTO `+table+` SELECT 'start', current_timestamp(); SELECT sum(id * 7 % 13) FROM range(0, 15000000000, 1, 2); INSERT INTO `+table+` SELECT 'end', current_timestamp()"`), hiveParams(s))
	env := []string{"HOWDAH_E2E_HADOOP_CONF=" + c.ConfDir, "HOWDAH_E2E_HADOOP=" + c.Hadoop, "HOWDAH_E2E_STREAMING_JAR=" + c.StreamingJar}
	q := "hive-crash"
	first := startWorkerProcess(t, q, env...)
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: q, HeartbeatTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	long := func() bool {
		for _, j := range sparkJobs(t, s, "running") {
			if d, _ := j["description"].(string); strings.Contains(d, "range(0, 15000000000") {
				return true
			}
		}
		return false
	}
	for !long() {
		if time.Now().After(deadline) {
			t.Fatalf("the long statement did not start: %+v", node(state(t, run), "q"))
		}
		time.Sleep(250 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	startWorkerProcess(t, q, env...)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	if err := run.Get(ctx, nil); err != nil {
		t.Fatalf("%v (%s)", err, node(state(t, run), "q").Error)
	}
	if got := beelineQuery(t, s, "SELECT event FROM "+table+" ORDER BY at, event"); got != "start\nstart\nend" {
		t.Errorf("events %q, want the script started twice and ended once", got)
	}
}
