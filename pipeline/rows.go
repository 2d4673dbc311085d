package pipeline

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/report"
	"github.com/wiretrace/wiretrace/verify"
)

// Stage 4 of Scan: families and rows; and the rows of Check and Compare.

// rows groups the verified pairs into families and fills in the result's
// rows, sorted, and its problems.
func (s *scan) rows(pairs []verify.Pair) {
	res := s.res
	res.Problems = s.problems
	sortProblems(res.Problems, s.c.Files())
	for _, p := range res.Problems {
		if p.Skipped {
			res.Stats.Skipped++
		}
	}
	infos := make([]family.Info, len(s.docs))
	for i := range s.docs {
		infos[i] = s.docs[i].info
	}
	res.collect(s.docs, rows(infos, pairs, s.opt.Family, s.opt.Workers))
}

// Rows groups verified pairs into families and turns the result into
// report rows: articles in the order of infos, with their metadata columns
// left empty, and pairs, families and passages.
func Rows(infos []family.Info, pairs []verify.Pair, opt family.Options) RowSet {
	return rows(infos, pairs, opt, 1)
}

// rows is Rows with families grouped on workers goroutines.
func rows(infos []family.Info, pairs []verify.Pair, opt family.Options, workers int) RowSet {
	arts, fams := family.GroupWorkers(infos, pairs, opt, workers)
	npass := 0
	for _, a := range arts {
		npass += len(a.Segments)
	}
	out := RowSet{
		Articles: make([]report.Article, 0, len(infos)),
		Pairs:    make([]report.Pair, 0, len(pairs)),
		Families: make([]report.Family, 0, len(fams)),
		Passages: make([]report.Passage, 0, npass),
	}
	for i := range infos {
		d := &infos[i]
		a := arts[i]
		row := report.Article{Doc: d.ID, Role: string(a.Role), Words: d.Words}
		if a.Family >= 0 {
			row.Family = infos[a.Family].ID
		}
		if a.Source >= 0 {
			row.SourceDoc = infos[a.Source].ID
		}
		row.Copied, row.Rewritten, row.Quoted, row.Independent = shares(d.Words, a.Copied, a.Rewritten, a.Quoted)
		out.Articles = append(out.Articles, row)
		for _, s := range a.Segments {
			p := report.Passage{Doc: d.ID, Start: s.Start, End: s.End, Words: s.Words.End - s.Words.Start, Kind: s.Kind.String(), With: make([]report.With, 0, len(s.With))}
			for _, l := range s.With {
				p.With = append(p.With, report.With{Doc: infos[l.Doc].ID, Start: l.Start, End: l.End})
			}
			slices.SortFunc(p.With, func(x, y report.With) int {
				return cmp.Or(cmp.Compare(x.Doc, y.Doc), cmp.Compare(x.Start, y.Start))
			})
			out.Passages = append(out.Passages, p)
		}
	}
	for i := range pairs {
		p := &pairs[i]
		out.Pairs = append(out.Pairs, PairRow(&infos[p.A], &infos[p.B], p))
	}
	for _, f := range fams {
		orig := infos[f.Original].ID
		row := report.Family{Size: len(f.Members), Original: orig}
		var first, last string
		for _, m := range f.Members {
			row.Members = append(row.Members, infos[m].ID)
			pub := infos[m].Published
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

// PairRow is the pairs.csv row of verified pair p of documents a and b
// (p.A and p.B): a's id is A when it sorts first.
func PairRow(a, b *family.Info, p *verify.Pair) report.Pair {
	row := report.Pair{
		A: a.ID, B: b.ID, Relation: string(p.Relation), Jaccard: p.Jaccard,
		ContainmentA: p.ContainmentA, ContainmentB: p.ContainmentB,
		SharedWords: p.SharedWords, QuotedWords: p.QuotedWords,
	}
	if row.A > row.B {
		row.A, row.B = row.B, row.A
		row.ContainmentA, row.ContainmentB = row.ContainmentB, row.ContainmentA
	}
	return row
}

// RowSet holds report rows: articles in the order given, the rest unsorted.
type RowSet struct {
	Articles []report.Article
	Pairs    []report.Pair
	Families []report.Family
	Passages []report.Passage
	Warnings []string
}

func earlier(a, b string) bool {
	ta, _ := family.ParseDate(a)
	tb, _ := family.ParseDate(b)
	return ta.Before(tb)
}

// shares turns word counts into the four fractions, which add up to one
// (all zero for an article without words).
func shares(words, copied, rewritten, quoted int) (c, r, q, i float64) {
	if words == 0 {
		return 0, 0, 0, 0
	}
	c = float64(copied) / float64(words)
	r = float64(rewritten) / float64(words)
	q = float64(quoted) / float64(words)
	return c, r, q, 1 - c - r - q
}

// collect fills in the articles' metadata, keeps where to find the texts
// of documents with passages, and sorts everything by stable keys.
func (r *Result) collect(docs []meta, rows RowSet) {
	r.Articles, r.Pairs, r.Families, r.Passages, r.Warnings = rows.Articles, rows.Pairs, rows.Families, rows.Passages, rows.Warnings
	for i, m := range docs {
		ArticleMeta(&r.Articles[i], m.doc)
		if m.doc.URL != "" {
			r.urls[m.doc.ID] = m.doc.URL
		}
	}
	withText := map[string]bool{}
	for _, p := range r.Passages {
		withText[p.Doc] = true
	}
	for _, m := range docs {
		if withText[m.doc.ID] {
			r.locs[m.doc.ID] = m.doc.Loc
		}
	}
	r.Stats.Related = len(r.Pairs)
	RowSet{r.Articles, r.Pairs, r.Families, r.Passages, r.Warnings}.Sort()
}

// ArticleMeta fills in the columns of article row a that come from the
// document as read.
func ArticleMeta(a *report.Article, d corpus.Doc) {
	a.Title, a.Source, a.Published, a.URL = d.Title, d.Source, d.Published, d.URL
}

// Sort sorts the rows in place in the order of the reports: articles by
// doc, pairs by a and b, families by family, passages by doc, start and
// end, warnings as strings.
func (rs RowSet) Sort() {
	slices.SortFunc(rs.Articles, func(a, b report.Article) int { return cmp.Compare(a.Doc, b.Doc) })
	slices.SortFunc(rs.Pairs, func(a, b report.Pair) int { return cmp.Or(cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B)) })
	slices.SortFunc(rs.Families, func(a, b report.Family) int { return cmp.Compare(a.Original, b.Original) })
	slices.SortFunc(rs.Passages, func(a, b report.Passage) int {
		return cmp.Or(cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	slices.Sort(rs.Warnings)
}
