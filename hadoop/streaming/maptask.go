package streaming

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// record is one map output record in a task's sort buffer: the line
// "key\tvalue" is arena[off:off+n] and the key its first klen bytes.
type record struct {
	part uint32
	off  uint32
	klen uint32
	n    uint32
}

// sortBuffer is a map task's output buffer; Run hands them from task to
// task so the job's memory is Parallelism buffers, whatever the splits.
type sortBuffer struct {
	arena []byte
	recs  []record
}

type mapTask struct {
	buf     *sortBuffer
	job     *Job
	split   split
	index   int
	work    string
	staging string
	c       *counters

	arena  []byte
	recs   []record
	spills int
	runs   map[int][]string
}

// run feeds the split to the mapper and returns, per partition, the spill
// files it wrote (nil for a map-only job, which writes its part directly).
func (t *mapTask) run(ctx context.Context) (map[int][]string, error) {
	f, err := os.Open(t.split.file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	in := io.NewSectionReader(f, t.split.off, t.split.len)

	var out *bufio.Writer
	var outFile *os.File
	if t.job.Reducers == 0 {
		outFile, err = os.Create(filepath.Join(t.staging, fmt.Sprintf("part-%05d", t.index)))
		if err != nil {
			return nil, err
		}
		defer outFile.Close()
		out = bufio.NewWriterSize(outFile, 256<<10)
	} else {
		// Both buffers are sized up front (and reused by the next task) so
		// that appends never copy them and memory stays within SortMemory.
		if t.buf.arena == nil {
			t.buf.arena = make([]byte, 0, t.job.SortMemory/2)
			t.buf.recs = make([]record, 0, t.job.SortMemory/2/recordSize)
		}
		t.arena, t.recs = t.buf.arena[:0], t.buf.recs[:0]
		t.runs = map[int][]string{}
	}
	// Feed the split, counting records (lines).
	feed := func(w io.Writer) error {
		if x := t.job.XMLRecords; x != nil {
			recs, n, err := x.feed(w, in)
			t.c.bytesIn.Add(n)
			t.c.mapIn.Add(recs)
			return err
		}
		cw := &lineCounter{w: w}
		n, err := io.Copy(cw, in)
		t.c.bytesIn.Add(n)
		t.c.mapIn.Add(cw.records())
		return err
	}
	emit := func(line []byte) error {
		t.c.mapOut.Add(1)
		t.c.mapOutBytes.Add(int64(len(line)))
		if out == nil {
			rec, err := t.job.MapOutput.normalize(line)
			if err != nil {
				return err
			}
			if rec != nil {
				line = rec
			}
			return t.collect(ctx, line)
		}
		n, err := writeOutput(out, t.job.MapOutput, t.job.OutputSeparator, line)
		t.c.bytesW.Add(int64(n))
		return err
	}
	if err := pipe(ctx, "mapper", t.job.Mapper, t.job, feed, emit); err != nil {
		return nil, err
	}
	if out != nil {
		if err := out.Flush(); err != nil {
			return nil, err
		}
		return nil, outFile.Close()
	}
	if err := t.spill(ctx); err != nil {
		return nil, err
	}
	return t.runs, nil
}

// recordSize is what one buffered record costs besides its bytes.
const recordSize = 16

// collect buffers one record, spilling first when either buffer is full:
// they never grow, so a task's memory stays within SortMemory.
func (t *mapTask) collect(ctx context.Context, line []byte) error {
	if (len(t.arena)+len(line) > cap(t.arena) || len(t.recs) == cap(t.recs)) && len(t.recs) > 0 {
		if err := t.spill(ctx); err != nil {
			return err
		}
	}
	klen := bytes.IndexByte(line, '\t')
	if klen < 0 {
		klen = len(line)
	}
	off := len(t.arena)
	t.arena = append(t.arena, line...)
	t.recs = append(t.recs, record{
		part: uint32(partition(line[:klen], t.job.Reducers)),
		off:  uint32(off),
		klen: uint32(klen),
		n:    uint32(len(line)),
	})
	return nil
}

func (t *mapTask) key(r record) []byte { return t.arena[r.off : r.off+r.klen] }

// spill sorts the buffer by partition then key and writes one run file per
// partition. Equal keys keep the mapper's order: records are laid out in
// the arena in arrival order, so their offset breaks ties, which lets an
// unstable (faster) sort give a stable result.
func (t *mapTask) spill(ctx context.Context) error {
	if len(t.recs) == 0 {
		return nil
	}
	slices.SortFunc(t.recs, func(a, b record) int {
		if a.part != b.part {
			return int(a.part) - int(b.part)
		}
		if c := bytes.Compare(t.key(a), t.key(b)); c != 0 {
			return c
		}
		return int(a.off) - int(b.off)
	})
	for start := 0; start < len(t.recs); {
		p := t.recs[start].part
		end := start
		for end < len(t.recs) && t.recs[end].part == p {
			end++
		}
		name := filepath.Join(t.work, fmt.Sprintf("m%05d-s%04d-p%05d", t.index, t.spills, p))
		if err := t.writeRun(ctx, name, t.recs[start:end]); err != nil {
			return err
		}
		t.runs[int(p)] = append(t.runs[int(p)], name)
		start = end
	}
	t.c.spilled.Add(int64(len(t.recs)))
	t.spills++
	t.recs = t.recs[:0]
	t.arena = t.arena[:0]
	return nil
}

func (t *mapTask) writeRun(ctx context.Context, name string, recs []record) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 256<<10)
	if len(t.job.Combiner) > 0 {
		if err := t.combine(ctx, w, recs); err != nil {
			return err
		}
	} else {
		for _, r := range recs {
			if _, err := writeRecord(w, t.arena[r.off:r.off+r.n]); err != nil {
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// combine pipes sorted records through the combiner and writes its output,
// sorted again, as the run.
func (t *mapTask) combine(ctx context.Context, w *bufio.Writer, recs []record) error {
	t.c.combineIn.Add(int64(len(recs)))
	feed := func(w io.Writer) error {
		bw := w.(*bufio.Writer)
		for _, r := range recs {
			if _, err := writeRecord(bw, t.arena[r.off:r.off+r.n]); err != nil {
				return err
			}
		}
		return nil
	}
	var lines [][]byte
	emit := func(line []byte) error {
		lines = append(lines, append([]byte(nil), line...))
		return nil
	}
	if err := pipe(ctx, "combiner", t.job.Combiner, t.job, feed, emit); err != nil {
		return err
	}
	t.c.combineOut.Add(int64(len(lines)))
	slices.SortStableFunc(lines, func(a, b []byte) int { return bytes.Compare(keyOf(a), keyOf(b)) })
	for _, l := range lines {
		if _, err := writeRecord(w, l); err != nil {
			return err
		}
	}
	return nil
}

// keyOf is the key of a "key\tvalue" line.
func keyOf(line []byte) []byte {
	if i := bytes.IndexByte(line, '\t'); i >= 0 {
		return line[:i]
	}
	return line
}

// writeRecord writes a line as "key\tvalue\n", adding the tab Hadoop's
// TextOutputFormat writes between a key and an empty value.
func writeRecord(w *bufio.Writer, line []byte) (int, error) {
	n, err := w.Write(line)
	if err != nil {
		return n, err
	}
	if bytes.IndexByte(line, '\t') < 0 {
		if err := w.WriteByte('\t'); err != nil {
			return n, err
		}
		n++
	}
	return n + 1, w.WriteByte('\n')
}

// readLine returns the next line without its "\n" or "\r\n", as Hadoop's
// LineReader does. The slice is valid until the next call.
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// A line longer than the buffer: collect it.
		buf := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			line, err = r.ReadSlice('\n')
			buf = append(buf, line...)
		}
		line = buf
	}
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	return line, err
}

// lineCounter counts the lines written through it.
type lineCounter struct {
	w     io.Writer
	lines int64
	last  byte
	any   bool
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += int64(bytes.Count(p, []byte{'\n'}))
	if len(p) > 0 {
		c.last, c.any = p[len(p)-1], true
	}
	return c.w.Write(p)
}

// records counts a final line without a newline too.
func (c *lineCounter) records() int64 {
	if c.any && c.last != '\n' {
		return c.lines + 1
	}
	return c.lines
}

func isBrokenPipe(err error) bool {
	return err != nil && (bytes.Contains([]byte(err.Error()), []byte("broken pipe")) || bytes.Contains([]byte(err.Error()), []byte("file already closed")))
}
