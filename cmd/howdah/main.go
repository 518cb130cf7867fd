// Command howdah compiles, checks and draws Hadoop workflows written in HCL.
//
// Each verb lives in its own file and delegates to a runX function; exit
// codes are 0 (ok), 1 (invalid workflow or failed check) and 2 (usage).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

// errInvalid reports that the command ran but found problems it already
// printed (invalid workflows, unformatted files).
var errInvalid = errors.New("invalid")

// errNoCommand: howdah was run without a verb; the help went to stderr.
var errNoCommand = errors.New("no command")

// usageError is a mistake in the command line itself.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI with args and returns the exit code; tests call it
// directly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(goStyleFlags(root, args))
	err := root.Execute()
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInvalid):
		return exitInvalid
	case errors.Is(err, errNoCommand):
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "howdah: %s\nRun 'howdah --help' for usage.\n", ue.err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "howdah: %s\n", explainServerError(err, namespaceFlag(root, args)))
		return exitInvalid
	}
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "howdah",
		Short: "Hadoop workflows in HCL: validate, format, draw and compile them",
		Long: `howdah runs Hadoop workflows (MapReduce, streaming, HDFS steps, decisions,
fork/join, sub-workflows) written in HCL, as durable Temporal workflows.
Offline: validate, fmt, graph, plan. Running: run (with an embedded
Temporal dev server when no server is configured).`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			// No verb is a usage mistake: the help, on stderr, exit 2.
			cmd.SetOut(cmd.ErrOrStderr())
			cmd.Help()
			return errNoCommand
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newValidateCmd(),
		newFmtCmd(),
		newGraphCmd(),
		newPlanCmd(),
		newRunCmd(),
		newDevCmd(),
		newWorkerCmd(),
		newSubmitCmd(),
		newStatusCmd(),
		newListCmd(),
		newCancelCmd(),
		newSuspendCmd(),
		newResumeCmd(),
		newRerunCmd(),
		newRetryCmd(),
		newSkipCmd(),
		newFailCmd(),
		newLogsCmd(),
		newCoordinatorCmd(),
		newBundleCmd(),
		newCodecServerCmd(),
		newCodecKeyCmd(),
		newImportCmd(),
		newSetupCmd(),
	)
	return root
}

// goStyleFlags accepts Go-style single-dash long flags (-check, -json) as
// terraform and gofmt users type them, by rewriting them to --check. Only
// names of real long flags are rewritten, so "-pname=value" still means
// "-p name=value".
func goStyleFlags(root *cobra.Command, args []string) []string {
	long := map[string]bool{}
	var collect func(*cobra.Command)
	collect = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		for _, sub := range c.Commands() {
			collect(sub)
		}
	}
	collect(root)
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && long[name] {
				out[i] = "-" + a
			}
		}
	}
	return out
}

// usageArgs wraps a cobra argument check so its failures exit with 2.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// namespaceFlag is the namespace the command ran against, for hints.
func namespaceFlag(root *cobra.Command, args []string) string {
	ns := os.Getenv("TEMPORAL_NAMESPACE")
	if cmd, _, err := root.Find(goStyleFlags(root, args)); err == nil {
		if f := cmd.Flags().Lookup("namespace"); f != nil && f.Changed {
			ns = f.Value.String()
		}
	}
	if ns == "" {
		ns = "default"
	}
	return ns
}
