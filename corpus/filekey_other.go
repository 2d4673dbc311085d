//go:build !unix

package corpus

import "io/fs"

// fileKey names a file whatever the path it is reached by.
type fileKey struct {
	path string
}

func keyOf(path string, _ fs.FileInfo) fileKey { return fileKey{path: absPath(path)} }
