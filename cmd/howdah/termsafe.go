package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// What a run carries (an action's stderr in its error, captured output,
// log files) is printed by status, run, logs and coordinator status. On a
// terminal, control characters in it are escape sequences that could move
// the cursor, rewrite what the operator reads, set the window title or the
// clipboard: they are shown escaped instead (\x1b, \u009b), as are bytes
// that are not UTF-8. Tab and newline pass.

// visible returns s with control characters and invalid bytes escaped.
func visible(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		writeVisible(&b, r, size, s[i])
		i += size
	}
	return b.String()
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
			return isPlainUTF8(s)
		}
	}
	return true
}

func isPlainUTF8(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, size) {
			return false
		}
		i += size
	}
	return true
}

func needsEscape(r rune, size int) bool {
	return (r == utf8.RuneError && size == 1) || (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

func writeVisible(b *strings.Builder, r rune, size int, first byte) {
	switch {
	case r == utf8.RuneError && size == 1:
		fmt.Fprintf(b, `\x%02x`, first)
	case r < 0x20 && r != '\t' && r != '\n', r == 0x7f:
		fmt.Fprintf(b, `\x%02x`, r)
	case r >= 0x80 && r <= 0x9f:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		b.WriteRune(r)
	}
}

// visibleWriter escapes what it passes on like visible, streaming: a UTF-8
// sequence cut between two writes is held until the next.
type visibleWriter struct {
	w    io.Writer
	hold []byte
}

func (v *visibleWriter) Write(p []byte) (int, error) {
	data := append(v.hold, p...)
	v.hold = nil
	// Keep an incomplete rune at the end for the next write.
	end := len(data)
	for k := 1; k <= utf8.UTFMax-1 && k <= len(data); k++ {
		c := data[len(data)-k]
		if c < 0x80 {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(data[len(data)-k:]) {
				end = len(data) - k
			}
			break
		}
	}
	v.hold = append([]byte(nil), data[end:]...)
	if _, err := io.WriteString(v.w, visible(string(data[:end]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held incomplete sequence (escaped) at the end.
func (v *visibleWriter) Flush() error {
	if len(v.hold) == 0 {
		return nil
	}
	_, err := io.WriteString(v.w, visible(string(v.hold)))
	v.hold = nil
	return err
}
