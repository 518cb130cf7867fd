package workflows

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/howdah/howdah/plan"
)

// An activity's summary is redacted before it is clipped: a sensitive
// value at any offset, the clip's included, shows none of its bytes, and
// the clip never splits a character.
func TestSummaryRedactsBeforeClipping(t *testing.T) {
	const secret = "s3cr3t-T0k3n-9f8e7d6c5b4a39281706"
	r := &run{redaction: redaction{redactor: plan.NewRedactor([]string{secret})}}
	n := &plan.Node{Name: "use"}
	for _, filler := range []string{"x", "é", "日"} {
		for off := 0; off < 240; off++ {
			pad := strings.Repeat(filler, off/len(filler)+1)[:0]
			for len(pad) < off {
				pad += filler
			}
			a := &plan.Action{Kind: plan.ShellKind, Shell: &plan.Shell{Argv: []string{"run", pad + "-t=" + secret + " tail"}}}
			s := r.activityOptions(n, a, nil, r.redactor).Summary
			for k := 4; k <= len(secret); k++ {
				if strings.Contains(s, secret[:k]) || strings.Contains(s, secret[len(secret)-k:]) {
					t.Fatalf("offset %d (%q): the summary shows part of the secret: %s", off, filler, s)
				}
			}
			if !utf8.ValidString(s) {
				t.Fatalf("offset %d (%q): the summary is not UTF-8: %q", off, filler, s)
			}
			if len(s) > maxSummary {
				t.Fatalf("offset %d: the summary is %d bytes", off, len(s))
			}
		}
	}
}
