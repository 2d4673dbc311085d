package pipeline

import (
	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/report"
	"github.com/wiretrace/wiretrace/verify"
)

// Comparison is two articles compared passage by passage.
type Comparison struct {
	Pair report.Pair // Relation is "" when they are not related
	// A and B are the passages of each article in text order, covering
	// all its words, with Text filled, and each side's Edits against the
	// other.
	A, B []report.Passage
}

// Compare verifies and aligns two documents, whatever their similarity.
func Compare(a, b corpus.Doc, opt Options) Comparison {
	sk := NewSketcher(opt.Params)
	fds := []verify.Doc{
		sk.Doc(a.ID, a.Published, a.Text, nil),
		sk.Doc(b.ID, b.Published, b.Text, nil),
	}
	fds[0].Site, fds[1].Site = verify.Site(a.Source, a.URL), verify.Site(b.Source, b.URL)
	var pairs []verify.Pair
	p, ok := verify.Verify(&fds[0], &fds[1], opt.Verify)
	if ok {
		p.A, p.B = 0, 1
		pairs = append(pairs, p)
	}
	rows := Rows([]family.Info{info(&fds[0]), info(&fds[1])}, pairs, opt.Family)
	var c Comparison
	if ok {
		c.Pair = rows.Pairs[0]
		if c.Pair.A != a.ID {
			c.Pair.A, c.Pair.B = c.Pair.B, c.Pair.A
			c.Pair.ContainmentA, c.Pair.ContainmentB = c.Pair.ContainmentB, c.Pair.ContainmentA
		}
	} else {
		c.Pair = report.Pair{A: a.ID, B: b.ID, Jaccard: p.Jaccard,
			ContainmentA: p.ContainmentA, ContainmentB: p.ContainmentB}
	}
	texts := map[string]string{a.ID: a.Text, b.ID: b.Text}
	for i, d := range []corpus.Doc{a, b} {
		var ps []report.Passage
		for _, r := range rows.Passages {
			if r.Doc == d.ID {
				ps = append(ps, r)
			}
		}
		if len(ps) == 0 && fds[i].Words() > 0 {
			sp := fds[i].Tokens.Spans
			ps = append(ps, report.Passage{Doc: d.ID, Start: sp[0].Start, End: sp[len(sp)-1].End,
				Words: len(sp), Kind: align.Unique.String(), With: []report.With{}})
		}
		for j := range ps {
			ps[j].Text = texts[d.ID][ps[j].Start:ps[j].End]
		}
		// Each side's edits are against the other.
		other := b.ID
		if i == 1 {
			other = a.ID
		}
		report.AddEdits(ps, func(doc string) (string, error) { return texts[doc], nil }, func(string) string { return other })
		if i == 0 {
			c.A = ps
		} else {
			c.B = ps
		}
	}
	return c
}
