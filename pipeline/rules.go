package pipeline

import (
	"github.com/wiretrace/wiretrace/internal/shuffle"
	"github.com/wiretrace/wiretrace/verify"
)

// The rules by which Scan turns fingerprints into candidate pairs, one
// element at a time, for a runner that shuffles between machines instead
// of through files (wiretrace-beam): Scan applies the same functions, so
// both find the same pairs.

// PrintPrefix returns the bits of fingerprint h by which Scan groups
// fingerprints: two fingerprints with one prefix are one.
func PrintPrefix(h uint64) uint64 { return shuffle.Prefix(h) }

// PrintHolders says what a fingerprint (a prefix) held by n distinct
// documents gives: the weight it adds to each pair of its holders, 0 when
// it pairs none (held by one, or by more than maxDocs: a hot key), and
// whether it recurs, which it does at verify.RecurDocs holders or more
// however many there are.
func PrintHolders(n, maxDocs int) (weight uint32, recurs bool) { return shuffle.Holders(n, maxDocs) }

// ScanSketching returns the parameters with which a scan signs documents:
// p, with a lead of verify.LeadWords words, whose keys (Leads) pair a long
// article with a short one.
func ScanSketching(p Params) Params {
	p.Lead = verify.LeadWords
	return p
}

// Leads returns the keys that a scan groups with the fingerprints of
// sketch x (signed with ScanSketching's parameters), and whether they are
// a long article's: of a long article's lead, its shingles that are not
// fingerprints already; of a short article, every shingle: the keys of an
// archived lead and of a checked short text, which meet (see LeadKeys).
// A key is held by long and short articles, and pairs each long holder
// with each short one, never two of one kind, with the weight
// PrintHolders gives for all its holders; it never recurs. A brief cut
// from a long story keeps runs of its lead that may hold none of the
// story's fingerprints.
func Leads(x *Sketch) (keys []uint64, long bool) {
	return x.Keys(!x.Long), x.Long
}

// AddPrintWeights adds two weights of a pair; the sum does not depend on
// the order in which weights are added.
func AddPrintWeights(a, b uint32) uint32 { return shuffle.Add(a, b) }

// JudgePair reports whether a pair whose shared fingerprints weigh w (the
// sum of PrintHolders' weights) is a candidate, or else held back, to be
// verified only if verified pairs join its two documents into one family.
// small is the number of fingerprints of the smaller document.
// smallWords is the number of words of the smaller document.
func JudgePair(w uint32, small, smallWords int) (candidate, held bool) {
	return shuffle.Judge(w, small, smallWords)
}

// AloneShared returns the fingerprints (and lead keys) a held-back pair
// of weight w shares, and whether they are enough for the pair to be
// verified for an article that no verified pair joins to another: three,
// one more than most pairs need. Of such pairs an article is verified
// with the one that shares the most, the first pair on a tie.
func AloneShared(w uint32) (shared uint32, ok bool) {
	shared = sharedPrints(w)
	return shared, shared >= minAlone
}

// minAlone is the fingerprints a held-back pair shares for AloneShared.
const minAlone = 3

// sharedPrints is the number of fingerprints a weight counts, rare and
// recurring.
func sharedPrints(w uint32) uint32 { return w>>16 + w&0xffff }

// Version verifies again, with v and without the recurring-text rule,
// pair p that v verified with it, when the rule kept the pair from joining
// its two articles: the text they share recurs, in chrome or in the
// versions of one story (wire copy in several versions and the papers
// that carry it). It returns the pair verified again, and whether it may
// be a version of a story (verify.MayBeVersion). Whether it is one is for
// the text the story's versions share to say (verify.Pair.Story and
// InStory): a scan asks that for the pairs of articles that no pair joins.
func Version(v *verify.Verifier, a, b *verify.Doc, p verify.Pair, opt verify.Options) (verify.Pair, bool) {
	if !p.Recurring || p.Joins {
		return verify.Pair{}, false
	}
	q, ok := v.Verify(a, b, opt.InFamily())
	if !ok || !verify.MayBeVersion(a, b, &q) {
		return verify.Pair{}, false
	}
	return q, true
}
