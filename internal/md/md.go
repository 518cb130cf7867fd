// Package md quotes run values (parameters, ids, paths, error messages,
// all of which may come from hostile input) into the Markdown the Temporal
// Web UI renders for a run's summary, details and current details, so they
// show as the text they are: no links, images, HTML or table cells of their
// own.
package md

import (
	"strings"
)

// Text escapes s for Markdown prose: ASCII punctuation is backslash-escaped
// (CommonMark: it then stands for itself, HTML tags included) and line
// breaks become spaces.
func Text(s string) string { return escape(s, "\\`*_{}[]()#+-.!|<>~&\"'=:;$%@^?/,") }

// Inline escapes only what makes links, images, HTML and table cells
// ([ ] ( ) < > ! |) and line breaks, for one-line summaries that should
// stay readable as plain text too.
func Inline(s string) string { return escape(s, "[]()<>!|\\`") }

// escape backslash-escapes the characters of special in s and turns line
// breaks into spaces.
func escape(s, special string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune(special, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Code makes s a code span: delimited by more backticks than any run of
// backticks in it, on one line. Pipes are escaped so a span in a table
// cell stays in its cell.
func Code(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ", "|", `\|`).Replace(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
