package oozie

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"unicode/utf8"

	"github.com/howdah/howdah/internal/boundedfile"
)

// element is one XML element with where it starts, its text and the
// comments written just before it. Oozie's schemas are element-only except
// for leaf text, so a small tree is all the importer needs.
type element struct {
	Space, Name string // namespace URI and local name
	Attrs       []xml.Attr
	Kids        []*element
	Text        string // the concatenated character data, untrimmed
	Line, Col   int
	// Before holds the comments between the previous sibling (or the
	// parent's start) and this element; After, for the last element of a
	// parent, the comments that follow it.
	Before, After []string
	file          string
}

// maxXMLBytes and maxXMLDepth bound what one file may make the importer
// hold: Oozie applications are small.
const (
	maxXMLBytes = 16 << 20
	maxXMLDepth = 64
)

// readFile reads an application file: a regular file (not a device or a
// FIFO, which could hang the import) of at most maxXMLBytes.
func readFile(file string) ([]byte, error) {
	data, err := boundedfile.Read(file, maxXMLBytes, "an Oozie application file")
	if err != nil && !os.IsNotExist(err) {
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			return nil, &Error{File: file, Line: 1, Col: 1, Msg: strings.TrimPrefix(err.Error(), file+" ")}
		}
	}
	return data, err
}

// parseXML reads one XML document into a tree. Errors carry the file, line
// and column (encoding/xml's syntax errors have only a line).
func parseXML(file string, data []byte) (*element, error) {
	if len(data) > maxXMLBytes {
		return nil, &Error{File: file, Line: 1, Col: 1, Msg: fmt.Sprintf("file is %d bytes; an Oozie application file is at most %d", len(data), maxXMLBytes)}
	}
	if !utf8.Valid(data) && !bytes.Contains(data[:min(len(data), 200)], []byte("encoding=")) {
		return nil, &Error{File: file, Line: 1, Col: 1, Msg: "not UTF-8 text: is this an XML file?"}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var root *element
	var stack []*element
	var pending []string // comments not yet attached
	for {
		line, col := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(stack) > 0 && (err == io.ErrUnexpectedEOF || strings.Contains(err.Error(), "unexpected EOF")) {
				open := stack[len(stack)-1]
				return nil, &Error{File: file, Line: open.Line, Col: open.Col, Msg: fmt.Sprintf("not well-formed XML: the file ends before <%s>, opened here, is closed", open.Name)}
			}
			return nil, xmlError(file, d, line, col, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxXMLDepth {
				return nil, &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf("elements nest deeper than %d levels", maxXMLDepth)}
			}
			e := &element{Space: t.Name.Space, Name: t.Name.Local, Attrs: t.Attr, Line: line, Col: col, Before: pending, file: file}
			pending = nil
			if len(stack) == 0 {
				if root != nil {
					return nil, &Error{File: file, Line: line, Col: col, Msg: "a second root element <" + t.Name.Local + ">"}
				}
				root = e
			} else {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			e := stack[len(stack)-1]
			if len(e.Kids) > 0 {
				e.Kids[len(e.Kids)-1].After = pending
			} else if len(pending) > 0 {
				e.After = pending
			}
			pending = nil
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(t)
			} else if strings.TrimSpace(string(t)) != "" {
				return nil, &Error{File: file, Line: line, Col: col, Msg: "text outside the root element"}
			}
		case xml.Comment:
			pending = append(pending, string(t))
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				return nil, &Error{File: file, Line: line, Col: col, Msg: "DTD entity declarations are not read (Oozie does not accept them either)"}
			}
		}
	}
	if root == nil {
		return nil, &Error{File: file, Line: 1, Col: 1, Msg: "no XML element in the file"}
	}
	if len(pending) > 0 {
		root.After = append(root.After, pending...)
	}
	return root, nil
}

// xmlError turns a decoder error into a located Error. encoding/xml's
// SyntaxError knows only the line; the decoder's position is where it
// stopped, which is the column the user needs.
func xmlError(file string, d *xml.Decoder, line, col int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		l, c := d.InputPos()
		if l != se.Line {
			l, c = se.Line, 1
		}
		return &Error{File: file, Line: l, Col: c, Msg: "not well-formed XML: " + se.Msg}
	}
	if err == io.ErrUnexpectedEOF {
		l, c := d.InputPos()
		return &Error{File: file, Line: l, Col: c, Msg: "not well-formed XML: the file ends inside an element"}
	}
	return &Error{File: file, Line: line, Col: col, Msg: "not well-formed XML: " + err.Error()}
}

// attr returns the attribute's value ("" when absent) and whether it is set.
func (e *element) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func (e *element) attrValue(name string) string {
	v, _ := e.attr(name)
	return v
}

// kid returns the first child element named name, or nil.
func (e *element) kid(name string) *element {
	for _, k := range e.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// kids returns every child element named name, in order.
func (e *element) kids(name string) []*element {
	var out []*element
	for _, k := range e.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// text is the element's character data without surrounding white space.
func (e *element) text() string {
	if e == nil {
		return ""
	}
	return strings.TrimSpace(e.Text)
}

// kidText is the trimmed text of the first child named name ("" if none).
func (e *element) kidText(name string) string {
	return e.kid(name).text()
}

// at is the element's location for reports: file:line.
func (e *element) at() Location {
	return Location{File: e.file, Line: e.Line, Col: e.Col}
}
