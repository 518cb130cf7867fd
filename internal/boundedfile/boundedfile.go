// Package boundedfile reads input files a user names (workflow files,
// Oozie XML, properties) without letting one exhaust memory or hang the
// reader: only regular files (not /dev/zero, not a FIFO), of at most a
// given size, even if the file grows while it is read.
package boundedfile

import (
	"fmt"
	"io"
	"os"
)

// Read reads path, which must be a regular file of at most max bytes.
// The errors say which rule was broken; what stands for the kind of file
// in them ("workflow file").
func Read(path string, max int64, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes, over the %d-byte limit of %s", path, st.Size(), max, what)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s is over the %d-byte limit of %s", path, max, what)
	}
	return data, nil
}
