package htmltext

import "errors"

// Page is what a web page yields: its main text and metadata. Fields the
// page does not give are "".
type Page struct {
	Text      string // the article's main text, paragraphs separated by blank lines
	Title     string
	URL       string // canonical URL
	Published string // RFC 3339 or YYYY-MM-DD
	Source    string // site name
	// Warnings are problems that did not stop extraction (invalid bytes
	// replaced, an unknown charset), each a short sentence.
	Warnings []string
}

// Extract reads one page. It returns an error only when the page yields
// no usable text (binary data, no article text); it never panics.
func Extract(raw []byte) (Page, error) {
	return Page{}, errors.New("htmltext: not implemented")
}
