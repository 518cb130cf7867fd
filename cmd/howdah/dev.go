package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/howdah/howdah/internal/codec"

	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/internal/devserver"
	"github.com/howdah/howdah/worker"
	"github.com/spf13/cobra"
	sdkclient "go.temporal.io/sdk/client"
)

func newDevCmd() *cobra.Command {
	var port, uiPort int
	var db, queue, ip, namespace string
	var noWorker bool
	var hadoop hadoopFlags
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run a local Temporal server with its Web UI and a howdah worker",
		Long: `Dev runs an embedded Temporal server (frontend on 127.0.0.1:7233), the
Temporal Web UI (http://127.0.0.1:8233) and a howdah worker, until Ctrl-C.
State is kept in a SQLite file, so runs survive a restart. The search
attributes HowdahWorkflow, HowdahApp and HowdahUser are registered, so runs can
be filtered in the UI. Use 'howdah submit', 'status', 'list' against it.`,
		Example: `  howdah dev
  howdah dev --db /tmp/howdah.db --port 7300 --ui-port 8300`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if db == "" {
				dir, err := os.UserConfigDir()
				if err != nil {
					dir = os.TempDir()
				}
				db = filepath.Join(dir, "howdah", "dev.db")
			}
			keys, err := codec.EnvKeyring()
			if err != nil {
				return fmt.Errorf("payload encryption: %w", err)
			}
			// With a key, the UI decodes payloads through a codec
			// endpoint served here, on loopback, for the UI's origin only.
			var codecLn net.Listener
			opts := devserver.Options{
				IP: ip, FrontendPort: port, UIPort: uiPort, Namespace: namespace, DBFile: db,
				LogFile: filepath.Join(filepath.Dir(db), "dev-server.log"), SearchAttr: client.SearchAttributes,
			}
			if keys != nil && uiPort >= 0 {
				if codecLn, err = net.Listen("tcp", net.JoinHostPort(ip, "0")); err != nil {
					return fmt.Errorf("codec endpoint: %w", err)
				}
				defer codecLn.Close()
				opts.CodecEndpoint = "http://" + codecLn.Addr().String()
			}
			srv, err := devserver.Start(opts)
			if err != nil {
				return err
			}
			defer srv.Stop()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Temporal frontend: %s (namespace %q)\n", srv.FrontendURL, srv.Namespace)
			if srv.UIURL != "" {
				fmt.Fprintf(out, "Temporal Web UI:   %s\n", srv.UIURL)
			}
			if codecLn != nil {
				hs := &http.Server{Handler: codec.Handler(keys, codec.ServerOptions{Origins: uiOrigins(srv.UIURL)}), ReadHeaderTimeout: 10 * time.Second}
				go hs.Serve(codecLn)
				defer hs.Close()
				fmt.Fprintf(out, "Payloads:          encrypted with key %q; the UI decodes them through %s\n", keys.CurrentKey(), opts.CodecEndpoint)
			}
			fmt.Fprintf(out, "Database:          %s\n", db)
			// Announce it, so this user's `howdah run` knows it for
			// theirs (and nobody else's server passes for it).
			{
				ac, err := sdkclient.Dial(sdkclient.Options{HostPort: srv.FrontendURL, Namespace: srv.Namespace, Logger: quietLogger()})
				if err != nil {
					return err
				}
				actx, cancel := context.WithTimeout(cmd.Context(), 20*time.Second)
				forget, err := announceDev(actx, ac, srv.FrontendURL, srv.Namespace)
				cancel()
				ac.Close()
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "Note: howdah run will not use this server: %v\n", err)
				} else {
					defer forget()
				}
			}
			if !noWorker {
				copts := sdkclient.Options{HostPort: srv.FrontendURL, Namespace: srv.Namespace, Logger: quietLogger()}
				codec.Configure(&copts, keys)
				c, err := sdkclient.Dial(copts)
				if err != nil {
					return err
				}
				defer c.Close()
				acts, err := hadoop.activities(out)
				if err != nil {
					return err
				}
				w := worker.New(c, queue, acts, worker.Options{})
				if err := w.Start(); err != nil {
					return err
				}
				defer w.Stop()
				fmt.Fprintf(out, "Worker:            task queue %q\n", queue)
			}
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			<-sig
			fmt.Fprintln(out, "stopping")
			return nil
		},
	}
	hadoop.register(cmd)
	cmd.Flags().StringVar(&ip, "ip", "127.0.0.1", "address to listen on")
	cmd.Flags().IntVar(&port, "port", 7233, "Temporal frontend port")
	cmd.Flags().IntVar(&uiPort, "ui-port", 8233, "Web UI port (-1: no UI)")
	cmd.Flags().StringVar(&db, "db", "", "SQLite file for the server's state (default: the user config dir's howdah/dev.db)")
	cmd.Flags().StringVar(&namespace, "namespace", "default", "namespace to create")
	cmd.Flags().StringVar(&queue, "queue", worker.DefaultTaskQueue, "task queue of the built-in worker")
	cmd.Flags().BoolVar(&noWorker, "no-worker", false, "do not run a worker")
	return cmd
}

// uiOrigins are the origins a browser may show the UI at uiURL from:
// itself, and localhost for 127.0.0.1 and back.
func uiOrigins(uiURL string) []string {
	out := []string{uiURL}
	u, err := url.Parse(uiURL)
	if err != nil {
		return out
	}
	switch u.Hostname() {
	case "127.0.0.1":
		out = append(out, "http://localhost:"+u.Port())
	case "localhost":
		out = append(out, "http://127.0.0.1:"+u.Port())
	}
	return out
}
