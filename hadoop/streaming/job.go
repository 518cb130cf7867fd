package streaming

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/howdah/howdah/hadoop/procenv"
)

// Job is one streaming job.
type Job struct {
	Inputs   []string
	Output   string
	Mapper   []string
	Combiner []string
	Reducer  []string
	// Reducers is the number of reduce tasks; 0 makes a map-only job.
	Reducers int
	// ProcEnv picks what the processes get of this process's environment
	// (procenv.Default when zero); Env is added to it; Dir is their
	// working directory.
	ProcEnv procenv.Env
	Env     []string
	Dir     string
	// TempDir holds spill files (default: the system's).
	TempDir string
	// SortMemory is how many bytes one map task uses to buffer its output
	// (records plus their index) before sorting and spilling them
	// (default 48 MiB; peak memory is about Parallelism times this).
	SortMemory int
	// SplitSize is the largest input split (default 32 MiB).
	SplitSize int64
	// Parallelism is how many tasks run at once (default: CPUs).
	Parallelism int
	// Stderr, when set, also receives every task process's stderr (tasks
	// run concurrently: it must be safe for concurrent writes).
	Stderr io.Writer
	// Redact, when set, filters a task's stderr before the tail its
	// failure quotes keeps it (the run's redactor), so the tail's cut
	// never leaves a fragment of a secret.
	Redact func(io.Writer) io.WriteCloser
	// MapOutput and ReduceOutput split the mapper's and the reducer's
	// lines into key and value (stream.map.output.field.separator,
	// stream.num.map.output.key.fields, and the reduce ones);
	// ReduceInput separates key and value in what the reducer reads
	// (stream.reduce.input.field.separator); OutputSeparator is what the
	// part files put between them
	// (mapreduce.output.textoutputformat.separator). Zero values are
	// Hadoop's: tabs, one key field. A combiner reads and writes
	// tab-separated records.
	// XMLRecords, when set, makes map input records XML fragments instead
	// of lines (hadoop-streaming's StreamXmlRecordReader). Each input file
	// is then one split, so no record is cut.
	XMLRecords      *XMLRecords
	MapOutput       Fields
	ReduceOutput    Fields
	ReduceInput     string
	OutputSeparator string
}

// Counters are Hadoop-style job counters: group -> name -> value.
type Counters map[string]map[string]int64

// Counter groups, as Hadoop names them.
const (
	TaskCounter   = "org.apache.hadoop.mapreduce.TaskCounter"
	JobCounter    = "org.apache.hadoop.mapreduce.JobCounter"
	InputCounter  = "org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter"
	OutputCounter = "org.apache.hadoop.mapreduce.lib.output.FileOutputFormatCounter"
)

// Progress reports how far a job is.
type Progress struct {
	Maps, MapsDone       int
	Reduces, ReducesDone int
}

// ErrOutputExists is returned when the output directory already exists, as
// Hadoop refuses to overwrite output (use prepare { delete } for reruns).
var ErrOutputExists = errors.New("output directory already exists")

// counters accumulates counters from concurrent tasks.
type counters struct {
	mapIn, mapOut, mapOutBytes, spilled       atomic.Int64
	combineIn, combineOut                     atomic.Int64
	redGroups, redIn, redOut, bytesIn, bytesW atomic.Int64
}

func (c *counters) result(maps, reduces int) Counters {
	return Counters{
		TaskCounter: {
			"MAP_INPUT_RECORDS":      c.mapIn.Load(),
			"MAP_OUTPUT_RECORDS":     c.mapOut.Load(),
			"MAP_OUTPUT_BYTES":       c.mapOutBytes.Load(),
			"SPILLED_RECORDS":        c.spilled.Load(),
			"COMBINE_INPUT_RECORDS":  c.combineIn.Load(),
			"COMBINE_OUTPUT_RECORDS": c.combineOut.Load(),
			"REDUCE_INPUT_GROUPS":    c.redGroups.Load(),
			"REDUCE_INPUT_RECORDS":   c.redIn.Load(),
			"REDUCE_OUTPUT_RECORDS":  c.redOut.Load(),
		},
		JobCounter:    {"TOTAL_LAUNCHED_MAPS": int64(maps), "TOTAL_LAUNCHED_REDUCES": int64(reduces)},
		InputCounter:  {"BYTES_READ": c.bytesIn.Load()},
		OutputCounter: {"BYTES_WRITTEN": c.bytesW.Load()},
	}
}

// Run executes the job. progress, if not nil, is called as tasks finish
// (from several goroutines, one call at a time).
func Run(ctx context.Context, job Job, progress func(Progress)) (Counters, error) {
	if len(job.Mapper) == 0 {
		return nil, fmt.Errorf("streaming: no mapper")
	}
	if job.Reducers < 0 {
		return nil, fmt.Errorf("streaming: reducers must not be negative")
	}
	if job.SortMemory <= 0 {
		job.SortMemory = 48 << 20
	}
	job.SortMemory = min(job.SortMemory, 1<<30) // record offsets are 32-bit
	if job.SplitSize <= 0 {
		job.SplitSize = 32 << 20
	}
	if job.Parallelism <= 0 {
		job.Parallelism = runtime.NumCPU()
	}
	if _, err := os.Stat(job.Output); err == nil {
		return nil, fmt.Errorf("%s: %w", job.Output, ErrOutputExists)
	}
	files, err := inputFiles(job.Inputs)
	if err != nil {
		return nil, err
	}
	splitSize := job.SplitSize
	if job.XMLRecords != nil {
		splitSize = math.MaxInt64
	}
	splits, err := makeSplits(files, splitSize)
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp(job.TempDir, "howdah-streaming-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	staging := filepath.Join(job.Output, "_temporary")
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(staging)
		}
	}()

	var c counters
	var mu sync.Mutex
	prog := Progress{Maps: len(splits), Reduces: job.Reducers}
	report := func(f func(*Progress)) {
		mu.Lock()
		defer mu.Unlock()
		f(&prog)
		if progress != nil {
			progress(prog)
		}
	}
	report(func(*Progress) {})

	// Map phase.
	runs := make([][]string, job.Reducers) // partition -> spill files
	buffers := make(chan *sortBuffer, job.Parallelism)
	for range job.Parallelism {
		buffers <- &sortBuffer{}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(job.Parallelism)
	for i, sp := range splits {
		g.Go(func() error {
			buf := <-buffers
			defer func() { buffers <- buf }()
			t := &mapTask{buf: buf, job: &job, split: sp, index: i, work: work, staging: staging, c: &c}
			files, err := t.run(gctx)
			if err != nil {
				return fmt.Errorf("map task %d (%s): %w", i, sp.file, err)
			}
			mu.Lock()
			for p, f := range files {
				runs[p] = append(runs[p], f...)
			}
			mu.Unlock()
			report(func(p *Progress) { p.MapsDone++ })
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	// Reduce phase.
	if job.Reducers > 0 {
		g, gctx = errgroup.WithContext(ctx)
		g.SetLimit(job.Parallelism)
		for p := 0; p < job.Reducers; p++ {
			sort.Strings(runs[p]) // spill files are named by map task, then spill: map order
			g.Go(func() error {
				t := &reduceTask{job: &job, partition: p, runs: runs[p], staging: staging, c: &c}
				if err := t.run(gctx); err != nil {
					return fmt.Errorf("reduce task %d: %w", p, err)
				}
				report(func(p *Progress) { p.ReducesDone++ })
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
	}

	// Commit: move the parts into place, then mark success.
	parts, err := os.ReadDir(staging)
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		if err := os.Rename(filepath.Join(staging, p.Name()), filepath.Join(job.Output, p.Name())); err != nil {
			return nil, err
		}
	}
	if err := os.Remove(staging); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(job.Output, "_SUCCESS"), nil, 0o644); err != nil {
		return nil, err
	}
	ok = true
	return c.result(len(splits), job.Reducers), nil
}

// inputFiles expands directories into their data files, as Hadoop's
// FileInputFormat does (names starting with "_" or "." are hidden).
func inputFiles(inputs []string) ([]string, error) {
	var out []string
	for _, in := range inputs {
		matches, err := filepath.Glob(in)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("input path does not exist: %s: %w", in, iofs.ErrNotExist)
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				return nil, err
			}
			if !st.IsDir() {
				out = append(out, m)
				continue
			}
			entries, err := os.ReadDir(m)
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				if e.IsDir() || strings.HasPrefix(e.Name(), "_") || strings.HasPrefix(e.Name(), ".") {
					continue
				}
				out = append(out, filepath.Join(m, e.Name()))
			}
		}
	}
	return out, nil
}
