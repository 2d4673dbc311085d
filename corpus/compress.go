package corpus

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// A compressed file is recognised by its magic bytes, whatever its name;
// its name's compression extension (.gz, .zst, .zstd, .bz2) is dropped
// before the format's extension is looked at, so that data.jsonl.gz is
// JSON Lines. It is decompressed as a stream. Its documents are read
// again by offset from a spill of their fields (see spill.go); a
// whole-file document is decompressed again.

// compression is how a file's bytes are compressed.
type compression uint8

const (
	compNone compression = iota
	compGzip
	compZstd
	compBzip2
)

func (c compression) String() string {
	switch c {
	case compGzip:
		return "gzip"
	case compZstd:
		return "zstd"
	case compBzip2:
		return "bzip2"
	}
	return "none"
}

// magicSize is the number of bytes sniffCompression looks at.
const magicSize = 4

// sniffCompression returns the compression whose magic bytes b starts
// with.
func sniffCompression(b []byte) compression {
	switch {
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		return compGzip
	case len(b) >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd:
		return compZstd
	case len(b) >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && '1' <= b[3] && b[3] <= '9':
		return compBzip2
	}
	return compNone
}

// Compressed reports whether name has a compression extension (.gz,
// .gzip, .zst, .zstd, .bz2): its size on disk is not the size of what it
// holds.
func Compressed(name string) bool { return stripCompression(name) != name }

// stripCompression returns name without a compression extension.
func stripCompression(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".gz", ".gzip", ".zst", ".zstd", ".bz2":
		return name[:len(name)-len(filepath.Ext(name))]
	}
	return name
}

// decompressor reads a decompressed stream; its errors say which
// compression failed.
type decompressor struct {
	r     io.Reader
	comp  compression
	close func()
}

func (d decompressor) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF && d.comp != compNone {
		err = fmt.Errorf("corrupt %s data: %w", d.comp, err)
	}
	return n, err
}

func (d decompressor) Close() error {
	if d.close != nil {
		d.close()
	}
	return nil
}

// decompress returns a reader of what r holds decompressed, after
// sniffing its magic bytes; an uncompressed stream is returned as it is
// (buffered). The reader must be closed to free the decoder.
func decompress(r io.Reader) (io.ReadCloser, compression, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(magicSize)
	c := sniffCompression(head)
	switch c {
	case compGzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, c, fmt.Errorf("corrupt gzip data: %w", err)
		}
		return decompressor{r: zr, comp: c, close: func() { zr.Close() }}, c, nil
	case compZstd:
		// One goroutine and a bounded window: memory stays small
		// whatever the stream's size.
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, c, fmt.Errorf("corrupt zstd data: %w", err)
		}
		return decompressor{r: zr, comp: c, close: zr.Close}, c, nil
	case compBzip2:
		return decompressor{r: bzip2.NewReader(br), comp: c}, c, nil
	}
	return decompressor{r: br}, c, nil
}

// decompressAll decompresses b, a whole compressed file, reading at most
// limit bytes of output; big reports that there were more.
func decompressAll(b []byte, limit int64) (out []byte, big bool, err error) {
	r, _, err := decompress(bytes.NewReader(b))
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	out, err = readLimited(r.Read, -1, nil, limit)
	if err != nil {
		return nil, false, err
	}
	return out, int64(len(out)) >= limit, nil
}
