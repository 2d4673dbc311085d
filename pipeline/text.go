package pipeline

import (
	"fmt"

	"github.com/wiretrace/wiretrace/corpus"
)

// Text returns a function that reads the text of a document with passages
// again, for the text of its passages and for report.html.
func (r *Result) Text(c *corpus.Corpus) func(doc string) (string, error) {
	return func(doc string) (string, error) { return r.text(c, doc) }
}

func (r *Result) text(c *corpus.Corpus, doc string) (string, error) {
	loc, ok := r.locs[doc]
	if !ok {
		return "", fmt.Errorf("no passages for document %q", doc)
	}
	d, err := c.Reread(loc)
	if err != nil {
		return "", fmt.Errorf("reading %q again: %w", doc, err)
	}
	return d.Text, nil
}

// URL returns the URL of a document, "" if unknown.
func (r *Result) URL(doc string) string { return r.urls[doc] }
