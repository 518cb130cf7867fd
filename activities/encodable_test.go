package activities

import (
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"go.temporal.io/sdk/temporal"
)

// Making a failure encodable keeps its details (where the logs are).
func TestEncodableKeepsDetails(t *testing.T) {
	err := withLogs(temporal.NewNonRetryableApplicationError("x: exit status 1: caf\xe9", contract.ErrActionFailed, nil), "/logs/x")
	enc := Encodable(err)
	d, ok := failureDetails(enc)
	if !ok || d.Logs != "/logs/x" {
		t.Errorf("details after Encodable: %+v %v", d, ok)
	}
	if !validChain(enc) {
		t.Errorf("not encodable: %v", enc)
	}
}
