//go:build unix

package corpus

import (
	"io/fs"
	"syscall"
)

// fileKey names a file whatever the path it is reached by.
type fileKey struct {
	dev, ino uint64
	path     string
}

func keyOf(path string, st fs.FileInfo) fileKey {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return fileKey{dev: uint64(s.Dev), ino: uint64(s.Ino)}
	}
	return fileKey{path: absPath(path)}
}
