package oozie

import (
	"fmt"
	"sort"
	"strings"
)

// Location is a place in an Oozie XML or properties file.
type Location struct {
	File      string
	Line, Col int
}

func (l Location) String() string {
	if l.Line == 0 {
		return l.File // the file as a whole (missing, not a regular file)
	}
	if l.Col > 0 {
		return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Col)
	}
	return fmt.Sprintf("%s:%d", l.File, l.Line)
}

// Error is a problem that stops an import: XML that is not well formed, an
// unknown schema, a dangling transition, a cycle. Nothing is written when
// any file has one.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return e.At().String() + ": " + e.Msg
}

// At is where the error is.
func (e *Error) At() Location { return Location{e.File, e.Line, e.Col} }

// Errors is every error one import found, in file and line order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// What an Item is about, for the report's summary.
const (
	KindShell       = "shell"       // an action howdah does not run, imported as a shell step
	KindExpression  = "expression"  // EL with no HCL translation, kept as a comment
	KindUnsupported = "unsupported" // an element or setting howdah has no equivalent for
	KindDifference  = "difference"  // translated, but howdah behaves differently
	KindReference   = "reference"   // a file or application the import could not find
)

// Item is one thing not translated exactly, at the XML that holds it.
type Item struct {
	At   Location
	Kind string
	Msg  string
}

func (it Item) String() string { return fmt.Sprintf("%s: %s: %s", it.At, it.Kind, it.Msg) }

// Report lists what an import did not translate exactly.
type Report struct {
	Items []Item
}

func (r *Report) add(at Location, kind, format string, args ...any) {
	r.Items = append(r.Items, Item{At: at, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

// sort orders the items by file, line, column; items at one place keep
// the order they were found in.
func (r *Report) sort() {
	sort.SliceStable(r.Items, func(i, j int) bool {
		a, b := r.Items[i].At, r.Items[j].At
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Summary is the report's last line: how many items of each kind.
func (r *Report) Summary() string {
	if len(r.Items) == 0 {
		return "everything was translated exactly"
	}
	count := map[string]int{}
	for _, it := range r.Items {
		count[it.Kind]++
	}
	var parts []string
	for _, k := range []string{KindShell, KindExpression, KindUnsupported, KindDifference, KindReference} {
		if n := count[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	noun := "items"
	if len(r.Items) == 1 {
		noun = "item"
	}
	return fmt.Sprintf("%d %s not translated exactly (%s)", len(r.Items), noun, strings.Join(parts, ", "))
}
