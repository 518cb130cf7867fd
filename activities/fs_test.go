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
	"github.com/howdah/howdah/plan"
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

// chmod with dir_files changes the directory and the files directly in
// it, not subdirectories nor below them (Oozie's dir-files).
func TestChmodDirFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a"), nil, 0o600)
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	os.WriteFile(filepath.Join(dir, "sub", "b"), nil, 0o600)
	in := contract.ActionInput{Node: "perm", Item: -1, Attempt: 1, Action: plan.Action{Kind: plan.FSKind, FS: &plan.FS{Ops: []plan.FSOp{
		{Op: plan.OpChmod, Path: dir, Permissions: "0755", DirFiles: true},
	}}}}
	if _, err := New().FSOps(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{"": 0o755, "a": 0o755, "sub": 0o700, "sub/b": 0o600} {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", p, fi.Mode().Perm(), err, want)
		}
	}
}
