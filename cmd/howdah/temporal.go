package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/howdah/howdah/internal/codec"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/internal/devserver"
	"github.com/spf13/cobra"
	"go.temporal.io/api/workflowservice/v1"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
	sdklog "go.temporal.io/sdk/log"
)

// connFlags say which Temporal to use. With no address (flag, or
// TEMPORAL_ADDRESS / a Temporal config profile), commands that can start
// an embedded dev server do.
type connFlags struct {
	address   string
	namespace string
	profile   string
}

func (f *connFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.address, "address", "", "Temporal frontend host:port (default: $TEMPORAL_ADDRESS, the Temporal config profile, or an embedded dev server where the command allows)")
	cmd.Flags().StringVar(&f.namespace, "namespace", "", "Temporal namespace (default: $TEMPORAL_NAMESPACE or \"default\")")
	cmd.Flags().StringVar(&f.profile, "profile", "", "Temporal client config profile (see Temporal's envconfig)")
}

// clientOptions loads Temporal's standard client configuration (config
// file profile, then TEMPORAL_* environment variables), then applies the
// flags. explicit reports whether any of them named a server.
func (f *connFlags) clientOptions() (opts sdkclient.Options, explicit bool, err error) {
	opts, err = envconfig.LoadClientOptions(envconfig.LoadClientOptionsRequest{ConfigFileProfile: f.profile})
	if err != nil {
		return opts, false, fmt.Errorf("temporal client config: %w", err)
	}
	explicit = opts.HostPort != "" || os.Getenv("TEMPORAL_ADDRESS") != ""
	if f.address != "" {
		opts.HostPort, explicit = f.address, true
	}
	if f.namespace != "" {
		opts.Namespace = f.namespace
	}
	if opts.Namespace == "" {
		opts.Namespace = "default"
	}
	opts.Logger = quietLogger()
	keys, err := codec.EnvKeyring()
	if err != nil {
		return opts, explicit, fmt.Errorf("payload encryption: %w", err)
	}
	codec.Configure(&opts, keys)
	return opts, explicit, nil
}

// quietLogger silences the SDK's own logging unless HOWDAH_DEBUG is set:
// howdah reports failures itself, with the node and HCL line, and the SDK
// logs every failed activity attempt at error level.
func quietLogger() sdklog.Logger {
	return loggerAt(slog.Level(100))
}

// daemonLogger is a worker's: what its activities log (re-attaching to a
// YARN job, the ResourceManager unreachable and back, a log store that
// failed) at info and above, HOWDAH_LOG_LEVEL (debug, info, warn, error)
// to change it.
func daemonLogger() sdklog.Logger {
	level := slog.LevelInfo
	if s := os.Getenv("HOWDAH_LOG_LEVEL"); s != "" {
		level.UnmarshalText([]byte(s))
	}
	return loggerAt(level)
}

func loggerAt(level slog.Level) sdklog.Logger {
	if os.Getenv("HOWDAH_DEBUG") != "" {
		level = slog.LevelDebug
	}
	return sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))
}

// dialError says what to do about a server that did not answer.
func dialError(addr string, explicit bool, err error) error {
	if !explicit {
		return fmt.Errorf("connect to Temporal at %s (the default): %w\n  no server is running there: start one with `howdah dev`, or name yours with --address or TEMPORAL_ADDRESS (a Temporal config profile works too)", addr, err)
	}
	return fmt.Errorf("connect to Temporal at %s: %w\n  check --address / TEMPORAL_ADDRESS, the namespace, and TLS or API key settings (TEMPORAL_TLS*, TEMPORAL_API_KEY)", addr, err)
}

// dialRetrying dials until the server answers or ctx ends, saying each
// time it waits: a worker started before Temporal (a service manager
// starting both) waits for it instead of exiting.
func dialRetrying(ctx context.Context, f connFlags, out io.Writer) (sdkclient.Client, error) {
	opts, explicit, err := f.clientOptions()
	if err != nil {
		return nil, err
	}
	opts.Logger = daemonLogger()
	if !explicit {
		opts.HostPort = sdkclient.DefaultHostPort
	}
	wait := time.Second
	for {
		c, err := sdkclient.DialContext(ctx, opts)
		if err == nil {
			return c, nil
		}
		if ctx.Err() != nil {
			return nil, dialError(opts.HostPort, explicit, err)
		}
		fmt.Fprintf(out, "waiting for Temporal at %s (%v); retrying in %s\n", opts.HostPort, firstLine(err.Error()), wait)
		select {
		case <-ctx.Done():
			return nil, dialError(opts.HostPort, explicit, err)
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

// localServer is the Temporal a command without a configured address
// used: one it started in this process (embedded), or a server already
// running at the default address, such as `howdah dev` (Shared).
type localServer struct {
	FrontendURL string // host:port
	UIURL       string // http://host:port, empty when no UI answers
	Namespace   string
	Shared      bool // not started by this command: it outlives it
}

// localDev is where `howdah dev` listens by default, which `howdah run`
// tries before starting an embedded server (tests point it elsewhere).
var localDev = struct{ addr, ui string }{"127.0.0.1:7233", "http://127.0.0.1:8233"}

// connect dials the configured Temporal. With nothing configured, it uses
// a server already answering at the default address (`howdah dev`), or,
// when allowEmbedded, starts an embedded dev server. stop releases what it
// started.
func connect(ctx context.Context, f connFlags, allowEmbedded bool, out io.Writer) (c sdkclient.Client, srv *localServer, stop func(), err error) {
	opts, explicit, err := f.clientOptions()
	if err != nil {
		return nil, nil, nil, err
	}
	var embedded *devserver.Server
	if !explicit {
		// Settings meant for a remote server (an API key, TLS) never
		// apply to a local one.
		dropRemoteSettings(&opts, out)
		opts.HostPort = sdkclient.DefaultHostPort
		if allowEmbedded {
			if shared := dialLocal(ctx, opts, out); shared != nil {
				srv = &localServer{FrontendURL: localDev.addr, Namespace: opts.Namespace, Shared: true}
				if uiAnswers(localDev.ui) {
					srv.UIURL = localDev.ui
				}
				fmt.Fprintf(out, "Using the Temporal server at %s (howdah dev): the run stays in its history", srv.FrontendURL)
				if srv.UIURL != "" {
					fmt.Fprintf(out, " and Web UI %s", srv.UIURL)
				}
				fmt.Fprintln(out)
				return shared, srv, shared.Close, nil
			}
			embedded, err = devserver.Start(devserver.Options{Namespace: opts.Namespace, SearchAttr: client.SearchAttributes})
			if err != nil {
				return nil, nil, nil, err
			}
			opts.HostPort = embedded.FrontendURL
			srv = &localServer{FrontendURL: embedded.FrontendURL, UIURL: embedded.UIURL, Namespace: embedded.Namespace}
			fmt.Fprintf(out, "Started an embedded Temporal dev server at %s", embedded.FrontendURL)
			if embedded.UIURL != "" {
				fmt.Fprintf(out, " (Web UI %s)", embedded.UIURL)
			}
			fmt.Fprintln(out)
		}
	}
	c, err = sdkclient.DialContext(ctx, opts)
	if err != nil {
		if embedded != nil {
			embedded.Stop()
		}
		return nil, nil, nil, dialError(opts.HostPort, explicit, err)
	}
	stop = func() {
		c.Close()
		if embedded != nil {
			embedded.Stop()
		}
	}
	return c, srv, stop, nil
}

// dropRemoteSettings removes what only a remote server uses (an API key,
// TLS) from options that will dial a local one, saying so once.
func dropRemoteSettings(opts *sdkclient.Options, out io.Writer) {
	var what []string
	if opts.Credentials != nil || os.Getenv("TEMPORAL_API_KEY") != "" {
		what = append(what, "an API key")
	}
	if opts.ConnectionOptions.TLS != nil {
		what = append(what, "TLS settings")
	}
	opts.Credentials = nil
	opts.ConnectionOptions.TLS = nil
	if len(what) > 0 {
		fmt.Fprintf(out, "Note: the Temporal settings name %s but no server address; they are ignored for the local server (set TEMPORAL_ADDRESS or --address to use them)\n", strings.Join(what, " and "))
	}
}

// dialLocal returns a client of the server at the default address when
// one answers there, quickly: nil when nothing listens, it is not a
// healthy Temporal frontend, or it does not prove to be the user's
// howdah dev (said on out).
func dialLocal(ctx context.Context, opts sdkclient.Options, out io.Writer) sdkclient.Client {
	conn, err := net.DialTimeout("tcp", localDev.addr, 300*time.Millisecond)
	if err != nil {
		return nil
	}
	conn.Close()
	opts.HostPort = localDev.addr
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := sdkclient.DialContext(dctx, opts)
	if err != nil {
		return nil
	}
	if _, err := c.CheckHealth(dctx, &sdkclient.CheckHealthRequest{}); err != nil {
		c.Close()
		return nil
	}
	// A server without the run's namespace is not the one to use: the
	// embedded server creates it.
	if _, err := c.WorkflowService().DescribeNamespace(dctx, &workflowservice.DescribeNamespaceRequest{Namespace: opts.Namespace}); err != nil {
		c.Close()
		return nil
	}
	// Nor is a server that does not prove to be this user's howdah dev:
	// its workers would run this user's commands.
	if ok, why := provenDev(dctx, c, localDev.addr, opts.Namespace); !ok {
		c.Close()
		fmt.Fprintf(out, "Note: a Temporal server answers at %s but is not used: %s. Using an embedded server instead (--address %s uses that one).\n", localDev.addr, why, localDev.addr)
		return nil
	}
	return c
}

// uiAnswers reports whether a Web UI answers at url.
func uiAnswers(url string) bool {
	hc := &http.Client{Timeout: 500 * time.Millisecond}
	resp, err := hc.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode < 500
}
