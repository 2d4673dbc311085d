package corpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
)

// spill holds the documents read from compressed files of records, so
// that Reread can read one by its offset without decompressing the file
// again from its start. Each document Read hands on is appended as a
// JSON line of its fields, {"id","text","title","url","source",
// "published"}, and its Loc's Offset and Length are those of the line:
// the spill holds texts, not pages (a web archive's HTML, its other
// records, and skipped records are never written), and Reread neither
// decompresses nor extracts anything. Memory holds only a write buffer.
// The file is removed by Corpus.Close.
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

// spilledDoc is the JSON line of a document in the spill.
type spilledDoc struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
}

// spillDoc appends doc to the spill and sets its Loc's Offset and Length
// to those of its line. It is safe for concurrent use.
func (c *Corpus) spillDoc(d *decoder, doc *Doc) error {
	d.line.Reset()
	if d.enc == nil {
		d.enc = json.NewEncoder(&d.line)
		d.enc.SetEscapeHTML(false)
	}
	if err := d.enc.Encode(spilledDoc{doc.ID, doc.Text, doc.Title, doc.URL, doc.Source, doc.Published}); err != nil {
		return err
	}
	c.mu.Lock()
	off, err := c.spill.add(d.line.Bytes())
	c.mu.Unlock()
	if err != nil {
		return err
	}
	doc.Loc.Offset, doc.Loc.Length = off, int64(d.line.Len())
	return nil
}
