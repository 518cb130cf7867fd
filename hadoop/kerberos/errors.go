package kerberos

import (
	"errors"
	"fmt"
	"strings"
)

// The failures Classify recognises. Each error it returns wraps one of
// them (errors.Is) and keeps the original message.
var (
	// ErrNoTicket: no ticket cache, or one without a ticket.
	ErrNoTicket = errors.New("no Kerberos ticket")
	// ErrExpired: the ticket (or the principal's key) has expired.
	ErrExpired = errors.New("Kerberos ticket expired")
	// ErrBadKeytab: the KDC refused the keytab's key (changed since the
	// keytab was written, or the keytab is another principal's).
	ErrBadKeytab = errors.New("the keytab's key is not the principal's")
	// ErrUnknownPrincipal: the KDC knows no such client principal.
	ErrUnknownPrincipal = errors.New("unknown Kerberos principal")
	// ErrUnknownService: the KDC knows no such service principal (a wrong
	// dfs.namenode.kerberos.principal, or a host name the KDC has no
	// principal for).
	ErrUnknownService = errors.New("unknown Kerberos service principal")
	// ErrClockSkew: this host's clock and the KDC's differ by more than
	// the allowed skew (5 minutes by default).
	ErrClockSkew = errors.New("clock skew too great")
	// ErrKDCUnreachable: no KDC answered; worth retrying.
	ErrKDCUnreachable = errors.New("KDC unreachable")
)

// hints say what to do about each failure.
var hints = map[error]string{
	ErrNoTicket:         "run kinit, or give the worker a keytab (--kerberos-keytab, --kerberos-principal)",
	ErrExpired:          "run kinit again (a worker with a keytab renews by itself)",
	ErrBadKeytab:        "the principal's key changed after the keytab was written: export a fresh keytab (kadmin ktadd) or check the principal",
	ErrUnknownPrincipal: "check the principal's name and realm",
	ErrUnknownService:   "check the service principal in the Hadoop configuration (dfs.namenode.kerberos.principal, yarn.resourcemanager.webapp.spnego-principal) and that the host name is the one the KDC knows",
	ErrClockSkew:        "synchronise this host's clock (NTP) with the KDC's",
	ErrKDCUnreachable:   "check the KDC addresses in krb5.conf and that it runs; howdah retries",
}

// Classify returns err wrapped with the failure it is, and what to do
// about it, or err itself when it is none of them.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	kind := classify(err)
	if kind == nil {
		return err
	}
	var k *kindError
	if errors.As(err, &k) {
		return err
	}
	return &kindError{kind: kind, err: err}
}

func classify(err error) error {
	for _, known := range []error{ErrNoTicket, ErrExpired, ErrBadKeytab, ErrUnknownPrincipal, ErrUnknownService, ErrClockSkew, ErrKDCUnreachable} {
		if errors.Is(err, known) {
			return known
		}
	}
	msg := err.Error()
	has := func(s ...string) bool {
		for _, x := range s {
			if strings.Contains(msg, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("KDC_ERR_PREAUTH_FAILED", "Preauthentication failed", "KRB_AP_ERR_BAD_INTEGRITY", "Password incorrect", "decryption failed", "Integrity check on decrypted field failed"):
		return ErrBadKeytab
	case has("KRB_AP_ERR_SKEW", "Clock skew too great"):
		return ErrClockSkew
	case has("KRB_AP_ERR_TKT_EXPIRED", "KDC_ERR_KEY_EXPIRED", "Ticket expired", "TGT has expired", "ticket has expired", "credentials have expired",
		// gokrb5, logged in from a ticket cache whose TGT has expired (it
		// cannot log in again without a password or keytab).
		"no user credentials available and no valid existing session"):
		return ErrExpired
	case has("KDC_ERR_S_PRINCIPAL_UNKNOWN", "Server not found in Kerberos database"):
		return ErrUnknownService
	case has("KDC_ERR_C_PRINCIPAL_UNKNOWN", "Client not found in Kerberos database", "not found in Kerberos database"):
		return ErrUnknownPrincipal
	case has("No credentials cache found", "No Kerberos credentials available", "no TGT", "Failed to find any Kerberos tgt"):
		return ErrNoTicket
	case has("Networking_Error", "Cannot contact any KDC", "Cannot find KDC", "failed to communicate with KDC", "error sending to a KDC"):
		return ErrKDCUnreachable
	}
	// A bare network error is not classified: it may be a namenode's, not
	// the KDC's (gokrb5 marks the KDC's as Networking_Error).
	return nil
}

type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string {
	return fmt.Sprintf("%v (%s: %s)", e.err, e.kind, hints[e.kind])
}

func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// Kind is the failure err is (one of the Err values above), or nil.
func Kind(err error) error {
	if err == nil {
		return nil
	}
	return classify(err)
}

// Hint says what to do about a failure Kind returned.
func Hint(kind error) string { return hints[kind] }

// Retryable says whether a Kerberos failure may pass by itself: only an
// unreachable KDC.
func Retryable(err error) bool { return errors.Is(err, ErrKDCUnreachable) }
