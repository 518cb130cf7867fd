package activities

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/temporal"
)

// fullStore is a log store on a full disk: its files are /dev/full, which
// fails every write with ENOSPC.
type fullStore struct{}

func (fullStore) Create(context.Context, string) (io.WriteCloser, error) {
	return os.OpenFile("/dev/full", os.O_WRONLY, 0)
}
func (fullStore) Open(context.Context, string) (io.ReadCloser, error) { return nil, os.ErrNotExist }
func (fullStore) List(context.Context, string) ([]string, error)      { return nil, nil }
func (fullStore) Location(rel string) string                          { return "/full/" + rel }

// An attempt whose log store is full still runs, and says that (and where)
// its logs stop, in its result and in its failure's details.
func TestFullLogStoreIsReported(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	a := New()
	a.Logs = fullStore{}
	in := contract.ActionInput{WorkflowID: "w", RunID: "r", Node: "n", Item: -1, Attempt: 1,
		Action: plan.Action{Kind: plan.ShellKind, CaptureOutput: true, Shell: &plan.Shell{Argv: []string{"sh", "-c", "echo rows=3"}}}}
	res, err := a.Shell(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Output["rows"] != "3" || !strings.Contains(res.LogsLost, "no space left on device") || !strings.Contains(res.LogsLost, "stdout stops after 0 bytes") {
		t.Errorf("result %+v", res)
	}
	in.Action.Shell.Argv = []string{"sh", "-c", "echo oops >&2; exit 2"}
	_, err = a.Shell(context.Background(), in)
	var app *temporal.ApplicationError
	var d contract.FailureDetails
	if !errors.As(err, &app) || app.Details(&d) != nil || !strings.Contains(d.LogsLost, "no space left on device") {
		t.Errorf("failure %v, details %+v", err, d)
	}
}
