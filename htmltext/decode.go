package htmltext

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffLen is how much of the start of a page is examined to tell binary
// data from text and to find a charset declaration. The HTML standard
// prescans 1024 bytes; real pages often put long scripts before their
// <meta charset>, so more is read.
const sniffLen = 8192

// magic numbers of binary formats that end up saved as .html, most often
// a compressed response stored as it came.
var magics = []struct {
	prefix string
	name   string
}{
	{"\x1f\x8b", "gzip"},
	{"\x28\xb5\x2f\xfd", "zstd"},
	{"BZh", "bzip2"},
	{"PK\x03\x04", "zip"},
	{"%PDF-", "PDF"},
	{"\x89PNG\r\n\x1a\n", "PNG"},
	{"\xff\xd8\xff", "JPEG"},
	{"GIF87a", "GIF"},
	{"GIF89a", "GIF"},
	{"RIFF", "RIFF (WebP, WAV or AVI)"},
}

// sniffBinary returns the name of the binary format raw looks like, or ""
// when raw looks like text. raw must not start with a UTF-16 byte order
// mark (UTF-16 text has NUL bytes).
func sniffBinary(raw []byte) string {
	head := raw[:min(len(raw), sniffLen)]
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.name
		}
	}
	var ctrl int
	for _, b := range head {
		switch {
		case b == 0:
			return "binary"
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v', b == 0x7f:
			ctrl++
		}
	}
	// Text has almost no control characters; a tenth is far beyond any
	// page, and well below random bytes (about 13%).
	if ctrl > 0 && ctrl*10 >= len(head) {
		return "binary"
	}
	return ""
}

// decode converts raw to valid UTF-8. It honours, in order, a byte order
// mark, a charset declared in a <meta> element near the start, and
// otherwise UTF-8 (or windows-1252 for pages whose non-ASCII bytes are
// mostly not UTF-8). Bytes that do not decode become U+FFFD and add a
// warning; decode never fails.
func decode(raw []byte, served string) (text string, warnings []string) {
	if enc, name := bomEncoding(raw); enc != nil {
		return decodeWith(raw, enc, name)
	}
	if served != "" {
		if e, name := charset.Lookup(served); e != nil {
			if name == "utf-8" {
				return decodeUTF8(raw, nil)
			}
			return decodeWith(raw, e, name)
		}
	}
	if enc, name, declared := declaredEncoding(raw[:min(len(raw), sniffLen)]); declared {
		if enc == nil {
			warnings = append(warnings, fmt.Sprintf("unknown charset %q declared; read as UTF-8", name))
			return decodeUTF8(raw, warnings)
		}
		if name == "utf-8" {
			return decodeUTF8(raw, nil)
		}
		return decodeWith(raw, enc, name)
	}
	valid, invalid := countUTF8(raw)
	if invalid > 0 && invalid > valid {
		t, w := decodeWith(raw, charmap.Windows1252, "windows-1252")
		return t, append([]string{"no charset declared and the page is not UTF-8; read as windows-1252"}, w...)
	}
	return decodeUTF8(raw, nil)
}

// bomEncoding returns the encoding a byte order mark names, or nil.
func bomEncoding(raw []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xef, 0xbb, 0xbf}):
		return unicode.UTF8BOM, "utf-8"
	case bytes.HasPrefix(raw, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(raw, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}

// declaredEncoding looks for <meta charset> or <meta http-equiv=
// "Content-Type" content="...; charset=..."> in head. declared reports
// whether a declaration was found; enc is nil when its name is unknown.
// A declared UTF-16 is read as UTF-8, as the HTML standard says: a page
// whose bytes were ASCII enough to declare it cannot be UTF-16.
func declaredEncoding(head []byte) (enc encoding.Encoding, name string, declared bool) {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return nil, "", false
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tag, hasAttr := z.TagName()
		if string(tag) == "body" {
			return nil, "", false
		}
		if string(tag) != "meta" {
			continue
		}
		var cs, content string
		var pragma bool
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch strings.ToLower(string(k)) {
			case "charset":
				cs = string(v)
			case "content":
				content = string(v)
			case "http-equiv":
				pragma = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
			}
		}
		if cs == "" && pragma {
			if _, params, err := mime.ParseMediaType(content); err == nil {
				cs = params["charset"]
			}
		}
		cs = strings.ToLower(strings.TrimSpace(cs))
		if cs == "" {
			continue
		}
		if strings.HasPrefix(cs, "utf-16") {
			return encoding.Nop, "utf-8", true
		}
		e, n := charset.Lookup(cs)
		if e == nil {
			return nil, cs, true
		}
		return e, n, true
	}
}

// countUTF8 counts the multi-byte UTF-8 sequences and the bytes that are
// not valid UTF-8 in b.
func countUTF8(b []byte) (valid, invalid int) {
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		b = b[size:]
	}
	return valid, invalid
}

// decodeUTF8 returns raw with each byte that is not part of valid UTF-8
// replaced by U+FFFD, and a warning that counts them.
func decodeUTF8(raw []byte, warnings []string) (string, []string) {
	raw = bytes.TrimPrefix(raw, []byte{0xef, 0xbb, 0xbf})
	if utf8.Valid(raw) {
		return string(raw), warnings
	}
	var sb strings.Builder
	sb.Grow(len(raw) + 64)
	bad := 0
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
			bad++
		} else {
			sb.Write(raw[:size])
		}
		raw = raw[size:]
	}
	return sb.String(), append(warnings, fmt.Sprintf("%d bytes not valid UTF-8 replaced with U+FFFD", bad))
}

// decodeWith decodes raw from enc. Decoders in x/text replace what they
// cannot decode with U+FFFD; those replacements are counted in a warning.
func decodeWith(raw []byte, enc encoding.Encoding, name string) (string, []string) {
	before := bytes.Count(raw, []byte("\uFFFD"))
	out, _, err := transform.Bytes(enc.NewDecoder(), raw)
	if err != nil {
		// x/text decoders replace rather than fail; should one fail, fall
		// back to reading the bytes as UTF-8.
		return decodeUTF8(raw, []string{fmt.Sprintf("cannot decode %s (%v); read as UTF-8", name, err)})
	}
	var warnings []string
	if !utf8.Valid(out) {
		s, w := decodeUTF8(out, nil)
		out, warnings = []byte(s), w
	}
	if n := bytes.Count(out, []byte("\uFFFD")) - before; n > 0 && warnings == nil {
		warnings = append(warnings, fmt.Sprintf("%d bytes not valid %s replaced with U+FFFD", n, name))
	}
	return string(out), warnings
}
