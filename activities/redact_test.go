package activities

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
)

// secretToken is long and unlike the padding around it, so any fragment
// of four or more of its bytes in a message is a leak.
const secretToken = "s3cr3t-T0k3n-9f8e7d6c5b4a39281706"

// leak returns the longest fragment (4 bytes or more) of secret in s.
func leak(s, secret string) string {
	for n := len(secret); n >= 4; n-- {
		for i := 0; i+n <= len(secret); i++ {
			if strings.Contains(s, secret[i:i+n]) {
				return secret[i : i+n]
			}
		}
	}
	return ""
}

// A failed command's stderr tail is kept after redaction: a secret cut by
// the tail's 8 KiB window leaves no fragment in the failure message, at
// any offset of the cut, and the message is valid UTF-8.
func TestStderrTailNeverShowsAFragment(t *testing.T) {
	a := New()
	for _, pad := range []int{8192 - len(secretToken) + 1, 8192 - len(secretToken)/2, 8190, 8191, 8192 - 3} {
		for _, filler := range []string{"head -c %d /dev/zero | tr '\\0' x", "yes é | tr -d '\\n' | head -c %d"} {
			script := `printf '%s' "$1" >&2; ` + fmt.Sprintf(filler, pad) + ` >&2; exit 3`
			in := contract.ActionInput{WorkflowID: "w", RunID: "r", Node: "n", Item: -1, Attempt: 1, Secrets: []string{secretToken},
				Action: plan.Action{Kind: plan.ShellKind, Shell: &plan.Shell{Argv: []string{"sh", "-c", script, "sh", secretToken}}}}
			_, err := a.Shell(context.Background(), in)
			if err == nil {
				t.Fatal("the command succeeded")
			}
			msg := Encodable(redactError(err, in.Secrets)).Error() // as the worker's interceptor does
			if f := leak(msg, secretToken); f != "" {
				t.Errorf("pad %d: the failure shows %q of the secret: ...%s", pad, f, msg[len(msg)-min(len(msg), 8200):][:80])
			}
			if !utf8.ValidString(msg) {
				t.Errorf("pad %d: the message is not UTF-8", pad)
			}
		}
	}
}
