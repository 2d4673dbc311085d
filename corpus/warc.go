package corpus

import (
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// A web archive (WARC 1.0 or 1.1, ISO 28500; Common Crawl News files) is
// a sequence of records, each a block of header lines ("WARC/1.1",
// "Name: value" lines, a blank line) followed by Content-Length bytes of
// content and two line ends. A record of WARC-Type "response" whose
// content is an HTTP response (Content-Type application/http) with a 2xx
// status and an HTML body is a document: its text is extracted from the
// body (de-chunked and, for gzip or deflate, decoded; the charset of the
// HTTP Content-Type wins over the page's own, as in browsers); its id is
// WARC-Target-URI, or WARC-Record-ID for a URI already read in the file;
// its URL is WARC-Target-URI; its published date is the page's, else
// WARC-Date. Other records (requests, metadata, redirects, images) are
// skipped and counted, in one note per file.
//
// The reader is streaming and holds at most one document record in
// memory; records over the size limit are skipped without being read.
// It is a small hand-written reader rather than a library: the WARC
// readers maintained for Go bring their own HTTP and compression stacks
// and read every record's content, where only HTML responses are wanted.

// maxWARCHeader bounds a record's header block.
const maxWARCHeader = 64 << 10

// warcHeader is what a record's header says.
type warcHeader struct {
	version     string
	typ         string
	length      int64
	contentType string
	uri         string
	id          string
	date        string
}

// parseWARCHeader parses a header block (lines ending in "\r\n" or
// "\n", the blank line included).
func parseWARCHeader(b []byte) (warcHeader, error) {
	var h warcHeader
	h.length = -1
	for i, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if i == 0 {
			if !bytes.HasPrefix(line, []byte("WARC/")) {
				return h, fmt.Errorf("not a WARC record: starts with %q", clip(line, 40))
			}
			h.version = string(line)
			continue
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue // a continuation line or junk: nothing this reader needs
		}
		v := strings.TrimSpace(string(value))
		switch strings.ToLower(strings.TrimSpace(string(name))) {
		case "warc-type":
			h.typ = strings.ToLower(v)
		case "content-length":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return h, fmt.Errorf("WARC record has a bad Content-Length %q", clip([]byte(v), 40))
			}
			h.length = n
		case "content-type":
			h.contentType = strings.ToLower(v)
		case "warc-target-uri":
			h.uri = strings.Trim(v, "<>")
		case "warc-record-id":
			h.id = strings.Trim(v, "<>")
		case "warc-date":
			h.date = v
		}
	}
	if h.length < 0 {
		return h, errors.New("WARC record has no Content-Length")
	}
	return h, nil
}

func clip(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// isResponse reports whether a record is an HTTP response.
func (h warcHeader) isResponse() bool {
	return h.typ == "response" && strings.HasPrefix(h.contentType, "application/http")
}

// lineCounter counts the line ends written to it.
type lineCounter int

func (c *lineCounter) Write(p []byte) (int, error) {
	*c += lineCounter(bytes.Count(p, []byte("\n")))
	return len(p), nil
}

// warc cuts a web archive into records and calls emit for each HTML
// response, with the whole record (header and content) and its location
// (File left 0; Line the record's first line). A response over max bytes
// of content is not read: emit gets big true and rec nil. others is
// called once at the end with the number of other records skipped, if
// any. A stream that is not a web archive, or whose framing breaks, ends
// with a *readError; the records before it are emitted.
func (r *reader) warc(in io.Reader, max int64, emit func(rec []byte, loc Loc, big bool) bool, others func(n int)) error {
	br := bufio.NewReaderSize(in, readBufSize)
	var (
		off     int64
		line    = 1
		skipped int
		seen    = map[string]bool{}
	)
	defer func() {
		if skipped > 0 {
			others(skipped)
		}
	}()
	acc := r.acc[:0]
	defer func() { r.acc = acc[:0] }()
	for {
		// Blank lines between records.
		for {
			c, err := br.ReadByte()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return &readError{line: line, err: err}
			}
			if c != '\r' && c != '\n' {
				br.UnreadByte()
				break
			}
			off++
			if c == '\n' {
				line++
			}
		}
		start, first := off, line
		acc = acc[:0]
		lineStart := 0
		for {
			l, err := br.ReadSlice('\n')
			acc = append(acc, l...)
			if len(acc) > maxWARCHeader {
				return &readError{line: first, err: errors.New("WARC record header too large")}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				if err == io.EOF {
					err = errors.New("web archive ends inside a record's header")
				}
				return &readError{line: first, err: err}
			}
			line++
			if ln := acc[lineStart:]; lineStart > 0 && (len(ln) == 1 || len(ln) == 2 && ln[0] == '\r') {
				break // the blank line
			}
			lineStart = len(acc)
		}
		if bytes.IndexByte(acc, 0) >= 0 {
			if start == 0 {
				return errBinary
			}
			return &readError{line: first, err: errors.New("NUL byte in a WARC record header")}
		}
		h, err := parseWARCHeader(acc)
		if err != nil {
			if start == 0 && !bytes.HasPrefix(acc, []byte("WARC/")) {
				err = errors.New("not a web archive (WARC): no WARC/ version line at the start")
			}
			return &readError{line: first, err: err}
		}
		off += int64(len(acc))
		if !h.isResponse() || h.length > max {
			var n lineCounter
			copied, err := io.CopyN(&n, br, h.length)
			off += copied
			line += int(n)
			if err != nil {
				return &readError{line: first, err: errTruncated(err)}
			}
			if !h.isResponse() {
				skipped++
				continue
			}
			if !emit(nil, Loc{Line: first, Offset: start, Length: off - start}, true) {
				return nil
			}
			continue
		}
		hlen := len(acc)
		acc = append(acc, make([]byte, h.length)...)
		n, err := io.ReadFull(br, acc[hlen:])
		off += int64(n)
		line += bytes.Count(acc[hlen:hlen+n], []byte("\n"))
		if err != nil {
			return &readError{line: first, err: errTruncated(err)}
		}
		if !httpHTML(acc[hlen:]) {
			skipped++
			continue
		}
		if seen[h.uri] {
			r.c.markRepeat(r.file, first)
		}
		seen[h.uri] = true
		if !emit(acc, Loc{Line: first, Offset: start, Length: off - start}, false) {
			return nil
		}
	}
}

func errTruncated(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New("web archive ends inside a record's content")
	}
	return err
}

// httpHTML reports whether an HTTP response, as stored in a record, has a
// 2xx status and an HTML body: its Content-Type says so, or it has none
// and its body starts like an HTML page.
func httpHTML(resp []byte) bool {
	head, body, _ := bytes.Cut(resp, []byte("\n\r\n"))
	if len(body) == 0 {
		head, body, _ = bytes.Cut(resp, []byte("\n\n"))
	}
	lines := bytes.Split(head, []byte("\n"))
	status := strings.Fields(string(lines[0]))
	if len(status) < 2 || !strings.HasPrefix(status[0], "HTTP/") || len(status[1]) != 3 || status[1][0] != '2' {
		return false
	}
	for _, l := range lines[1:] {
		name, value, ok := bytes.Cut(l, []byte(":"))
		if ok && strings.EqualFold(strings.TrimSpace(string(name)), "content-type") {
			mt, _, err := mime.ParseMediaType(strings.TrimSpace(string(value)))
			if err != nil {
				return false
			}
			return mt == "text/html" || mt == "application/xhtml+xml"
		}
	}
	return sniffBytes(body[:min(len(body), 512)]) == kindHTML
}

// httpBody returns the body of an HTTP response, as stored in a record,
// de-chunked and decoded, with the charset its Content-Type names ("" if
// none).
func httpBody(resp []byte, max int64) (body []byte, charset string, err error) {
	res, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(resp)), nil)
	if err != nil {
		return nil, "", fmt.Errorf("malformed HTTP response: %v", err)
	}
	defer res.Body.Close()
	var rd io.Reader = res.Body
	switch enc := strings.ToLower(strings.TrimSpace(res.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			return nil, "", fmt.Errorf("HTTP body: corrupt gzip data: %v", err)
		}
		defer zr.Close()
		rd = zr
	case "deflate":
		fr := flate.NewReader(res.Body)
		defer fr.Close()
		rd = fr
	default:
		return nil, "", fmt.Errorf("HTTP body in unsupported Content-Encoding %q", enc)
	}
	body, err = readLimited(rd.Read, -1, nil, max+1)
	if err != nil {
		// A body cut short (a truncated capture) is read as far as it
		// goes; extraction warns of a page that ends inside a tag.
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, "", fmt.Errorf("HTTP body: %v", err)
		}
	}
	if int64(len(body)) > max {
		return nil, "", tooLarge(max)
	}
	if _, params, err := mime.ParseMediaType(res.Header.Get("Content-Type")); err == nil {
		charset = params["charset"]
	}
	return body, charset, nil
}
