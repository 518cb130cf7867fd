package streaming

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

type reduceTask struct {
	job       *Job
	partition int
	runs      []string
	staging   string
	c         *counters
}

// run merges the partition's runs in key order into the reducer (or, with
// no reducer command, straight into the part file).
func (t *reduceTask) run(ctx context.Context) error {
	out, err := os.Create(filepath.Join(t.staging, fmt.Sprintf("part-%05d", t.partition)))
	if err != nil {
		return err
	}
	defer out.Close()
	w := bufio.NewWriterSize(out, 256<<10)

	m, err := newMerger(t.runs)
	if err != nil {
		return err
	}
	defer m.close()

	if len(t.job.Reducer) == 0 {
		if err := t.feed(m, w, true); err != nil {
			return err
		}
		t.c.redOut.Add(t.c.redIn.Load())
	} else if err := t.reduce(ctx, m, w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	st, err := out.Stat()
	if err == nil {
		t.c.bytesW.Add(st.Size())
	}
	return out.Close()
}

// feed writes the merged records to w, counting records and key groups:
// as the job's output (final), or as the reducer's input.
func (t *reduceTask) feed(m *merger, w *bufio.Writer, final bool) error {
	inSep := t.job.ReduceInput
	var prev []byte
	first := true
	for {
		line, ok, err := m.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		k := keyOf(line)
		if first || !bytes.Equal(k, prev) {
			t.c.redGroups.Add(1)
			prev = append(prev[:0], k...)
			first = false
		}
		t.c.redIn.Add(1)
		switch {
		case final:
			_, err = writeOutput(w, Fields{}, t.job.OutputSeparator, line)
		case inSep != "" && inSep != "\t":
			// The reducer reads key, its input separator, value.
			key, value := Fields{}.split(line)
			w.Write(key)
			w.WriteString(inSep)
			w.Write(value)
			err = w.WriteByte('\n')
		default:
			_, err = writeRecord(w, line)
		}
		if err != nil {
			return err
		}
	}
}

func (t *reduceTask) reduce(ctx context.Context, m *merger, w *bufio.Writer) error {
	feed := func(in io.Writer) error { return t.feed(m, in.(*bufio.Writer), false) }
	emit := func(line []byte) error {
		t.c.redOut.Add(1)
		_, err := writeOutput(w, t.job.ReduceOutput, t.job.OutputSeparator, line)
		return err
	}
	return pipe(ctx, "reducer", t.job.Reducer, t.job, feed, emit)
}

// merger is a k-way merge of sorted run files; ties go to the earlier run,
// so records with equal keys keep map order.
type merger struct {
	files []*os.File
	h     runHeap
	out   []byte
}

type runHead struct {
	r    *bufio.Reader
	line []byte
	idx  int
}

type runHeap []*runHead

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(keyOf(h[i].line), keyOf(h[j].line)); c != 0 {
		return c < 0
	}
	return h[i].idx < h[j].idx
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runHead)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func newMerger(paths []string) (*merger, error) {
	m := &merger{}
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			m.close()
			return nil, err
		}
		m.files = append(m.files, f)
		rh := &runHead{r: bufio.NewReaderSize(f, 64<<10), idx: i}
		if ok, err := rh.advance(); err != nil {
			m.close()
			return nil, err
		} else if ok {
			m.h = append(m.h, rh)
		}
	}
	heap.Init(&m.h)
	return m, nil
}

// advance reads the head's next line into its own buffer.
func (rh *runHead) advance() (bool, error) {
	line, err := readLine(rh.r)
	if err == io.EOF && len(line) == 0 {
		return false, nil
	}
	if err != nil && err != io.EOF {
		return false, err
	}
	rh.line = append(rh.line[:0], line...)
	return true, nil
}

// next returns the smallest remaining line; it is valid until the next
// call.
func (m *merger) next() ([]byte, bool, error) {
	if len(m.h) == 0 {
		return nil, false, nil
	}
	top := m.h[0]
	m.out = append(m.out[:0], top.line...)
	ok, err := top.advance()
	if err != nil {
		return nil, false, err
	}
	if ok {
		heap.Fix(&m.h, 0)
	} else {
		heap.Pop(&m.h)
	}
	return m.out, true, nil
}

func (m *merger) close() {
	for _, f := range m.files {
		f.Close()
	}
}
