package plan

import (
	"encoding/json"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Redacted replaces a sensitive value wherever howdah prints it.
const Redacted = "[sensitive]"

// IsSensitive says whether w declares the parameter name sensitive.
func (w *Workflow) IsSensitive(name string) bool {
	for _, p := range w.Params {
		if p.Name == name {
			return p.Sensitive
		}
	}
	return false
}

// Secrets are the values of w's sensitive parameters as they can appear
// in text: each string (a list's or a map's elements one by one, a
// number's or a bool's text) and its JSON-escaped form, and the values the
// compiler derived from them (Derived). A run-time value (a sub-workflow's
// or a coordinator instance's, passed by its caller) is not known here:
// see SecretsWith.
func (w *Workflow) Secrets() []string { return w.SecretsWith(nil) }

// SecretsWith is Secrets for a run whose parameters values overrides (the
// run-time values a caller passes, by parameter name).
func (w *Workflow) SecretsWith(values map[string]json.RawMessage) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			add(v)
			js, _ := json.Marshal(v)
			add(string(js[1 : len(js)-1]))
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		case nil:
		default:
			js, _ := json.Marshal(v)
			add(string(js))
		}
	}
	for _, p := range w.Params {
		if !p.Sensitive {
			continue
		}
		for _, raw := range []json.RawMessage{p.Value, values[p.Name]} {
			var v any
			if len(raw) > 0 && json.Unmarshal(raw, &v) == nil {
				walk(v)
			}
		}
	}
	for _, d := range w.Derived {
		add(d)
	}
	// A sub-workflow's own: its plan is inside this one, and printed with it.
	for _, n := range w.Nodes {
		if n.Action != nil && n.Action.SubWorkflow != nil && n.Action.SubWorkflow.Workflow != nil {
			for _, s := range n.Action.SubWorkflow.Workflow.Secrets() {
				add(s)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Redactor replaces secrets in text with Redacted. A nil Redactor
// replaces nothing.
type Redactor struct {
	secrets []string // longest first
	first   [256]bool
	max     int
}

// NewRedactor redacts secrets; at each place the longest one that matches
// is replaced, so a secret that holds another is replaced whole.
func NewRedactor(secrets []string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		if s != "" {
			r.secrets = append(r.secrets, s)
			r.first[s[0]] = true
			r.max = max(r.max, len(s))
		}
	}
	if len(r.secrets) == 0 {
		return nil
	}
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
	return r
}

// String returns s with every secret replaced.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	var b strings.Builder
	r.scan(&b, s, true)
	return b.String()
}

// scan writes s redacted to b and returns how many bytes of s it
// consumed: all of them when final, else it stops where a secret could
// still begin that more text would complete (or lengthen).
func (r *Redactor) scan(b *strings.Builder, s string, final bool) int {
	i, plain := 0, 0
	for i < len(s) {
		if !r.first[s[i]] {
			i++
			continue
		}
		if !final && len(s)-i < r.max {
			break
		}
		matched := ""
		for _, sec := range r.secrets {
			if strings.HasPrefix(s[i:], sec) {
				matched = sec
				break
			}
		}
		if matched == "" {
			i++
			continue
		}
		b.WriteString(s[plain:i])
		b.WriteString(Redacted)
		i += len(matched)
		plain = i
	}
	b.WriteString(s[plain:i])
	return i
}

// Writer returns a writer that redacts what it passes to w, a secret cut
// across two writes included; Close writes what it holds back.
func (r *Redactor) Writer(w io.Writer) io.WriteCloser {
	return &redactingWriter{r: r, w: w}
}

type redactingWriter struct {
	r    *Redactor
	w    io.Writer
	held string
}

func (rw *redactingWriter) Write(p []byte) (int, error) {
	if rw.r == nil {
		return rw.w.Write(p)
	}
	text := rw.held + string(p)
	var b strings.Builder
	n := rw.r.scan(&b, text, false)
	rw.held = text[n:]
	if _, err := io.WriteString(rw.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Unwrap is the writer redacted to (terminal checks look through it).
func (rw *redactingWriter) Unwrap() io.Writer { return rw.w }

func (rw *redactingWriter) Close() error {
	if rw.r == nil || rw.held == "" {
		return nil
	}
	_, err := io.WriteString(rw.w, rw.r.String(rw.held))
	rw.held = ""
	return err
}

// Error is err with every secret replaced in its text; errors.Is and
// errors.As still see err.
func (r *Redactor) Error(err error) error {
	if r == nil || err == nil {
		return err
	}
	msg := r.String(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Clip cuts s to at most n bytes, on a rune boundary, ending it with "…"
// when it cuts. Redact before clipping: a secret cut in two is no longer
// found, and its first bytes would show.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	end := max(n-len(ellipsis), 0)
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + ellipsis
}

// ParamBounds maps each parameter that declares a within to it: the
// directory a delete path starting with the parameter must stay below.
func (w *Workflow) ParamBounds() map[string]string {
	var out map[string]string
	for _, p := range w.Params {
		if p.Within != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[p.Name] = p.Within
		}
	}
	return out
}
