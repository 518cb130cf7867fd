package jobs

import (
	"errors"
	"fmt"
	"strings"

	"github.com/howdah/howdah/hadoop/kerberos"
	"github.com/howdah/howdah/hadoop/yarn"
)

// The kinds of failure, classified here and nowhere else. Errors wrap one
// of them (errors.Is); an error that wraps neither is the job's own
// failure.
var (
	// ErrBadInput: the job as written cannot run (missing input or jar,
	// existing output, unknown class, a user name that is not one).
	ErrBadInput = errors.New("bad input")
	// ErrTransient: the cluster could not be reached; a retry (which
	// re-attaches to what was submitted) may succeed.
	ErrTransient = errors.New("transient")
)

// Describe is one application's end, with its diagnostics.
func Describe(a yarn.App) string {
	s := fmt.Sprintf("YARN application %s %s/%s", a.ID, a.State, a.FinalStatus)
	if d := strings.TrimSpace(a.Diagnostics); d != "" {
		s += ": " + d
	}
	return s
}

// ClientFailed explains a client that exited with exitErr after printing
// out: the failed applications' diagnostics, then the client's last output
// lines. What the input explains (missing input or jar, existing output,
// unknown class) is ErrBadInput; a client that could not reach the cluster
// or the KDC is ErrTransient; anything else is the job's failure.
func ClientFailed(out string, exitErr error, apps []yarn.App) error {
	var parts []string
	for _, a := range apps {
		if a.Terminal() && !a.Succeeded() {
			parts = append(parts, Describe(a))
		}
	}
	out = strings.TrimSpace(out)
	parts = append(parts, fmt.Sprintf("the Hadoop client exited with %v; its last output:\n%s", exitErr, LastLines(out, 12)))
	err := errors.New(strings.Join(parts, "; "))
	if len(apps) > 0 {
		return err
	}
	if kind := kerberos.Kind(errors.New(out)); kind != nil {
		// The client's JVM could not authenticate.
		if kerberos.Retryable(kind) {
			return fmt.Errorf("%w: %v (%w: %s)", ErrTransient, err, kind, kerberos.Hint(kind))
		}
		return fmt.Errorf("%w: %v (%w: %s)", ErrBadInput, err, kind, kerberos.Hint(kind))
	}
	switch {
	case containsAny(out, "InvalidInputException", "Input path does not exist", "FileAlreadyExistsException",
		"ClassNotFoundException", "Not a valid JAR", "java.io.FileNotFoundException"):
		return fmt.Errorf("%w: %v", ErrBadInput, err)
	case containsAny(out, "java.net.ConnectException", "Connection refused"):
		return fmt.Errorf("%w: %v", ErrTransient, err)
	}
	return err
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// DriverError is the exception a driver's log ends with, "" when it holds
// none: the last Python traceback's exception line ("RuntimeError: ..."),
// else what Spark's ApplicationMaster says the user class threw, else the
// JVM's "Exception in thread" line. YARN's diagnostics for a failed Spark
// application in cluster mode say only "User application exited with
// status 1"; this is what the driver said.
func DriverError(log string) string {
	lines := strings.Split(log, "\n")
	clip := func(s string) string {
		s = strings.TrimSpace(s)
		if len(s) > 500 {
			s = s[:500] + "..."
		}
		return s
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) != "Traceback (most recent call last):" {
			continue
		}
		for _, l := range lines[i+1:] {
			if l != "" && l[0] != ' ' && l[0] != '\t' {
				return clip(l)
			}
		}
	}
	for _, marker := range []string{"User class threw exception: ", "Exception in thread "} {
		for i := len(lines) - 1; i >= 0; i-- {
			if j := strings.Index(lines[i], marker); j >= 0 {
				if marker == "Exception in thread " {
					return clip(lines[i][j:])
				}
				return clip(lines[i][j+len(marker):])
			}
		}
	}
	return ""
}
