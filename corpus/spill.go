package corpus

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
)

// spill holds the records of compressed files, decompressed, so that
// Reread can read one by its offset without decompressing the file again
// from its start. Read appends each record it hands on (not the records
// it skips, nor a web archive's records other than HTML responses), so
// the spill's size is that of the documents' records, and memory holds
// only a write buffer. The file is removed by Corpus.Close.
type spill struct {
	path string
	f    *os.File
	w    *bufio.Writer
	off  int64 // bytes written
}

// open creates the spill in dir, unless it is open.
func (s *spill) open(dir string) error {
	if s.f != nil {
		return nil
	}
	if s.path != "" {
		return errors.New("spill closed")
	}
	f, err := os.CreateTemp(dir, "wiretrace-records-*")
	if err != nil {
		return err
	}
	s.f, s.path, s.w = f, f.Name(), bufio.NewWriterSize(f, 1<<20)
	return nil
}

// add appends rec to the open spill and returns its offset.
func (s *spill) add(rec []byte) (int64, error) {
	off := s.off
	n, err := s.w.Write(rec)
	s.off += int64(n)
	return off, err
}

// flush writes what is buffered, so that Reread sees it.
func (s *spill) flush() error {
	if s.w == nil {
		return nil
	}
	return s.w.Flush()
}

// remove closes and removes the spill.
func (s *spill) remove() error {
	if s.f == nil {
		return nil
	}
	s.f.Close()
	s.f, s.w = nil, nil
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
