package e2e

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/howdah/howdah/activities"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/internal/codec"
	"github.com/howdah/howdah/worker"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	sdkclient "go.temporal.io/sdk/client"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// encryptedClient is a client (and a worker on queue) whose payloads are
// encrypted with keys.
func encryptedClient(t *testing.T, keys *codec.Keyring, queue string, withWorker bool) sdkclient.Client {
	t.Helper()
	opts := sdkclient.Options{HostPort: srv.FrontendURL, Namespace: srv.Namespace, Logger: silent{}}
	codec.Configure(&opts, keys)
	c, err := sdkclient.Dial(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	if withWorker {
		a := activities.New()
		a.HeartbeatEvery = 200 * time.Millisecond
		w := worker.New(c, queue, a, worker.Options{})
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(w.Stop)
	}
	return c
}

// rawHistory is every event of a run in protobuf's wire form (payload
// bytes as they are), read with a client that has no codec: what the
// server stores and its UI shows to anyone.
func rawHistory(t *testing.T, id string) string {
	t.Helper()
	iter := tc.GetWorkflowHistory(context.Background(), id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var b strings.Builder
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := proto.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(raw)
	}
	return b.String()
}

// With a key, nothing a run carries is in clear in Temporal: not its
// parameters (input, summaries), not its captured outputs, not its error
// messages. The codec endpoint decodes them for the UI; a rotated keyring
// still reads old runs; a keyring without the run's key says which key is
// missing.
func TestEncryptedPayloads(t *testing.T) {
	oldLine, _ := codec.NewKey("old")
	newLine, _ := codec.NewKey("new")
	oldKeys, err := codec.ParseKeyring(oldLine, "test")
	if err != nil {
		t.Fatal(err)
	}
	const q = "encrypted"
	c := encryptedClient(t, oldKeys, q, true)
	const secret, output, failure = "param-Xyzzy-42", "output-Plugh-7", "failure-Frotz-9"
	w := compile(t, `workflow "enc" {
  param "secret" {}
  action "emit" {
    shell {
      argv           = ["sh", "-c", "echo token=$1-$2", "emit", param.secret, "`+strings.TrimPrefix(output, "output-")+`"]
      capture_output = true
    }
  }
  action "use" {
    shell { argv = ["sh", "-c", "echo \"$1\" >&2; echo `+failure+` >&2; exit 3", "use", action.emit.output.token] }
  }
}`, map[string]string{"secret": secret})
	run, err := client.Start(context.Background(), c, w, client.Options{TaskQueue: q, User: "tester", HeartbeatTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	runErr := run.Get(context.Background(), nil)
	if runErr == nil || !strings.Contains(runErr.Error(), "use") {
		t.Fatalf("the run should fail at use, readably for a client with the key: %v", runErr)
	}
	raw := rawHistory(t, run.GetID())
	if !strings.Contains(raw, codec.EncodingEncrypted) {
		t.Error("the history holds no encrypted payload")
	}
	for _, s := range []string{secret, "Plugh", failure, "exit status 3"} {
		if strings.Contains(raw, s) {
			t.Errorf("the raw history holds %q in clear", s)
		}
	}

	// The codec endpoint decodes the run's input for the UI's origin,
	// with the token, and for nobody else.
	h := httptest.NewServer(codec.Handler(oldKeys, codec.ServerOptions{Origins: []string{"http://localhost:8233"}, Token: "tok"}))
	defer h.Close()
	var input *commonpb.Payloads
	iter := tc.GetWorkflowHistory(context.Background(), run.GetID(), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	ev, err := iter.Next()
	if err != nil {
		t.Fatal(err)
	}
	input = ev.GetWorkflowExecutionStartedEventAttributes().GetInput()
	body, _ := protojson.Marshal(input)
	post := func(token string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/decode", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "http://localhost:8233")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp, b.String()
	}
	resp, decoded := post("tok")
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:8233" {
		t.Fatalf("decode: %s %q", resp.Status, decoded)
	}
	var out commonpb.Payloads
	if err := protojson.Unmarshal([]byte(decoded), &out); err != nil || !strings.Contains(string(out.GetPayloads()[0].GetData()), secret) {
		t.Errorf("decoded input lacks the parameter: %v %.200s", err, decoded)
	}
	if resp, _ := post("wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong token got %s", resp.Status)
	}

	// Rotation: the new key first, the old one kept, reads the old run.
	rotated, err := codec.ParseKeyring(newLine+"\n"+oldLine, "test")
	if err != nil {
		t.Fatal(err)
	}
	rc := encryptedClient(t, rotated, q, false)
	err = rc.GetWorkflow(context.Background(), run.GetID(), "").Get(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), failure) {
		t.Errorf("a rotated keyring does not read the old run's failure: %v", err)
	}
	// Without the old key, the error names it.
	newOnly, _ := codec.ParseKeyring(newLine, "keys.txt")
	nc := encryptedClient(t, newOnly, q, false)
	var res any
	err = nc.GetWorkflow(context.Background(), run.GetID(), "").Get(context.Background(), &res)
	if err == nil || strings.Contains(err.Error(), failure) {
		t.Errorf("a keyring without the run's key read it: %v", err)
	}
	var v string
	p, _ := codec.New(oldKeys).ToPayload("x")
	if err := codec.New(newOnly).FromPayload(p, &v); !errors.Is(err, codec.ErrEncrypted) || !strings.Contains(err.Error(), `"old"`) || !strings.Contains(err.Error(), "keys.txt") {
		t.Errorf("decoding with the wrong keyring: %v", err)
	}
}
