package oozie

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hclw "github.com/hashicorp/hcl/v2/hclwrite"
)

// writer builds HCL text line by line; format() aligns it as howdah fmt
// does. Values are HCL source already (see el.go).
type writer struct {
	b     strings.Builder
	depth int
	open_ int // length of b after the last open, -1 once something followed
}

func (w *writer) line(s string) {
	if s == "" {
		w.b.WriteByte('\n')
		return
	}
	w.b.WriteString(strings.Repeat("  ", w.depth) + s + "\n")
}

// comment writes text as # lines: XML comments keep their own line breaks,
// with the indentation they share removed.
func (w *writer) comment(text string) {
	for _, l := range commentLines(text) {
		if l == "" {
			w.line("#")
		} else {
			w.line("# " + l)
		}
	}
}

func commentLines(text string) []string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "" || i == 0 && !strings.HasPrefix(text, "\n") {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		if i == 0 {
			l = strings.TrimSpace(l)
		} else if indent > 0 && len(l) >= indent {
			l = l[indent:]
		} else {
			l = strings.TrimSpace(l)
		}
		// A comment must not end the line it is on early or smuggle
		// control characters into the file.
		out[i] = strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\t' || r == 0x7f {
				return ' '
			}
			return r
		}, l)
	}
	return out
}

// attr writes name = value, with an optional trailing comment.
func (w *writer) attr(name, value, trailing string) {
	s := name + " = " + value
	if trailing != "" {
		s += " # " + oneLine(trailing)
	}
	w.line(s)
}

func oneLine(s string) string {
	return strings.Join(commentLines(strings.ReplaceAll(s, "\n", " ")), " ")
}

func (w *writer) open(header string) {
	w.line(header + " {")
	w.depth++
	w.open_ = w.b.Len()
}

// close ends a block; a block with nothing in it is written {}.
func (w *writer) close() {
	w.depth--
	if w.open_ == w.b.Len() && w.open_ > 0 {
		s := strings.TrimSuffix(w.b.String(), "\n")
		w.b.Reset()
		w.b.WriteString(s + "}\n")
		w.open_ = -1
		return
	}
	w.line("}")
}

// block writes a block whose body is given; one attribute fits on its line.
func blockHeader(typ string, labels ...string) string {
	s := typ
	for _, l := range labels {
		s += " " + quote(l)
	}
	return s
}

// list renders HCL source values as a list on one line.
func list(values []string) string { return "[" + strings.Join(values, ", ") + "]" }

// mapEntry is one key = value of an HCL object.
type mapEntry struct {
	key, value, comment string
}

// object writes name = { ... }: one entry on one line, several on their
// own lines.
func (w *writer) object(name string, entries []mapEntry) {
	if len(entries) == 1 && entries[0].comment == "" {
		w.line(name + " = { " + mapKey(entries[0].key) + " = " + entries[0].value + " }")
		return
	}
	w.line(name + " = {")
	w.depth++
	for _, e := range entries {
		w.attr(mapKey(e.key), e.value, e.comment)
	}
	w.depth--
	w.line("}")
}

// mapKey is an object key: bare when it is an identifier, else quoted.
func mapKey(k string) string {
	if isIdentifier(k) && !strings.Contains(k, "-") {
		return k
	}
	return quote(k)
}

// format aligns the text as howdah fmt would and checks that it parses:
// an importer bug must not write a file howdah cannot read.
func format(name string, src []byte) ([]byte, error) {
	if _, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos); diags.HasErrors() {
		return nil, fmt.Errorf("internal error: the generated %s does not parse: %s", name, diags.Error())
	}
	out := hclw.Format(src)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return out, nil
}

// writeHeader starts a file with the comments before the XML root and a
// line saying where the file came from.
func writeHeader(out *writer, root *element, from string) {
	for _, c := range root.Before {
		out.comment(c)
	}
	out.comment(fmt.Sprintf("Imported from %s (%s) by howdah import oozie.", filepath.ToSlash(from), root.Space))
}
