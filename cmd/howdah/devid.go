package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	namespacepb "go.temporal.io/api/namespace/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
)

// A `howdah dev` proves itself to `howdah run` on the same machine: it
// puts a random token in its namespace's data and in a file that only its
// user can read. run reuses the server at the default address only when
// that server's namespace carries the token of the file its own user's
// howdah dev wrote: another user's howdah dev, a team's Temporal or a
// PostgreSQL-backed server someone started there has none, or another.

// devTokenKey is the namespace data key that holds the token.
const devTokenKey = "howdah.dev.token"

// devIdentity is what the file says.
type devIdentity struct {
	Address   string `json:"address"`
	Namespace string `json:"namespace"`
	Token     string `json:"token"`
	PID       int    `json:"pid"`
}

// devIdentityPath is the file: under $XDG_STATE_HOME/howdah (else
// ~/.local/state/howdah), the user's own.
func devIdentityPath() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "howdah", "dev.json")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "state", "howdah", "dev.json")
	}
	return ""
}

// announceDev writes the identity of the dev server at addr (namespace ns)
// and puts its token in the namespace. The returned function removes the
// file, unless another howdah dev has written its own since.
func announceDev(ctx context.Context, c client.Client, addr, ns string) (func(), error) {
	path := devIdentityPath()
	if path == "" {
		return nil, errors.New("no home directory for the dev server's identity")
	}
	var b [16]byte
	rand.Read(b[:])
	if host, port, err := net.SplitHostPort(addr); err == nil && (host == "0.0.0.0" || host == "::" || host == "") {
		addr = net.JoinHostPort("127.0.0.1", port) // where run looks for it
	}
	id := devIdentity{Address: addr, Namespace: ns, Token: hex.EncodeToString(b[:]), PID: os.Getpid()}
	if _, err := c.WorkflowService().UpdateNamespace(ctx, &workflowservice.UpdateNamespaceRequest{
		Namespace:  ns,
		UpdateInfo: &namespacepb.UpdateNamespaceInfo{Data: map[string]string{devTokenKey: id.Token}},
	}); err != nil {
		return nil, fmt.Errorf("mark namespace %s as this howdah dev's: %w", ns, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	js, _ := json.Marshal(id)
	tmp := fmt.Sprintf("%s.%d", path, os.Getpid())
	if err := os.WriteFile(tmp, js, 0o600); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return func() {
		if cur, err := readDevIdentity(path); err == nil && cur.Token == id.Token {
			os.Remove(path)
		}
	}, nil
}

func readDevIdentity(path string) (devIdentity, error) {
	var id devIdentity
	b, err := os.ReadFile(path)
	if err != nil {
		return id, err
	}
	return id, json.Unmarshal(b, &id)
}

// provenDev says whether the server c (at addr) is this user's howdah dev
// for namespace ns, or why it is not.
func provenDev(ctx context.Context, c client.Client, addr, ns string) (bool, string) {
	id, err := readDevIdentity(devIdentityPath())
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, "no howdah dev of yours has announced itself"
	case err != nil:
		return false, "its identity file cannot be read: " + err.Error()
	case id.Address != addr || id.Namespace != ns:
		return false, fmt.Sprintf("your howdah dev serves %s (namespace %s)", id.Address, id.Namespace)
	}
	resp, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: ns})
	if err != nil {
		return false, err.Error()
	}
	if resp.GetNamespaceInfo().GetData()[devTokenKey] != id.Token {
		return false, "it is not the howdah dev you started (another user's, or another Temporal server)"
	}
	return true, ""
}
