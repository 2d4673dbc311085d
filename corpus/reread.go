package corpus

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// Reread reads the document at loc again, as Read gave it: the same Doc,
// field for field, provided the file has not changed. It seeks to the
// record and reads only it. It is safe for concurrent use, also with
// Read.
func (c *Corpus) Reread(loc Loc) (Doc, error) {
	if loc.File < 0 || loc.File >= len(c.files) {
		return Doc{}, fmt.Errorf("corpus: no file %d to read again", loc.File)
	}
	f := &c.files[loc.File]
	spilled := f.kind.records() && f.comp != compNone
	limit := c.maxBytes + int64(len(bom)) + 2
	if spilled {
		limit = 6*c.maxBytes + 4096 // a JSON line of the document's fields, escaped
	}
	if loc.Offset < 0 || loc.Length < 0 || loc.Length > limit {
		return Doc{}, fmt.Errorf("corpus: %s:%d: no record of %d bytes at offset %d", f.name, loc.Line, loc.Length, loc.Offset)
	}
	rec := make([]byte, loc.Length)
	if err := c.readAt(f, rec, loc.Offset); err != nil {
		return Doc{}, fmt.Errorf("corpus: %s:%d: reading again: %w", f.name, loc.Line, err)
	}
	if spilled {
		var d decoder
		doc, err := d.decode(&file{kind: kindJSONL}, nil, rec, loc)
		if err != nil {
			return Doc{}, fmt.Errorf("corpus: %s:%d: reading again: %w", f.name, loc.Line, err)
		}
		return doc, nil
	}
	var hdr *csvHeader
	if f.kind.table() {
		h, err := c.header(loc.File)
		if err != nil {
			return Doc{}, fmt.Errorf("corpus: %s: %w", f.name, err)
		}
		hdr = h
	}
	d := decoder{repeat: f.kind == kindWARC && c.isRepeat(loc)}
	doc, err := d.decode(f, hdr, rec, loc)
	if err != nil {
		return Doc{}, fmt.Errorf("corpus: %s:%d: %w", f.name, loc.Line, err)
	}
	return doc, nil
}

// readAt fills p from file f at offset off: from the spill for the
// documents of a compressed file of records, by decompressing a
// compressed whole-file document again. Files of many records stay open between calls.
func (c *Corpus) readAt(f *file, p []byte, off int64) error {
	var fh *os.File
	switch {
	case f.kind.records() && f.comp != compNone:
		c.mu.Lock()
		path := c.spill.path
		c.mu.Unlock()
		if path == "" {
			return errors.New("the records of a compressed file are read again only after Read")
		}
		h, err := c.handles.get(path)
		if err != nil {
			return unwrapPath(err)
		}
		defer c.handles.put(h)
		fh = h.f
	case f.kind.records():
		h, err := c.handles.get(f.path)
		if err != nil {
			return unwrapPath(err)
		}
		defer c.handles.put(h)
		fh = h.f
	default:
		var err error
		if fh, err = os.Open(f.path); err != nil {
			return unwrapPath(err)
		}
		defer fh.Close()
		var head [magicSize]byte
		n, _ := fh.ReadAt(head[:], 0)
		if sniffCompression(head[:n]) != compNone {
			dr, _, err := decompress(fh)
			if err != nil {
				return err
			}
			defer dr.Close()
			if _, err := io.CopyN(io.Discard, dr, off); err != nil {
				return errShorter(err)
			}
			_, err = io.ReadFull(dr, p)
			return errShorter(err)
		}
	}
	_, err := fh.ReadAt(p, off)
	if err == io.EOF {
		return errors.New("the file is shorter than when it was read")
	}
	return err
}

func errShorter(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New("the file is shorter than when it was read")
	}
	return err
}

// setHeader records the header of CSV file i.
func (c *Corpus) setHeader(i int, h *csvHeader) {
	c.mu.Lock()
	c.headers[i] = h
	c.mu.Unlock()
}

// header returns the header of CSV file i, reading it if Read has not.
func (c *Corpus) header(i int) (*csvHeader, error) {
	c.mu.Lock()
	h := c.headers[i]
	c.mu.Unlock()
	if h != nil {
		return h, nil
	}
	f := &c.files[i]
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer fh.Close()
	dr, _, err := decompress(fh)
	if err != nil {
		return nil, err
	}
	defer dr.Close()
	r := reader{buf: make([]byte, 64<<10)}
	herr := errors.New("CSV file has no header")
	err = r.records(dr, f.kind, c.maxBytes, func(rec []byte, _ Loc, big bool) bool {
		if big {
			herr = errors.New("CSV header too large")
			return false
		}
		if blank(f.kind, rec) {
			return true
		}
		h, herr = parseCSVHeader(rec, r.dialect)
		return false
	})
	if err != nil {
		return nil, err
	}
	if herr != nil {
		return nil, herr
	}
	c.setHeader(i, h)
	return h, nil
}

// maxHandles is how many files Reread keeps open.
const maxHandles = 32

// handleCache keeps open the files Reread reads often. It is safe for
// concurrent use.
type handleCache struct {
	mu     sync.Mutex
	open   map[string]*handle
	clock  uint64
	closed bool
}

type handle struct {
	path string
	f    *os.File
	refs int
	used uint64
}

func (hc *handleCache) init() { hc.open = map[string]*handle{} }

// get returns the open file at path; put gives it back.
func (hc *handleCache) get(path string) (*handle, error) {
	hc.mu.Lock()
	defer hc.mu.Unlock()
	if hc.closed {
		return nil, errors.New("corpus closed")
	}
	hc.clock++
	if h := hc.open[path]; h != nil {
		h.refs++
		h.used = hc.clock
		return h, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h := &handle{path: path, f: f, refs: 1, used: hc.clock}
	hc.open[path] = h
	if len(hc.open) > maxHandles {
		// Close the least recently used file not in use.
		var old *handle
		for _, o := range hc.open {
			if o.refs == 0 && (old == nil || o.used < old.used) {
				old = o
			}
		}
		if old != nil {
			old.f.Close()
			delete(hc.open, old.path)
		}
	}
	return h, nil
}

func (hc *handleCache) put(h *handle) {
	hc.mu.Lock()
	defer hc.mu.Unlock()
	h.refs--
	if h.refs == 0 && (hc.closed || len(hc.open) > maxHandles) {
		h.f.Close()
		delete(hc.open, h.path)
	}
}

func (hc *handleCache) close() error {
	hc.mu.Lock()
	defer hc.mu.Unlock()
	hc.closed = true
	var first error
	for p, h := range hc.open {
		if h.refs > 0 {
			continue
		}
		if err := h.f.Close(); err != nil && first == nil {
			first = err
		}
		delete(hc.open, p)
	}
	return first
}
