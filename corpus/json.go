package corpus

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// A JSON Lines record is decoded in two ways. decodeFast handles the
// common case, an object whose values are strings (and id a number),
// several times faster than encoding/json; it gives up on anything else
// (other value types, escaped or non-ASCII keys, keys that match a field
// name only case-insensitively, malformed input), and decodeStd, built on
// encoding/json, decodes the record instead. Both give the same fields
// for every input decodeFast accepts (FuzzDecodeFast checks it); field
// names match case-insensitively, as in encoding/json.

// stdRecord is what encoding/json decodes a record into.
type stdRecord struct {
	ID        json.RawMessage `json:"id"`
	Text      json.RawMessage `json:"text"`
	HTML      json.RawMessage `json:"html"`
	Title     json.RawMessage `json:"title"`
	URL       json.RawMessage `json:"url"`
	Source    json.RawMessage `json:"source"`
	Published json.RawMessage `json:"published"`
}

var errNotObject = errors.New("malformed JSON line: not an object")

// decodeStd decodes a record with encoding/json.
func decodeStd(b []byte, fl *fields) error {
	if i := skipWS(b, 0); i < len(b) && b[i] != '{' && json.Valid(b) {
		return errNotObject
	}
	var r stdRecord
	if err := json.Unmarshal(b, &r); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("malformed JSON line: %v (at byte %d)", err, se.Offset)
		}
		return fmt.Errorf("malformed JSON line: %v", err)
	}
	raws := [nField]json.RawMessage{r.ID, r.Text, r.HTML, r.Title, r.URL, r.Source, r.Published}
	for f, raw := range raws {
		if len(raw) == 0 {
			continue
		}
		switch c := raw[0]; {
		case c == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("malformed JSON line: %v", err)
			}
			fl.v[f], fl.t[f] = s, vString
		case c == 'n':
			fl.v[f], fl.t[f] = "", vAbsent
		case c == '-' || '0' <= c && c <= '9':
			fl.v[f], fl.t[f] = string(raw), vNumber
		default:
			fl.v[f], fl.t[f] = "", vOther
		}
	}
	return nil
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// decodeFast decodes a record that is an object of string values (id may
// be a number) into fl. b must be valid UTF-8. It returns false, leaving
// fl in any state, for every other input.
func (d *decoder) decodeFast(b []byte, fl *fields) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipWS(b, i+1) == len(b)
	}
	for {
		// Key: plain ASCII, no escapes.
		if i >= len(b) || b[i] != '"' {
			return false
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if c := b[j]; c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				return false
			}
			j++
		}
		if j >= len(b) {
			return false
		}
		f := fieldIndex(b[i+1 : j])
		if f == foldMatch {
			return false
		}
		i = skipWS(b, j+1)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return false
		}
		switch c := b[i]; {
		case c == '"':
			s, n, ok := d.str(b, i, f >= 0)
			if !ok {
				return false
			}
			if f >= 0 {
				fl.v[f], fl.t[f] = s, vString
			}
			i = n
		case f == fID && (c == '-' || '0' <= c && c <= '9'):
			n := scanNumber(b, i)
			if n < 0 {
				return false
			}
			fl.v[f], fl.t[f] = string(b[i:n]), vNumber
			i = n
		default:
			return false
		}
		i = skipWS(b, i)
		if i >= len(b) {
			return false
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return skipWS(b, i+1) == len(b)
		default:
			return false
		}
	}
}

// foldMatch is what fieldIndex returns for a key that matches a field
// name only case-insensitively.
const foldMatch = -2

// fieldIndex returns the field a key names, -1 for an unknown key.
func fieldIndex(key []byte) int {
	for f, name := range fieldNames {
		if string(key) == name {
			return f
		}
	}
	for _, name := range fieldNames {
		if len(key) == len(name) && bytes.EqualFold(key, []byte(name)) {
			return foldMatch
		}
	}
	return -1
}

// str decodes the JSON string at b[i] (a quote) and returns it and the
// index after it; keep false only checks it. ok is false for a malformed
// string.
func (d *decoder) str(b []byte, i int, keep bool) (s string, end int, ok bool) {
	i++
	start := i
	i = plainRun(b, i)
	if i >= len(b) {
		return "", 0, false
	}
	if b[i] == '"' {
		if keep {
			s = string(b[start:i])
		}
		return s, i + 1, true
	}
	if b[i] != '\\' {
		return "", 0, false // a control character
	}
	// A kept string is decoded into memory of its own, sized by its
	// escaped length, which it never exceeds, and becomes the string
	// without a copy; a string only checked uses the scratch space.
	buf := d.scratch[:0]
	own := false
	if keep {
		if e := closingQuote(b, i); e > 0 {
			buf, own = make([]byte, 0, e-start), true
		}
	}
	out := append(buf, b[start:i]...)
	for {
		if i >= len(b) {
			return "", 0, false
		}
		switch c := b[i]; {
		case c == '"':
			switch {
			case own:
				s = unsafe.String(unsafe.SliceData(out), len(out))
			case keep:
				s = string(out)
				d.scratch = out
			default:
				d.scratch = out
			}
			return s, i + 1, true
		case c == '\\':
			if i+1 >= len(b) {
				return "", 0, false
			}
			switch b[i+1] {
			case '"', '\\', '/':
				out = append(out, b[i+1])
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := hex4(b, i+2)
				if r < 0 {
					return "", 0, false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// As encoding/json: a valid pair is one rune; a lone
					// surrogate is U+FFFD, and what follows it is read on
					// its own.
					if i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
						if r2 := hex4(b, i+2); r2 >= 0 {
							if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
								out = utf8.AppendRune(out, dec)
								i += 6
								continue
							}
						}
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
				continue
			default:
				return "", 0, false
			}
			i += 2
		case c < 0x20:
			return "", 0, false
		default:
			j := plainRun(b, i)
			out = append(out, b[i:j]...)
			i = j
		}
	}
}

// closingQuote returns the index of the quote that ends the string whose
// contents continue at b[i], or -1 if the string does not end well.
func closingQuote(b []byte, i int) int {
	for {
		i = plainRun(b, i)
		switch {
		case i >= len(b):
			return -1
		case b[i] == '"':
			return i
		case b[i] == '\\':
			i += 2
		default:
			return -1
		}
	}
}

// plainRun returns the index of the first byte at or after i that is a
// quote, a backslash or a control character, or len(b). It looks at eight
// bytes at a time.
func plainRun(b []byte, i int) int {
	const (
		lo   = 0x0101010101010101
		hi   = 0x8080808080808080
		quot = lo * '"'
		bsl  = lo * '\\'
		ctl  = lo * 0x20
	)
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		// A byte of x is zero where w has a quote or a backslash: the
		// classic "has zero byte" test, plus "has byte below 0x20".
		q := w ^ quot
		s := w ^ bsl
		m := ((q - lo) &^ q) | ((s - lo) &^ s) | ((w - ctl) &^ w)
		if m &= hi; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return i
}

// hex4 returns the value of the four hex digits at b[i:], or -1.
func hex4(b []byte, i int) rune {
	if i+4 > len(b) {
		return -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// scanNumber returns the index after the JSON number at b[i], or -1.
func scanNumber(b []byte, i int) int {
	digits := func(i int) int {
		j := i
		for j < len(b) && '0' <= b[j] && b[j] <= '9' {
			j++
		}
		if j == i {
			return -1
		}
		return j
	}
	if b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return -1
	}
	if b[i] == '0' {
		i++
	} else if i = digits(i); i < 0 {
		return -1
	}
	if i < len(b) && b[i] == '.' {
		if i = digits(i + 1); i < 0 {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i = digits(i); i < 0 {
			return -1
		}
	}
	return i
}

// elementError words an error of decodeStd for an element of a JSON
// array: two values where one element should be are most often a comma
// left out between them, which loses both.
func elementError(err error) error {
	msg := strings.Replace(err.Error(), "malformed JSON line", "malformed JSON array element", 1)
	if strings.Contains(msg, "after top-level value") {
		msg += " (two elements without a comma between them? both are skipped)"
	}
	return errors.New(msg)
}
