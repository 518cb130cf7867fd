package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"
)

type fmtFlags struct {
	check, diff, write bool
}

func newFmtCmd() *cobra.Command {
	var f fmtFlags
	cmd := &cobra.Command{
		Use:   "fmt [-check|-diff|-write] FILE...|DIR...|-",
		Short: "Format workflow files in the canonical style",
		Long: `Fmt rewrites HCL in the canonical layout (aligned equals signs, two-space
indents). It refuses files with syntax errors, and formatting is idempotent.

With no flag it prints the formatted text. -check lists files that are not
formatted and exits 1 if there are any; -diff prints a unified diff; -write
rewrites the files in place. Directories are searched for *.hcl files.
"-" formats standard input to standard output.`,
		Example: `  howdah fmt -check examples
  howdah fmt -diff workflow.hcl
  howdah fmt -write .
  cat workflow.hcl | howdah fmt -`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFmt(cmd, args, f)
		},
	}
	cmd.Flags().BoolVar(&f.check, "check", false, "list unformatted files; exit 1 if any")
	cmd.Flags().BoolVar(&f.diff, "diff", false, "print a diff of the changes")
	cmd.Flags().BoolVar(&f.write, "write", false, "rewrite files in place")
	return cmd
}

func runFmt(cmd *cobra.Command, args []string, f fmtFlags) error {
	if f.check && f.write {
		return usageError{fmt.Errorf("-check and -write cannot be combined")}
	}
	var files []string
	for _, a := range args {
		if a == "-" {
			if len(args) > 1 {
				return usageError{fmt.Errorf("\"-\" (standard input) cannot be mixed with files")}
			}
			if f.write {
				return usageError{fmt.Errorf("-write needs files, not standard input")}
			}
			src, err := io.ReadAll(cmd.InOrStdin())
			if err != nil {
				return err
			}
			return fmtOne(cmd, "<stdin>", src, f)
		}
		found, err := hclFiles(a)
		if err != nil {
			return usageError{err}
		}
		files = append(files, found...)
	}
	var failed bool
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "howdah: %s\n", err)
			failed = true
			continue
		}
		if err := fmtOne(cmd, file, src, f); err != nil {
			failed = true
		}
	}
	if failed {
		return errInvalid
	}
	return nil
}

// hclFiles expands a directory into its *.hcl files (sorted, recursive).
func hclFiles(arg string) ([]string, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{arg}, nil
	}
	var out []string
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != arg && (d.Name() == "testdata" || d.Name()[0] == '.') {
			return filepath.SkipDir
		}
		if !d.IsDir() && filepath.Ext(p) == ".hcl" {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// fmtOne formats one source. It returns errInvalid when the file has syntax
// errors or, with -check, is not formatted.
func fmtOne(cmd *cobra.Command, name string, src []byte, f fmtFlags) error {
	parsed, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		writeDiagnostics(cmd.ErrOrStderr(), map[string]*hcl.File{name: parsed}, diags)
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: not formatted: fix the syntax errors first\n", name)
		return errInvalid
	}
	out := hclwrite.Format(src)
	changed := !bytes.Equal(src, out)
	stdout := cmd.OutOrStdout()
	if f.diff && changed {
		d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(src)), B: difflib.SplitLines(string(out)),
			FromFile: name, ToFile: name + " (formatted)", Context: 3,
		})
		if err != nil {
			return err
		}
		io.WriteString(stdout, d)
	}
	switch {
	case f.check:
		if changed {
			if !f.diff {
				fmt.Fprintln(stdout, name)
			}
			return errInvalid
		}
	case f.write:
		if changed {
			if err := os.WriteFile(name, out, 0o644); err != nil {
				return err
			}
			fmt.Fprintln(stdout, name)
		}
	case !f.diff:
		_, err := stdout.Write(out)
		return err
	}
	return nil
}
