package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/term"
)

// writeDiagnostics renders diagnostics once, at the edge, in the form
// editors and terminals understand:
//
//	examples/x.hcl:3:5: error: Unsupported argument
//	   3 |   retries = 3
//	     |   ^^^^^^^
//	  An argument named "retries" is not expected here.
//
// Colour is used only when w is a terminal and NO_COLOR is unset.
func writeDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) {
	color := false
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		color = os.Getenv("NO_COLOR") == ""
	}
	for _, d := range diags {
		writeDiagnostic(w, files, d, color)
	}
}

func writeDiagnostic(w io.Writer, files map[string]*hcl.File, d *hcl.Diagnostic, color bool) {
	sev, paint := "error", "\x1b[1;31m"
	if d.Severity == hcl.DiagWarning {
		sev, paint = "warning", "\x1b[1;33m"
	}
	if !color {
		paint = ""
	}
	reset, bold := "", ""
	if color {
		reset, bold = "\x1b[0m", "\x1b[1m"
	}
	where := "howdah"
	if r := d.Subject; r != nil {
		where = fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
	}
	fmt.Fprintf(w, "%s%s:%s %s%s:%s %s%s%s\n", bold, where, reset, paint, sev, reset, bold, d.Summary, reset)
	if r := d.Subject; r != nil {
		if f := files[r.Filename]; f != nil {
			if line := lineOf(f.Bytes, r.Start.Line); line != "" || r.Start.Line > 0 {
				num := fmt.Sprintf("%d", r.Start.Line)
				pad := strings.Repeat(" ", len(num))
				fmt.Fprintf(w, " %s | %s\n", num, expandTabs(line))
				start := r.Start.Column
				end := r.End.Column
				if r.End.Line != r.Start.Line || end <= start {
					end = len([]rune(line)) + 1
				}
				if end <= start {
					end = start + 1
				}
				fmt.Fprintf(w, " %s | %s%s%s%s\n", pad, strings.Repeat(" ", max(0, displayWidth(line, start-1))), paint, strings.Repeat("^", max(1, end-start)), reset)
			}
		}
	}
	if d.Detail != "" {
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(d.Detail, "\n", "\n  "))
	}
	fmt.Fprintln(w)
}

// displayWidth is the width of the first n characters of line once tabs
// are expanded like expandTabs does.
func displayWidth(line string, n int) int {
	w := 0
	for i, r := range []rune(line) {
		if i >= n {
			break
		}
		if r == '\t' {
			w += 4
		} else {
			w++
		}
	}
	return w
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

// jsonDiagnostic is the --json form of a diagnostic.
type jsonDiagnostic struct {
	Severity string     `json:"severity"`
	Summary  string     `json:"summary"`
	Detail   string     `json:"detail,omitempty"`
	Range    *jsonRange `json:"range,omitempty"`
	Snippet  string     `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

func toJSONDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		jd := jsonDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			jd.Severity = "warning"
		}
		if r := d.Subject; r != nil {
			jd.Range = &jsonRange{
				Filename: r.Filename,
				Start:    jsonPos{r.Start.Line, r.Start.Column, r.Start.Byte},
				End:      jsonPos{r.End.Line, r.End.Column, r.End.Byte},
			}
			if f := files[r.Filename]; f != nil {
				jd.Snippet = lineOf(f.Bytes, r.Start.Line)
			}
		}
		out = append(out, jd)
	}
	return out
}

func lineOf(src []byte, line int) string {
	n := 1
	start := 0
	for i, b := range src {
		if b != '\n' {
			continue
		}
		if n == line {
			return string(src[start:i])
		}
		n++
		start = i + 1
	}
	if n == line {
		return string(src[start:])
	}
	return ""
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
