package activities

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/plan"
)

// TestHiveArgs: the connection, the configuration as --hiveconf, the tag
// settings after it (so it cannot undo them), the params as --hivevar,
// the action's args, then the script; never the password itself.
func TestHiveArgs(t *testing.T) {
	in := contract.ActionInput{WorkflowID: "etl-1", Node: "load", Item: -1, Action: plan.Action{
		Configuration: []plan.Property{{Name: "mapreduce.job.tags", Value: "theirs"}, {Name: "tez.queue.name", Value: "etl"}},
		Hive:          &plan.Hive{Params: []plan.Property{{Name: "day", Value: "2026-12-01"}}, Args: []string{"--verbose=true"}, Password: "s3cret"},
	}}
	got := HiveArgs(in, "jdbc:hive2://hs2:10000/db", "etl", "/tmp/d/password", "/tmp/d/script.hql", "howdah-abc-1", nil)
	want := []string{"-u", "jdbc:hive2://hs2:10000/db", "-n", "etl", "-w", "/tmp/d/password",
		"--hiveconf", "mapreduce.job.tags=theirs", "--hiveconf", "tez.queue.name=etl",
		"--hiveconf", "hive.query.tag=howdah-abc-1",
		"--hiveconf", "mapreduce.job.tags=howdah-abc-1,howdah,howdah-wf:etl-1,howdah-node:load",
		"--hiveconf", "tez.application.tags=howdah-abc-1,howdah,howdah-wf:etl-1,howdah-node:load",
		"--hivevar", "day=2026-12-01", "--verbose=true", "-f", "/tmp/d/script.hql"}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if strings.Contains(strings.Join(got, " "), "s3cret") {
		t.Error("the password is on beeline's command line")
	}
	// A server that refused hive.query.tag is not asked again.
	got = HiveArgs(in, "jdbc:hive2://hs2:10000/db", "", "", "s.hql", "t", map[string]bool{hiveQueryTag: true})
	if slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "hive.query.tag=") }) || slices.Contains(got, "-n") || slices.Contains(got, "-w") {
		t.Errorf("%q", got)
	}
}

// Spark's Thrift server (and Hive before 4) refuse hive.query.tag as the
// session opens; beeline prints this (taken from a Spark 4.0.1 server).
const refusedTagOutput = `Error: Could not open client transport with JDBC Uri: jdbc:hive2://127.0.0.1:10099/default: Failed to open new session: org.apache.hive.service.cli.HiveSQLException: java.lang.IllegalArgumentException: hive configuration hive.query.tag does not exists. (state=08S01,code=0)
No current connection`

func TestRefusedSetting(t *testing.T) {
	if got := refusedSetting(refusedTagOutput); got != hiveQueryTag {
		t.Errorf("got %q", got)
	}
	whitelist := "Error: Could not open client transport with JDBC Uri: jdbc:hive2://h:10000/: Failed to open new session: java.lang.IllegalArgumentException: Cannot modify mapreduce.job.tags at runtime. It is not in list of params that are allowed to be modified at runtime (state=08S01,code=0)"
	if got := refusedSetting(whitelist); got != hiveMRTags {
		t.Errorf("got %q", got)
	}
	// A statement that failed after the session opened is not a refusal
	// (the script ran: running it again is not safe).
	if got := refusedSetting("Error: Error while compiling statement: FAILED: SemanticException hive.query.tag (state=42000,code=40000)"); got != "" {
		t.Errorf("got %q", got)
	}
	var r hiveRefusals
	r.add("u", hiveQueryTag)
	if !r.of("u")[hiveQueryTag] || len(r.of("other")) != 0 {
		t.Error("refusals are per URL")
	}
}

func TestHiveError(t *testing.T) {
	out := `Connected to: Spark SQL (version 4.0.1)
0: jdbc:hive2://127.0.0.1:10099/default> SELECT * FROM no_such_table;
Error: org.apache.hive.service.cli.HiveSQLException: Error running query: [TABLE_OR_VIEW_NOT_FOUND] org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view ` + "`no_such_table`" + ` cannot be found.
If you did not qualify the name with a schema, verify the current_schema() output.
	at org.apache.spark.sql.hive.thriftserver.HiveThriftServerErrors$.runningQueryError(HiveThriftServerErrors.scala:43)
	... 29 more (state=42P01,code=0)
Closing: 0: jdbc:hive2://127.0.0.1:10099/default`
	got := HiveError(out)
	if !strings.HasPrefix(got, "Error: org.apache.hive.service.cli.HiveSQLException: Error running query: [TABLE_OR_VIEW_NOT_FOUND]") || !strings.HasSuffix(got, "(state=42P01,code=0)") || strings.Contains(got, "\tat ") {
		t.Errorf("%q", got)
	}
	if got := HiveError(refusedTagOutput); !strings.HasSuffix(got, "does not exists. (state=08S01,code=0)") {
		t.Errorf("%q", got)
	}
	if HiveError("all fine\n") != "" {
		t.Error("an error where there is none")
	}
	// A server that cannot be reached is transient; the message still
	// says what beeline said.
	err := hiveFailed("Error: Could not open client transport with JDBC Uri: jdbc:hive2://h:1/: java.net.ConnectException: Connection refused (state=08S01,code=0)", errors.New("exit status 2"), nil)
	if !errors.Is(err, jobs.ErrTransient) || !strings.Contains(err.Error(), "beeline exited with exit status 2: Error: Could not open") {
		t.Errorf("%v", err)
	}
}

// TestHiveSecretNotOnCommandLine: a sensitive value in the configuration
// or params is refused before anything runs (it would be in the process
// table); the action's own password is not (beeline reads it from a
// file).
func TestHiveSecretNotOnCommandLine(t *testing.T) {
	dir := t.TempDir()
	a := New()
	a.Beeline = "/bin/true"
	for _, c := range []struct {
		name string
		hv   plan.Hive
		conf []plan.Property
		ok   bool
	}{
		{"password", plan.Hive{JDBCURL: "jdbc:hive2://h:1/", Query: "SELECT 1", Password: "s3cret-pw"}, nil, true},
		{"param", plan.Hive{JDBCURL: "jdbc:hive2://h:1/", Query: "SELECT 1", Params: []plan.Property{{Name: "k", Value: "key=s3cret-pw"}}}, nil, false},
		{"conf", plan.Hive{JDBCURL: "jdbc:hive2://h:1/", Query: "SELECT 1"}, []plan.Property{{Name: "fs.s3a.secret.key", Value: "s3cret-pw"}}, false},
	} {
		hv := c.hv
		in := contract.ActionInput{Node: "q", Item: -1, Secrets: []string{"s3cret-pw"}, WorkDir: dir, Action: plan.Action{Hive: &hv, Configuration: c.conf,
			Prepare: &plan.Prepare{Mkdir: []string{dir + "/made-" + c.name}}}}
		_, err := a.Hive(context.Background(), in)
		if c.ok != (err == nil) {
			t.Errorf("%s: %v", c.name, err)
		}
		if err != nil && (strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "command line")) {
			t.Errorf("%s: %v", c.name, err)
		}
		if _, statErr := os.Stat(dir + "/made-" + c.name); (statErr == nil) != c.ok {
			t.Errorf("%s: prepare ran: %v", c.name, statErr == nil)
		}
	}
}

// TestCacheProperties: a job-submitting action's files and archives become
// tmpfiles and tmparchives (local paths as file: URLs, links kept);
// streaming and spark pass theirs as flags; a relative local path or a
// comma is refused.
func TestCacheProperties(t *testing.T) {
	in := contract.ActionInput{Action: plan.Action{MapReduce: &plan.MapReduce{},
		Files:    []string{"/srv/app/lookup table.txt#lookup", "hdfs://nn/apps/x.jar"},
		Archives: []string{"file:/srv/app/dict.zip#dict"}}}
	props, err := cacheProperties(in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range props {
		got[p.Name] = p.Value
	}
	if got["tmpfiles"] != "file:///srv/app/lookup%20table.txt#lookup,hdfs://nn/apps/x.jar" || got["tmparchives"] != "file:///srv/app/dict.zip#dict" {
		t.Errorf("%v", got)
	}
	in.Action.MapReduce, in.Action.Streaming = nil, &plan.Streaming{}
	if props, _ := cacheProperties(in); props != nil {
		t.Errorf("streaming: %v", props)
	}
	for _, f := range []string{"lookup.txt", "/a,b.txt"} {
		bad := contract.ActionInput{Action: plan.Action{Java: &plan.Java{}, Files: []string{f}}}
		if _, err := cacheProperties(bad); err == nil {
			t.Errorf("%q accepted", f)
		}
	}
}

// TestHiveScriptNotAFile: a script that is "/", "..", a directory or
// missing is refused before beeline runs.
func TestHiveScriptNotAFile(t *testing.T) {
	a := New()
	a.Beeline = "/bin/true"
	for _, s := range []string{"/", "..", t.TempDir(), "/no/such/x.hql", "%2e%2e"} {
		in := contract.ActionInput{Node: "q", Item: -1, Action: plan.Action{Hive: &plan.Hive{JDBCURL: "jdbc:hive2://h:1/", Script: s}}}
		if _, err := a.Hive(context.Background(), in); err == nil || !strings.Contains(err.Error(), "script") {
			t.Errorf("script %q: %v", s, err)
		}
	}
}
