package scan

import (
	"cmp"
	"context"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/verify"
)

// Verification joins each pair with its two texts: every pair asks its
// two documents for their texts (CoGroupByKey by document, with the texts
// and the marks of what recurs), each document sends a copy of its text
// to each of its pairs, and the pair, grouped by its key, is verified
// with both at hand. No worker holds more texts than its pairs need.

// wantFn asks a pair's two documents for their texts.
func wantFn(pair string, held bool, want func(uint64, Want)) {
	a, b := unpair(pair)
	want(a, Want{Pair: pair, Held: held})
	want(b, Want{Pair: pair, Held: held})
}

// sendFn sends a document's text, and the prefixes of its fingerprints
// that recur, to each pair that asked for it.
func sendFn(key uint64, recs func(*Record) bool, metas func(*Meta) bool, marks func(*uint64) bool, wants func(*Want) bool, half func(string, Half)) {
	ws := drain(wants)
	if len(ws) == 0 {
		return
	}
	var r Record
	var m Meta
	if !recs(&r) || !metas(&m) {
		return
	}
	rec := drain(marks)
	slices.Sort(rec)
	for _, w := range ws {
		half(w.Pair, Half{Key: key, Info: m.Info, Source: r.Doc.Source, URL: r.Doc.URL, Text: r.Doc.Text, Recurring: rec, Held: w.Held})
	}
}

// verifyFn verifies a pair as scan does: its documents prepared by the
// scan's Sketcher, what recurs looked up in the marks both documents
// brought, the boilerplate rule left out for pairs held back.
type verifyFn struct {
	Params pipeline.Params
	Verify verify.Options

	sk *pipeline.Sketcher
}

func (f *verifyFn) Setup() { f.sk = pipeline.NewSketcher(f.Params) }

func (f *verifyFn) ProcessElement(ctx context.Context, pair string, halves func(*Half) bool, emit func(Verified)) {
	hs := drain(halves)
	if len(hs) != 2 {
		log.Errorf(ctx, "wiretrace: pair with %d documents", len(hs))
		return
	}
	slices.SortFunc(hs, func(x, y Half) int { return cmp.Compare(x.Key, y.Key) })
	a := f.sk.Doc(hs[0].Info.ID, hs[0].Info.Published, hs[0].Text, nil)
	a.Site = verify.Site(hs[0].Source, hs[0].URL)
	b := f.sk.Doc(hs[1].Info.ID, hs[1].Info.Published, hs[1].Text, nil)
	b.Site = verify.Site(hs[1].Source, hs[1].URL)
	recurs := func(h uint64) (bool, bool) {
		p := pipeline.PrintPrefix(h)
		_, inA := slices.BinarySearch(hs[0].Recurring, p)
		_, inB := slices.BinarySearch(hs[1].Recurring, p)
		return inA || inB, true
	}
	opt := f.Verify
	if hs[0].Held {
		opt = opt.InFamily()
	}
	v := verify.Verifier{Recurs: recurs}
	p, ok := v.Verify(&a, &b, opt)
	if q, ok := pipeline.Version(&v, &a, &b, p, opt); ok {
		q.A, q.B = 0, 1
		emit(Verified{A: hs[0].Key, B: hs[1].Key, InfoA: hs[0].Info, InfoB: hs[1].Info, Pair: q, Version: true})
	}
	if !ok {
		return
	}
	p.A, p.B = 0, 1
	emit(Verified{A: hs[0].Key, B: hs[1].Key, InfoA: hs[0].Info, InfoB: hs[1].Info, Pair: p, Held: hs[0].Held})
}

// setAsideFn sets aside of the pairs of the first verification the
// versions of stories (pipeline.Version), keyed by document, and the pairs
// that the recurring-text rule kept from joining (which a version
// replaces), until the versions are judged.
func setAsideFn(v Verified, verified func(Verified), aside func(string, Verified), versions func(uint64, Verified)) {
	switch {
	case v.Version:
		versions(v.A, v)
		versions(v.B, v)
	case v.Pair.Recurring && !v.Pair.Joins:
		aside(pairID(v.A, v.B), v)
	default:
		verified(v)
	}
}

// resolveFn gives a pair set aside, or the version that replaces it.
func resolveFn(_ string, aside func(*Verified) bool, versions func(*Verified) bool, emit func(Verified)) {
	var v Verified
	if versions(&v) {
		emit(v)
		return
	}
	for aside(&v) {
		emit(v)
	}
}

func versionKeyFn(v Verified) (string, Verified) { return pairID(v.A, v.B), v }

// verifyPairs verifies pairs (pair id, held back) with their texts.
func verifyPairs(s beam.Scope, pairs, docs, metas, marks beam.PCollection, cfg Config) beam.PCollection {
	wants := beam.ParDo(s, wantFn, pairs)
	halves := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, docs, metas, marks, wants))
	return beam.ParDo(s, &verifyFn{Params: cfg.Params, Verify: cfg.Verify}, beam.GroupByKey(s, halves))
}

// Edge is a verified pair that joins its documents into one family, or a
// pair held back.
type Edge struct {
	A, B uint64
	Held bool
}

func edgesFn(v Verified, emit func(Edge)) {
	if v.Pair.Joins {
		emit(Edge{A: v.A, B: v.B})
	}
}

func heldEdge(pair string, _ bool) Edge {
	a, b := unpair(pair)
	return Edge{A: a, B: b, Held: true}
}

// union is a union-find forest over document keys whose roots are the
// lowest key of each set. It holds the documents of the edges joined,
// roots included; a document it does not hold is a set of its own.
type union map[uint64]uint64

func (u union) find(x uint64) uint64 {
	for {
		p, ok := u[x]
		if !ok || p == x {
			return x
		}
		if g, ok := u[p]; ok {
			u[x] = g
		}
		x = p
	}
}

func (u union) join(a, b uint64) {
	for _, x := range [2]uint64{a, b} {
		if _, ok := u[x]; !ok {
			u[x] = x
		}
	}
	a, b = u.find(a), u.find(b)
	switch {
	case a < b:
		u[b] = a
	case b < a:
		u[a] = b
	}
}

// withinFn finds, on one worker, the held-back pairs whose documents the
// verified pairs join into one family, to be verified without the
// recurring-text rule. Its union-find holds the documents of the joining
// pairs.
func withinFn(_ int, edges func(*Edge) bool, within func(string, bool)) {
	u := union{}
	var held []Edge
	var e Edge
	for edges(&e) {
		if e.Held {
			held = append(held, e)
			continue
		}
		u.join(e.A, e.B)
	}
	for _, h := range held {
		if u.find(h.A) == u.find(h.B) {
			within(pairID(h.A, h.B), true)
		}
	}
}

func withinFamilies(s beam.Scope, verified, held beam.PCollection) beam.PCollection {
	edges := beam.Flatten(s, beam.ParDo(s, edgesFn, verified), beam.ParDo(s, heldEdge, held))
	return beam.ParDo(s, withinFn, beam.GroupByKey(s, beam.ParDo(s, oneKey, edges)))
}

// The articles no verified pair joins to another are each verified with
// their held-back pair of most shared fingerprints (at least minAlone, the
// lowest pair on a tie), with the recurring-text rule, and the pair is
// kept when it joins the two: scan's rule for an article whose one link
// is text that recurs (pipeline.AloneShared).

// HeldWeight is a held-back pair with its weight.
type HeldWeight struct {
	Pair string
	W    uint32
}

func sharedPrints(w uint32) uint32 { n, _ := pipeline.AloneShared(w); return n }

func heldByDocFn(pair string, w uint32, emit func(uint64, HeldWeight)) {
	if _, ok := pipeline.AloneShared(w); !ok {
		return
	}
	a, b := unpair(pair)
	emit(a, HeldWeight{Pair: pair, W: w})
	emit(b, HeldWeight{Pair: pair, W: w})
}

func joinedDocsFn(v Verified, emit func(uint64, bool)) {
	if v.Pair.Joins {
		emit(v.A, true)
		emit(v.B, true)
	}
}

// aloneFn picks for an article that no pair joins its held-back pair of
// most shared fingerprints, and passes on the versions of stories it is
// in (pipeline's alone).
func aloneFn(doc uint64, joined func(*bool) bool, held func(*HeldWeight) bool, versions func(*Verified) bool, emit func(string, bool), version func(Verified)) {
	var b bool
	if joined(&b) {
		return
	}
	var v Verified
	for versions(&v) {
		version(v)
	}
	var best HeldWeight
	have := false
	var h HeldWeight
	for held(&h) {
		if !have || sharedPrints(h.W) > sharedPrints(best.W) || sharedPrints(h.W) == sharedPrints(best.W) && h.Pair < best.Pair {
			best, have = h, true
		}
	}
	if have {
		emit(best.Pair, false)
	}
}

func onceFn(pair string, _ func(*bool) bool, emit func(string, bool)) { emit(pair, false) }

// alonePairs returns the held-back pairs picked for the articles alone,
// and the versions of stories (keyed by document) of which one document at
// least is alone (once for each such document).
func alonePairs(s beam.Scope, verified, heldW, versions beam.PCollection) (picked, alone beam.PCollection) {
	joined := beam.ParDo(s, joinedDocsFn, verified)
	byDoc := beam.ParDo(s, heldByDocFn, heldW)
	picked, alone = beam.ParDo2(s, aloneFn, beam.CoGroupByKey(s, joined, byDoc, versions))
	return beam.ParDo(s, onceFn, beam.GroupByKey(s, picked)), alone
}

// keptFn keeps of the held-back pairs verified those within families, and
// those of alone articles that join their documents (the versions of
// stories among them go to moreVersionsFn).
func keptFn(v Verified, emit func(Verified)) {
	if !v.Version && (v.Held || v.Pair.Joins) {
		emit(v)
	}
}

// moreVersionsFn passes on the versions of stories among the pairs of the
// second verification.
func moreVersionsFn(v Verified, emit func(Verified)) {
	if v.Version {
		emit(v)
	}
}

// The versions of a story (pipeline.Version) are kept when their text lies
// in what one of their documents shares with the other versions: each
// document gathers the copied text of its joining pairs
// (verify.Pair.Story) and judges the versions that ask it.

// Story is text a document shares with another version of its story.
type Story struct {
	Ranges []align.Range
}

// Asks is a version of a story asking one of its documents (B if IsB)
// whether its text lies in that document's story.
type Asks struct {
	V   Verified
	IsB bool
}

func storyFn(v Verified, emit func(uint64, Story)) {
	if rs := v.Pair.Story(false); len(rs) > 0 {
		emit(v.A, Story{rs})
	}
	if rs := v.Pair.Story(true); len(rs) > 0 {
		emit(v.B, Story{rs})
	}
}

func asksFn(v Verified, emit func(uint64, Asks)) {
	if v.Version {
		emit(v.A, Asks{V: v})
		emit(v.B, Asks{V: v, IsB: true})
	}
}

// answerFn answers a document's versions: their pair id, and whether the
// text lies in the document's story.
func answerFn(_ uint64, stories func(*Story) bool, asks func(*Asks) bool, emit func(string, Judged)) {
	as := drain(asks)
	if len(as) == 0 {
		return
	}
	var story []align.Range
	for _, st := range drain(stories) {
		story = append(story, st.Ranges...)
	}
	for _, a := range as {
		emit(pairID(a.V.A, a.V.B), Judged{V: a.V, In: a.V.Pair.InStory(story, a.IsB)})
	}
}

// Judged is a version with one document's answer.
type Judged struct {
	V  Verified
	In bool
}

// keepVersionFn keeps a version that either of its documents places in
// its story. Every copy of a pair's version is the same (the same two
// texts verified with the same options), so the first kept is the one.
func keepVersionFn(_ string, js func(*Judged) bool, emit func(Verified)) {
	for _, j := range drain(js) {
		if j.In {
			emit(j.V)
			return
		}
	}
}

// inStory returns the versions whose text lies in a story: what the
// joining pairs of joins copy.
func inStory(s beam.Scope, joins, versions beam.PCollection) beam.PCollection {
	stories := beam.ParDo(s, storyFn, joins)
	asks := beam.ParDo(s, asksFn, versions)
	judged := beam.ParDo(s, answerFn, beam.CoGroupByKey(s, stories, asks))
	return beam.ParDo(s, keepVersionFn, beam.GroupByKey(s, judged))
}

func oneKey(e Edge) (int, Edge) { return 0, e }

func init() {
	register.Function3x0(wantFn)
	register.Emitter2[uint64, Want]()
	register.Function6x0(sendFn)
	register.Iter1[uint64]()
	register.Iter1[Want]()
	register.Emitter2[string, Half]()
	register.DoFn4x0[context.Context, string, func(*Half) bool, func(Verified)](&verifyFn{})
	register.Iter1[Half]()
	register.Emitter1[Verified]()
	register.Function2x0(edgesFn)
	register.Emitter1[Edge]()
	register.Function2x1(heldEdge)
	register.Function3x0(withinFn)
	register.Function3x0(heldByDocFn)
	register.Emitter2[uint64, HeldWeight]()
	register.Function2x0(joinedDocsFn)
	register.Function6x0(aloneFn)
	register.Function4x0(setAsideFn)
	register.Emitter2[uint64, Verified]()
	register.Emitter2[string, Verified]()
	register.Function4x0(resolveFn)
	register.Function1x2(versionKeyFn)
	register.Iter1[HeldWeight]()
	register.Function3x0(onceFn)
	register.Function2x0(keptFn)
	register.Function2x0(moreVersionsFn)
	register.Function2x0(storyFn)
	register.Emitter2[uint64, Story]()
	register.Function2x0(asksFn)
	register.Emitter2[uint64, Asks]()
	register.Function4x0(answerFn)
	register.Iter1[Story]()
	register.Iter1[Asks]()
	register.Emitter2[string, Judged]()
	register.Function3x0(keepVersionFn)
	register.Iter1[Judged]()
	register.Iter1[Edge]()
	register.Function1x2(oneKey)
}
