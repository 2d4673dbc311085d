package verify

import (
	"slices"
	"strings"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/shingle"
)

// Doc is one article as verification needs it: its words, its shingle set
// and what lies inside quotations. It holds no text, only offsets into it.
//
// Verify fills in two things of a Doc that it finds missing: its seed index
// (Seeds) and what of it recurs (see Mark). A Doc given to concurrent calls
// of Verify must have both done before: call Index and Mark first.
type Doc struct {
	ID        string
	Published string // RFC 3339 or YYYY-MM-DD as read; "" if unknown
	// Prior marks a document known to come before every document that is
	// not Prior (an archived article, when a new one is checked against
	// the archive).
	Prior bool
	// Site is the outlet that published it (its source, or its URL's
	// host), "" if unknown. Text that recurs in the stories of one site
	// is its chrome; see recurring.go.
	Site string

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
	// it here for d's next pairs.
	Seeds *align.Index
}

// Index builds d.Seeds for opt, if they are missing: with Mark, what d
// needs before it is given to concurrent calls of Verify.
func (d *Doc) Index(opt Options) {
	if d.Seeds == nil {
		d.Seeds = align.NewIndex(d.Tokens.Hashes, opt.align())
	}
}

// Words reports the number of words of d.
func (d *Doc) Words() int { return len(d.Tokens.Hashes) }

// Relation says how two articles are related.
type Relation string

// The relations of pairs.csv.
const (
	None      Relation = ""
	Duplicate Relation = "duplicate" // Jaccard at or above Options.Duplicate
	Reprint   Relation = "reprint"   // the smaller contained in the larger at or above Options.Containment
	Partial   Relation = "partial"   // shares a passage counted as copied, or rewritten text
	Quotes    Relation = "quotes"    // shares only quotations
)

// Options are the thresholds of verification: the same for scan, check
// and compare, so that the three judge a pair alike. The zero value is not
// useful: start from Defaults.
type Options struct {
	// MinPassage is the length in words of the shortest shared passage
	// that alignment reports (--min-passage).
	MinPassage int
	// MinOutsideQuotes is how many of a shared passage's words must lie
	// outside quotation marks, in each article, for it to count as copied
	// rather than quoted (--min-passage).
	MinOutsideQuotes int
	// MaxGap is the largest edit, in words, bridged inside one passage.
	MaxGap int
	// Rewrite finds the rewritten passages around the verbatim ones.
	Rewrite align.RewriteOptions
	// RewriteUnder is the copied share of the smaller article under which
	// rewritten passages are looked for: a near copy has no room for them,
	// and most pairs of a large corpus are copies.
	RewriteUnder float64
	// MinRewritten is the number of rewritten words, in the smaller
	// article, that relate a pair with no passage copied verbatim. Whether
	// they join the two into one family is Joins' to say.
	MinRewritten int
	// RunsShare is the share of the smaller article that runs of the
	// other's words, chained or alone, must make up to relate a pair with
	// no passage copied verbatim; below it only chains of runs do (see
	// rewordedAlone).
	RunsShare float64
	// Duplicate is the Jaccard similarity that makes a duplicate
	// (--duplicate).
	Duplicate float64
	// Containment is the share of the smaller article's shingles found in
	// the larger that makes a reprint (--containment).
	Containment float64
	// Joins is the share of the smaller article's words, copied or
	// rewritten, at which a partial pair joins its two articles into one
	// family (--join).
	Joins float64
	// Recurring is the recurring-text (boilerplate) rule: see recurring.go.
	Recurring Recurring
}

// Defaults returns the contract's thresholds.
func Defaults() Options {
	return Options{
		MinPassage:       8,
		MinOutsideQuotes: 8,
		MaxGap:           4,
		MinRewritten:     8,
		RunsShare:        0.15,
		RewriteUnder:     0.9,
		Duplicate:        0.8,
		Containment:      0.5,
		Joins:            0.05,
		Recurring:        DefaultRecurring(),
	}
}

// align returns the options of the alignments Verify makes.
func (o Options) align() align.Options {
	return align.Options{MinWords: o.MinPassage, MaxGap: o.MaxGap}
}

// Passage is a passage two articles share, in word indexes of each.
type Passage struct {
	A, B align.Range
	// Kind is align.Copied for a verbatim passage, align.Rewritten for a
	// rewritten one, and align.Quoted for a verbatim passage counted as
	// quoted: fewer than MinOutsideQuotes of its words lie outside
	// quotation marks on one side, or a rewritten one that lies mostly
	// inside quotation marks (a quotation cut or reworded).
	Kind align.Kind
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

// SpanBounds returns the bounds of the words r of a text whose word spans
// are sp.
func SpanBounds(sp []shingle.Span, r align.Range) Bounds {
	b := Bounds{Start: sp[r.Start].Start, End: sp[r.End-1].End, Prev: -1, Next: -1}
	if r.Start > 0 {
		b.Prev = sp[r.Start-1].End
	}
	if r.End < len(sp) {
		b.Next = sp[r.End].Start
	}
	return b
}

// Pair is a verified pair of documents. A and B are left for the caller to
// fill in, as indexes into its documents, A < B.
type Pair struct {
	A, B         int
	Relation     Relation
	Jaccard      float64 // exact, of the shingle sets
	ContainmentA float64 // share of A's shingles found in B
	ContainmentB float64
	SharedWords  int // words in shared passages (copied, rewritten and quoted), counted in the smaller article
	QuotedWords  int // of those, in passages counted as quoted
	// RewrittenWords are those in rewritten passages.
	RewrittenWords int
	// Joins: the pair joins its two articles into one family. It does when
	// it is a duplicate or reprint, or a partial pair whose copied and
	// rewritten words are at least Options.Joins of the smaller article.
	Joins bool
	// Recurring: the recurring-text rule, or between two pages of one
	// site the footer rule (see FooterShare), took copied passages of the
	// pair for boilerplate and dropped them. They may be the text of a
	// story that recurs in its versions; see Versions.
	Recurring bool
	Passages  []Passage
}

// CopiedWords returns the words of the smaller article in passages
// counted as copied.
func (p *Pair) CopiedWords() int { return p.SharedWords - p.QuotedWords - p.RewrittenWords }

// Verify compares two documents exactly and aligns their passages. It
// reports ok == false when they are not related at all. See Doc for what
// it may fill in of a and b.
func Verify(a, b *Doc, opt Options) (p Pair, ok bool) {
	var v Verifier
	return v.Verify(a, b, opt)
}

// Verifier verifies pairs as Verify does, reusing its buffers from one
// pair to the next: it is not safe for concurrent use; give each goroutine
// that verifies many pairs its own. The zero value is ready for use.
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
	if n := a.Words(); slices.Equal(a.Tokens.Hashes, b.Tokens.Hashes) {
		// Word for word the same text: one passage, nothing to align,
		// however short (a brief of a line shared whole is copied).
		ms = []align.Match{{A: align.Range{End: n}, B: align.Range{End: n}, Same: n}}
	} else {
		// Passages indexes the shorter text, b on a tie.
		s := b
		if a.Words() < b.Words() {
			s = a
		}
		s.Index(opt)
		ms = v.al.Passages(a.Tokens.Hashes, b.Tokens.Hashes, a.Seeds, b.Seeds, opt.align())
	}
	aSmaller := a.Words() < b.Words() || a.Words() == b.Words() && len(a.Set) <= len(b.Set)
	small := min(a.Words(), b.Words())
	// words[k] counts the smaller article's words in passages of kind k.
	var words [align.Copied + 1]int
	add := func(m align.Match, k align.Kind) {
		p.Passages = append(p.Passages, Passage{A: m.A, B: m.B, Kind: k,
			AB: SpanBounds(a.Tokens.Spans, m.A), BB: SpanBounds(b.Tokens.Spans, m.B)})
		words[k] += smallSide(m, aSmaller)
	}
	for _, m := range ms {
		add(m, align.Classify(m, a.Quoted, b.Quoted, opt.MinOutsideQuotes))
	}
	// Around the verbatim passages, what was reworded: looked for when
	// the pair is not a near copy, added once chrome is ruled out.
	var reworded []align.Match
	if float64(words[align.Copied]) < opt.RewriteUnder*float64(small) {
		for _, m := range v.al.Rewritten(a.Tokens.Hashes, b.Tokens.Hashes, ms, opt.Rewrite) {
			if anchored(m, ms, opt.Rewrite) {
				reworded = append(reworded, m)
			}
		}
	}
	copied := words[align.Copied]
	boiler := copied > 0 && opt.Recurring.mayBe(copied, small, a.Site, b.Site) &&
		(v.allRecur(a, b, p.Passages, opt.Recurring) || OneSite(a, b) && inFooter(a, b, p.Passages))
	if boiler {
		// Chrome: what the two share outside quotations is dropped, and
		// the reworded text around it is not looked at.
		p.Passages = slices.DeleteFunc(p.Passages, func(ps Passage) bool { return ps.Kind != align.Quoted })
		words[align.Copied], copied = 0, 0
		reworded = nil
		p.Recurring = true
	}
	if copied == 0 {
		if OneSite(a, b) && opt.Recurring.MaxSiteShare > 0 {
			reworded = v.dropSiteRuns(a, b, reworded, aSmaller, small, opt.Recurring)
		}
		reworded = rewordedAlone(reworded, aSmaller, small, opt)
	}
	for _, m := range reworded {
		if 2*align.Outside(m.A, a.Quoted) < m.A.Len() || 2*align.Outside(m.B, b.Quoted) < m.B.Len() {
			// Words of a quotation, cut or reworded: shared, but the
			// speaker's, not the other article's.
			add(m, align.Quoted)
			continue
		}
		add(m, align.Rewritten)
	}
	if len(reworded) > 0 {
		slices.SortFunc(p.Passages, func(x, y Passage) int { return x.A.Start - y.A.Start })
	}
	rewritten := words[align.Rewritten]
	p.QuotedWords, p.RewrittenWords = words[align.Quoted], rewritten
	p.SharedWords = copied + rewritten + p.QuotedWords

	cont := p.ContainmentB
	if aSmaller {
		cont = p.ContainmentA
	}
	switch {
	case p.Jaccard >= opt.Duplicate:
		p.Relation = Duplicate
	case cont >= opt.Containment && !boiler:
		p.Relation = Reprint
	case copied > 0 || rewritten > 0:
		p.Relation = Partial
	case p.QuotedWords > 0:
		p.Relation = Quotes
	default:
		return p, false
	}
	switch p.Relation {
	case Duplicate, Reprint:
		p.Joins = true
	case Partial:
		p.Joins = float64(copied+rewritten) >= opt.Joins*float64(small)
	}
	return p, true
}

// anchored reports whether rewritten passage m lies in a region aligned
// with the other text: it chains two runs or more (or one run longer than
// the shortest), or it follows or precedes a verbatim passage of ms within the
// largest reworded gap, in both texts. A lone phrase of three words
// elsewhere ("the ongoing conflict") is what independent reports share by
// chance.
func anchored(m align.Match, ms []align.Match, o align.RewriteOptions) bool {
	o = o.WithDefaults()
	gap := o.MaxGap
	if m.Same > o.MinRun {
		return true
	}
	near := func(x, y align.Range) bool {
		return x.End <= y.Start && y.Start-x.End <= gap || y.End <= x.Start && x.Start-y.End <= gap
	}
	for _, c := range ms {
		if near(m.A, c.A) && near(m.B, c.B) {
			return true
		}
	}
	return false
}

// dropSiteRuns drops, of the rewritten passages of two articles of one
// site that share nothing verbatim, those that are recurring text, when
// together they are small enough to be that site's chrome (as verbatim
// recurring text is, Recurring.mayBe): the site's header and slug lines
// ("09/08/99: Page 1 (HHH) COURTS", "By Brian Farmer, PA News", chained
// across the headline between them), its stock phrases ("was adjourned
// until tomorrow"), which its unrelated stories share. A passage is
// recurring text when, as for a copied one (allRecur), each side that
// knows says most of the words fingerprints cover in it recur; but
// without allRecur's floor of MinOwnWords words of its own, which every
// run of a few words is below. A site's own rewrite of its story is most
// of the rewrite, and stays.
func (v *Verifier) dropSiteRuns(a, b *Doc, ms []align.Match, aSmaller bool, small int, r Recurring) []align.Match {
	if len(ms) == 0 {
		return ms
	}
	v.mark(a, b)
	rec := func(m align.Match) bool { return bothRecur(a, b, m.A, m.B, 0) }
	words := 0
	for _, m := range ms {
		if rec(m) {
			words += smallSide(m, aSmaller)
		}
	}
	if words == 0 || !r.mayBe(words, small, a.Site, b.Site) {
		return ms
	}
	return slices.DeleteFunc(ms, rec)
}

// smallSide returns the words of match m in the smaller article of a pair
// (a if aSmaller).
func smallSide(m align.Match, aSmaller bool) int {
	if aSmaller {
		return m.A.Len()
	}
	return m.B.Len()
}

// rewordedAlone keeps, of the rewritten passages of a pair that shares
// nothing verbatim, those that relate it. Runs of the other's words that
// make up RunsShare of the smaller article (and MinRewritten words) are a
// rewrite of it, and all count. Below that, only chains count: two runs or
// more in order with reworded words between them, a sentence rewritten,
// making MinRewritten words. A run alone is what any two reports of one
// subject share: a name ("the Institute of Tenament"), a stock phrase
// ("said in a statement").
func rewordedAlone(ms []align.Match, aSmaller bool, small int, opt Options) []align.Match {
	all, chained := 0, 0
	for _, m := range ms {
		n := smallSide(m, aSmaller)
		all += n
		if m.Same < m.A.Len() {
			chained += n
		}
	}
	switch {
	case all >= opt.MinRewritten && float64(all) >= opt.RunsShare*float64(small):
		return ms
	case chained >= opt.MinRewritten:
		return slices.DeleteFunc(ms, func(m align.Match) bool { return m.Same == m.A.Len() })
	}
	return nil
}

// Site returns the site of an article for Doc.Site: its source, folded to
// lower case, or else its URL's host without "www.", or "" if neither is
// known.
func Site(source, url string) string {
	if s := strings.ToLower(strings.TrimSpace(source)); s != "" {
		return s
	}
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	return strings.TrimPrefix(strings.ToLower(host), "www.")
}
