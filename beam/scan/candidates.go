package scan

import (
	"cmp"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/pipeline"
)

// Both kinds of candidates group documents by a key (a band key, a
// fingerprint) that a few keys share with very many documents: a band of
// empty boilerplate pages, a stock phrase. A plain GroupByKey would put
// all of those documents on one worker. Instead each key's documents are
// combined, partially on every worker before the shuffle, into an
// accumulator that keeps at most a bound of them (MaxBucket+1 for a band
// key, MaxDocs for a fingerprint) and their count; that is all the rules
// of scan need to decide what a key gives.

// Bucket is what a band key's documents are combined into: the lowest
// distinct documents, at most Max+1 of them, sorted. When it holds more
// than Max, the bucket is hot: scan pairs each of its documents with the
// lowest only.
type Bucket struct {
	Docs []uint64
}

type bucketFn struct {
	Max int
}

func (f *bucketFn) CreateAccumulator() Bucket { return Bucket{} }

func (f *bucketFn) AddInput(b Bucket, doc uint64) Bucket {
	return f.MergeAccumulators(b, Bucket{Docs: []uint64{doc}})
}

func (f *bucketFn) MergeAccumulators(a, b Bucket) Bucket {
	docs := append(slices.Clone(a.Docs), b.Docs...)
	slices.Sort(docs)
	docs = slices.Compact(docs)
	if f.Max > 0 && len(docs) > f.Max+1 {
		docs = docs[:f.Max+1]
	}
	return Bucket{Docs: docs}
}

func (f *bucketFn) ExtractOutput(b Bucket) Bucket { return b }

// bucketPairsFn turns a bucket into its pairs, as scan's index does; a
// hot bucket gives its lowest document instead, for hotPairsFn.
type bucketPairsFn struct {
	Max int
}

func (f *bucketPairsFn) ProcessElement(key uint64, b Bucket, pair func(string, bool), hot func(Hot)) {
	if f.Max > 0 && len(b.Docs) > f.Max {
		hot(Hot{Key: key, Doc: b.Docs[0]})
		return
	}
	minhash.BucketPairs(b.Docs, f.Max, func(x, y uint64) { pair(pairID(x, y), true) })
}

// hotPairsFn pairs a document of a hot bucket with the bucket's lowest
// document: the rule of minhash.BucketPairs for a bucket of more than
// MaxBucket documents, applied one document at a time, since the
// bucket's documents are never gathered on one worker. Every worker
// holds the hot buckets' keys and lowest documents, read once (the
// side input is the same for every bundle: the global window).
type hotPairsFn struct {
	lowest map[uint64]uint64
}

func (f *hotPairsFn) ProcessElement(key, doc uint64, hot func(*Hot) bool, pair func(string, bool)) {
	if f.lowest == nil {
		f.lowest = map[uint64]uint64{}
		var h Hot
		for hot(&h) {
			f.lowest[h.Key] = h.Doc
		}
	}
	if low, ok := f.lowest[key]; ok && low != doc {
		pair(pairID(low, doc), true) // low is the lowest: low < doc
	}
}

// Hot is a hot key: a band key with its lowest document, or a
// fingerprint prefix (Doc unused).
type Hot struct {
	Key, Doc uint64
}

func lshCandidates(s beam.Scope, bands beam.PCollection, maxBucket int) beam.PCollection {
	buckets := beam.CombinePerKey(s, &bucketFn{Max: maxBucket}, bands)
	pairs, hot := beam.ParDo2(s, &bucketPairsFn{Max: maxBucket}, buckets)
	hotPairs := beam.ParDo(s.Scope("hot buckets"), &hotPairsFn{}, bands, beam.SideInput{Input: hot})
	return beam.Flatten(s, pairs, hotPairs)
}

// Holders is what a fingerprint's documents are combined into: how many
// hold it, and who, as long as they are at most Max.
type Holders struct {
	N    int
	Docs []Holder // sorted by document; nil once N > Max
	Lead bool     // a lead key's: some holder holds it as one
}

type holdersFn struct {
	Max int
}

func (f *holdersFn) CreateAccumulator() Holders { return Holders{} }

func (f *holdersFn) AddInput(h Holders, d Holder) Holders {
	return f.MergeAccumulators(h, Holders{N: 1, Docs: []Holder{d}, Lead: d.Lead != 0})
}

func (f *holdersFn) MergeAccumulators(a, b Holders) Holders {
	// A document holds a fingerprint prefix once, or a lead key's, so
	// counts add up (but for a fingerprint and a key of one prefix, which
	// count a document twice, as a scan's spill does).
	out := Holders{N: a.N + b.N, Lead: a.Lead || b.Lead}
	if out.N <= f.Max {
		out.Docs = append(slices.Clone(a.Docs), b.Docs...)
		slices.SortFunc(out.Docs, func(x, y Holder) int { return cmp.Compare(x.Doc, y.Doc) })
	}
	return out
}

func (f *holdersFn) ExtractOutput(h Holders) Holders { return h }

// Weight is what a fingerprint adds to a pair of its holders, with the
// least number of fingerprints of the pair's documents and the least
// number of words.
type Weight struct {
	W          uint32
	Small      int
	SmallWords int
}

// holderPairsFn applies scan's rules to one fingerprint: its weight to
// each pair of its holders; where it recurs, a mark for each holder, or,
// when it has too many to list, the fingerprint itself, for hotMarksFn.
// A lead key (pipeline.Leads) pairs each long holder with each other
// one, never two long ones or two others, and never recurs.
type holderPairsFn struct {
	Max int
}

func (f *holderPairsFn) ProcessElement(prefix uint64, h Holders, pair func(string, Weight), mark func(uint64, uint64), hot func(Hot)) {
	w, recurs := pipeline.PrintHolders(h.N, f.Max)
	if recurs && !h.Lead {
		if h.Docs == nil {
			hot(Hot{Key: prefix})
		}
		for _, d := range h.Docs {
			mark(d.Doc, prefix)
		}
	}
	if w == 0 {
		return
	}
	for i, x := range h.Docs {
		for _, y := range h.Docs[i+1:] {
			if h.Lead && ((x.Lead == leadLong) == (y.Lead == leadLong) || x.Doc == y.Doc) {
				continue
			}
			pair(pairID(x.Doc, y.Doc), Weight{W: w, Small: min(x.Prints, y.Prints), SmallWords: min(x.Words, y.Words)})
		}
	}
}

// hotMarksFn marks a document's fingerprint that recurs in more
// documents than were listed. Every worker holds the set of those
// fingerprints, read once.
type hotMarksFn struct {
	hot map[uint64]bool
}

func (f *hotMarksFn) ProcessElement(prefix uint64, h Holder, hot func(*Hot) bool, mark func(uint64, uint64)) {
	if f.hot == nil {
		f.hot = map[uint64]bool{}
		var x Hot
		for hot(&x) {
			f.hot[x.Key] = true
		}
	}
	if f.hot[prefix] {
		mark(h.Doc, prefix)
	}
}

type weightFn struct{}

func (weightFn) MergeAccumulators(a, b Weight) Weight {
	return Weight{W: pipeline.AddPrintWeights(a.W, b.W), Small: max(a.Small, b.Small), SmallWords: max(a.SmallWords, b.SmallWords)}
}

// judgeFn judges a pair by its fingerprints: a candidate, or held back.
type judgeFn struct{}

func (judgeFn) ProcessElement(pair string, w Weight, cand func(string, bool), held func(string, uint32)) {
	switch c, h := pipeline.JudgePair(w.W, w.Small, w.SmallWords); {
	case c:
		cand(pair, true)
	case h:
		held(pair, w.W)
	}
}

// printCandidates returns the candidate pairs by fingerprints, the pairs
// held back, and per document the prefixes of its fingerprints that recur
// (document, prefix).
func printCandidates(s beam.Scope, prints beam.PCollection, maxDocs int) (cands, held, marks beam.PCollection) {
	holders := beam.CombinePerKey(s, &holdersFn{Max: maxDocs}, prints)
	weights, listed, hot := beam.ParDo3(s, &holderPairsFn{Max: maxDocs}, holders)
	hotMarks := beam.ParDo(s.Scope("hot fingerprints"), &hotMarksFn{}, prints, beam.SideInput{Input: hot})
	marks = beam.Flatten(s, listed, hotMarks)
	cands, held = beam.ParDo2(s, judgeFn{}, beam.CombinePerKey(s, weightFn{}, weights))
	return cands, held, marks
}

// candidates returns the distinct candidate pairs, each with false (not
// held back), and the held-back pairs that are not candidates otherwise.
func candidates(s beam.Scope, lsh, prints, held beam.PCollection) (cands, heldOnly beam.PCollection) {
	g := beam.CoGroupByKey(s, beam.Flatten(s, lsh, prints), held)
	return beam.ParDo2(s, sortCandidatesFn{}, g)
}

type sortCandidatesFn struct{}

func (sortCandidatesFn) ProcessElement(pair string, cand func(*bool) bool, held func(*uint32) bool, outCand func(string, bool), outHeld func(string, bool)) {
	var b bool
	if cand(&b) {
		outCand(pair, false)
		return
	}
	var w uint32
	if held(&w) {
		outHeld(pair, true)
	}
}

func init() {
	register.Combiner3[Bucket, uint64, Bucket](&bucketFn{})
	register.DoFn4x0[uint64, Bucket, func(string, bool), func(Hot)](&bucketPairsFn{})
	register.DoFn4x0[uint64, uint64, func(*Hot) bool, func(string, bool)](&hotPairsFn{})
	register.Emitter1[Hot]()
	register.Iter1[Hot]()
	register.Combiner3[Holders, Holder, Holders](&holdersFn{})
	register.DoFn5x0[uint64, Holders, func(string, Weight), func(uint64, uint64), func(Hot)](&holderPairsFn{})
	register.DoFn4x0[uint64, Holder, func(*Hot) bool, func(uint64, uint64)](&hotMarksFn{})
	register.Combiner1[Weight](&weightFn{})
	register.DoFn4x0[string, Weight, func(string, bool), func(string, uint32)](&judgeFn{})
	register.DoFn5x0[string, func(*bool) bool, func(*uint32) bool, func(string, bool), func(string, bool)](&sortCandidatesFn{})
	register.Emitter2[string, uint32]()
	register.Iter1[uint32]()
	register.Emitter2[string, bool]()
	register.Emitter2[string, Weight]()
	register.Emitter2[uint64, bool]()
	register.Iter1[bool]()
}
