package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/howdah/howdah/dsl"
	"github.com/howdah/howdah/oozie"
	"github.com/spf13/cobra"
)

func newImportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Translate workflows from other systems into howdah HCL",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.ErrOrStderr())
			cmd.Help()
			return errNoCommand
		},
	}
	cmd.AddCommand(newImportOozieCmd())
	return cmd
}

type importFlags struct {
	out, properties string
	strict, force   bool
}

func newImportOozieCmd() *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "oozie PATH... [-o DIR]",
		Short: "Translate Oozie workflow, coordinator and bundle XML into HCL",
		Long: `Import oozie translates Apache Oozie applications into howdah HCL. A PATH is
an application directory (workflow.xml, coordinator.xml, bundle.xml,
job.properties, config-default.xml, lib/) or a single XML file.

Variables (${name}, wf:conf('name')) become parameters whose defaults come
from config-default.xml, then job.properties, then --properties. EL becomes
HCL expressions; actions howdah does not run (pig, hive, spark, sqoop, ssh,
email, ...) become shell steps running the equivalent command line.

Everything not translated exactly is reported on stderr, one line each with
the XML file and line; --strict makes any such item an error and writes
nothing. XML that is not well formed, unknown schemas, dangling
transitions and cycles are errors: nothing is written.

Without -o a single resulting file is printed on stdout. With -o, one
application's files go into DIR, several into DIR/<application>/. Existing
files are not overwritten without --force. The written files are validated.`,
		Example: `  howdah import oozie apps/daily-etl -o etl
  howdah import oozie apps/ingest apps/clean apps/nightly-bundle -o pipelines
  howdah import oozie workflow.xml --properties prod.properties > workflow.hcl
  howdah import oozie --strict apps/daily-etl -o etl`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImportOozie(cmd, args, f)
		},
	}
	cmd.Flags().StringVarP(&f.out, "out", "o", "", "directory to write the HCL files into")
	cmd.Flags().StringVar(&f.properties, "properties", "", "job.properties file whose values win over the applications' own")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "fail (exit 1, nothing written) if anything is not translated exactly")
	cmd.Flags().BoolVar(&f.force, "force", false, "overwrite existing files")
	return cmd
}

func runImportOozie(cmd *cobra.Command, paths []string, f importFlags) error {
	stderr := cmd.ErrOrStderr()
	res, err := oozie.Import(paths, oozie.Options{Properties: f.properties})
	if err != nil {
		var errs oozie.Errors
		if errors.As(err, &errs) {
			for _, e := range errs {
				fmt.Fprintf(stderr, "%s: error: %s\n", visible(e.At().String()), visible(e.Msg))
			}
			fmt.Fprintf(stderr, "howdah: import failed: %s; nothing written\n", plural(len(errs), "error"))
			return errInvalid
		}
		return err
	}
	for _, it := range res.Report.Items {
		fmt.Fprintln(stderr, visible(it.String()))
	}
	fmt.Fprintf(stderr, "%s\n", res.Report.Summary())
	if f.strict && len(res.Report.Items) > 0 {
		fmt.Fprintln(stderr, "howdah: --strict: nothing written")
		return errInvalid
	}
	if f.out == "" && len(res.Files) != 1 {
		return usageError{fmt.Errorf("the import makes %d files (%s): give -o DIR", len(res.Files), importNames(res.Files))}
	}
	if f.out != "" && !f.force {
		for _, file := range res.Files {
			p := filepath.Join(f.out, filepath.FromSlash(file.Path))
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s exists (--force overwrites it); nothing written", p)
			}
		}
	}
	// Validate in a scratch directory first, so that diagnostics and the
	// files agree, then write.
	scratch, err := os.MkdirTemp("", "howdah-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := writeImported(scratch, res.Files); err != nil {
		return err
	}
	shown := f.out
	if shown == "" {
		shown = "."
	}
	invalid := validateImported(stderr, scratch, shown, res.Files)
	if f.out == "" {
		cmd.OutOrStdout().Write(res.Files[0].Data)
	} else {
		if err := writeImported(f.out, res.Files); err != nil {
			return err
		}
		for _, file := range res.Files {
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (from %s)\n", visible(filepath.Join(f.out, filepath.FromSlash(file.Path))), visible(file.From))
		}
	}
	if invalid > 0 {
		fmt.Fprintf(stderr, "howdah: %s of the imported files do not validate: see above\n", plural(invalid, "file"))
		return errInvalid
	}
	return nil
}

func importNames(files []oozie.File) string {
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	return strings.Join(names, ", ")
}

func writeImported(dir string, files []oozie.File) error {
	for _, file := range files {
		p := filepath.Join(dir, filepath.FromSlash(file.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, file.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// validateImported compiles each file in dir and prints its diagnostics
// with the paths the user will see; it returns how many are invalid.
func validateImported(w io.Writer, dir, shown string, files []oozie.File) int {
	invalid := 0
	seen := map[string]bool{} // a workflow's problems once, not once per coordinator running it
	for _, file := range files {
		p := filepath.Join(dir, filepath.FromSlash(file.Path))
		opts := dsl.Options{AllowMissingParams: true}
		var diags hcl.Diagnostics
		var srcs map[string]*hcl.File
		if file.Kind == "workflow" {
			r := dsl.CompileFile(p, opts)
			diags, srcs = r.Diags, r.Files
		} else {
			r := dsl.CompileCoordinatorFile(p, opts)
			diags, srcs = r.Diags, r.Files
		}
		if !diags.HasErrors() {
			continue
		}
		invalid++
		renamed := map[string]*hcl.File{}
		for name, f := range srcs {
			renamed[rebase(name, dir, shown)] = f
		}
		var fresh hcl.Diagnostics
		for _, d := range diags {
			if d.Subject != nil {
				s := *d.Subject
				s.Filename = rebase(s.Filename, dir, shown)
				d.Subject = &s
			}
			// The detail may name a file (a workflow it could not read):
			// the one the user will have, not the scratch copy.
			d.Detail = strings.ReplaceAll(d.Detail, dir+string(filepath.Separator), shown+string(filepath.Separator))
			key := fmt.Sprint(d.Subject, d.Summary, d.Detail)
			if !seen[key] {
				seen[key] = true
				fresh = append(fresh, d)
			}
		}
		writeDiagnostics(w, renamed, fresh)
	}
	return invalid
}

func rebase(name, from, to string) string {
	if rel, err := filepath.Rel(from, name); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.Join(to, rel)
	}
	return name
}
