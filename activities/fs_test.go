package activities

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/howdah/howdah/activities/contract"
	"go.temporal.io/sdk/temporal"
)

// fs_glob's list goes into the run's history: past the limit it is a clear,
// non-retryable error instead of a payload Temporal refuses on every retry.
func TestGlobIsBounded(t *testing.T) {
	dir := t.TempDir()
	for i := range 11 {
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a := New()
	a.GlobLimit = 10
	_, err := a.FSQuery(context.Background(), contract.FSQueryInput{Op: "glob", Path: dir + "/*"})
	var app *temporal.ApplicationError
	if err == nil || !strings.Contains(err.Error(), "matches 11 paths, over the limit of 10") {
		t.Fatalf("err = %v", err)
	}
	if !errors.As(err, &app) || !app.NonRetryable() || app.Type() != contract.ErrBadInput {
		t.Errorf("err %v is not a non-retryable BadInput", err)
	}
	a.GlobLimit = 11
	res, err := a.FSQuery(context.Background(), contract.FSQueryInput{Op: "glob", Path: dir + "/*"})
	if err != nil || len(res.Paths) != 11 {
		t.Errorf("at the limit: %d paths, %v", len(res.Paths), err)
	}
}
