package streaming

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// XMLRecords cuts a map task's input into records that run from a Begin
// string to an End string, both included, as hadoop-streaming's
// StreamXmlRecordReader does without slowmatch: bytes between records are
// skipped, and a record whose end is missing is dropped.
//
// The mapper reads each record followed by a tab and a newline: the reader
// makes the record the key and an empty value, and streaming writes
// key, tab, value, newline. A record may itself span lines.
//
// Matching is Hadoop's byte for byte, quirk included: after a partial match
// fails the byte that broke it is not tried as the start of a new match, so
// "<<page>" holds no "<page>" for Hadoop nor here.
type XMLRecords struct {
	Begin, End string
	// MaxRecord bounds one record's size (default 64 MiB): Hadoop buffers a
	// record whole, and so does this; past it the task fails rather than
	// exhaust memory on an end string that never comes.
	MaxRecord int
}

// ErrRecordTooLarge is returned for a record longer than MaxRecord.
var ErrRecordTooLarge = errors.New("XML record too large")

// feed writes the records of r to w, each as the mapper reads it, and
// returns how many records and how many input bytes it read.
func (x *XMLRecords) feed(w io.Writer, r io.Reader) (records, read int64, err error) {
	if x.Begin == "" || x.End == "" {
		return 0, 0, fmt.Errorf("StreamXmlRecordReader needs non-empty begin and end strings")
	}
	limit := x.MaxRecord
	if limit <= 0 {
		limit = 64 << 20
	}
	src := &byteSource{r: bufio.NewReaderSize(r, 256<<10)}
	bw := bufio.NewWriterSize(w, 256<<10)
	begin, end := []byte(x.Begin), []byte(x.End)
	var rec []byte
	for {
		// Skip to the next begin string, without keeping what is skipped.
		if !match(src, begin, nil, 0) {
			break
		}
		// Hadoop goes back to where the begin string starts and looks for
		// the end string from there: the begin string's own bytes are
		// scanned for it too.
		src.unread(begin)
		rec = rec[:0]
		if !match(src, end, &rec, limit) {
			if len(rec) > limit {
				return records, src.n, fmt.Errorf("%w: %d bytes from a %q without its %q (the limit is %d)", ErrRecordTooLarge, len(rec), x.Begin, x.End, limit)
			}
			break
		}
		records++
		bw.Write(rec)
		if _, err := bw.WriteString("\t\n"); err != nil {
			return records, src.n, err
		}
	}
	if src.err != nil && src.err != io.EOF {
		return records, src.n, src.err
	}
	return records, src.n, bw.Flush()
}

// match consumes src up to and including the next occurrence of pat, as
// Hadoop's StreamXmlRecordReader.fastReadUntilMatch does; when keep is not
// nil everything consumed is appended to it (at most limit bytes plus one
// before giving up). It reports whether pat was found.
func match(src *byteSource, pat []byte, keep *[]byte, limit int) bool {
	m := 0
	for {
		if m == 0 && keep == nil {
			// Nothing is kept and no partial match is pending: jump to the
			// next byte that can start one.
			if !src.skipTo(pat[0]) {
				return false
			}
		}
		c, ok := src.next()
		if !ok {
			return false
		}
		if keep != nil {
			*keep = append(*keep, c)
			if len(*keep) > limit {
				return false
			}
		}
		if c == pat[m] {
			m++
			if m == len(pat) {
				return true
			}
			continue
		}
		m = 0
	}
}

// byteSource reads bytes from a buffered reader after any bytes pushed
// back, counting the bytes it took from the reader.
type byteSource struct {
	r       *bufio.Reader
	pending []byte
	n       int64
	err     error
}

func (s *byteSource) next() (byte, bool) {
	if len(s.pending) > 0 {
		c := s.pending[0]
		s.pending = s.pending[1:]
		return c, true
	}
	c, err := s.r.ReadByte()
	if err != nil {
		s.err = err
		return 0, false
	}
	s.n++
	return c, true
}

// unread pushes b back to be read before anything else. b must not be
// modified afterwards.
func (s *byteSource) unread(b []byte) {
	s.pending = append(b[:len(b):len(b)], s.pending...)
}

// skipTo discards bytes up to (not including) the next c and reports
// whether there is one.
func (s *byteSource) skipTo(c byte) bool {
	for len(s.pending) > 0 {
		if s.pending[0] == c {
			return true
		}
		s.pending = s.pending[1:]
	}
	for {
		buf, err := s.r.Peek(s.r.Buffered())
		if len(buf) == 0 {
			if _, err = s.r.Peek(1); err != nil {
				s.err = err
				return false
			}
			continue
		}
		if i := bytes.IndexByte(buf, c); i >= 0 {
			s.r.Discard(i)
			s.n += int64(i)
			return true
		}
		s.r.Discard(len(buf))
		s.n += int64(len(buf))
		if err != nil {
			s.err = err
			return false
		}
	}
}
