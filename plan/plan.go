package plan

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// FormatVersion is the version of the plan's JSON format. The interpreter
// refuses plans whose version it does not know.
const FormatVersion = 1

// Reserved node names. Every plan contains an end node and a fail node, even
// when the HCL never mentions them: "end" finishes the run successfully and
// "fail" is the implicit target of every action's error transition.
const (
	EndNode  = "end"
	FailNode = "fail"
)

// Workflow is one compiled workflow. Sub-workflows are compiled into the
// actions that call them, so a plan is self-contained.
type Workflow struct {
	FormatVersion int    `json:"format_version"`
	Name          string `json:"name"`
	Description   string `json:"description,omitempty"`
	// Source is the workflow file as given to the compiler.
	Source string `json:"source"`
	// SourceDigest is "sha256:<hex>" over the workflow file and every file it
	// references, in a fixed order.
	SourceDigest string `json:"source_digest"`
	// Start is the first node to run.
	Start  string  `json:"start"`
	Params []Param `json:"params,omitempty"`
	// Nodes are in declaration order, followed by the implicit end and fail
	// nodes when the HCL did not declare them.
	Nodes []Node `json:"nodes"`
	// Derived are the values the compiler computed from sensitive
	// parameters and stored in the plan (upper(param.pw) in an argv): they
	// are secrets too, see Secrets.
	Derived []string `json:"derived_secrets,omitempty"`
}

// Param is a declared parameter with its resolved value.
type Param struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	// Value is the parameter's value as JSON. It is empty only in a
	// sub-workflow whose caller passes the value at run time (Runtime).
	Value   json.RawMessage `json:"value,omitempty"`
	Runtime bool            `json:"runtime,omitempty"`
	// Sensitive values are never printed by howdah (plan, status,
	// progress, logs, the UI's summary) and are redacted from failure
	// messages; see Workflow.Secrets.
	Sensitive bool `json:"sensitive,omitempty"`
	// Within is the directory the value stays at or below (param's
	// within): a delete path that starts with the parameter must be
	// strictly below it, checked when the value is known and again before
	// deleting.
	Within string `json:"within,omitempty"`
	Range  Range  `json:"range"`
}

// NodeKind says which of a Node's fields is set.
type NodeKind string

// The node kinds.
const (
	KindAction   NodeKind = "action"
	KindDecision NodeKind = "decision"
	KindFork     NodeKind = "fork"
	KindJoin     NodeKind = "join"
	KindKill     NodeKind = "kill"
	KindEnd      NodeKind = "end"
)

// Node is one step of the workflow graph. Exactly the field named by Kind is
// set (end nodes have none).
type Node struct {
	Name string   `json:"name"`
	Kind NodeKind `json:"kind"`
	// Implicit marks the end and fail nodes the compiler added.
	Implicit bool  `json:"implicit,omitempty"`
	Range    Range `json:"range"`

	Action   *Action   `json:"action,omitempty"`
	Decision *Decision `json:"decision,omitempty"`
	Fork     *Fork     `json:"fork,omitempty"`
	Join     *Join     `json:"join,omitempty"`
	Kill     *Kill     `json:"kill,omitempty"`
}

// Decision picks the first case whose predicate is true, else Default.
type Decision struct {
	Cases          []Case `json:"cases"`
	Default        string `json:"default"`
	DefaultImplied bool   `json:"default_implied,omitempty"`
}

// Case is one ordered branch of a decision. When is either a constant
// (Static) or a run-time predicate (Expr).
type Case struct {
	When  BoolValue `json:"when"`
	Goto  string    `json:"goto"`
	Range Range     `json:"range"`
}

// BoolValue is a boolean known at compile time or computed at run time.
type BoolValue struct {
	Static *bool `json:"static,omitempty"`
	Expr   *Expr `json:"expr,omitempty"`
}

// StringValue is a string known at compile time or computed at run time.
type StringValue struct {
	Static string `json:"static,omitempty"`
	Expr   *Expr  `json:"expr,omitempty"`
}

// Fork starts every branch concurrently; Join is the node where they meet
// (computed by the compiler).
type Fork struct {
	Branches []string `json:"branches"`
	Join     string   `json:"join"`
}

// Join waits for every branch of Fork, then goes to Next.
type Join struct {
	Fork        string `json:"fork"`
	Next        string `json:"next"`
	NextImplied bool   `json:"next_implied,omitempty"`
}

// Kill ends the run as failed with Message.
type Kill struct {
	Message StringValue `json:"message"`
}

// Range is a span of HCL source. Lines and columns count from 1. In JSON it
// is the compact string "file:line:col-line:col" (byte offsets are not
// kept: nothing after compilation needs them).
type Range struct {
	File  string
	Start Pos
	End   Pos
}

// Pos is a position in a source file.
type Pos struct {
	Line   int
	Column int
	Byte   int
}

// MarshalJSON implements json.Marshaler.
func (r Range) MarshalJSON() ([]byte, error) {
	return json.Marshal(fmt.Sprintf("%s:%d:%d-%d:%d", r.File, r.Start.Line, r.Start.Column, r.End.Line, r.End.Column))
}

// UnmarshalJSON implements json.Unmarshaler.
func (r *Range) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	// Parse from the right: file names may contain ':'.
	dash := strings.LastIndexByte(s, '-')
	if dash < 0 {
		return fmt.Errorf("range %q: want file:line:col-line:col", s)
	}
	var out Range
	if _, err := fmt.Sscanf(s[dash+1:], "%d:%d", &out.End.Line, &out.End.Column); err != nil {
		return fmt.Errorf("range %q: %w", s, err)
	}
	head := s[:dash]
	c2 := strings.LastIndexByte(head, ':')
	if c2 < 0 {
		return fmt.Errorf("range %q: want file:line:col-line:col", s)
	}
	c1 := strings.LastIndexByte(head[:c2], ':')
	if c1 < 0 {
		return fmt.Errorf("range %q: want file:line:col-line:col", s)
	}
	if _, err := fmt.Sscanf(head[c1+1:], "%d:%d", &out.Start.Line, &out.Start.Column); err != nil {
		return fmt.Errorf("range %q: %w", s, err)
	}
	out.File = head[:c1]
	*r = out
	return nil
}

// String renders the range as file:line:col, the form editors understand.
func (r Range) String() string {
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// Expr is an HCL expression evaluated at run time by package expr. Source is
// the expression's text exactly as written; Range is where it stands, so that
// re-parsing Source at Range.Start reproduces the author's positions.
type Expr struct {
	Source string `json:"source"`
	Range  Range  `json:"range"`
}

// Duration is a time.Duration that reads and writes JSON as "1m30s".
type Duration time.Duration

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string like \"90s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Node returns the node with the given name, or nil.
func (w *Workflow) Node(name string) *Node {
	for i := range w.Nodes {
		if w.Nodes[i].Name == name {
			return &w.Nodes[i]
		}
	}
	return nil
}

// Marshal renders the plan as indented JSON, the canonical form that golden
// tests and `howdah plan` use.
func (w *Workflow) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Unmarshal parses a plan and checks its format version.
func Unmarshal(b []byte) (*Workflow, error) {
	var w Workflow
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("decode plan: %w", err)
	}
	if w.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("plan format version %d is not supported (want %d)", w.FormatVersion, FormatVersion)
	}
	return &w, nil
}
