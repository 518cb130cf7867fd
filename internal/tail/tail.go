// Package tail keeps the last bytes a process wrote: what an error message
// quotes of a failed command's output.
package tail

import "sync"

// Buffer keeps the last Max bytes written to it. It is safe for concurrent
// writes (a process's stdout and stderr share one).
type Buffer struct {
	mu  sync.Mutex
	buf []byte
	Max int
}

// New is a Buffer keeping max bytes.
func New(max int) *Buffer { return &Buffer{Max: max} }

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > b.Max {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.Max:]...)
	}
	return len(p), nil
}

// String is what is kept.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
