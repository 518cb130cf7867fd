package dsl

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/howdah/howdah/internal/boundedfile"
)

// Bounds on what one compilation reads and builds, so that no input (a
// device file, a binary file, a file nested 100,000 deep, sub-workflows
// that call each other twice at every level) can hang, crash or exhaust
// the compiler. Each is reported as a located error.
const (
	// MaxSourceBytes bounds one workflow, sub-workflow or params file.
	MaxSourceBytes = 4 << 20
	// MaxNesting bounds how deeply brackets, braces, parentheses,
	// template interpolations, conditionals and unary operators nest:
	// HCL's parser recurses once per level.
	MaxNesting = 100
	// MaxPlanNodes bounds the nodes of a plan with its sub-workflows
	// expanded (each call of a sub-workflow copies its nodes).
	MaxPlanNodes = 200_000
	// MaxDiagnostics bounds the diagnostics one compilation reports.
	MaxDiagnostics = 50
)

// readSource reads a workflow or params file: a regular file of at most
// MaxSourceBytes ("/dev/zero" or a FIFO would be read forever).
func readSource(path string) ([]byte, error) {
	return boundedfile.Read(path, MaxSourceBytes, "a workflow file")
}

// checkSource refuses, before HCL parses it, a file that is not text (a
// NUL byte or bytes that are not UTF-8: a binary file gave 27,504 parse
// errors) or whose nesting is deeper than MaxNesting (100,000 nested
// parentheses overflowed the parser's stack). The error points at the
// first offending byte or token.
func checkSource(filename string, src []byte) hcl.Diagnostics {
	if i := firstNonText(src); i >= 0 {
		pos := posAt(src, i)
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Not a text file",
			Detail:   "Workflow files are UTF-8 text; this one has a NUL byte or bytes that are not UTF-8 here. Is it the right file?",
			Subject:  &hcl.Range{Filename: filename, Start: pos, End: pos},
		}}
	}
	if shallow(src) {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	depth, chain := 0, 0 // open brackets; conditionals and unary operators since the last separator
	prev := hclsyntax.TokenNewline
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenOBrace, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl, hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			depth++
		case hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			depth--
			chain = 0
		case hclsyntax.TokenNewline, hclsyntax.TokenComma:
			chain = 0
		case hclsyntax.TokenQuestion, hclsyntax.TokenBang:
			chain++
		case hclsyntax.TokenMinus:
			if unaryPosition(prev) {
				chain++
			}
		}
		if depth+chain > MaxNesting {
			return hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Nesting too deep",
				Detail:   fmt.Sprintf("Expressions may nest at most %d levels (brackets, parentheses, interpolations, conditionals, unary operators). Split this one up.", MaxNesting),
				Subject:  t.Range.Ptr(),
			}}
		}
		prev = t.Type
	}
	return nil
}

// shallow is checkSource's fast path: a scan of the bytes, allocating
// nothing, that follows strings, interpolations and comments and answers
// true only when it is sure the nesting stays within half of MaxNesting.
// Anything it does not follow (a heredoc, an unterminated string or
// comment) answers false, and the exact check on HCL's tokens runs; lexing
// every file cost the compiler half again its memory.
func shallow(src []byte) bool {
	const (
		code   = iota // brackets, expressions
		quoted        // inside "...", its interpolations pushed on the stack
	)
	var stack [MaxNesting / 2]byte // what each open level returns to
	depth, chain := 0, 0
	mode := code
	push := func(ret byte) bool {
		if depth >= len(stack) {
			return false
		}
		stack[depth] = ret
		depth++
		return true
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if mode == quoted {
			switch {
			case c == '\\':
				i++
			case c == '"':
				mode = code
			case c == '\n':
				return false // HCL strings are one line
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				if i > 0 && src[i-1] == c {
					continue // $${ and %%{ are literal
				}
				if !push(quoted) {
					return false
				}
				mode = code
				i++
			}
			continue
		}
		switch c {
		case '"':
			mode = quoted
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			chain = 0
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
				chain = 0
			} else if i+1 < len(src) && src[i+1] == '*' {
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 {
					return false
				}
				i += end + 3
			}
		case '<':
			if i+1 < len(src) && src[i+1] == '<' {
				return false // heredoc: leave it to the lexer
			}
		case '(', '[', '{':
			if !push(code) {
				return false
			}
		case ')', ']', '}':
			if depth == 0 {
				return false
			}
			depth--
			mode = int(stack[depth])
			chain = 0
		case '\n', ',':
			chain = 0
		case '?', '!', '-':
			chain++
		}
		if depth+chain > MaxNesting/2 {
			return false
		}
	}
	return mode == code && depth == 0
}

// unaryPosition reports whether a '-' after a token of type prev is a
// unary minus.
func unaryPosition(prev hclsyntax.TokenType) bool {
	switch prev {
	case hclsyntax.TokenIdent, hclsyntax.TokenNumberLit, hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
		return false
	}
	return true
}

func firstNonText(src []byte) int {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return i
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// posAt is the line and column of byte i.
func posAt(src []byte, i int) hcl.Pos {
	line := 1 + bytes.Count(src[:i], []byte{'\n'})
	col := 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:i], '\n')+1:i])
	return hcl.Pos{Line: line, Column: col, Byte: i}
}

// capDiagnostics keeps the first MaxDiagnostics errors (and every
// warning among them) and says how many more there were.
func capDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	if len(diags) <= MaxDiagnostics {
		return diags
	}
	out := append(hcl.Diagnostics(nil), diags[:MaxDiagnostics]...)
	return append(out, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Too many errors",
		Detail:   fmt.Sprintf("%d more diagnostics are not shown; fix the ones above first.", len(diags)-MaxDiagnostics),
	})
}

// interpolationHint is added to errors inside a `${...}` of a string or
// heredoc: shell commands use ${VAR} too, and HCL reads it as its own.
const interpolationHint = " Inside a string or heredoc, ${ starts an HCL expression: for the shell's own ${VAR} write $${VAR} (and %%{ for a literal %{)."

// finishDiagnostics orders diagnostics by where they point (so the first
// cause comes first), explains errors inside a `${...}` that is probably a
// shell's, and caps their number.
func finishDiagnostics(diags hcl.Diagnostics, files map[string]*hcl.File) hcl.Diagnostics {
	order := map[string]int{}
	for _, d := range diags {
		if d.Subject != nil {
			if _, ok := order[d.Subject.Filename]; !ok {
				order[d.Subject.Filename] = len(order)
			}
		}
	}
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return order[a.Filename] < order[b.Filename]
		}
		return a.Start.Byte < b.Start.Byte
	})
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil || !shellLike[d.Summary] || strings.Contains(d.Detail, "$${") {
			continue
		}
		if f := files[d.Subject.Filename]; f != nil && inInterpolation(f.Bytes, d.Subject.Start.Byte) {
			d.Detail += interpolationHint
		}
	}
	return capDiagnostics(diags)
}

// shellLike are the errors a shell's ${...} read as HCL gives: an unknown
// variable (HOME, f) or a syntax error (${f%.csv}, ${#a[@]}). Others, in an
// expression meant for HCL, get no shell hint.
var shellLike = map[string]bool{
	"Unknown variable":   true,
	"Invalid expression": true,
	"Extra characters after interpolation expression": true,
	"Invalid character":  true,
	"Missing expression": true,
}

// inInterpolation says whether offset at lies inside a `${...}` opened
// earlier on its line (not a literal `$${`).
func inInterpolation(src []byte, at int) bool {
	if at > len(src) {
		return false
	}
	for i := at - 1; i >= 1; i-- {
		switch src[i] {
		case '\n', '}':
			return false
		case '{':
			return src[i-1] == '$' && (i < 2 || src[i-2] != '$')
		}
	}
	return false
}
