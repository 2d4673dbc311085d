package family

import (
	"cmp"
	"slices"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/shingle"
)

// Info is what grouping needs of an article: no words, only counts.
type Info struct {
	ID        string
	Published string // RFC 3339 or YYYY-MM-DD as read; "" if unknown
	// Prior marks a document known to come before every document that is
	// not Prior (an archived article, when a new one is checked against
	// the archive): only a Prior document can be the original of a family
	// that has one.
	Prior bool
	Words int
	// Start and End are the byte offsets of its first word's start and
	// its last word's end.
	Start, End int
}

// Doc is one article as verification needs it: its words, its shingle set
// and what lies inside quotations. It holds no text, only offsets into it.
type Doc struct {
	ID        string
	Published string
	Prior     bool

	Tokens shingle.Tokens
	Set    []uint64 // sorted set of its shingle hashes
	Quoted []bool   // per word: inside a quotation
	// Prints are its fingerprints (winnowed shingles), in order of
	// position, each covering Width words from its Pos. Mark fills in
	// whether each recurs.
	Prints []Print
	Width  int
	// marks, made by Mark from Prints, is per word 0 when no fingerprint
	// of known recurrence covers the word, 1 when one does, and 2 when a
	// fingerprint that recurs does; nil when nothing is known.
	marks  []uint8
	marked bool
	// Seeds is the seed index of Tokens.Hashes for alignment, or nil.
	// Verify builds it when it aligns d as the shorter document and keeps
	// it here for d's next pairs, so a Doc whose Seeds are nil must not be
	// given to two calls of Verify at once (see Index).
	Seeds *align.Index
}

// Print is a fingerprint of a document: the hash of the shingle that
// starts at word Pos, and, once the document is marked, whether its
// recurrence is known and whether it recurs in three or more documents.
type Print struct {
	Hash          uint64
	Pos           int32
	Known, Recurs bool
}

// Recurrence tells whether a fingerprint recurs in three or more
// documents, and whether that is known at all.
type Recurrence func(h uint64) (recurs, known bool)

// Mark looks up the recurrence of d's fingerprints with rec, once: later
// calls do nothing. A nil rec leaves everything unknown. Verify marks the
// documents of a pair with Verifier.Recurs when it needs to know what
// recurs, so a Doc given to two calls of Verify at once must be marked
// before (as with Index).
func (d *Doc) Mark(rec Recurrence) {
	if d.marked {
		return
	}
	d.marked = true
	if rec == nil {
		return
	}
	n := d.Words()
	for i := range d.Prints {
		p := &d.Prints[i]
		p.Recurs, p.Known = rec(p.Hash)
		if !p.Known {
			continue
		}
		if d.marks == nil {
			d.marks = make([]uint8, n)
		}
		mark := uint8(1)
		if p.Recurs {
			mark = 2
		}
		for w := int(p.Pos); w < min(int(p.Pos)+d.Width, n); w++ {
			d.marks[w] = max(d.marks[w], mark)
		}
	}
}

// Index builds d.Seeds for opt, if they are missing, so that d can then
// be given to concurrent calls of Verify.
func (d *Doc) Index(opt Options) {
	if d.Seeds == nil {
		d.Seeds = align.NewIndex(d.Tokens.Hashes, alignOptions(opt))
	}
}

// alignOptions are the options of the alignments Verify makes.
func alignOptions(opt Options) align.Options {
	return align.Options{MinWords: opt.MinPassage, MaxGap: opt.MaxGap}
}

// Words reports the number of words of d.
func (d *Doc) Words() int { return len(d.Tokens.Hashes) }

// Info returns what grouping needs of d.
func (d *Doc) Info() Info {
	in := Info{ID: d.ID, Published: d.Published, Prior: d.Prior, Words: d.Words()}
	if n := d.Words(); n > 0 {
		in.Start, in.End = d.Tokens.Spans[0].Start, d.Tokens.Spans[n-1].End
	}
	return in
}

// Relation says how two articles are related.
type Relation string

// The relations of pairs.csv.
const (
	None      Relation = ""
	Duplicate Relation = "duplicate" // Jaccard at or above Options.Duplicate
	Reprint   Relation = "reprint"   // the smaller contained in the larger at or above Options.Containment
	Partial   Relation = "partial"   // shares a non-quoted passage of MinPassage words
	Quotes    Relation = "quotes"    // shares only quotations
)

// Options are the thresholds of the analysis. The zero value is not
// useful: start from Defaults.
type Options struct {
	MinPassage  int     // words in the shortest shared passage
	Duplicate   float64 // Jaccard that makes a duplicate
	Containment float64 // containment of the smaller that makes a reprint
	Joins       float64 // share of the smaller article's words, copied, that lets a partial pair join a family
	Copy        float64 // copied share that makes a copy
	Additions   float64 // copied share that makes copy+additions (with passages of its own)
	Boilerplate float64 // recurring text shorter than this share of the smaller article is boilerplate
	// BoilerplateWords is the length in words below which recurring text
	// is boilerplate whatever its share: chrome can be most of a short
	// article.
	BoilerplateWords int
	MaxGap           int // largest edit bridged inside one passage, in words
}

// Defaults returns the contract's thresholds.
func Defaults() Options {
	return Options{
		MinPassage:       8,
		Duplicate:        0.8,
		Containment:      0.5,
		Joins:            0.3,
		Copy:             0.9,
		Additions:        0.5,
		Boilerplate:      0.5,
		BoilerplateWords: 100,
		MaxGap:           4,
	}
}

// Passage is a passage two articles share, in word indexes of each.
type Passage struct {
	A, B   align.Range
	Quoted bool // counted as quoted: fewer than MinPassage words outside quotation marks on either side
	// AB and BB are the passage's byte bounds in each text.
	AB, BB Bounds
}

// Bounds are the byte offsets around a run of words [s, e) of a text:
// Start is where word s starts and End where word e-1 ends, so the run is
// text[Start:End]; Prev is where word s-1 ends and Next where word e
// starts, -1 where there is no such word. They let the runs between
// passages be cut from the text without its words.
type Bounds struct {
	Start, End, Prev, Next int
}

func bounds(sp []shingle.Span, r align.Range) Bounds {
	b := Bounds{Start: sp[r.Start].Start, End: sp[r.End-1].End, Prev: -1, Next: -1}
	if r.Start > 0 {
		b.Prev = sp[r.Start-1].End
	}
	if r.End < len(sp) {
		b.Next = sp[r.End].Start
	}
	return b
}

// Pair is a verified pair of documents, A < B as indexes into the docs
// given to Verify's caller.
type Pair struct {
	A, B         int
	Relation     Relation
	Jaccard      float64 // exact, of the shingle sets
	ContainmentA float64 // share of A's shingles found in B
	ContainmentB float64
	SharedWords  int // words in shared passages (copied and quoted), counted in the smaller article
	QuotedWords  int // of those, in passages counted as quoted
	CopiedWords  int // SharedWords - QuotedWords
	Passages     []Passage
}

// Joins reports whether the pair joins its two articles into one family.
func (p *Pair) Joins(a, b *Info, opt Options) bool {
	switch p.Relation {
	case Duplicate, Reprint:
		return true
	case Partial:
		small := min(a.Words, b.Words)
		return small > 0 && float64(p.CopiedWords) >= opt.Joins*float64(small)
	}
	return false
}

// Verify compares two documents exactly and aligns their passages. It
// reports ok == false when they are not related at all. Verify is safe
// for concurrent use on the same documents.
func Verify(a, b *Doc, opt Options) (p Pair, ok bool) {
	var v Verifier
	return v.Verify(a, b, opt)
}

// Verifier verifies pairs as Verify does, reusing its buffers from one
// pair to the next: give each goroutine that verifies many pairs its own.
// The zero value is ready for use.
type Verifier struct {
	al align.Aligner
	// Recurs, if not nil, tells which fingerprints recur: Verify marks a
	// pair's documents with it (see Doc.Mark) when the pair's shares
	// leave boilerplate possible. Documents marked before need none.
	Recurs Recurrence
}

// Verify is the function Verify, with v's buffers.
func (v *Verifier) Verify(a, b *Doc, opt Options) (p Pair, ok bool) {
	if a.Words() == 0 || b.Words() == 0 {
		return p, false
	}
	inter := shingle.Overlap(a.Set, b.Set)
	union := len(a.Set) + len(b.Set) - inter
	if union > 0 {
		p.Jaccard = float64(inter) / float64(union)
	}
	if len(a.Set) > 0 {
		p.ContainmentA = float64(inter) / float64(len(a.Set))
	}
	if len(b.Set) > 0 {
		p.ContainmentB = float64(inter) / float64(len(b.Set))
	}

	if inter == 0 {
		// A passage worth reporting holds at least one shared shingle.
		return p, false
	}
	var ms []align.Match
	if n := a.Words(); slices.Equal(a.Tokens.Hashes, b.Tokens.Hashes) && n >= opt.MinPassage {
		// Word for word the same text: one passage, nothing to align.
		ms = []align.Match{{A: align.Range{End: n}, B: align.Range{End: n}, Same: n}}
	} else {
		// Passages indexes the shorter text, b on a tie.
		s := b
		if a.Words() < b.Words() {
			s = a
		}
		s.Index(opt)
		ms = v.al.Passages(a.Tokens.Hashes, b.Tokens.Hashes, a.Seeds, b.Seeds, alignOptions(opt))
	}
	var copiedA, copiedB, quotedA, quotedB int
	for _, m := range ms {
		q := align.Classify(m, a.Quoted, b.Quoted, opt.MinPassage) == align.Quoted
		p.Passages = append(p.Passages, Passage{A: m.A, B: m.B, Quoted: q,
			AB: bounds(a.Tokens.Spans, m.A), BB: bounds(b.Tokens.Spans, m.B)})
		na, nb := m.A.End-m.A.Start, m.B.End-m.B.Start
		if q {
			quotedA += na
			quotedB += nb
			continue
		}
		copiedA += na
		copiedB += nb
	}
	aSmaller := a.Words() < b.Words() || a.Words() == b.Words() && len(a.Set) <= len(b.Set)
	small := b.Words()
	p.SharedWords, p.QuotedWords, p.CopiedWords = copiedB+quotedB, quotedB, copiedB
	if aSmaller {
		small = a.Words()
		p.SharedWords, p.QuotedWords, p.CopiedWords = copiedA+quotedA, quotedA, copiedA
	}

	// Boilerplate: everything the two share outside quotations recurs in
	// three or more articles, and it is a small part of them, or short.
	// Page chrome and bylines look like this; syndicated copy comes with
	// the rest of the story and makes up much of the articles that carry
	// it.
	boiler := p.CopiedWords > 0 &&
		(float64(p.CopiedWords) < opt.Boilerplate*float64(small) || p.CopiedWords < opt.BoilerplateWords) &&
		v.allRecur(a, b, p.Passages, opt.MinPassage)
	if boiler {
		kept := p.Passages[:0]
		for _, ps := range p.Passages {
			if ps.Quoted {
				kept = append(kept, ps)
			}
		}
		p.Passages = kept
		p.SharedWords -= p.CopiedWords
		p.CopiedWords = 0
	}

	cont := p.ContainmentB
	if aSmaller {
		cont = p.ContainmentA
	}
	switch {
	case p.Jaccard >= opt.Duplicate:
		p.Relation = Duplicate
	case cont >= opt.Containment && !boiler:
		p.Relation = Reprint
	case p.CopiedWords > 0:
		p.Relation = Partial
	case p.QuotedWords > 0:
		p.Relation = Quotes
	default:
		return p, false
	}
	return p, true
}

// allRecur reports whether every passage of ps outside quotations is
// recurring text, as the side or sides that know tell it (see recurs).
func (v *Verifier) allRecur(a, b *Doc, ps []Passage, minPassage int) bool {
	if v.Recurs != nil {
		a.Mark(v.Recurs)
		b.Mark(v.Recurs)
	}
	for _, p := range ps {
		if p.Quoted {
			continue
		}
		ra, ka := recurs(a, p.A, b.Set, minPassage)
		rb, kb := recurs(b, p.B, a.Set, minPassage)
		if !(ka || kb) || ka && !ra || kb && !rb {
			return false
		}
	}
	return true
}

// recurs reports whether the text of d in r recurs in three or more
// documents, and whether that is known at all. Either of two views makes
// it recurring:
//   - the fingerprints starting in r that the other document holds too
//     (other is its shingle set): most of them recur. Where a template
//     line of chrome is aligned across its slots (a site's name, a
//     newsletter's topic), the shingles over the slots are each article's
//     own, and only the shared words tell whether the line recurs;
//   - the words of r that fingerprints cover: most of them are covered by
//     recurring ones, or those that are not are fewer than minPassage,
//     too few to be a passage of their own.
func recurs(d *Doc, r align.Range, other []uint64, minPassage int) (recurring, known bool) {
	ps := d.Prints
	i, _ := slices.BinarySearchFunc(ps, int32(r.Start), func(p Print, pos int32) int { return cmp.Compare(p.Pos, pos) })
	var seen, rec int
	for ; i < len(ps) && int(ps[i].Pos) < r.End; i++ {
		if !ps[i].Known {
			continue
		}
		if _, ok := slices.BinarySearch(other, ps[i].Hash); ok {
			seen++
			if ps[i].Recurs {
				rec++
			}
		}
	}
	recurring, known = seen > 0 && 2*rec >= seen, seen > 0
	if d.marks == nil {
		return recurring, known
	}
	seen, rec = 0, 0
	for _, m := range d.marks[r.Start:r.End] {
		if m > 0 {
			seen++
		}
		if m == 2 {
			rec++
		}
	}
	if seen > 0 {
		recurring = recurring || 2*rec >= seen || seen-rec < minPassage
		known = true
	}
	return recurring, known
}
