package pipeline

import (
	"fmt"

	"github.com/wiretrace/wiretrace/corpus"
)

// FillText sets the Text of every passage, reading each document with
// passages once more.
func (r *Result) FillText(c *corpus.Corpus) error {
	for i := 0; i < len(r.Passages); {
		doc := r.Passages[i].Doc
		j := i
		for j < len(r.Passages) && r.Passages[j].Doc == doc {
			j++
		}
		text, err := r.text(c, doc)
		if err != nil {
			return err
		}
		for k := i; k < j; k++ {
			p := &r.Passages[k]
			if 0 <= p.Start && p.Start <= p.End && p.End <= len(text) {
				p.Text = text[p.Start:p.End]
			}
		}
		i = j
	}
	return nil
}

// Text returns a function that reads the text of a document with passages
// again, for report.html.
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
