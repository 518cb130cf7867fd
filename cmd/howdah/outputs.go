package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/howdah/howdah/plan"
	"github.com/howdah/howdah/workflows/api"
)

// maxOutputs bounds the output paths run prints.
const maxOutputs = 10

// printOutputs says where the run's succeeded actions wrote: streaming and
// MapReduce output directories, distcp targets, directories and files fs
// steps made. Relative local paths are resolved against the directory the
// run was started from, as the worker resolves them. Paths computed at run
// time (from outputs, for_each items) are not known here and not shown.
func printOutputs(out io.Writer, w *plan.Workflow, st api.State, dir string) {
	ok := map[string]bool{}
	for _, n := range st.Nodes {
		if n.Status == api.StatusOK {
			ok[n.Name] = true
		}
	}
	var paths []string
	seen := map[string]bool{}
	add := func(p string) {
		if p == "" {
			return
		}
		if !strings.Contains(p, "://") && !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	for _, n := range w.Nodes {
		if n.Action == nil || !ok[n.Name] || n.Action.ForEach != nil {
			continue
		}
		for _, p := range outputPaths(n.Action) {
			add(p)
		}
	}
	if len(paths) == 0 {
		return
	}
	shown := paths
	if len(shown) > maxOutputs {
		shown = shown[:maxOutputs]
	}
	fmt.Fprintf(out, "Outputs: %s\n", visible(strings.Join(shown, ", ")))
	if len(paths) > len(shown) {
		fmt.Fprintf(out, "         and %d more\n", len(paths)-len(shown))
	}
}

// outputPaths are the paths an action writes that are known before it
// runs.
func outputPaths(a *plan.Action) []string {
	bound := func(field string) bool {
		for _, b := range a.Bindings {
			if b.Field == field || strings.HasPrefix(b.Field, field+"/") {
				return true
			}
		}
		return false
	}
	var out []string
	switch {
	case a.Streaming != nil && !bound("/streaming/output"):
		out = append(out, a.Streaming.Output)
	case a.DistCp != nil && !bound("/distcp/to"):
		out = append(out, a.DistCp.To)
	case a.FS != nil:
		for i, op := range a.FS.Ops {
			switch op.Op {
			case plan.OpMkdir, plan.OpTouchz:
				if !bound(fmt.Sprintf("/fs/ops/%d/path", i)) {
					out = append(out, op.Path)
				}
			case plan.OpMove:
				if !bound(fmt.Sprintf("/fs/ops/%d/to", i)) {
					out = append(out, op.To)
				}
			}
		}
	case a.MapReduce != nil || a.Java != nil:
		for _, p := range a.Configuration {
			if (p.Name == "mapreduce.output.fileoutputformat.outputdir" || p.Name == "mapred.output.dir") && !bound("/configuration/"+p.Name) {
				out = append(out, p.Value)
			}
		}
	}
	return out
}
