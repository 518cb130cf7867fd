// Package tail keeps the last bytes a process wrote: what an error message
// quotes of a failed command's output.
package tail

import (
	"io"
	"sync"
	"unicode/utf8"
)

// Buffer keeps the last Max bytes written to it. It is safe for concurrent
// writes (a process's stdout and stderr share one).
type Buffer struct {
	mu  sync.Mutex
	buf []byte
	Max int
	// through, when set, is what writes pass through before they are
	// kept (a redactor): the cut then falls in filtered text, never
	// inside a value the filter would have replaced.
	through io.WriteCloser
}

// New is a Buffer keeping max bytes.
func New(max int) *Buffer { return &Buffer{Max: max} }

// NewThrough is a Buffer keeping the last max bytes of what filter makes of
// the writes (filter wraps the writer it is given, as a redactor's Writer
// does; nil keeps writes as they are).
func NewThrough(max int, filter func(io.Writer) io.WriteCloser) *Buffer {
	b := New(max)
	if filter != nil {
		b.through = filter(keeper{b})
	}
	return b
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.through != nil {
		return b.through.Write(p)
	}
	return keeper{b}.Write(p)
}

// keeper writes into the buffer; the caller holds the lock.
type keeper struct{ b *Buffer }

func (k keeper) Write(p []byte) (int, error) {
	b := k.b
	b.buf = append(b.buf, p...)
	if len(b.buf) > b.Max {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.Max:]...)
	}
	return len(p), nil
}

// String is what is kept (what the filter held back included), starting
// at a character boundary.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.through != nil {
		b.through.Close() // flushes what it held back; writes may go on
	}
	s := b.buf
	for i := 0; i < utf8.UTFMax && len(s) > 0 && !utf8.RuneStart(s[0]); i++ {
		s = s[1:]
	}
	return string(s)
}
