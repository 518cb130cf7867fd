package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/internal/codec"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/internal/devserver"
	"github.com/howdah/howdah/internal/hadooptest"
	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/worker"
	"github.com/howdah/howdah/workflows/api"
	sdkclient "go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
)

// One server and one worker serve every test in the package: an
// embedded dev server, or the Temporal at HOWDAH_E2E_TEMPORAL (host:port;
// HOWDAH_E2E_NAMESPACE, default "default"), such as the PostgreSQL-backed
// one of scripts/temporal-postgres, set up by howdah setup.
var (
	srv   *testServer
	tc    sdkclient.Client
	queue = "e2e"
	wk    sdkworker.Worker
)

// testServer is the Temporal the tests run on.
type testServer struct {
	FrontendURL string
	Namespace   string
	// External: not started by the tests (its history outlives them).
	External bool
	stop     func()
}

func (s *testServer) Stop() {
	if s.stop != nil {
		s.stop()
	}
}

// startServer starts the embedded server, or names the external one.
func startServer() (*testServer, error) {
	if addr := os.Getenv("HOWDAH_E2E_TEMPORAL"); addr != "" {
		ns := os.Getenv("HOWDAH_E2E_NAMESPACE")
		if ns == "" {
			ns = "default"
		}
		return &testServer{FrontendURL: addr, Namespace: ns, External: true}, nil
	}
	s, err := devserver.Start(devserver.Options{UIPort: -1, SearchAttr: client.SearchAttributes})
	if err != nil {
		return nil, err
	}
	return &testServer{FrontendURL: s.FrontendURL, Namespace: s.Namespace, stop: s.Stop}, nil
}

func TestMain(m *testing.M) {
	// Re-executed as a worker process by TestWorkerKilledMidRun.
	if addr := os.Getenv("HOWDAH_E2E_WORKER_ADDRESS"); addr != "" {
		os.Exit(runWorkerProcess(addr, os.Getenv("HOWDAH_E2E_WORKER_NAMESPACE"), os.Getenv("HOWDAH_E2E_WORKER_QUEUE")))
	}
	os.Exit(func() int {
		var err error
		srv, err = startServer()
		if err != nil {
			fmt.Fprintln(os.Stderr, "embedded server:", err)
			return 1
		}
		if srv.External {
			// Queues of this process only: an earlier run's tasks, still
			// on the server, are not this run's.
			queue += "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
			fmt.Fprintf(os.Stderr, "e2e: on the Temporal server at %s, namespace %s, queue %s\n", srv.FrontendURL, srv.Namespace, queue)
		}
		defer srv.Stop()
		tc, err = sdkclient.Dial(sdkclient.Options{HostPort: srv.FrontendURL, Namespace: srv.Namespace, Logger: silent{}, DataConverter: codec.DataConverter()})
		if err != nil {
			fmt.Fprintln(os.Stderr, "client:", err)
			return 1
		}
		defer tc.Close()
		wk = startWorker(queue)
		defer wk.Stop()
		defer hadooptest.Stop()
		defer func() {
			if hadoopWorker != nil {
				hadoopWorker.Stop()
			}
		}()
		return m.Run()
	}())
}

func startWorker(q string) sdkworker.Worker {
	a := activities.New()
	a.HeartbeatEvery = 200 * time.Millisecond
	w := worker.New(tc, q, a, worker.Options{})
	if err := w.Start(); err != nil {
		panic(err)
	}
	return w
}

// compile compiles an HCL workflow (a file, or source text) with params.
func compile(t *testing.T, fileOrSrc string, params map[string]string) *plan.Workflow {
	t.Helper()
	var res *dsl.Result
	if strings.HasSuffix(fileOrSrc, ".hcl") {
		res = dsl.CompileFile(fileOrSrc, dsl.Options{Params: params})
	} else {
		res = dsl.CompileSource(filepath.Join(t.TempDir(), "test.hcl"), []byte(fileOrSrc), dsl.Options{Params: params})
	}
	if res.Diags.HasErrors() {
		t.Fatalf("compile: %s", res.Diags.Error())
	}
	return res.Plan
}

type planWorkflow = plan.Workflow

// compileSource compiles in-memory HCL, or returns nil.
func compileSource(src string) *plan.Workflow {
	res := dsl.CompileSource("bench.hcl", []byte(src), dsl.Options{})
	return res.Plan
}

// start launches w on the test queue.
func start(t *testing.T, w *plan.Workflow) sdkclient.WorkflowRun {
	t.Helper()
	run, err := client.Start(context.Background(), tc, w, client.Options{TaskQueue: queue, User: "tester", HeartbeatTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// runToEnd starts w and waits for it; it returns the final state and the
// run's error. Every run's history is replayed through the interpreter
// (and stored for the replay tests with -update-histories).
func runToEnd(t *testing.T, w *plan.Workflow) (api.State, error) {
	t.Helper()
	_, st, err := runID(t, w)
	return st, err
}

// runID starts w, waits for it, and returns its workflow id with its state.
func runID(t *testing.T, w *planWorkflow) (string, api.State, error) {
	t.Helper()
	run := start(t, w)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out api.Output
	err := run.Get(ctx, &out)
	checkReplay(t, run, historyName(t))
	return run.GetID(), state(t, run), err
}

// historyName names a stored history after the test (and subtest).
func historyName(t *testing.T) string {
	return strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())
}

func state(t *testing.T, run sdkclient.WorkflowRun) api.State {
	t.Helper()
	st, err := client.State(context.Background(), tc, run.GetID(), run.GetRunID())
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	return st
}

func node(st api.State, name string) api.NodeState {
	for _, n := range st.Nodes {
		if n.Name == name {
			return n
		}
	}
	return api.NodeState{}
}

// statuses renders "name=STATUS" for the given nodes.
func statuses(st api.State, names ...string) string {
	var parts []string
	for _, n := range names {
		parts = append(parts, n+"="+node(st, n).Status)
	}
	return strings.Join(parts, " ")
}

// waitFor polls until cond holds or fails the test after 30 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitWithin(t, 30*time.Second, 50*time.Millisecond, what, cond)
}

// waitWithin polls cond every poll until it holds or fails the test after
// limit.
func waitWithin(t testing.TB, limit, poll time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(poll)
	}
}

// silent is an SDK logger that drops everything.
type silent struct{}

func (silent) Debug(string, ...any) {}
func (silent) Info(string, ...any)  {}
func (silent) Warn(string, ...any)  {}
func (silent) Error(string, ...any) {}
