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
