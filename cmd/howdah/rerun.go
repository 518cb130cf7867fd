package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/plan"
	"github.com/spf13/cobra"
)

type rerunFlags struct {
	conn   connFlags
	runID  string
	failed bool
	skip   []string
	from   string
	params []string
	file   string
}

func newRerunCmd() *cobra.Command {
	var f rerunFlags
	cmd := &cobra.Command{
		Use:   "rerun WORKFLOW_ID",
		Short: "Run an ended run again from where it failed, carrying over what succeeded",
		Long: `Rerun starts a new run of an ended run's workflow id (failed, killed or
succeeded). Nodes it skips are not executed again: their recorded results
(outputs, counters, external ids) are carried over, so decisions and
expressions downstream see the same values; they show as "skipped by rerun".

  --failed (the default)  skip every action that ended OK
  --skip a,b              skip exactly these (each must have ended OK)
  --from NODE             run NODE and every node after it again

Inside a fork only the branches that did not finish run again; inside a
for_each only the items that did not succeed; a failed sub-workflow reruns
only its own failed nodes. -p recompiles the run's workflow file with the
earlier parameters and these on top; --file runs an edited file, as long as
every skipped node still exists as an action of the same kind. The new run
has wf.run one higher; 'howdah status ID --run N' shows earlier runs.`,
		Example: `  howdah rerun etl-2026-11-24
  howdah rerun etl-2026-11-24 --from load -p day=2026-11-25
  howdah rerun etl-2026-11-24 --skip extract,clean --file etl-fixed.hcl`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runRerun(cmd, args[0], f) },
	}
	f.conn.register(cmd)
	cmd.Flags().StringVar(&f.runID, "run-id", "", "rerun this run (default: the latest)")
	cmd.Flags().BoolVar(&f.failed, "failed", false, "skip every node that ended OK (the default)")
	cmd.Flags().StringSliceVar(&f.skip, "skip", nil, "skip these nodes (comma-separated; each must have ended OK)")
	cmd.Flags().StringVar(&f.from, "from", "", "run this node and everything after it again")
	cmd.Flags().StringArrayVarP(&f.params, "param", "p", nil, "change a parameter: -p name=value (the workflow file is recompiled; repeatable)")
	cmd.Flags().StringVar(&f.file, "file", "", "run this (edited) workflow file instead of the run's own")
	return cmd
}

func runRerun(cmd *cobra.Command, id string, f rerunFlags) error {
	if f.failed && (len(f.skip) > 0 || f.from != "") {
		return usageError{errors.New("--failed cannot be combined with --skip or --from")}
	}
	if len(f.skip) > 0 && f.from != "" {
		return usageError{errors.New("--skip and --from cannot be combined")}
	}
	c, _, stop, err := connect(cmd.Context(), f.conn, false, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer stop()
	e, err := client.LoadEnded(cmd.Context(), c, id, f.runID)
	if err != nil {
		return fmt.Errorf("rerun %s: %w", id, err)
	}
	o := client.RerunOptions{Skip: f.skip, From: f.from, User: currentUser()}
	if len(f.params) > 0 || f.file != "" {
		w, err := recompile(cmd, e.Input.Plan, f.file, f.params)
		if err != nil {
			return err
		}
		o.Plan = w
	}
	run, rr, err := client.StartRerun(cmd.Context(), c, e, o)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "workflow id: %s\nrun id:      %s (rerun %d of run %s)\n", run.GetID(), run.GetRunID(), rr.Run, rr.Previous)
	if len(rr.Skip) == 0 {
		fmt.Fprintln(out, "skipped:     none (every node runs again)")
	} else {
		fmt.Fprintf(out, "skipped:     %s\n", strings.Join(rr.Skip, ", "))
	}
	return nil
}

// recompile compiles the run's workflow file (or file) again with the
// run's parameters, overridden by pairs.
func recompile(cmd *cobra.Command, old *plan.Workflow, file string, pairs []string) (*plan.Workflow, error) {
	if file == "" {
		file = old.Source
		if _, err := os.Stat(file); err != nil {
			return nil, fmt.Errorf("-p recompiles the run's workflow file %s, which cannot be read here (%v): give it with --file", file, err)
		}
	}
	pf := paramFlags{pairs: pairs, previous: map[string]string{}}
	for _, p := range old.Params {
		if p.Runtime || len(p.Value) == 0 {
			continue
		}
		v := string(p.Value)
		var s string
		if p.Type == "string" && json.Unmarshal(p.Value, &s) == nil {
			v = s
		}
		pf.previous[p.Name] = v
	}
	w, err := compileForOutput(cmd, file, pf, false)
	if err == nil && w.Name != old.Name {
		// Another workflow under the run's id would carry the run's
		// record over to nodes that are not the ones that ran.
		return nil, fmt.Errorf("%s holds workflow %q, but the run is of workflow %q: give the run's own workflow (edited), or start the other with howdah submit", file, w.Name, old.Name)
	}
	return w, err
}
