//go:build !unix

package corpus

import "os"

// readFile reads the file at path into buf (reused), at most limit bytes;
// big reports a regular file of limit bytes or more, which is not read.
func readFile(path string, buf []byte, limit int64) (b []byte, big bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return buf, false, err
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if size = st.Size(); size >= limit {
			return buf, true, nil
		}
	}
	b, err = readLimited(f.Read, size, buf, limit)
	return b, false, err
}
