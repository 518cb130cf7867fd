package plan

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSecrets(t *testing.T) {
	w := &Workflow{Params: []Param{
		{Name: "pw", Sensitive: true, Value: json.RawMessage(`"p\"w\\d"`)},
		{Name: "keys", Sensitive: true, Value: json.RawMessage(`["k1","k2"]`)},
		{Name: "n", Sensitive: true, Value: json.RawMessage(`12345`)},
		{Name: "open", Value: json.RawMessage(`"visible"`)},
		{Name: "late", Sensitive: true, Runtime: true},
	}}
	got := w.Secrets()
	want := []string{`12345`, `k1`, `k2`, `p"w\d`, `p\"w\\d`}
	if !slices.Equal(got, want) {
		t.Errorf("Secrets() = %q, want %q", got, want)
	}
	// A run's values (a coordinator's or a parent's, passed at run time)
	// are secrets too; so are derived values and a sub-workflow's own.
	w.Derived = []string{"P\"W\\D"}
	w.Nodes = []Node{{Name: "sub", Action: &Action{SubWorkflow: &SubWorkflow{Workflow: &Workflow{Params: []Param{{Name: "c", Sensitive: true, Value: json.RawMessage(`"child-secret"`)}}}}}}}
	got = w.SecretsWith(map[string]json.RawMessage{"late": json.RawMessage(`"tok-0100"`), "open": json.RawMessage(`"still-visible"`)})
	for _, s := range []string{"tok-0100", "P\"W\\D", "child-secret"} {
		if !slices.Contains(got, s) {
			t.Errorf("SecretsWith lacks %q: %q", s, got)
		}
	}
	if slices.Contains(got, "still-visible") {
		t.Errorf("SecretsWith has a value that is not sensitive: %q", got)
	}
}

// Clip cuts on a character boundary and stays within its bound.
func TestClip(t *testing.T) {
	for _, s := range []string{strings.Repeat("é", 150), strings.Repeat("日本", 70), strings.Repeat("x", 300), "short"} {
		for n := 3; n < 210; n++ {
			c := Clip(s, n)
			if len(c) > max(n, len("…")) || !utf8.ValidString(c) {
				t.Fatalf("Clip(%.10q, %d) = %q (%d bytes)", s, n, c, len(c))
			}
		}
	}
}

// The writer redacts whatever way the text is cut into writes.
func TestRedactingWriter(t *testing.T) {
	r := NewRedactor([]string{"hunter2", "hunter2-admin", "tok"})
	text := strings.Repeat("user=bob pass=hunter2 role=hunter2-admin x=tok; hunte r2 ", 50)
	want := r.String(text)
	if strings.Contains(want, "hunter2") || strings.Contains(want, "tok") || !strings.Contains(want, "hunte r2") {
		t.Fatalf("String: %q", want)
	}
	if !strings.Contains(want, "role="+Redacted+" ") {
		t.Errorf("the longer secret is not replaced whole: %q", want[:120])
	}
	rng := rand.New(rand.NewSource(3))
	for range 200 {
		var buf bytes.Buffer
		w := r.Writer(&buf)
		for rest := text; rest != ""; {
			n := min(len(rest), 1+rng.Intn(12))
			w.Write([]byte(rest[:n]))
			rest = rest[n:]
		}
		w.Close()
		if buf.String() != want {
			t.Fatalf("split writes gave\n%q\nwant\n%q", buf.String(), want)
		}
	}
	var nilR *Redactor
	if nilR.String("x") != "x" {
		t.Error("a nil redactor changed text")
	}
}
