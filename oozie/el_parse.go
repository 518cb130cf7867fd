package oozie

import (
	"fmt"
	"strings"
)

// Oozie expressions are JSP EL: ${...} inside text. This file parses them
// into a small tree; el.go translates the tree into HCL.

type elNode interface{ elNode() }

type (
	elString struct{ v string }
	elNumber struct{ v string }
	elBool   struct{ v bool }
	elNull   struct{}
	elVar    struct{ name string } // a variable; a.b.c keeps its dots
	elCall   struct {
		ns, fn string // ns is "" for concat, trim, ...
		args   []elNode
	}
	elIndex struct{ x, key elNode }
	elUnary struct {
		op string
		x  elNode
	}
	elBinary struct {
		op   string
		l, r elNode
	}
	elCond struct{ c, a, b elNode }
)

func (elString) elNode() {}
func (elNumber) elNode() {}
func (elBool) elNode()   {}
func (elNull) elNode()   {}
func (elVar) elNode()    {}
func (elCall) elNode()   {}
func (elIndex) elNode()  {}
func (elUnary) elNode()  {}
func (elBinary) elNode() {}
func (elCond) elNode()   {}

// segment is a piece of text: literal, or the source of one ${...}.
type segment struct {
	lit  string
	el   string // without ${ and }
	isEL bool
}

// splitEL cuts text into literal and ${...} segments. A ${ with no closing
// brace is an error; quotes inside an expression may hold braces.
func splitEL(text string) ([]segment, error) {
	var out []segment
	var lit strings.Builder
	for i := 0; i < len(text); {
		if text[i] == '\\' && strings.HasPrefix(text[i+1:], "${") {
			lit.WriteString("${") // EL's escape for a literal ${
			i += 3
			continue
		}
		if !strings.HasPrefix(text[i:], "${") && !strings.HasPrefix(text[i:], "#{") {
			lit.WriteByte(text[i])
			i++
			continue
		}
		end, err := closeBrace(text, i+2)
		if err != nil {
			return nil, err
		}
		if lit.Len() > 0 {
			out = append(out, segment{lit: lit.String()})
			lit.Reset()
		}
		out = append(out, segment{el: text[i+2 : end], isEL: true})
		i = end + 1
	}
	if lit.Len() > 0 {
		out = append(out, segment{lit: lit.String()})
	}
	return out, nil
}

func closeBrace(text string, from int) (int, error) {
	depth := 0
	var quote byte
	for j := from; j < len(text); j++ {
		c := text[j]
		switch {
		case quote != 0:
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 {
				return j, nil
			}
			depth--
		}
	}
	return 0, fmt.Errorf("%q opens an expression that is never closed with }", abbreviate(text[from-2:], 40))
}

func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

type elToken struct {
	kind string // "id", "str", "num", "op", "eof"
	text string
}

func lexEL(src string) ([]elToken, error) {
	var toks []elToken
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			toks = append(toks, elToken{"id", src[i:j]})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e' || src[j] == 'E') {
				j++
			}
			toks = append(toks, elToken{"num", src[i:j]})
			i = j
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(src) && src[j] != c; j++ {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				b.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, fmt.Errorf("a string starting with %c is never closed", c)
			}
			toks = append(toks, elToken{"str", b.String()})
			i = j + 1
		default:
			op := ""
			for _, o := range []string{"==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", ",", ":", "?", ".", "+", "-", "*", "/", "%", "!", "<", ">"} {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
			toks = append(toks, elToken{"op", op})
			i += len(op)
		}
	}
	return append(toks, elToken{kind: "eof"}), nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// parseEL parses the inside of one ${...}.
func parseEL(src string) (elNode, error) {
	toks, err := lexEL(src)
	if err != nil {
		return nil, err
	}
	p := &elParser{toks: toks}
	n, err := p.cond()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != "eof" {
		return nil, fmt.Errorf("unexpected %q", p.peek().text)
	}
	return n, nil
}

type elParser struct {
	toks  []elToken
	i     int
	depth int
}

func (p *elParser) peek() elToken { return p.toks[p.i] }
func (p *elParser) next() elToken { t := p.toks[p.i]; p.i++; return t }

// is reports whether the next token is one of the operators or keywords,
// and consumes it.
func (p *elParser) is(ops ...string) (string, bool) {
	t := p.peek()
	if t.kind != "op" && t.kind != "id" {
		return "", false
	}
	for _, o := range ops {
		if t.text == o {
			p.i++
			return o, true
		}
	}
	return "", false
}

func (p *elParser) expect(op string) error {
	if t := p.next(); t.kind != "op" || t.text != op {
		if t.kind == "eof" {
			return fmt.Errorf("expected %q, found the end", op)
		}
		return fmt.Errorf("expected %q, found %q", op, t.text)
	}
	return nil
}

func (p *elParser) cond() (elNode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 100 {
		return nil, fmt.Errorf("expression nests deeper than 100 levels")
	}
	c, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if _, ok := p.is("?"); !ok {
		return c, nil
	}
	a, err := p.cond()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	b, err := p.cond()
	if err != nil {
		return nil, err
	}
	return elCond{c, a, b}, nil
}

// binaryLevels lists EL's binary operators from the loosest; each keyword
// maps to its symbol.
var binaryLevels = [][]string{
	{"||", "or"},
	{"&&", "and"},
	{"==", "eq", "!=", "ne"},
	{"<", "lt", ">", "gt", "<=", "le", ">=", "ge"},
	{"+", "-"},
	{"*", "/", "div", "%", "mod"},
}

var elSymbol = map[string]string{"or": "||", "and": "&&", "eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">=", "div": "/", "mod": "%", "not": "!"}

func (p *elParser) binary(level int) (elNode, error) {
	if level == len(binaryLevels) {
		return p.unary()
	}
	l, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.is(binaryLevels[level]...)
		if !ok {
			return l, nil
		}
		r, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		if s, ok := elSymbol[op]; ok {
			op = s
		}
		l = elBinary{op, l, r}
	}
}

func (p *elParser) unary() (elNode, error) {
	if op, ok := p.is("!", "not", "-", "empty"); ok {
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > 100 {
			return nil, fmt.Errorf("expression nests deeper than 100 levels")
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if s, ok := elSymbol[op]; ok {
			op = s
		}
		return elUnary{op, x}, nil
	}
	return p.postfix()
}

func (p *elParser) postfix() (elNode, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		if _, ok := p.is("."); ok {
			t := p.next()
			if t.kind != "id" {
				return nil, fmt.Errorf("expected a name after '.'")
			}
			if v, ok := x.(elVar); ok {
				x = elVar{v.name + "." + t.text} // job.tracker, user.name
			} else {
				x = elIndex{x, elString{t.text}}
			}
			continue
		}
		if _, ok := p.is("["); ok {
			k, err := p.cond()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			x = elIndex{x, k}
			continue
		}
		return x, nil
	}
}

func (p *elParser) primary() (elNode, error) {
	t := p.next()
	switch t.kind {
	case "str":
		return elString{t.text}, nil
	case "num":
		return elNumber{t.text}, nil
	case "op":
		if t.text == "(" {
			x, err := p.cond()
			if err != nil {
				return nil, err
			}
			return x, p.expect(")")
		}
		return nil, fmt.Errorf("unexpected %q", t.text)
	case "eof":
		return nil, fmt.Errorf("the expression ends too early")
	}
	switch t.text {
	case "true", "false":
		return elBool{t.text == "true"}, nil
	case "null":
		return elNull{}, nil
	}
	ns, fn := "", t.text
	if p.peek().kind == "op" && p.peek().text == ":" && p.toks[p.i+1].kind == "id" && p.toks[p.i+2].text == "(" {
		p.i++
		ns, fn = t.text, p.next().text
	}
	if _, ok := p.is("("); !ok {
		if ns != "" {
			return nil, fmt.Errorf("%s:%s is not called", ns, fn)
		}
		return elVar{t.text}, nil
	}
	var args []elNode
	if _, ok := p.is(")"); !ok {
		for {
			a, err := p.cond()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if _, ok := p.is(")"); ok {
				break
			}
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
	}
	return elCall{ns, fn, args}, nil
}
