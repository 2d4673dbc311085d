package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"
)

// Column headers of the CSV reports, as the contract names them, in its
// order. They are also the JSON field names.
var (
	articleColumns = []string{"doc", "family", "role", "source_doc", "words", "copied", "rewritten", "quoted", "independent", "title", "source", "published", "url"}
	pairColumns    = []string{"a", "b", "relation", "jaccard", "containment_a", "containment_b", "shared_words", "quoted_words"}
	familyColumns  = []string{"family", "size", "original", "members", "first_published", "last_published"}
)

// WriteArticles writes the articles report (articles.csv) in format f,
// rows in the order given.
func WriteArticles(w io.Writer, f Format, rows []Article) error {
	return write(w, f, "articles", rows, articleSpec)
}

// WritePairs writes the pairs report (pairs.csv) in format f, rows in the
// order given.
func WritePairs(w io.Writer, f Format, rows []Pair) error {
	return write(w, f, "pairs", rows, pairSpec)
}

// WriteFamilies writes the families report (families.csv) in format f,
// rows in the order given. In CSV, members are joined by ";".
func WriteFamilies(w io.Writer, f Format, rows []Family) error {
	return write(w, f, "families", rows, familySpec)
}

// WritePassages writes the passages report in format f, rows in the order
// given. Passages have no CSV form: CSV means JSON Lines, one object per
// line with the fields doc, start, end, words, kind, with, text (the
// format of passages.jsonl). JSON is the same objects in an array; Table
// shows the kind, offsets and a shortened text.
func WritePassages(w io.Writer, f Format, rows []Passage) error {
	return writePassages(w, f, rows, passageSpec)
}

func writePassages(w io.Writer, f Format, rows []Passage, s spec[Passage]) error {
	if f == CSV {
		return writeJSONLines(w, "passages", rows, s)
	}
	return write(w, f, "passages", rows, s)
}

// WritePassagesText is WritePassages for passages whose Text is empty:
// each passage's text is cut from its document's text, which text returns
// (for a scan, by reading the document again). A document's passages must
// be next to each other, as in a report sorted by doc: each text is asked
// for once, at its first passage, so memory holds the texts of a few
// documents at a time, not those of every article with passages. A nil
// text writes the rows as they are.
//
// Each shared or rewritten passage without Edits also gets its edits
// against its counterpart: its longest With in the document prefer(doc)
// names (the one the article derives from), else its longest With (see
// AddEdits). The counterparts' texts come from text too; the last few
// texts are kept, since a family's members mostly derive from one
// article. A nil prefer takes the longest With.
func WritePassagesText(w io.Writer, f Format, rows []Passage, text func(doc string) (string, error), prefer func(doc string) string) error {
	if text == nil {
		return WritePassages(w, f, rows)
	}
	texts := textCache{text: text}
	var ed editor
	fill := func(p Passage) (Passage, error) {
		if p.Text != "" && (p.Edits != nil || !hasEdits(p.Kind)) {
			return p, nil
		}
		t, err := texts.get(p.Doc)
		if err != nil {
			return p, err
		}
		if p.Text == "" && 0 <= p.Start && p.Start <= p.End && p.End <= len(t) {
			p.Text = t[p.Start:p.End]
		}
		if p.Edits == nil && hasEdits(p.Kind) {
			pref := ""
			if prefer != nil {
				pref = prefer(p.Doc)
			}
			if cw, ok := counterpart(&p, pref); ok {
				wt, err := texts.get(cw.Doc)
				if err != nil {
					return p, fmt.Errorf("%s: %w", cw.Doc, err)
				}
				p.Edits = ed.edits(&p, t, cw, wt)
			}
		}
		return p, nil
	}
	var failed error
	s := passageSpec
	s.json = func(p Passage) (any, error) {
		p, err := fill(p)
		if err != nil {
			return nil, err
		}
		return passageSpec.json(p)
	}
	s.tableRow = func(p Passage) []string {
		p, err := fill(p)
		if err != nil && failed == nil {
			failed = fmt.Errorf("report: passages: %s: %w", passageSpec.name(p), err)
		}
		return passageSpec.tableRow(p)
	}
	if err := writePassages(w, f, rows, s); err != nil {
		return err
	}
	return failed
}

// Prefer returns, for each article of rows, the document its passages'
// edits are against (for WritePassagesText and AddEdits): its source_doc.
// Originals, independents and documents not in rows name none, and their
// passages' edits are against their longest With.
func Prefer(rows []Article) func(doc string) string {
	m := make(map[string]string, len(rows))
	for _, a := range rows {
		if a.SourceDoc != "" {
			m[a.Doc] = a.SourceDoc
		}
	}
	return func(doc string) string { return m[doc] }
}

// lastText gives the texts of documents whose rows come grouped by
// document: it asks text for a document's text once, at its first row,
// and keeps only the latest one.
type lastText struct {
	text     func(doc string) (string, error)
	doc, cur string
	err      error
	have     bool
}

func (l *lastText) get(doc string) (string, error) {
	if !l.have || doc != l.doc {
		l.doc, l.have = doc, true
		l.cur, l.err = l.text(doc)
	}
	return l.cur, l.err
}

// spec says how one kind of record is written in each format.
type spec[T any] struct {
	columns  []string // CSV header
	csv      func(T) ([]string, error)
	json     func(T) (any, error) // a value whose JSON encoding is the record
	name     func(T) string       // names the record in errors
	table    []string             // table header
	align    []tw.Align           // table column alignment
	tableRow func(T) []string
}

func write[T any](w io.Writer, f Format, what string, rows []T, s spec[T]) error {
	switch f {
	case Table:
		return writeTable(w, what, s.table, s.align, rows, s.tableRow)
	case CSV:
		return writeCSV(w, what, rows, s)
	case JSON:
		return writeJSON(w, what, rows, s)
	}
	return fmt.Errorf("report: %s: unknown format %v", what, f)
}

func writeCSV[T any](w io.Writer, what string, rows []T, s spec[T]) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(s.columns); err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	for i, r := range rows {
		rec, err := s.csv(r)
		if err != nil {
			return fmt.Errorf("report: %s: row %d (%s): %w", what, i+1, s.name(r), err)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("report: %s: %w", what, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	return nil
}

// writeJSON writes rows as a JSON array, one record per line:
//
//	[
//	{"doc":"a.txt",...},
//	{"doc":"b.txt",...}
//	]
//
// and an empty array as "[]".
func writeJSON[T any](w io.Writer, what string, rows []T, s spec[T]) error {
	bw := bufio.NewWriter(w)
	if len(rows) == 0 {
		bw.WriteString("[]\n")
	} else {
		bw.WriteString("[\n")
		var enc encoder
		for i, r := range rows {
			b, err := encodeRecord(&enc, r, s)
			if err != nil {
				return fmt.Errorf("report: %s: row %d (%s): %w", what, i+1, s.name(r), err)
			}
			bw.Write(b)
			if i < len(rows)-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
		bw.WriteString("]\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	return nil
}

// writeJSONLines writes one JSON object per line.
func writeJSONLines[T any](w io.Writer, what string, rows []T, s spec[T]) error {
	bw := bufio.NewWriter(w)
	var enc encoder
	for i, r := range rows {
		b, err := encodeRecord(&enc, r, s)
		if err != nil {
			return fmt.Errorf("report: %s: row %d (%s): %w", what, i+1, s.name(r), err)
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	return nil
}

// encodeRecord encodes one record on one line, without a newline and
// without escaping <, > and & (the output is not embedded in HTML). The
// result is valid until the next call with the same encoder.
func encodeRecord[T any](enc *encoder, r T, s spec[T]) ([]byte, error) {
	v, err := s.json(r)
	if err != nil {
		return nil, err
	}
	return enc.marshal(v)
}

func marshal(v any) ([]byte, error) {
	var enc encoder
	return enc.marshal(v)
}

// encoder marshals values one after another into a reused buffer.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func (e *encoder) marshal(v any) ([]byte, error) {
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.buf)
		e.enc.SetEscapeHTML(false)
	}
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}

var articleSpec = spec[Article]{
	columns: articleColumns,
	csv: func(a Article) ([]string, error) {
		c, q, i, err := fractions3(a.Copied, a.Quoted, a.Independent)
		if err != nil {
			return nil, err
		}
		r, err := fraction(a.Rewritten)
		if err != nil {
			return nil, err
		}
		return []string{a.Doc, a.Family, a.Role, a.SourceDoc, strconv.Itoa(a.Words), c, r, q, i, a.Title, a.Source, a.Published, a.URL}, nil
	},
	json: func(a Article) (any, error) {
		c, q, i, err := fractions3(a.Copied, a.Quoted, a.Independent)
		if err != nil {
			return nil, err
		}
		r, err := fraction(a.Rewritten)
		if err != nil {
			return nil, err
		}
		return struct {
			Doc         string      `json:"doc"`
			Family      string      `json:"family"`
			Role        string      `json:"role"`
			SourceDoc   string      `json:"source_doc"`
			Words       int         `json:"words"`
			Copied      json.Number `json:"copied"`
			Rewritten   json.Number `json:"rewritten"`
			Quoted      json.Number `json:"quoted"`
			Independent json.Number `json:"independent"`
			Title       string      `json:"title"`
			Source      string      `json:"source"`
			Published   string      `json:"published"`
			URL         string      `json:"url"`
		}{a.Doc, a.Family, a.Role, a.SourceDoc, a.Words, json.Number(c), json.Number(r), json.Number(q), json.Number(i), a.Title, a.Source, a.Published, a.URL}, nil
	},
	name:  func(a Article) string { return strconv.Quote(a.Doc) },
	table: []string{"doc", "role", "family", "source doc", "words", "copied", "rewritten", "quoted", "independent", "published", "title"},
	align: []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft, tw.AlignLeft},
	tableRow: func(a Article) []string {
		return []string{cell(a.Doc, idWidth), cell(a.Role, 0), cell(a.Family, idWidth), cell(a.SourceDoc, idWidth), strconv.Itoa(a.Words),
			percent(a.Copied), percent(a.Rewritten), percent(a.Quoted), percent(a.Independent), cell(a.Published, 0), cell(a.Title, titleWidth)}
	},
}

func fractions3(a, b, c float64) (string, string, string, error) {
	x, err := fraction(a)
	if err != nil {
		return "", "", "", err
	}
	y, err := fraction(b)
	if err != nil {
		return "", "", "", err
	}
	z, err := fraction(c)
	if err != nil {
		return "", "", "", err
	}
	return x, y, z, nil
}

var pairSpec = spec[Pair]{
	columns: pairColumns,
	csv: func(p Pair) ([]string, error) {
		j, ca, cb, err := fractions3(p.Jaccard, p.ContainmentA, p.ContainmentB)
		if err != nil {
			return nil, err
		}
		return []string{p.A, p.B, p.Relation, j, ca, cb, strconv.Itoa(p.SharedWords), strconv.Itoa(p.QuotedWords)}, nil
	},
	json: func(p Pair) (any, error) {
		j, ca, cb, err := fractions3(p.Jaccard, p.ContainmentA, p.ContainmentB)
		if err != nil {
			return nil, err
		}
		return struct {
			A            string      `json:"a"`
			B            string      `json:"b"`
			Relation     string      `json:"relation"`
			Jaccard      json.Number `json:"jaccard"`
			ContainmentA json.Number `json:"containment_a"`
			ContainmentB json.Number `json:"containment_b"`
			SharedWords  int         `json:"shared_words"`
			QuotedWords  int         `json:"quoted_words"`
		}{p.A, p.B, p.Relation, json.Number(j), json.Number(ca), json.Number(cb), p.SharedWords, p.QuotedWords}, nil
	},
	name:  func(p Pair) string { return strconv.Quote(p.A) + " " + strconv.Quote(p.B) },
	table: []string{"a", "b", "relation", "jaccard", "containment a", "containment b", "shared words", "quoted words"},
	align: []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight},
	tableRow: func(p Pair) []string {
		return []string{cell(p.A, idWidth), cell(p.B, idWidth), cell(p.Relation, 0), percent(p.Jaccard), percent(p.ContainmentA), percent(p.ContainmentB),
			strconv.Itoa(p.SharedWords), strconv.Itoa(p.QuotedWords)}
	},
}

var familySpec = spec[Family]{
	columns: familyColumns,
	csv: func(f Family) ([]string, error) {
		return []string{f.Original, strconv.Itoa(f.Size), f.Original, strings.Join(f.Members, ";"), f.FirstPublished, f.LastPublished}, nil
	},
	json: func(f Family) (any, error) {
		if f.Members == nil {
			f.Members = []string{}
		}
		return struct {
			Name string `json:"family"`
			Family
		}{f.Original, f}, nil
	},
	name:  func(f Family) string { return strconv.Quote(f.Original) },
	table: []string{"family", "size", "original", "first published", "last published", "members"},
	align: []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft},
	tableRow: func(f Family) []string {
		return []string{cell(f.Original, idWidth), strconv.Itoa(f.Size), cell(f.Original, idWidth), cell(f.FirstPublished, 0), cell(f.LastPublished, 0),
			cell(strings.Join(f.Members, " "), membersWidth)}
	},
}

var passageSpec = spec[Passage]{
	json: func(p Passage) (any, error) {
		if p.With == nil {
			p.With = []With{}
		}
		return p, nil
	},
	name:  func(p Passage) string { return fmt.Sprintf("%q %d-%d", p.Doc, p.Start, p.End) },
	table: []string{"doc", "kind", "start", "end", "words", "with", "text"},
	align: []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft, tw.AlignLeft},
	tableRow: func(p Passage) []string {
		return []string{cell(p.Doc, idWidth), cell(p.Kind, 0), strconv.Itoa(p.Start), strconv.Itoa(p.End), strconv.Itoa(p.Words),
			cell(withList(p.With), idWidth), cell(p.Text, textWidth)}
	},
}

// withList names the other sides of a passage for the table: "b.txt" or
// "b.txt +2".
func withList(ws []With) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0].Doc
	}
	return ws[0].Doc + " +" + strconv.Itoa(len(ws)-1)
}
