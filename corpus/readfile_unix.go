//go:build unix

package corpus

import (
	"io"
	"io/fs"
	"syscall"
)

// readFile reads the file at path into buf (reused), at most limit bytes;
// big reports a regular file of limit bytes or more, which is not read.
// It calls the system directly: os.Open spends several more calls per
// file registering it with the runtime's poller, which a regular file
// does not use, and a directory of small articles is mostly such calls.
func readFile(path string, buf []byte, limit int64) (b []byte, big bool, err error) {
	var fd int
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return buf, false, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	size := int64(-1)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG {
		if size = int64(st.Size); size >= limit {
			return buf, true, nil
		}
	}
	b, err = readLimited(func(p []byte) (int, error) {
		for {
			n, err := syscall.Read(fd, p)
			switch {
			case err == syscall.EINTR:
				continue
			case err != nil:
				return 0, &fs.PathError{Op: "read", Path: path, Err: err}
			case n == 0:
				return 0, io.EOF
			}
			return n, nil
		}
	}, size, buf, limit)
	return b, false, err
}
