package devserver

import (
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

func TestServerWithUIAndPortClash(t *testing.T) {
	db := filepath.Join(t.TempDir(), "dev.db")
	s, err := Start(Options{DBFile: db})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	// The Web UI answers.
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get(s.UIURL); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("web UI at %s: %v", s.UIURL, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("web UI answered %s", resp.Status)
	}
	// A second server on the same frontend port is refused clearly.
	_, port, _ := net.SplitHostPort(s.FrontendURL)
	var p int
	for _, c := range port {
		p = p*10 + int(c-'0')
	}
	if _, err := Start(Options{FrontendPort: p, UIPort: -1}); !errors.Is(err, ErrPortInUse) {
		t.Errorf("second server on port %d: %v, want ErrPortInUse", p, err)
	}
}
