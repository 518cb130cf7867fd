package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/howdah/howdah/internal/codec"
	"github.com/spf13/cobra"
)

func newCodecServerCmd() *cobra.Command {
	var listen, tokenFile string
	var origins []string
	var encode bool
	cmd := &cobra.Command{
		Use:   "codec-server",
		Short: "Serve the codec endpoint the Temporal Web UI calls to decrypt howdah's payloads",
		Long: `Codec-server decrypts, for the Temporal Web UI, the payloads howdah
encrypts when a key is configured (HOWDAH_CODEC_KEY_FILE or HOWDAH_CODEC_KEY,
the same keyring as the workers'). Point the UI's codec endpoint at it
(Temporal UI setting codec.endpoint, or the "Codec Server" page of the UI's
settings); the browser calls it directly, so --origin must name the UI's
origin. With --token-file, requests must carry "Authorization: Bearer
TOKEN" (the UI's codec.passAccessToken sends the user's access token; put
the endpoint behind your SSO proxy, or share a token with those allowed).
It only decodes unless --encode is given.`,
		Example: `  HOWDAH_CODEC_KEY_FILE=/etc/howdah/keys howdah codec-server --origin https://temporal.example.com
  howdah codec-server --listen 0.0.0.0:8081 --origin http://localhost:8233 --token-file /etc/howdah/codec-token`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			keys, err := codec.EnvKeyring()
			if err != nil {
				return err
			}
			if keys == nil {
				return fmt.Errorf("no key: set %s (a file of ID:BASE64 lines; new keys: howdah codec-key) or %s", codec.EnvKeyFile, codec.EnvKey)
			}
			if len(origins) == 0 {
				return usageError{errors.New("--origin: name the Web UI's origin (e.g. http://localhost:8233); the browser calls the codec from there")}
			}
			for _, o := range origins {
				if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") || strings.Count(o, "/") != 2 {
					return usageError{fmt.Errorf("--origin %q: an origin is scheme://host[:port], no path", o)}
				}
			}
			var token string
			if tokenFile != "" {
				b, err := os.ReadFile(tokenFile)
				if err != nil {
					return err
				}
				if token = strings.TrimSpace(string(b)); token == "" {
					return fmt.Errorf("%s is empty", tokenFile)
				}
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return err
			}
			hs := &http.Server{
				Handler:           codec.Handler(keys, codec.ServerOptions{Origins: origins, Token: token, Encode: encode}),
				ReadHeaderTimeout: 10 * time.Second,
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "codec endpoint: http://%s (keys from %s, current %q; origins %s", ln.Addr(), keys.Source, keys.CurrentKey(), strings.Join(origins, ", "))
			if token != "" {
				fmt.Fprint(out, "; bearer token required")
			}
			fmt.Fprintln(out, ")")
			go func() {
				sig := make(chan os.Signal, 1)
				signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
				<-sig
				hs.Close()
			}()
			if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8081", "address to serve on")
	cmd.Flags().StringSliceVar(&origins, "origin", nil, "Web UI origin allowed to call (repeatable)")
	cmd.Flags().StringVar(&tokenFile, "token-file", "", "file holding the bearer token requests must carry")
	cmd.Flags().BoolVar(&encode, "encode", false, "also serve /encode (the UI encodes signal and start inputs)")
	return cmd
}

func newCodecKeyCmd() *cobra.Command {
	var id string
	cmd := &cobra.Command{
		Use:   "codec-key",
		Short: "Print a new payload encryption key line (ID:BASE64)",
		Long: `Codec-key prints a new random AES-256 key as ID:BASE64. Put it first in the
key file (HOWDAH_CODEC_KEY_FILE, mode 600) to make it the key that
encrypts; keep the older lines after it so earlier runs stay readable.`,
		Example: `  howdah codec-key --id 2026-11 > ~/.config/howdah/keys && chmod 600 ~/.config/howdah/keys`,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if id == "" {
				id = time.Now().UTC().Format("20060102")
			}
			line, err := codec.NewKey(id)
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintln(cmd.OutOrStdout(), line)
			return nil
		},
	}
	cmd.Flags().StringVar(&id, "id", "", "key id (default: today's date)")
	return cmd
}
