package codec

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The codec endpoint answers only its UI's origin, only with the token,
// decodes only unless told to encode, and refuses oversized bodies without
// reading them whole.
func TestHandlerRefusesWhatItShould(t *testing.T) {
	line, _ := NewKey("k1")
	keys, err := ParseKeyring(line, "test")
	if err != nil {
		t.Fatal(err)
	}
	h := httptest.NewServer(Handler(keys, ServerOptions{Origins: []string{"https://ui.example"}, Token: "s3"}))
	defer h.Close()
	do := func(method, path, origin, token string, body io.Reader) *http.Response {
		req, _ := http.NewRequest(method, h.URL+path, body)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := do(http.MethodOptions, "/decode", "https://ui.example", "", nil); r.StatusCode != http.StatusNoContent || r.Header.Get("Access-Control-Allow-Origin") != "https://ui.example" {
		t.Errorf("preflight: %s %q", r.Status, r.Header.Get("Access-Control-Allow-Origin"))
	}
	if r := do(http.MethodPost, "/decode", "https://evil.example", "s3", strings.NewReader(`{"payloads":[]}`)); r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin got CORS headers: %q", r.Header.Get("Access-Control-Allow-Origin"))
	}
	if r := do(http.MethodPost, "/decode", "", "", strings.NewReader(`{"payloads":[]}`)); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %s", r.Status)
	}
	if r := do(http.MethodPost, "/encode", "", "s3", strings.NewReader(`{"payloads":[]}`)); r.StatusCode != http.StatusNotFound {
		t.Errorf("encode without --encode: %s", r.Status)
	}
	if r := do(http.MethodPost, "/decode", "", "s3", strings.NewReader(`{"payloads":[]}`)); r.StatusCode != http.StatusOK {
		t.Errorf("decode: %s", r.Status)
	}
	big := io.MultiReader(strings.NewReader(`{"payloads":[{"data":"`), bytes.NewReader(bytes.Repeat([]byte("A"), maxRequest+1024)), strings.NewReader(`"}]}`))
	if r := do(http.MethodPost, "/decode", "", "s3", big); r.StatusCode == http.StatusOK {
		t.Errorf("an oversized body was decoded: %s", r.Status)
	}
	// A payload claiming an unknown key, or altered, is refused with the
	// key id quoted and bounded, never decoded as something else.
	p, _ := New(keys).ToPayload("secret")
	p.Metadata[MetaKeyID] = []byte(strings.Repeat("\x1b[31m", 40))
	var v string
	if err := New(keys).FromPayload(p, &v); err == nil || strings.Contains(err.Error(), "\x1b") || len(err.Error()) > 400 {
		t.Errorf("unknown key id: %q", err)
	}
	p, _ = New(keys).ToPayload("secret")
	p.Data[len(p.Data)-1] ^= 1
	if err := New(keys).FromPayload(p, &v); err == nil || !strings.Contains(err.Error(), "does not decrypt") {
		t.Errorf("altered payload: %v", err)
	}
}
