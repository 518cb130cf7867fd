package workflows

import (
	"errors"
	"strings"
	"testing"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// A fork whose branch was cancelled on its own (the run was not) fails
// with an error that names the fork, instead of going to node "".
func TestForkEndOfACancelledBranch(t *testing.T) {
	failure := errors.New("boom")
	for _, tc := range []struct {
		name        string
		end         string
		err, runErr error
		want        string // node, or part of the error
	}{
		{"kill", "stop", nil, nil, "stop"},
		{"failure", "", failure, nil, "boom"},
		{"run cancelled", "", temporal.NewCanceledError(), workflow.ErrCanceled, "canceled"},
		{"branch cancelled alone", "", temporal.NewCanceledError(), nil, "a branch was cancelled while the run was not"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			end, err := forkEnd("split", tc.end, tc.err, tc.runErr)
			if err == nil {
				if end != tc.want {
					t.Errorf("went to %q, want %q", end, tc.want)
				}
				return
			}
			if end != "" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("(%q, %v), want an error with %q", end, err, tc.want)
			}
		})
	}
}
