package devserver

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"reflect"
	"unsafe"

	"github.com/labstack/echo/v4"
	uiserver "github.com/temporalio/ui-server/v2/server"
)

// serveUI serves the Web UI on l, a listener howdah bound itself. The UI
// library's own Start binds its port by address and exits the process when
// that fails (a port chosen free and taken meanwhile killed `howdah run`),
// so the listener is handed to its HTTP server instead: the port is held
// from the moment it is chosen, and a failure is an error, not an exit.
func serveUI(ui *uiserver.Server, l net.Listener) error {
	e, err := echoOf(ui)
	if err != nil {
		return err
	}
	e.Listener = l
	go func() {
		// With Listener set, Start serves it without binding; it returns
		// when the server is closed.
		if err := e.Start(""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			l.Close()
		}
	}()
	return nil
}

// echoOf reaches the UI server's HTTP server, which its package does not
// export. The module version is pinned in go.mod, and TestUIServesHeldListener
// fails if a new version moves it.
func echoOf(ui *uiserver.Server) (*echo.Echo, error) {
	f := reflect.ValueOf(ui).Elem().FieldByName("httpServer")
	if !f.IsValid() || f.Type() != reflect.TypeOf((*echo.Echo)(nil)) {
		return nil, fmt.Errorf("the Temporal UI server's HTTP server is not where howdah expects it (ui-server version changed?)")
	}
	return *(**echo.Echo)(unsafe.Pointer(f.UnsafeAddr())), nil
}
