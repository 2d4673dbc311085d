package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wiretrace/wiretrace/htmltext"
)

// The fields of a record, in the order of fieldNames.
const (
	fID = iota
	fText
	fHTML
	fTitle
	fURL
	fSource
	fPublished
	nField
)

// fieldNames are the JSON keys and CSV columns of a record.
var fieldNames = [nField]string{"id", "text", "html", "title", "url", "source", "published"}

// vtype is the type of a field's value.
type vtype uint8

const (
	vAbsent vtype = iota // missing or null
	vString
	vNumber // the value is the number's literal text
	vOther  // true, false, an object or an array
)

// fields are the values of a record's fields, as decoded from a JSON line
// or a CSV row.
type fields struct {
	v [nField]string
	t [nField]vtype
}

var (
	errBinary      = errors.New("binary data, not text: a NUL byte")
	errInvalidUTF8 = errors.New("invalid UTF-8 replaced with U+FFFD")
)

// decoder decodes records; it holds scratch space and is not safe for
// concurrent use.
type decoder struct {
	repeat  bool          // the web archive record's URI came before: its id is its record id
	line    bytes.Buffer  // a document's line in the spill
	enc     *json.Encoder // writes to line
	scratch []byte
	ends    []int
	cells   []string
	warns   []error
}

// decode decodes one record of file f read at loc: rec is the whole file
// after a byte order mark, a JSON line or a CSV row (with its line end).
// The warnings are in d.warns until the next call. A non-nil error means
// the record is skipped.
func (d *decoder) decode(f *file, hdr *csvHeader, rec []byte, loc Loc) (Doc, error) {
	d.warns = d.warns[:0]
	switch f.kind {
	case kindHTML:
		if len(bytes.TrimSpace(rec)) == 0 {
			return Doc{ID: f.id, Loc: loc}, nil
		}
		p, err := htmltext.Extract(rec)
		var fl fields
		return d.fromPage(&fl, f.id, p, err, loc)
	case kindJSONL, kindJSON:
		if bytes.IndexByte(rec, 0) >= 0 {
			return Doc{}, errBinary
		}
		if f.kind == kindJSON {
			rec = element(rec)
		}
		rec = d.repair(rec)
		var fl fields
		if !d.decodeFast(rec, &fl) {
			fl = fields{}
			if err := decodeStd(rec, &fl); err != nil {
				if f.kind == kindJSON {
					return Doc{}, elementError(err)
				}
				return Doc{}, err
			}
		}
		return d.fromFields(&fl, loc)
	case kindWARC:
		return d.fromWARC(rec, loc)
	case kindCSV, kindTSV:
		if bytes.IndexByte(rec, 0) >= 0 {
			return Doc{}, errBinary
		}
		rec = d.repair(rec)
		var fl fields
		if err := hdr.row(d, rec, &fl); err != nil {
			return Doc{}, err
		}
		return d.fromFields(&fl, loc)
	default:
		rec = d.repair(rec)
		return Doc{ID: f.id, Text: string(rec), Loc: loc}, nil
	}
}

// repair replaces invalid UTF-8 with U+FFFD, with a warning.
func (d *decoder) repair(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	d.warns = append(d.warns, errInvalidUTF8)
	return []byte(strings.ToValidUTF8(string(b), "\uFFFD"))
}

// fromFields makes the document of a record.
func (d *decoder) fromFields(fl *fields, loc Loc) (Doc, error) {
	var id string
	switch fl.t[fID] {
	case vString, vNumber:
		id = fl.v[fID]
	case vOther:
		return Doc{}, errors.New("id is not a string or a number")
	}
	if id == "" {
		return Doc{}, errors.New("record has no id")
	}
	for _, f := range []int{fText, fHTML} {
		if fl.t[f] == vNumber || fl.t[f] == vOther {
			return Doc{}, fmt.Errorf("%s of record %q is not a string", fieldNames[f], id)
		}
	}
	for _, f := range []int{fTitle, fURL, fSource, fPublished} {
		if fl.t[f] == vNumber || fl.t[f] == vOther {
			d.warns = append(d.warns, fmt.Errorf("%s of record %q is not a string; ignored", fieldNames[f], id))
			fl.v[f], fl.t[f] = "", vAbsent
		}
	}
	if fl.t[fPublished] == vString {
		fl.v[fPublished] = d.date(fl.v[fPublished], id)
	}
	switch {
	case fl.t[fText] == vString && (fl.v[fText] != "" || fl.t[fHTML] != vString):
		return Doc{
			ID: id, Text: fl.v[fText], Title: fl.v[fTitle], URL: fl.v[fURL],
			Source: fl.v[fSource], Published: fl.v[fPublished], Loc: loc,
		}, nil
	case fl.t[fHTML] == vString:
		// The page is a string already decoded from the record: its
		// <meta charset> says nothing of it any more.
		p, err := htmltext.ExtractString(fl.v[fHTML])
		return d.fromPage(fl, id, p, err, loc)
	}
	return Doc{}, fmt.Errorf("record %q has neither text nor html", id)
}

// date returns a published date as given, or "" with a warning when it is
// neither RFC 3339 nor YYYY-MM-DD.
func (d *decoder) date(s, id string) string {
	s = strings.TrimSpace(s)
	if s == "" || validDate(s) {
		return s
	}
	d.warns = append(d.warns, fmt.Errorf("published date %q of record %q is neither RFC 3339 nor YYYY-MM-DD; ignored", s, id))
	return ""
}

func validDate(s string) bool {
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return true
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// fromPage makes the document of an HTML page extracted (with err): the
// fields a record gives win over the page's metadata.
func (d *decoder) fromPage(fl *fields, id string, p htmltext.Page, err error, loc Loc) (Doc, error) {
	switch {
	case errors.Is(err, htmltext.ErrNoText):
		// A page of navigation, scripts or a line or two: no words after
		// extraction, an empty article (role empty), with its metadata.
		d.warns = append(d.warns, errors.New("no article text in the page; an empty article"))
		p.Text = ""
	case err != nil:
		return Doc{}, err
	}
	for _, w := range p.Warnings {
		d.warns = append(d.warns, errors.New(w))
	}
	pick := func(f int, page string) string {
		if fl.v[f] != "" {
			return fl.v[f]
		}
		return strings.ToValidUTF8(page, "\uFFFD")
	}
	doc := Doc{
		ID: id, Text: pick(fText, p.Text), Title: pick(fTitle, p.Title), URL: pick(fURL, p.URL),
		Source: pick(fSource, p.Source), Published: fl.v[fPublished], Loc: loc,
	}
	if doc.Published == "" {
		if s := strings.TrimSpace(p.Published); validDate(s) {
			doc.Published = s
		}
	}
	return doc, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, bom) }

// fromWARC makes the document of a web archive record, an HTML response.
func (d *decoder) fromWARC(rec []byte, loc Loc) (Doc, error) {
	end := bytes.Index(rec, []byte("\n\r\n"))
	skip := 3
	if e := bytes.Index(rec, []byte("\n\n")); e >= 0 && (end < 0 || e < end) {
		end, skip = e, 2
	}
	if end < 0 {
		return Doc{}, errors.New("WARC record has no end of header")
	}
	h, err := parseWARCHeader(rec[:end+skip])
	if err != nil {
		return Doc{}, err
	}
	block := rec[end+skip:]
	block = block[:min(int64(len(block)), h.length)]
	body, charset, err := httpBody(block, int64(len(block)))
	if err != nil {
		return Doc{}, err
	}
	id := h.uri
	if id == "" || d.repeat {
		id = h.id
	}
	if id == "" {
		return Doc{}, errors.New("WARC record has neither WARC-Target-URI nor WARC-Record-ID")
	}
	id = strings.ToValidUTF8(id, "\uFFFD")
	p, err := htmltext.ExtractCharset(body, charset)
	var fl fields
	fl.v[fURL] = strings.ToValidUTF8(h.uri, "\uFFFD")
	doc, err := d.fromPage(&fl, id, p, err, loc)
	if err == nil && doc.Published == "" {
		doc.Published = d.date(h.date, id)
	}
	return doc, err
}
