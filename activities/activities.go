package activities

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/fspath"

	hfs "github.com/howdah/howdah/hadoop/fs"
	"github.com/howdah/howdah/hadoop/hdfs"
	"github.com/howdah/howdah/hadoop/logstore"
	"github.com/howdah/howdah/hadoop/procenv"
	"github.com/howdah/howdah/plan"
	"go.temporal.io/sdk/activity"
)

// Activities does the work of actions on a worker host. Register it with
// package worker.
type Activities struct {
	// FS routes paths to filesystems (local; hdfs:// when configured).
	Files *hfs.Router
	// OutputLimit caps captured output (capture_output); default 64 KiB.
	OutputLimit int
	// GlobLimit bounds fs_glob's matches (default DefaultGlobLimit).
	GlobLimit int
	// HeartbeatEvery is how often long activities heartbeat; default 1s.
	// A cancel reaches an activity only through a heartbeat's answer, so
	// this bounds how soon a cancelled action stops.
	HeartbeatEvery time.Duration
	// WorkDir is where streaming spills and per-job client configuration
	// go (default: the system's temp dir).
	WorkDir string
	// Hadoop, when set, runs map_reduce, java, distcp and hdfs:// streaming
	// actions on a cluster; nil is local mode.
	Hadoop *Hadoop
	// Env says which of the worker's environment variables reach the
	// processes of actions (shell commands, streaming tasks, Hadoop
	// clients): procenv.Default plus the operator's allowlist, never the
	// worker's secrets.
	Env procenv.Env
	// SparkSubmit is the spark-submit command spark actions run
	// (default SparkSubmitCommand()).
	SparkSubmit string
	// SparkArchiveDir, when set, is an HDFS directory where the worker
	// keeps a zip of Spark's jars (uploaded once) that every YARN Spark
	// job uses as spark.yarn.archive.
	SparkArchiveDir string
	archives        sparkArchives
	// Beeline is the beeline hive actions run (default BeelineCommand());
	// HiveJDBCURL is the HiveServer2 of hive actions that name none.
	Beeline, HiveJDBCURL string
	hiveRefused          hiveRefusals
	// HDFS is the hdfs:// backend registered in Files, when there is one.
	HDFS *hdfs.FileSystem
	// Logs keeps every attempt's stdout and stderr (nil: not kept);
	// LogLimit bounds one stream of one attempt (logstore.DefaultLimit).
	Logs     logstore.Store
	LogLimit int64

	coalesce existsCoalescer
	// jobs, when set, replaces the cluster's job client (tests).
	jobs jobRunner
}

// New returns Activities for local mode.
func New() *Activities {
	return &Activities{Files: hfs.NewRouter()}
}

// DefaultGlobLimit bounds how many paths fs_glob returns: its list is
// recorded in the run's history.
const DefaultGlobLimit = 200_000

// maxGlobBytes bounds the total length of fs_glob's paths.
const maxGlobBytes = 32 << 20

func (a *Activities) globLimit() int {
	if a.GlobLimit > 0 {
		return a.GlobLimit
	}
	return DefaultGlobLimit
}

func (a *Activities) outputLimit() int {
	if a.OutputLimit > 0 {
		return a.OutputLimit
	}
	return 64 << 10
}

func (a *Activities) heartbeatEvery() time.Duration {
	if a.HeartbeatEvery > 0 {
		return a.HeartbeatEvery
	}
	return time.Second
}

// heartbeat records progress() every interval until the returned stop is
// called. Heartbeats are how Temporal delivers cancellation, so every
// activity that can run long starts one. The first beat comes after one
// interval: short activities cost no extra call to the server.
func (a *Activities) heartbeat(ctx context.Context, in contract.ActionInput, progress func() contract.Progress) (stop func()) {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(a.heartbeatEvery())
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				p := progress()
				p.Node, p.Item = in.Node, in.Item
				activityHeartbeat(ctx, p)
			}
		}
	}()
	return func() { once.Do(func() { close(done) }) }
}

// localize resolves the action's relative local paths against the
// directory the run was submitted from, when that directory exists on this
// host (a worker elsewhere keeps its own working directory).
func localize(in *contract.ActionInput) {
	if workDirHere(in.WorkDir) {
		in.Action.Localize(in.WorkDir)
	}
}

func workDirHere(dir string) bool {
	if dir == "" {
		return false
	}
	fi, err := os.Stat(dir)
	return err == nil && fi.IsDir()
}

// activityHeartbeat records progress if ctx is an activity's.
func activityHeartbeat(ctx context.Context, p contract.Progress) {
	if e := executionOf(ctx); e != nil {
		e.record(p) // Attempts sends it, for the attempt that owns the work
		return
	}
	if activity.IsActivity(ctx) {
		activity.RecordHeartbeat(ctx, p)
	}
}

// prepare runs an action's prepare block: deletes, then mkdirs.
func (a *Activities) prepare(ctx context.Context, p *plan.Prepare) error {
	if p == nil {
		return nil
	}
	for i, path := range p.Delete {
		within := ""
		if i < len(p.DeleteWithin) {
			within = p.DeleteWithin[i]
		}
		if err := fspath.CheckDeleteWithin(within, path); err != nil {
			return fmt.Errorf("%w: prepare delete: %v", errBadInput, err)
		}
		fs, err := a.Files.For(path)
		if err != nil {
			return fmt.Errorf("%w: %v", errBadInput, err)
		}
		if err := fs.Delete(ctx, path, true); err != nil {
			return fmt.Errorf("prepare delete %s: %w", path, err)
		}
	}
	for _, path := range p.Mkdir {
		fs, err := a.Files.For(path)
		if err != nil {
			return fmt.Errorf("%w: %v", errBadInput, err)
		}
		if err := fs.MkdirAll(ctx, path); err != nil {
			return fmt.Errorf("prepare mkdir %s: %w", path, err)
		}
	}
	return nil
}

// NeedsHadoop is the error of kinds this worker cannot run without a Hadoop
// client (map_reduce, java, distcp in local mode).
func (a *Activities) NeedsHadoop(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	return contract.ActionResult{}, badInput(in.Node, "%s actions need Hadoop: this worker has no Hadoop client configured (a `hadoop` command and HADOOP_CONF_DIR). Run the workflow with a worker on a Hadoop edge node, or use a streaming or shell action locally.", in.Action.Kind)
}
