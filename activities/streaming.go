package activities

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/plan"

	hfs "github.com/howdah/howdah/hadoop/fs"
	"github.com/howdah/howdah/hadoop/streaming"
)

// Streaming runs a streaming action: on a worker with Hadoop, on YARN with
// hadoop-streaming (unless every path is a file:// URL); in local mode,
// with the local runner on local paths. It heartbeats the job's
// progress, and cancelling the activity kills the mapper and reducer
// processes. The job's counters become the action's counters.
func (a *Activities) Streaming(ctx context.Context, in contract.ActionInput) (contract.ActionResult, error) {
	localize(&in)
	s := in.Action.Streaming
	if s == nil {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: no streaming block", errBadInput))
	}
	for _, p := range append(append([]string(nil), s.Input...), s.Output) {
		sc := hfs.Scheme(p)
		switch {
		case sc == "file":
		case a.Hadoop != nil: // plain paths are on fs.defaultFS there
			return a.streamingYARN(ctx, in)
		case sc != "":
			return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: %s: the local streaming runner reads and writes local paths; %s:// needs a worker with Hadoop", errBadInput, p, sc))
		}
	}
	records, err := xmlRecords(s)
	if err != nil {
		return contract.ActionResult{}, failed(ctx, in.Node, fmt.Errorf("%w: %v", errBadInput, err))
	}
	if err := a.prepare(ctx, in.Action.Prepare); err != nil {
		return contract.ActionResult{}, failed(ctx, in.Node, err)
	}
	var prog streaming.Progress
	progress := make(chan streaming.Progress, 1)
	stop := a.heartbeat(ctx, in, func() contract.Progress {
		select {
		case prog = <-progress:
		default:
		}
		done := float64(prog.MapsDone+prog.ReducesDone) / float64(max(prog.Maps+prog.Reduces, 1))
		return contract.Progress{Phase: "streaming", Fraction: done, Detail: fmt.Sprintf("maps %d/%d, reduces %d/%d", prog.MapsDone, prog.Maps, prog.ReducesDone, prog.Reduces)}
	})
	defer stop()
	logs := a.openLogs(ctx, in, "stderr")
	conf := map[string]string{}
	for _, p := range in.Action.Configuration {
		conf[p.Name] = p.Value
	}
	keyFields := func(name string) int {
		n, _ := strconv.Atoi(conf[name])
		return n
	}
	outSep := conf["mapreduce.output.textoutputformat.separator"]
	if outSep == "" {
		outSep = conf["mapred.textoutputformat.separator"]
	}
	counters, err := streaming.Run(ctx, streaming.Job{
		Stderr: logs.stream(0),
		Redact: plan.NewRedactor(in.Secrets).Writer,
		Env:    envList(s.Env),
		// Hadoop streaming's separators, so local output is YARN's.
		MapOutput:       streaming.Fields{Separator: conf["stream.map.output.field.separator"], KeyFields: keyFields("stream.num.map.output.key.fields")},
		ReduceOutput:    streaming.Fields{Separator: conf["stream.reduce.output.field.separator"], KeyFields: keyFields("stream.num.reduce.output.key.fields")},
		ReduceInput:     conf["stream.reduce.input.field.separator"],
		OutputSeparator: outSep,
		XMLRecords:      records,
		Inputs:          localPaths(s.Input),
		Output:          localPaths([]string{s.Output})[0],
		Mapper:          s.Mapper,
		Combiner:        s.Combiner,
		Reducer:         s.Reducer,
		Reducers:        s.Reducers,
		TempDir:         a.WorkDir,
		ProcEnv:         a.Env,
	}, func(p streaming.Progress) {
		select {
		case <-progress:
		default:
		}
		progress <- p
	})
	where := logs.close(ctx)
	if err != nil {
		if errors.Is(err, streaming.ErrOutputExists) {
			err = fmt.Errorf("%w: %v (add prepare { delete = [...] } so reruns start clean)", errBadInput, err)
		}
		return contract.ActionResult{}, withLogsLost(failed(ctx, in.Node, err), where, logs.lost)
	}
	return contract.ActionResult{Counters: counters, Logs: where, LogsLost: logs.lost}, nil
}

func localPaths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		if hfs.Scheme(p) == "file" {
			p = p[len("file://"):]
		}
		out[i] = p
	}
	return out
}

// envList is an action's env as NAME=VALUE strings.
func envList(env []plan.EnvVar) []string {
	out := make([]string, len(env))
	for i, e := range env {
		out[i] = e.Name + "=" + e.Value
	}
	return out
}

// xmlRecords is the local runner's record reader for s: nil for lines,
// StreamXmlRecordReader's fast matching, or an error for what only YARN
// runs.
func xmlRecords(s *plan.Streaming) (*streaming.XMLRecords, error) {
	if s.RecordReader == "" {
		return nil, nil
	}
	if c := s.RecordReaderClass(); c != plan.XMLRecordReader {
		return nil, fmt.Errorf("the local streaming runner reads lines or StreamXmlRecordReader's records; %s runs only on YARN", c)
	}
	x := &streaming.XMLRecords{}
	for _, p := range s.RecordReaderMapping {
		switch p.Name {
		case "begin":
			x.Begin = p.Value
		case "end":
			x.End = p.Value
		case "slowmatch":
			if strings.EqualFold(strings.TrimSpace(p.Value), "true") {
				return nil, fmt.Errorf("StreamXmlRecordReader's slowmatch (Java regular expressions, CDATA-aware) runs only on YARN; the local runner matches begin and end literally")
			}
		}
	}
	if x.Begin == "" || x.End == "" {
		return nil, fmt.Errorf("StreamXmlRecordReader needs non-empty begin and end strings (record_reader_mapping)")
	}
	return x, nil
}
