package activities

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/hadoop/jobs"
	"github.com/howdah/howdah/hadoop/yarn"
	"github.com/howdah/howdah/plan"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"
)

// fakeJobs is a job client whose cluster is a list of applications the
// test moves along.
type fakeJobs struct {
	mu       sync.Mutex
	apps     []yarn.App
	started  int
	killed   []string // tags KillTagged was called for
	snaps    chan jobs.Snapshot
	confDir  string
	counters map[string]map[string]int64
}

func (f *fakeJobs) AppsByTag(context.Context, string) ([]yarn.App, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]yarn.App(nil), f.apps...), nil
}
func (f *fakeJobs) Start(jobs.Spec) (jobDriver, error) {
	f.mu.Lock()
	f.started++
	f.mu.Unlock()
	return nil, errors.New("fakeJobs: this test submits nothing")
}
func (f *fakeJobs) Watch(string) (<-chan jobs.Snapshot, func()) { return f.snaps, func() {} }
func (f *fakeJobs) KillRunning(context.Context, []yarn.App)     {}
func (f *fakeJobs) KillTagged(tag string) {
	f.mu.Lock()
	f.killed = append(f.killed, tag)
	f.mu.Unlock()
}
func (f *fakeJobs) Counters(context.Context, string) (map[string]map[string]int64, bool, error) {
	return f.counters, f.counters != nil, nil
}
func (f *fakeJobs) ConfDir() string                              { return f.confDir }
func (f *fakeJobs) DriverError(context.Context, yarn.App) string { return "" }

func jobInput(t *testing.T) contract.ActionInput {
	return contract.ActionInput{WorkflowID: "w", RunID: "r", Node: "count", Item: -1, Attempt: 1,
		Action: plan.Action{Kind: plan.MapReduceKind, MapReduce: &plan.MapReduce{Jar: "/x.jar", MainClass: "Count"},
			Prepare: &plan.Prepare{Delete: []string{filepath.Join(t.TempDir(), "out")}}}}
}

// A try that finds the attempt's applications (submitted by a try whose
// worker died) re-attaches: no prepare, no second submission; it follows
// them to their end and reports them.
func TestReattachFollowsWithoutSubmitting(t *testing.T) {
	running := yarn.App{ID: "application_1_0007", State: "RUNNING", ApplicationType: "MAPREDUCE"}
	done := running
	done.State, done.FinalStatus = "FINISHED", "SUCCEEDED"
	f := &fakeJobs{apps: []yarn.App{running}, snaps: make(chan jobs.Snapshot, 2), counters: map[string]map[string]int64{"g": {"c": 3}}}
	f.snaps <- jobs.Snapshot{Apps: []yarn.App{running}}
	f.snaps <- jobs.Snapshot{Apps: []yarn.App{done}}
	a := New()
	a.jobs = f
	in := jobInput(t)
	os.MkdirAll(in.Action.Prepare.Delete[0], 0o755) // prepare would delete it
	res, err := a.MapReduce(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if f.started != 0 {
		t.Errorf("the re-attached try submitted %d job(s)", f.started)
	}
	if _, err := os.Stat(in.Action.Prepare.Delete[0]); err != nil {
		t.Errorf("the re-attached try ran prepare again: %v", err)
	}
	if res.ExternalID != running.ID || res.Output["state"] != "FINISHED" || res.Counters["g"]["c"] != 3 {
		t.Errorf("result %+v", res)
	}
}

// Cancelling a re-attached job kills its applications; a worker that is
// stopping leaves them running, for the next try on another worker to
// re-attach to.
func TestCancelKillsButWorkerStopLeaves(t *testing.T) {
	for _, stopping := range []bool{false, true} {
		running := yarn.App{ID: "application_1_0008", State: "RUNNING", ApplicationType: "MAPREDUCE"}
		f := &fakeJobs{apps: []yarn.App{running}, snaps: make(chan jobs.Snapshot)}
		a := New()
		a.jobs = f
		a.HeartbeatEvery = time.Hour
		var s testsuite.WorkflowTestSuite
		s.SetLogger(sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
		env := s.NewTestActivityEnvironment()
		ctx, cancel := context.WithCancel(context.Background())
		env.SetWorkerOptions(worker.Options{BackgroundActivityContext: ctx})
		stop := make(chan struct{})
		env.SetWorkerStopChannel(stop)
		env.RegisterActivity(a.MapReduce)
		go func() {
			time.Sleep(200 * time.Millisecond)
			if stopping {
				close(stop)
			}
			cancel()
		}()
		_, err := env.ExecuteActivity(a.MapReduce, jobInput(t))
		if err == nil {
			t.Fatalf("stopping=%v: the activity succeeded", stopping)
		}
		if killed := len(f.killed) > 0; killed == stopping {
			t.Errorf("stopping=%v: killed %v", stopping, f.killed)
		}
	}
}
