package pipeline

import (
	"cmp"
	"container/list"
	"fmt"
	"slices"
	"strings"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/report"
	"github.com/wiretrace/wiretrace/verify"
)

const (
	// chunkPairs is how many candidate pairs a worker verifies at a time,
	// at most.
	chunkPairs = 1024
	// cacheDocs is how many prepared documents a worker keeps, so that
	// memory is bounded however large a connected group grows.
	cacheDocs = 512
)

// work is a chunk of candidate pairs for one worker: whole groups, or a
// piece of one, each with its held-back pairs when it is whole.
type work []piece

// piece is the candidate pairs of a group, or part of them, and its
// held-back pairs.
type piece struct {
	pairs [][2]uint32
	held  [][2]uint32
}

// npairs returns the number of candidate pairs of w.
func (w work) npairs() int {
	n := 0
	for _, p := range w {
		n += len(p.pairs)
	}
	return n
}

// chunk packs the groups' pairs, in group order, into chunks of at most
// n pairs. A group of more than n pairs is a chunk of its own, since its
// documents are read again by whichever worker verifies it; only a group
// of more than cut pairs (cut >= n) is cut in pieces of cut pairs, so that
// one huge group still keeps every worker busy. The held-back pairs of a
// group cut in pieces are returned apart.
func chunk(groups []group, n, cut int) (ws []work, apart [][2]uint32) {
	var cur work
	have := 0 // pairs in cur
	for _, g := range groups {
		if have > 0 && have+len(g.pairs) > n {
			ws = append(ws, cur)
			cur, have = nil, 0
		}
		switch {
		case len(g.pairs) > cut:
			for len(g.pairs) > 0 {
				k := min(cut, len(g.pairs))
				ws = append(ws, work{{pairs: g.pairs[:k]}})
				g.pairs = g.pairs[k:]
			}
			apart = append(apart, g.held...)
		case len(g.pairs) > n:
			ws = append(ws, work{{pairs: g.pairs, held: g.held}})
		default:
			cur = append(cur, piece{pairs: g.pairs, held: g.held})
			have += len(g.pairs)
		}
	}
	if have > 0 {
		ws = append(ws, cur)
	}
	return ws, apart
}

// chunkOut is what verifying one chunk yields.
type chunkOut struct {
	pairs    []verify.Pair // A and B are scan document indexes
	problems []corpus.Problem
	prepared int // documents read and prepared
}

// verifier re-reads and prepares documents, keeping the most recently
// used, and verifies pairs of them. Each worker has its own.
type verifier struct {
	c    *corpus.Corpus
	opt  Options
	docs []meta
	sk   *Sketcher
	fv   verify.Verifier
	lru  *list.List // of *cached, most recent first
	at   map[int32]*list.Element
}

type cached struct {
	i   int32
	doc *verify.Doc // nil when the document could not be read again
}

func newVerifier(c *corpus.Corpus, opt Options, docs []meta, recurs verify.Recurrence) *verifier {
	// What recurs is looked up only for the pairs whose shares leave
	// boilerplate possible, by the family verifier.
	return &verifier{c: c, opt: opt, docs: docs, sk: NewSketcher(opt.Params), fv: verify.Verifier{Recurs: recurs},
		lru: list.New(), at: map[int32]*list.Element{}}
}

func (v *verifier) get(i int32, out *chunkOut) *verify.Doc {
	if e, ok := v.at[i]; ok {
		v.lru.MoveToFront(e)
		return e.Value.(*cached).doc
	}
	m := &v.docs[i]
	out.prepared++
	var fd *verify.Doc
	if d, err := v.c.Reread(m.doc.Loc); err != nil {
		out.problems = append(out.problems, corpus.Problem{
			Path: v.c.Files()[m.doc.Loc.File], Line: m.doc.Loc.Line, Skipped: true,
			Err: fmt.Errorf("reading %q again: %w", m.doc.ID, err),
		})
	} else {
		x := v.sk.Doc(m.doc.ID, m.doc.Published, d.Text, nil)
		fd = &x
	}
	v.at[i] = v.lru.PushFront(&cached{i: i, doc: fd})
	if v.lru.Len() > cacheDocs {
		old := v.lru.Remove(v.lru.Back()).(*cached)
		delete(v.at, old.i)
	}
	return fd
}

// verify verifies the chunk one group after another: a group's candidate
// pairs, then, without the boilerplate rule, its held-back pairs whose two
// documents the verified pairs join into one family (families never cross
// groups), while its documents are still at hand.
func (v *verifier) verify(w work) chunkOut {
	var out chunkOut
	for _, p := range w {
		from := len(out.pairs)
		v.pairs(p.pairs, v.opt.Verify, &out)
		within := withinFamilies(out.pairs[from:], p.held)
		v.pairs(within, v.opt.Verify.InFamily(), &out)
	}
	return out
}

func (v *verifier) pairs(pairs [][2]uint32, opt verify.Options, out *chunkOut) {
	for _, p := range pairs {
		a := v.get(int32(p[0]), out)
		b := v.get(int32(p[1]), out)
		if a == nil || b == nil {
			continue
		}
		fp, ok := v.fv.Verify(a, b, opt)
		if !ok {
			continue
		}
		fp.A, fp.B = int(p[0]), int(p[1])
		out.pairs = append(out.pairs, fp)
	}
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
		row.Copied, row.Quoted, row.Independent = shares(d.Words, a.Copied, a.Quoted)
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
		row := report.Family{Family: orig, Size: len(f.Members), Original: orig}
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
	slices.SortFunc(rs.Families, func(a, b report.Family) int { return cmp.Compare(a.Family, b.Family) })
	slices.SortFunc(rs.Passages, func(a, b report.Passage) int {
		return cmp.Or(cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	slices.Sort(rs.Warnings)
}
