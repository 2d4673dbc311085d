package pipeline

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/report"
)

// groupOut is what the analysis of one group yields, as report rows.
type groupOut struct {
	arts     map[int32]report.Article // by scan document index
	pairs    []report.Pair
	fams     []report.Family
	passages []report.Passage
	warnings []string
	problems []corpus.Problem
}

// analyse re-reads the documents of one group, verifies its candidate
// pairs and groups the related ones into families.
func analyse(c *corpus.Corpus, sk *Sketcher, docs []meta, g group, recurs func(uint64) bool, opt family.Options) (groupOut, error) {
	var out groupOut
	local := make(map[int32]int, len(g.docs))
	fds := make([]family.Doc, 0, len(g.docs))
	idx := make([]int32, 0, len(g.docs))
	files := c.Files()
	for _, di := range g.docs {
		m := &docs[di]
		d, err := c.Reread(m.doc.Loc)
		if err != nil {
			out.problems = append(out.problems, corpus.Problem{
				Path: files[m.doc.Loc.File], Line: m.doc.Loc.Line, Skipped: true,
				Err: fmt.Errorf("reading again: %w", err),
			})
			continue
		}
		local[di] = len(fds)
		fds = append(fds, sk.Doc(m.doc.ID, m.doc.Published, d.Text, recurs))
		idx = append(idx, di)
	}
	var pairs []family.Pair
	for _, p := range g.pairs {
		la, oka := local[int32(p[0])]
		lb, okb := local[int32(p[1])]
		if !oka || !okb {
			continue
		}
		fp, ok := family.Verify(&fds[la], &fds[lb], opt)
		if !ok {
			continue
		}
		fp.A, fp.B = la, lb
		pairs = append(pairs, fp)
	}
	rows := Rows(fds, pairs, opt)
	out.arts = make(map[int32]report.Article, len(rows.Articles))
	for i, a := range rows.Articles {
		out.arts[idx[i]] = a
	}
	out.pairs, out.fams, out.passages, out.warnings = rows.Pairs, rows.Families, rows.Passages, rows.Warnings
	return out, nil
}

// GroupRows are the report rows of one analysed group; Articles are in
// the order of the group's documents, metadata columns left empty.
type GroupRows struct {
	Articles []report.Article
	Pairs    []report.Pair
	Families []report.Family
	Passages []report.Passage
	Warnings []string
}

// Rows groups verified pairs of fds into families and turns the result
// into report rows, with byte offsets into each document's text.
func Rows(fds []family.Doc, pairs []family.Pair, opt family.Options) GroupRows {
	var out GroupRows
	arts, fams := family.Group(fds, pairs, opt)
	for i := range fds {
		d := &fds[i]
		a := arts[i]
		row := report.Article{Doc: d.ID, Role: a.Role, Words: d.Words()}
		if a.Family >= 0 {
			row.Family = fds[a.Family].ID
		}
		if a.Source >= 0 {
			row.SourceDoc = fds[a.Source].ID
		}
		row.Copied, row.Quoted, row.Independent = shares(d.Words(), a.Copied, a.Quoted)
		out.Articles = append(out.Articles, row)
		for _, s := range a.Segments {
			p := report.Passage{Doc: d.ID, Words: s.Words.End - s.Words.Start, Kind: s.Kind, With: []report.With{}}
			p.Start, p.End = bytes(d, s.Words.Start, s.Words.End)
			for _, l := range s.With {
				o := &fds[l.Doc]
				w := report.With{Doc: o.ID}
				w.Start, w.End = bytes(o, l.Words.Start, l.Words.End)
				p.With = append(p.With, w)
			}
			slices.SortFunc(p.With, func(x, y report.With) int {
				return cmp.Or(cmp.Compare(x.Doc, y.Doc), cmp.Compare(x.Start, y.Start))
			})
			out.Passages = append(out.Passages, p)
		}
	}
	for _, p := range pairs {
		a, b := &fds[p.A], &fds[p.B]
		row := report.Pair{
			A: a.ID, B: b.ID, Relation: string(p.Relation), Jaccard: p.Jaccard,
			ContainmentA: p.ContainmentA, ContainmentB: p.ContainmentB,
			SharedWords: p.SharedWords, QuotedWords: p.QuotedWords,
		}
		if row.A > row.B {
			row.A, row.B = row.B, row.A
			row.ContainmentA, row.ContainmentB = row.ContainmentB, row.ContainmentA
		}
		out.Pairs = append(out.Pairs, row)
	}
	for _, f := range fams {
		orig := fds[f.Original].ID
		row := report.Family{Family: orig, Size: len(f.Members), Original: orig}
		var first, last string
		for _, m := range f.Members {
			row.Members = append(row.Members, fds[m].ID)
			pub := fds[m].Published
			if _, ok := family.ParseDate(pub); !ok {
				continue
			}
			if first == "" || earlier(pub, first) {
				first = pub
			}
			if last == "" || earlier(last, pub) {
				last = pub
			}
		}
		slices.Sort(row.Members)
		row.FirstPublished, row.LastPublished = first, last
		out.Families = append(out.Families, row)
		if f.Chained {
			out.Warnings = append(out.Warnings, fmt.Sprintf(
				"family %s chains: its members do not all derive from one text: %s",
				orig, strings.Join(row.Members, ", ")))
		}
	}
	return out
}

func earlier(a, b string) bool {
	ta, _ := family.ParseDate(a)
	tb, _ := family.ParseDate(b)
	return ta.Before(tb)
}

// shares turns word counts into the three fractions, which add up to one
// (all zero for an article without words).
func shares(words, copied, quoted int) (c, q, i float64) {
	if words == 0 {
		return 0, 0, 0
	}
	c = float64(copied) / float64(words)
	q = float64(quoted) / float64(words)
	return c, q, 1 - c - q
}

// bytes maps words [start, end) of d to byte offsets into its text.
func bytes(d *family.Doc, start, end int) (int, int) {
	if start >= end || end > d.Tokens.Len() {
		return 0, 0
	}
	return d.Tokens.Spans[start].Start, d.Tokens.Spans[end-1].End
}

// collect merges the groups' rows with the rows of documents in no group
// and sorts everything by stable keys.
func (r *Result) collect(docs []meta, outs []groupOut) {
	for _, o := range outs {
		r.Pairs = append(r.Pairs, o.pairs...)
		r.Families = append(r.Families, o.fams...)
		r.Passages = append(r.Passages, o.passages...)
		r.Warnings = append(r.Warnings, o.warnings...)
		r.Problems = append(r.Problems, o.problems...)
	}
	got := make([]*report.Article, len(docs))
	for _, o := range outs {
		for di, a := range o.arts {
			got[di] = &a
		}
	}
	for i, m := range docs {
		var a report.Article
		if got[i] != nil {
			a = *got[i]
		} else {
			a = report.Article{Doc: m.doc.ID, Role: family.RoleIndependent, Words: m.words}
			a.Copied, a.Quoted, a.Independent = shares(m.words, 0, 0)
			if m.words == 0 {
				a.Role = family.RoleEmpty
			}
		}
		a.Title, a.Source, a.Published = m.doc.Title, m.doc.Source, m.doc.Published
		if m.doc.URL != "" {
			r.urls[m.doc.ID] = m.doc.URL
		}
		r.Articles = append(r.Articles, a)
	}
	for _, p := range r.Passages {
		if _, ok := r.locs[p.Doc]; !ok {
			r.locs[p.Doc] = corpus.Loc{}
		}
	}
	for _, m := range docs {
		if _, ok := r.locs[m.doc.ID]; ok {
			r.locs[m.doc.ID] = m.doc.Loc
		}
	}
	for _, p := range r.Pairs {
		if p.Relation != "" {
			r.Stats.Related++
		}
	}
	slices.SortFunc(r.Articles, func(a, b report.Article) int { return cmp.Compare(a.Doc, b.Doc) })
	slices.SortFunc(r.Pairs, func(a, b report.Pair) int { return cmp.Or(cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B)) })
	slices.SortFunc(r.Families, func(a, b report.Family) int { return cmp.Compare(a.Family, b.Family) })
	slices.SortFunc(r.Passages, func(a, b report.Passage) int {
		return cmp.Or(cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	slices.Sort(r.Warnings)
}
