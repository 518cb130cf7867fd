package workflows

import (
	"fmt"
	"strings"
	"testing"

	"go.temporal.io/sdk/temporal"
)

// Messages shown for a failed run or instance are the failure's own, not
// the SDK's rendering with "(type: Killed, retryable: false)".
func TestMessagesDropTheSDKSuffix(t *testing.T) {
	kill := temporal.NewNonRetryableApplicationError("killed at stop: bad input", ErrKilled, nil)
	wrapped := fmt.Errorf("run: %w", kill)
	for _, got := range []string{rootMessage(kill), rootMessage(wrapped), messageOf(wrapped)} {
		if got != "killed at stop: bad input" || strings.Contains(got, "type:") {
			t.Errorf("message %q", got)
		}
	}
}
