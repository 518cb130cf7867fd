package streaming

import (
	"bufio"
	"io"
	"os"
)

// split is a byte range of one input file that starts at a line start.
type split struct {
	file     string
	off, len int64
}

// makeSplits cuts each file into ranges of about size bytes, moving every
// cut forward to the next line start: the same records Hadoop's
// LineRecordReader gives each split.
func makeSplits(files []string, size int64) ([]split, error) {
	var out []split
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		total := st.Size()
		if total == 0 {
			out = append(out, split{file: f})
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		start := int64(0)
		for start < total {
			end := total
			if size < total-start {
				end = start + size
			}
			if end < total {
				if end, err = nextLineStart(fh, end, total); err != nil {
					fh.Close()
					return nil, err
				}
			}
			out = append(out, split{file: f, off: start, len: end - start})
			start = end
		}
		fh.Close()
	}
	return out, nil
}

// nextLineStart returns the offset just past the first newline at or after
// off-1, i.e. off itself when off already starts a line.
func nextLineStart(f *os.File, off, total int64) (int64, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, off-1, total-off+1), 64<<10)
	n := off - 1
	for {
		b, err := r.ReadSlice('\n')
		n += int64(len(b))
		if err == nil {
			return n, nil
		}
		if err == io.EOF {
			return total, nil
		}
		if err != bufio.ErrBufferFull {
			return 0, err
		}
	}
}
