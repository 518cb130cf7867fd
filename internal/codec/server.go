package codec

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"

	"go.temporal.io/sdk/converter"
)

// ServerOptions configure the codec endpoint the Temporal Web UI calls.
type ServerOptions struct {
	// Origins are the Web UI origins (scheme://host:port) allowed to call
	// from a browser; a request from any other origin gets no CORS
	// headers, so the browser refuses the answer.
	Origins []string
	// Token, when set, must come as "Authorization: Bearer TOKEN" (set the
	// UI's codec "pass access token", or a proxy in front, to send it).
	Token string
	// Encode allows /encode too (the UI encodes what a user types into a
	// signal or a start); decode only when false.
	Encode bool
}

// maxRequest bounds a request body: the UI sends one event's payloads at a
// time; a 100 MB body is an attack, not a history.
const maxRequest = 64 << 20

// Handler is the remote codec endpoint (POST /decode and /encode, JSON
// payloads as Temporal's remote codec protocol defines them) for keyring
// k. It answers CORS preflights for the allowed origins and checks the
// bearer token.
func Handler(k *Keyring, o ServerOptions) http.Handler {
	inner := converter.NewPayloadCodecHTTPHandler(Codecs(k)...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" && slices.Contains(o.Origins, origin) {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Namespace")
			h.Add("Vary", "Origin")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if o.Token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(o.Token)) != 1 {
				http.Error(w, "codec: missing or wrong bearer token", http.StatusUnauthorized)
				return
			}
		}
		if r.Method != http.MethodPost || (!strings.HasSuffix(r.URL.Path, "/decode") && !(o.Encode && strings.HasSuffix(r.URL.Path, "/encode"))) {
			http.NotFound(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxRequest)
		inner.ServeHTTP(w, r)
	})
}
