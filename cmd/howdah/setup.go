package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/howdah/howdah/client"
	"github.com/spf13/cobra"
	"go.temporal.io/api/serviceerror"
	sdkclient "go.temporal.io/sdk/client"
)

func newSetupCmd() *cobra.Command {
	var conn connFlags
	var retention time.Duration
	var check bool
	var wait time.Duration
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Make a Temporal namespace ready for howdah: the namespace and howdah's search attributes",
		Long: `Setup prepares a Temporal cluster's namespace for howdah, once, before the
first worker: it creates the namespace when it is missing (with --retention),
registers howdah's search attributes (runs are listed by workflow, user,
coordinator and held nodes through them, and the Web UI shows each run's
current node), checking the visibility store's limits (PostgreSQL, MySQL and
SQLite visibility have 10 Keyword and 3 of each other type per namespace),
and waits until the server accepts them.

It changes nothing that is already right, so it can run at every deploy.
What it may not or cannot do is reported with the temporal operator command
an administrator would run instead, and it exits 1. --check only reports.

howdah dev and the embedded server of 'howdah run' set themselves up.`,
		Example: `  howdah setup --address temporal.example.com:7233 --namespace etl --retention 168h
  howdah setup --check`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts, _, err := conn.clientOptions()
			if err != nil {
				return err
			}
			c, _, stop, err := connect(cmd.Context(), conn, false, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer stop()
			addr := opts.HostPort
			if addr == "" {
				addr = sdkclient.DefaultHostPort
			}
			r, err := client.Setup(cmd.Context(), c, client.SetupOptions{Namespace: opts.Namespace, Retention: retention, Check: check, Address: connAddress(conn), Wait: wait})
			if err != nil {
				return err
			}
			printSetup(cmd.OutOrStdout(), addr, retention, check, r)
			if !r.OK() {
				return errInvalid
			}
			return nil
		},
	}
	conn.register(cmd)
	cmd.Flags().DurationVar(&retention, "retention", 72*time.Hour, "how long a namespace setup creates keeps closed runs (their history, status and logs links)")
	cmd.Flags().BoolVar(&check, "check", false, "only report what is missing; create and register nothing")
	cmd.Flags().DurationVar(&wait, "wait", 2*time.Minute, "how long to wait for the server to accept what setup registered")
	return cmd
}

// connAddress is the --address to repeat in printed commands: the one
// given, or none (the temporal CLI reads the same environment).
func connAddress(f connFlags) string {
	return f.address
}

func printSetup(out io.Writer, addr string, retention time.Duration, check bool, r client.SetupReport) {
	store := r.VisibilityStore
	if store == "" {
		store = "unknown"
	}
	fmt.Fprintf(out, "Temporal at %s (visibility store: %s), namespace %s\n", addr, store, r.Namespace)
	switch {
	case r.NamespaceCreated:
		fmt.Fprintf(out, "  namespace:         created (retention %s), served after %s\n", strings.TrimSuffix(strings.TrimSuffix(retention.String(), "0s"), "0m"), r.NamespaceReadyIn.Round(10*time.Millisecond))
	case r.NamespaceMissing:
		fmt.Fprintf(out, "  namespace:         missing\n")
	default:
		fmt.Fprintf(out, "  namespace:         exists\n")
	}
	if len(r.Present) > 0 {
		fmt.Fprintf(out, "  search attributes: %d of %d registered already\n", len(r.Present), len(client.SearchAttributes))
	}
	if len(r.Added) > 0 {
		fmt.Fprintf(out, "  registered:        %s (accepted after %s)\n", strings.Join(r.Added, ", "), r.AcceptedAfter.Round(10*time.Millisecond))
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(out, "  missing:           %s\n", strings.Join(r.Missing, ", "))
	}
	for _, p := range r.Problems {
		fmt.Fprintf(out, "  problem:           %s\n", p)
	}
	if r.OK() {
		fmt.Fprintf(out, "ready: workers and runs can use namespace %s\n", r.Namespace)
		return
	}
	if check && len(r.Problems) == 0 {
		fmt.Fprintf(out, "not ready: run howdah setup without --check, or have an administrator run:\n")
	} else {
		fmt.Fprintf(out, "not ready. An administrator can run:\n")
	}
	for _, c := range r.Commands {
		fmt.Fprintf(out, "  %s\n", c)
	}
}

// explainServerError adds what to do to the Temporal errors a new
// cluster gives: a namespace nobody created, search attributes nobody
// registered.
func explainServerError(err error, namespace string) error {
	var nf *serviceerror.NamespaceNotFound
	msg := err.Error()
	low := strings.ToLower(msg)
	switch {
	case errors.As(err, &nf) || (strings.Contains(low, "namespace") && strings.Contains(low, "not found")):
		if strings.Contains(msg, "howdah setup") {
			return err
		}
		if m := namespaceInError.FindStringSubmatch(msg); m != nil {
			namespace = m[1]
		}
		return fmt.Errorf("%w\n  create it with `howdah setup --namespace %s` (or have the Temporal administrator run `temporal operator namespace create --namespace %s`), or name another with --namespace or TEMPORAL_NAMESPACE", err, namespace, namespace)
	case strings.Contains(low, "invalid search attribute") || strings.Contains(low, "search attribute") && strings.Contains(low, "not defined"):
		if strings.Contains(msg, "howdah setup") {
			return err
		}
		return fmt.Errorf("%w\n  the namespace lacks howdah's search attributes: register them with `howdah setup` (howdah setup --check lists them)", err)
	}
	return err
}

// namespaceInError finds the name in the server's "Namespace X is not found."
var namespaceInError = regexp.MustCompile(`[Nn]amespace ([A-Za-z0-9._-]+) is not found`)

// warnMissingAttributes says once, on out, that the namespace lacks some
// of howdah's search attributes and what that costs; it returns whether
// any are missing. A server that cannot be asked is not warned about.
func warnMissingAttributes(ctx context.Context, c sdkclient.Client, ns string, out io.Writer, who string) bool {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	missing, err := client.MissingSearchAttributes(ctx, c, ns)
	if err != nil || len(missing) == 0 {
		return false
	}
	fmt.Fprintf(out, "warning: namespace %s lacks howdah's search attributes %s: %s carry none of them (howdah list --workflow/--held, coordinator instance states and the Web UI's node column do not see them); register them with `howdah setup`\n", ns, strings.Join(missing, ", "), who)
	return true
}
