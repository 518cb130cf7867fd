package devserver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
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
	// So is one whose UI port is taken: an error, not an exit.
	_, uiPort, _ := net.SplitHostPort(strings.TrimPrefix(s.UIURL, "http://"))
	up, _ := strconv.Atoi(uiPort)
	if _, err := Start(Options{UIPort: up}); !errors.Is(err, ErrPortInUse) {
		t.Errorf("second server on UI port %d: %v, want ErrPortInUse", up, err)
	}
	// The database (runs' parameters, outputs, errors) is the owner's only.
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		st, err := os.Stat(f)
		if errors.Is(err, os.ErrNotExist) && f != db {
			continue
		}
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", f, err, st.Mode().Perm())
		}
	}
}

// The UI serves the listener howdah bound (the port is never released
// between choosing and serving it), and a listener it cannot use is an
// error, not a process exit.
func TestUIServesHeldListener(t *testing.T) {
	l, err := listen("127.0.0.1", 0, "web UI")
	if err != nil {
		t.Fatal(err)
	}
	ui := uiserver.NewServer(uioptions.WithConfigProvider(&uiconfig.Config{
		Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, TemporalGRPCAddress: "127.0.0.1:1",
		EnableUI: true, HideLogs: true, CORS: uiconfig.CORS{CookieInsecure: true},
	}))
	if err := serveUI(ui, l); err != nil {
		t.Fatal(err)
	}
	defer ui.Stop()
	resp, err := http.Get("http://" + l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("UI answered %s", resp.Status)
	}
}

// A database made by an earlier howdah gets the search attributes added
// since: without them every run would start without any.
func TestSearchAttributesAddedToAnOldDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "dev.db")
	old := map[string]enumspb.IndexedValueType{"Old": enumspb.INDEXED_VALUE_TYPE_KEYWORD}
	s, err := Start(Options{DBFile: db, UIPort: -1, SearchAttr: old})
	if err != nil {
		t.Fatal(err)
	}
	s.Stop()
	both := map[string]enumspb.IndexedValueType{"Old": enumspb.INDEXED_VALUE_TYPE_KEYWORD, "New": enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST}
	s, err = Start(Options{DBFile: db, UIPort: -1, SearchAttr: both})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	c, err := client.Dial(client.Options{HostPort: s.FrontendURL})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	resp, err := c.OperatorService().ListSearchAttributes(context.Background(), &operatorservice.ListSearchAttributesRequest{Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	for name, typ := range both {
		if got := resp.GetCustomAttributes()[name]; got != typ {
			t.Errorf("%s: %v, want %v", name, got, typ)
		}
	}
}
