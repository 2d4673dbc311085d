package verify

import (
	"cmp"
	"slices"
	"sort"

	"github.com/wiretrace/wiretrace/align"
)

// The recurring-text rule, and every threshold it uses.
//
// Boilerplate makes no relation: page chrome, copyright lines, tag lists
// and bylines recur in many articles that otherwise share nothing.
// Syndicated copy recurs in many articles too: a wire story is carried by
// many outlets, often in several versions. The rule tells the two apart by
// how text recurs, with no list of phrases: chrome recurs across the
// unrelated stories of one site, and what one site repeats is small next
// to each story; syndicated copy recurs across outlets, together with the
// rest of its story.
//
//  1. A fingerprint recurs when at least RecurDocs articles hold it. A
//     fingerprint held by more than Recurring.MaxDocs articles finds no
//     candidates at all (a hot key).
//  2. Candidates: a pair is a candidate by its fingerprints when it shares
//     NeedPrints fingerprints that no other article holds, or when its
//     shared fingerprints, recurring or not, are at least NeedPrints and
//     at least half of the smaller article's (Candidate): a brief that
//     many outlets carry is most of each. Pairs sharing NeedPrints
//     fingerprints but not candidates by them are held back.
//  3. Verification: the copied passages of a pair are boilerplate when
//     every one of them is recurring text (see recurs) and they are a small
//     part of the smaller article (Recurring.mayBe): less than
//     Recurring.MaxSiteShare of it for two articles of one site (Doc.Site),
//     whose chrome can be most of a short story, and less than
//     Recurring.MaxShare otherwise. Boilerplate passages are dropped, with
//     the rewritten text around them, and the pair is no reprint. When two
//     articles of one site share nothing verbatim (or only boilerplate),
//     the runs of words they share in order that are recurring text (as
//     allRecur judges a passage, but with no floor of words of its own:
//     a run is a few words) are dropped too, when together they are
//     less than Recurring.MaxSiteShare of the smaller: a site's header and
//     slug lines and its stock phrases, which its unrelated stories share
//     as runs a few words long. Recurring.MaxSiteShare set to zero turns
//     this off. Between two articles of one site, copied passages that all
//     lie in the last quarter of both (inFooter) are that site's footer
//     whether or not they recur: a corpus may hold two pages of a site and
//     no third, and their footer (a copyright line, a comment policy,
//     "Follow us on ...") then recurs nowhere.
//  4. Families: text a held-back pair shares is the family's own copy when
//     verified pairs put its two articles in one family; the pair is then
//     verified without the rule (Options.InFamily). In a check, the
//     archived candidates whose copied text the rule dropped (at most
//     MaxVersions) are versions of one story when they form a family
//     among themselves and at least four fifths
//     (VersionsShareNum/VersionsShareDen) of the input's copied words lie
//     in the text they share (Versions). In a scan, a pair of an article
//     that no pair joins is kept the same way when its copied text lies
//     in what the partner shares with its family (Pair.Story,
//     Pair.InStory, and pipeline.Version for which pairs are looked at).

// RecurDocs is the number of articles that must hold a fingerprint for it
// to recur.
const RecurDocs = 3

// RecursInArchive reports whether a fingerprint that an archive holds in
// df articles recurs once the article checked against it is counted too.
func RecursInArchive(df int) bool { return df+1 >= RecurDocs }

// MinSharedPrints is how many shared fingerprints it takes to relate two
// articles at all: one alone may be chance (a stock phrase and the word
// after it); a passage long enough to count holds two. A short article
// (ShortWords words or fewer) needs one: its every shingle is a
// fingerprint (see ShortWords), and a brief cut and edited from wire copy
// may keep only one run long enough for the longer text's fingerprints.
const MinSharedPrints = 2

// ShortWords is the length in words up to which an article is short: all
// its shingles are fingerprints, not only the winnowed ones, so that an
// edited copy of a few sentences still shares fingerprints with its source.
const ShortWords = 150

// LeadWords is the length in words of the lead of a long article whose
// every shingle that is not a fingerprint already a scan groups, an
// archive keeps and a check looks up, as keys by which a lead meets a
// short article (pipeline.LeadKeys, pipeline.Leads): a brief cut from a wire story takes words of its lead,
// often in runs of 6 to 12 words, too short to be sure of holding one of
// the story's winnowed fingerprints (a window of 8 shingles of 5 words is
// sure of one only in 12 words). The keys pair a long article with a
// short one only, never two long ones sharing a sentence of their leads.
const LeadWords = 80

// NeedPrints returns how many shared fingerprints relate two articles the
// smaller of which has smallWords words.
func NeedPrints(smallWords int) int {
	if smallWords <= ShortWords {
		return 1
	}
	return MinSharedPrints
}

// MaxVersions bounds the archived candidates held back by the rule that a
// check compares with each other, looking for versions of one story.
const MaxVersions = 16

// VersionsShareNum/VersionsShareDen is the share of the input's copied
// words that must lie in the text archived versions share: four fifths.
const VersionsShareNum, VersionsShareDen = 4, 5

// Candidate reports whether a pair that shares rare fingerprints (that do
// not recur) and recurring ones is a candidate; smallPrints and smallWords
// are the fingerprints and words of the smaller article.
func Candidate(rare, recurring, smallPrints, smallWords int) bool {
	need := NeedPrints(smallWords)
	return rare >= need || rare+recurring >= need && 2*(rare+recurring) >= smallPrints
}

// Recurring holds the thresholds of the recurring-text rule that are
// options. The zero value turns the rule off in verification.
type Recurring struct {
	// MaxDocs is the number of articles above which a fingerprint finds no
	// candidates (it still recurs).
	MaxDocs int
	// MaxSiteShare: recurring text that two articles of one site share is
	// that site's chrome when it is less than this share of the smaller:
	// chrome can be most of a short story, but two stories that share
	// nearly all their words are one story.
	MaxSiteShare float64
	// MaxShare: recurring text that two articles of other or unknown
	// sites share is chrome when it is less than this share of the
	// smaller.
	MaxShare float64
	// MinOwnWords: a passage whose words not covered by recurring
	// fingerprints are fewer than this is recurring text: too few to be a
	// passage of their own (--min-passage).
	MinOwnWords int
}

// DefaultRecurring returns the rule's default thresholds.
func DefaultRecurring() Recurring {
	return Recurring{MaxDocs: 64, MaxSiteShare: 0.8, MaxShare: 0.5, MinOwnWords: 8}
}

// InFamily returns o for a pair whose two articles verified pairs put in
// one family: what they share is the family's copy, never boilerplate.
func (o Options) InFamily() Options {
	o.Recurring.MaxSiteShare, o.Recurring.MaxShare = 0, 0
	return o
}

// mayBe reports whether recurring text of copied words, shared by two
// articles of sites siteA and siteB ("" when unknown) the smaller of which
// has small words, is small enough to be chrome. Page templates recur
// across sites too ("Sign up for the ... newsletter", a wire service's
// copyright line), so two known sites do not make recurring text copy.
func (r Recurring) mayBe(copied, small int, siteA, siteB string) bool {
	switch {
	case siteA != "" && siteA == siteB:
		return float64(copied) < r.MaxSiteShare*float64(small)
	}
	return float64(copied) < r.MaxShare*float64(small)
}

// Print is a fingerprint of a document: the hash of the shingle that
// starts at word Pos, and, once the document is marked, whether its
// recurrence is known and whether it recurs (RecurDocs).
type Print struct {
	Hash          uint64
	Pos           int32
	Known, Recurs bool
}

// Recurrence tells whether a fingerprint recurs, and whether that is known
// at all.
type Recurrence func(h uint64) (recurs, known bool)

// Mark looks up the recurrence of d's fingerprints with rec, once: later
// calls do nothing. A nil rec leaves everything unknown. Verify marks the
// documents of a pair with Verifier.Recurs when it needs to know what
// recurs, so a Doc given to two calls of Verify at once must be marked
// before.
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

// allRecur reports whether every passage of ps outside quotations is
// recurring text, as the side or sides that know tell it (see recurs).
// A passage with too few words of its own to be one (r.MinOwnWords) counts
// as recurring only beside one that recurs by itself: a stock phrase
// between the lines of a template's chrome is chrome's company, but where
// nothing recurs, as between two articles alone, a shared sentence is a
// shared sentence. Which fingerprints a short passage holds depends on its
// neighbours and on what each side knows, so this keeps a scan of two
// articles, a check of one against the other, and a compare alike.
func (v *Verifier) allRecur(a, b *Doc, ps []Passage, r Recurring) bool {
	v.mark(a, b)
	some := false
	for _, p := range ps {
		if p.Kind == align.Copied && bothRecur(a, b, p.A, p.B, 0) {
			some = true
			break
		}
	}
	if !some {
		return false
	}
	for _, p := range ps {
		if p.Kind == align.Copied && !bothRecur(a, b, p.A, p.B, r.MinOwnWords) {
			return false
		}
	}
	return true
}

// mark marks a and b with v.Recurs, if v has one (see Doc.Mark).
func (v *Verifier) mark(a, b *Doc) {
	if v.Recurs != nil {
		a.Mark(v.Recurs)
		b.Mark(v.Recurs)
	}
}

// bothRecur reports whether a passage, a's words in ra and b's in rb, is
// recurring text: some side knows, and each side that knows says so (see
// recurs, which minOwnWords is passed to).
func bothRecur(a, b *Doc, ra, rb align.Range, minOwnWords int) bool {
	xa, ka := recurs(a, ra, b.Set, minOwnWords)
	xb, kb := recurs(b, rb, a.Set, minOwnWords)
	return (ka || kb) && (!ka || xa) && (!kb || xb)
}

// recurs reports whether the text of d in r recurs, and whether that is
// known at all. Either of two views makes it recurring:
//   - the fingerprints starting in r that the other document holds too
//     (other is its shingle set): most of them recur. Where a template
//     line of chrome is aligned across its slots (a site's name, a
//     newsletter's topic), the shingles over the slots are each article's
//     own, and only the shared words tell whether the line recurs;
//   - the words of r that fingerprints cover: most of them are covered by
//     recurring ones, or those that are not are fewer than minOwnWords,
//     too few to be a passage of their own.
func recurs(d *Doc, r align.Range, other []uint64, minOwnWords int) (recurring, known bool) {
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
		recurring = recurring || 2*rec >= seen || seen-rec < minOwnWords
		known = true
	}
	return recurring, known
}

// Versions returns, of the archived articles held back by the rule, those
// the input derives from after all, each with its pair verified without
// the rule (indexes into held, in order, and pairs, A and B left unset):
// text the input shares with one of them was taken for boilerplate
// because it recurs in the archive, but it recurs in another version of
// the same story (the archived articles form a family), the input is of
// another site than the one it takes from (OneSite), and what it shares
// lies in the text the versions share. Unlike a scan (MayBeVersion), a
// check asks for no passage shared besides: it judges one input against
// the few archived articles the rule held, not every article of a corpus
// that nothing else joins; but the check knows how many archived articles
// hold each of its fingerprints, and keeps none whose copied text is
// mostly held by hundreds (pipeline's hotCopy): a template's chrome. The
// held articles are compared with each other only for those the input
// joins, since most have nothing to do with it, and each two of them once.
func Versions(in *Doc, held []Doc, opt Options) (idx []int, pairs []Pair) {
	nb := opt.InFamily()
	type joined struct {
		q  Pair
		ok bool // verified, and joins the two into one family
	}
	among := map[[2]int]joined{}
	join := func(x, y int) joined {
		if j, done := among[[2]int{x, y}]; done {
			return j
		}
		q, ok := Verify(&held[x], &held[y], nb)
		ok = ok && q.Joins
		among[[2]int{x, y}] = joined{q, ok}
		return joined{q, ok}
	}
	for i := range held {
		p, ok := Verify(in, &held[i], nb)
		if !ok || !p.Joins || OneSite(in, &held[i]) {
			continue
		}
		// The word ranges held[i] shares with another held article that
		// it forms a family with; each pair is verified in index order.
		var story []align.Range
		for j := range held {
			if j == i {
				continue
			}
			x, y := min(i, j), max(i, j)
			if j := join(x, y); j.ok {
				story = append(story, j.q.Story(x != i)...)
			}
		}
		if len(story) > 0 && p.InStory(story, true) {
			idx = append(idx, i)
			pairs = append(pairs, p)
		}
	}
	return idx, pairs
}

// MayBeVersion reports whether q, a pair of a and b verified without the
// recurring-text rule (Options.InFamily), may make them versions of one
// story in a scan although the text they share recurs: q joins them, they
// are not of one site (OneSite), and besides the recurring text they
// share a quotation or reworded passage of VersionPassage words or more:
// chrome, its templates filled in by each site ("Sign up for the ...
// newsletter"), and stock phrases are all that two unrelated pages share,
// whatever share of them that makes. Whether they are versions is for the
// text the story's versions share to say (Pair.InStory).
func MayBeVersion(a, b *Doc, q *Pair) bool {
	if !q.Joins || OneSite(a, b) {
		return false
	}
	for _, ps := range q.Passages {
		if ps.Kind != align.Copied && min(ps.A.Len(), ps.B.Len()) >= VersionPassage {
			return true
		}
	}
	return false
}

// FooterShare is the share of a text, at its end, where a page template
// puts its footer: a quarter (see inFooter).
const FooterShare = 4

// inFooter reports whether the copied passages of ps all lie where a page
// template puts its footer, in both articles: in the last 1/FooterShare
// of both texts. A header is not told apart so: a site's own later story
// that keeps the lead of its first shares its start, as a header is
// shared, and stays related.
func inFooter(a, b *Doc, ps []Passage) bool {
	foot := func(r align.Range, n int) bool { return FooterShare*r.Start >= (FooterShare-1)*n }
	for _, p := range ps {
		if p.Kind == align.Copied && !(foot(p.A, a.Words()) && foot(p.B, b.Words())) {
			return false
		}
	}
	return true
}

// OneSite reports whether a and b are known to be of one site: what they
// share, and other articles hold too, is that site's chrome however much
// of them it makes, never a story's versions.
func OneSite(a, b *Doc) bool { return a.Site != "" && a.Site == b.Site }

// VersionPassage is the length in words of the quotation or reworded
// passage that two versions of a story of unknown sites share besides
// their recurring text (MayBeVersion): a sentence, twice the shortest
// passage reported by default. Pages of a site share stock phrases inside
// quotations ("said in a statement") around their chrome. Measured: 8
// words let chrome relate unrelated pages of a generated corpus
// (precision 0.9942 against 0.9950 at 100,000 articles); 16 lose nothing
// there.
const VersionPassage = 16

// Story returns the words of side B of p (of side A if b is false) in the
// passages it copies, when p joins its two articles: text that article
// shares with another version of its story (see InStory).
func (p *Pair) Story(b bool) []align.Range {
	if !p.Joins {
		return nil
	}
	var rs []align.Range
	for _, ps := range p.Passages {
		if ps.Kind != align.Copied {
			continue
		}
		if b {
			rs = append(rs, ps.B)
		} else {
			rs = append(rs, ps.A)
		}
	}
	return rs
}

// InStory reports whether the copied text of p lies in story, ranges of
// words of its B side (of its A side if b is false) that the article
// shares with other versions of its story: at least
// VersionsShareNum/VersionsShareDen of the copied words. The ranges may
// overlap and come in any order.
func (p *Pair) InStory(story []align.Range, b bool) bool {
	story = slices.Clone(story)
	slices.SortFunc(story, func(x, y align.Range) int { return x.Start - y.Start })
	// ends[i] is the furthest end of story[:i+1]: a word w is covered
	// when some range starting at or before w ends after it.
	ends := make([]int, len(story))
	for i, r := range story {
		ends[i] = r.End
		if i > 0 {
			ends[i] = max(ends[i], ends[i-1])
		}
	}
	var all, in int
	for _, ps := range p.Passages {
		if ps.Kind != align.Copied {
			continue
		}
		r := ps.A
		if b {
			r = ps.B
		}
		for w := r.Start; w < r.End; w++ {
			all++
			// The last range that starts at or before w.
			i := sort.Search(len(story), func(i int) bool { return story[i].Start > w }) - 1
			if i >= 0 && ends[i] > w {
				in++
			}
		}
	}
	return all > 0 && VersionsShareDen*in >= VersionsShareNum*all
}
