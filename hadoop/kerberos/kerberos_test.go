package kerberos

import (
	"errors"
	"fmt"
	"net"
	"testing"
)

func TestServicePrincipal(t *testing.T) {
	for _, tc := range []struct{ setting, host, want string }{
		{"hdfs/_HOST@EXAMPLE.COM", "nn1.example.com", "hdfs/nn1.example.com"},
		{"HTTP/_HOST@EXAMPLE.COM", "rm", "HTTP/rm"},
		{"nn/fixed.example.com@X", "other", "nn/fixed.example.com"},
		{"hdfs", "h", "hdfs"},
	} {
		if got := ServicePrincipal(tc.setting, tc.host); got != tc.want {
			t.Errorf("ServicePrincipal(%q, %q) = %q, want %q", tc.setting, tc.host, got, tc.want)
		}
	}
}

// KDC errors as gokrb5 and MIT Kerberos word them are classified, keep
// their message, say what to do, and only an unreachable KDC is retryable.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		msg   string
		kind  error
		retry bool
	}{
		{"KRB Error: (24) KDC_ERR_PREAUTH_FAILED Pre-authentication information was invalid", ErrBadKeytab, false},
		{"KRB Error: (37) KRB_AP_ERR_SKEW Clock Skew too great", ErrClockSkew, false},
		{"KRB Error: (32) KRB_AP_ERR_TKT_EXPIRED Ticket expired", ErrExpired, false},
		{"KRB Error: (7) KDC_ERR_S_PRINCIPAL_UNKNOWN Server not found in Kerberos database", ErrUnknownService, false},
		{"KRB Error: (6) KDC_ERR_C_PRINCIPAL_UNKNOWN Client not found in Kerberos database", ErrUnknownPrincipal, false},
		{"[Root cause: Networking_Error] error sending to KDC", ErrKDCUnreachable, true},
		{"kinit: Cannot contact any KDC for realm 'EXAMPLE.COM' while getting initial credentials", ErrKDCUnreachable, true},
	} {
		err := Classify(errors.New(tc.msg))
		if !errors.Is(err, tc.kind) || Retryable(err) != tc.retry {
			t.Errorf("%q: %v (retryable %v), want %v", tc.msg, err, Retryable(err), tc.kind)
		}
		if err.Error() == tc.msg || !errors.Is(Classify(err), tc.kind) {
			t.Errorf("%q: no hint added, or classifying twice lost it: %v", tc.msg, err)
		}
	}
	plain := errors.New("file not found")
	if Classify(plain) != plain {
		t.Error("an unrelated error was classified")
	}
	// A network error alone may be a namenode's: not the KDC's to claim.
	op := &net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("connection refused")}
	if Classify(op) != error(op) {
		t.Error("a bare network error was classified as Kerberos")
	}
}
