package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// Document is an archived article as `wiretrace show` prints it: its
// metadata and its text as compared (for HTML, the extracted text).
type Document struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Text      string `json:"text"`
}

// WriteDocuments writes documents for `wiretrace show`. Table (text)
// writes each as a header of "field: value" lines (id, title, source,
// published, url; empty fields left out), a blank line and its text,
// documents separated by a line "---"; control characters other than
// newlines and tabs are replaced, so untrusted text cannot drive the
// terminal. JSON writes an array of objects with the fields id, title,
// source, published, url and text, one per line. CSV has no form here.
func WriteDocuments(w io.Writer, f Format, docs []Document) error {
	switch f {
	case JSON:
		return writeJSON(w, "documents", docs, spec[Document]{
			json: func(d Document) (any, error) { return d, nil },
			name: func(d Document) string { return fmt.Sprintf("%q", d.ID) },
		})
	case Table:
	default:
		return fmt.Errorf("report: documents: no %v format (want text or json)", f)
	}
	bw := bufio.NewWriter(w)
	for i, d := range docs {
		if i > 0 {
			bw.WriteString("---\n")
		}
		for _, fv := range [][2]string{{"id", d.ID}, {"title", d.Title}, {"source", d.Source}, {"published", d.Published}, {"url", d.URL}} {
			if fv[1] != "" || fv[0] == "id" {
				fmt.Fprintf(bw, "%s: %s\n", fv[0], cell(fv[1], 0))
			}
		}
		bw.WriteByte('\n')
		bw.WriteString(printable(d.Text))
		if !strings.HasSuffix(d.Text, "\n") {
			bw.WriteByte('\n')
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: documents: %w", err)
	}
	return nil
}

// printable replaces control and format characters of untrusted text,
// except newlines and tabs, with U+FFFD; a CR LF becomes LF.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r) && r != '\u200d':
			return '\uFFFD'
		}
		return r
	}, s)
}
