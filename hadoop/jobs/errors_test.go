package jobs

import (
	"errors"
	"strings"
	"testing"

	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/hadoop/yarn"
)

// A client's failure is classified once, here: what the input explains,
// what a retry may fix (the cluster or the KDC unreachable), a Kerberos
// failure no retry fixes, and the job's own failure.
func TestClientFailed(t *testing.T) {
	exit := errors.New("exit status 1")
	for _, tc := range []struct {
		out     string
		apps    []yarn.App
		bad     bool
		retry   bool
		kind    error
		contain string
	}{
		{out: "org.apache.hadoop.mapreduce.lib.input.InvalidInputException: Input path does not exist: hdfs://x/in", bad: true},
		{out: "java.net.ConnectException: Connection refused", retry: true},
		{out: "javax.security.auth.login.LoginException: Cannot contact any KDC for realm", retry: true, kind: kerberos.ErrKDCUnreachable},
		{out: "GSSException: No valid credentials provided (Mechanism level: Failed to find any Kerberos tgt)", bad: true, kind: kerberos.ErrNoTicket, contain: "run kinit"},
		{out: "Job failed: task attempt failed", contain: "its last output"},
		// Once an application exists, the job itself failed: not the input.
		{out: "Input path does not exist", apps: []yarn.App{{ID: "application_1_1", State: "FAILED", FinalStatus: "FAILED", Diagnostics: "boom"}}, contain: "application_1_1 FAILED/FAILED: boom"},
	} {
		err := ClientFailed(tc.out, exit, tc.apps)
		if errors.Is(err, ErrBadInput) != tc.bad || errors.Is(err, ErrTransient) != tc.retry {
			t.Errorf("%q: %v (bad input %v, transient %v)", tc.out, err, errors.Is(err, ErrBadInput), errors.Is(err, ErrTransient))
		}
		if tc.kind != nil && !errors.Is(err, tc.kind) {
			t.Errorf("%q: %v is not %v", tc.out, err, tc.kind)
		}
		if tc.contain != "" && !strings.Contains(err.Error(), tc.contain) {
			t.Errorf("%q: %v lacks %q", tc.out, err, tc.contain)
		}
	}
}

func TestDriverError(t *testing.T) {
	py := `26/12/03 13:20:40 INFO SparkContext: Running Spark version 4.0.1
Traceback (most recent call last):
  File "/tmp/x/wordcount.py", line 6, in <module>
    raise RuntimeError("howdah-test: the job failed on purpose")
RuntimeError: howdah-test: the job failed on purpose
26/12/03 13:20:41 ERROR ApplicationMaster: User application exited with status 1
`
	jvm := `26/12/03 13:20:41 ERROR ApplicationMaster: User class threw exception: java.lang.IllegalStateException: no input
java.lang.IllegalStateException: no input
	at HowdahWordCount.main(HowdahWordCount.java:9)
`
	main := "Exception in thread \"main\" java.lang.NoClassDefFoundError: org/example/Gone\n\tat x.y(z)\n"
	for _, c := range []struct{ log, want string }{
		{py, "RuntimeError: howdah-test: the job failed on purpose"},
		{jvm, "java.lang.IllegalStateException: no input"},
		{main, `Exception in thread "main" java.lang.NoClassDefFoundError: org/example/Gone`},
		{"26/12/03 INFO all fine\n", ""},
	} {
		if got := DriverError(c.log); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
