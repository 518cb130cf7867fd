package streaming

import (
	"bufio"
	"bytes"
	"fmt"
)

// Fields says how a streaming process's output line splits into key and
// value, as Hadoop streaming's stream.*.field.separator and
// stream.num.*.key.fields do: the key is the first KeyFields fields
// separated by Separator, the value the rest; a line with fewer fields is
// all key, with an empty value. The zero value is Hadoop's default: a tab,
// one field.
type Fields struct {
	Separator string
	KeyFields int
}

func (f Fields) sep() []byte {
	if f.Separator == "" {
		return []byte{'\t'}
	}
	return []byte(f.Separator)
}

func (f Fields) isDefault() bool {
	return (f.Separator == "" || f.Separator == "\t") && f.KeyFields <= 1
}

// split returns line's key and value (valid while line is).
func (f Fields) split(line []byte) (key, value []byte) {
	sep := f.sep()
	n := max(f.KeyFields, 1)
	pos := -len(sep)
	for i := 0; i < n; i++ {
		j := bytes.Index(line[pos+len(sep):], sep)
		if j < 0 {
			return line, nil
		}
		pos += len(sep) + j
	}
	return line[:pos], line[pos+len(sep):]
}

// normalize rewrites a process's output line into the runner's internal
// record, "key\tvalue" (nil when the line already is one).
func (f Fields) normalize(line []byte) ([]byte, error) {
	if f.isDefault() {
		return nil, nil
	}
	key, value := f.split(line)
	if bytes.IndexByte(key, '\t') >= 0 {
		return nil, fmt.Errorf("the local streaming runner cannot sort a key holding a tab when the key separator is %q: %q", f.Separator, key)
	}
	rec := make([]byte, 0, len(key)+1+len(value))
	rec = append(append(append(rec, key...), '\t'), value...)
	return rec, nil
}

// writeOutput writes a final output record the way Hadoop's
// TextOutputFormat does: key, separator (outSep, a tab by default, also
// between a key and an empty value), value.
func writeOutput(w *bufio.Writer, f Fields, outSep string, line []byte) (int, error) {
	if f.isDefault() && (outSep == "" || outSep == "\t") {
		return writeRecord(w, line)
	}
	key, value := f.split(line)
	if outSep == "" {
		outSep = "\t"
	}
	n, _ := w.Write(key)
	m, _ := w.WriteString(outSep)
	k, _ := w.Write(value)
	return n + m + k + 1, w.WriteByte('\n')
}
