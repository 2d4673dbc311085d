package pipeline

import (
	"fmt"
	"slices"
	"sync"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/internal/hash64"
	"github.com/wiretrace/wiretrace/internal/lru"
	"github.com/wiretrace/wiretrace/internal/shuffle"
	"github.com/wiretrace/wiretrace/internal/unionfind"
	"github.com/wiretrace/wiretrace/internal/work"
	"github.com/wiretrace/wiretrace/verify"
)

// Stage 3 of Scan: verify and align.

// verify verifies and aligns the candidate pairs, one connected group of
// candidates after another, in chunks that workers take in turn, and
// returns the related pairs. Pairs whose shared text recurs in other
// articles were held back as possible boilerplate: where verified pairs
// put the two in one family, that text is the family's own copy, and each
// worker verifies them as such after the candidates of their group.
func (s *scan) verify(cands, held []uint64, heldWeights []uint32, recurring []uint64) []verify.Pair {
	c, opt, docs, res := s.c, s.opt, s.docs, s.res
	groups := components(len(docs), cands, held)
	res.Stats.Groups = len(groups)
	for _, g := range groups {
		res.Stats.Largest = max(res.Stats.Largest, len(g.docs))
	}
	// Chunks are small enough for every worker to get several; a group is
	// cut only when it alone holds a large share of all the pairs.
	size := min(chunkPairs, max(64, len(cands)/(4*opt.Workers)))
	chunks, apart := chunk(groups, size, max(size, len(cands)/(2*opt.Workers)))
	groups = nil
	s.prog.Stage("verifying", int64(len(cands)))
	set := hash64.NewSet(recurring)
	recurs := func(h uint64) (bool, bool) { return set.Has(shuffle.Prefix(h)), true }
	pairs, vproblems, prepared, nheld, versions := verifyAll(c, opt, docs, recurs, chunks, s.prog)
	res.Stats.Prepared, res.Stats.Held = prepared, nheld
	// The held-back pairs of groups too large for one chunk.
	if within := withinFamilies(pairs, apart); len(within) > 0 {
		fo := opt
		fo.Verify = fo.Verify.InFamily()
		more, morep, prepared, _, _ := verifyAll(c, fo, docs, recurs, []chunkWork{{{pairs: within}}}, s.prog)
		res.Stats.Prepared += prepared
		res.Stats.Held += len(within)
		pairs = append(pairs, more...)
		vproblems = append(vproblems, morep...)
	}
	// The articles that no pair joins to another, each with its held-back
	// pair of most shared fingerprints: text they share recurs, in
	// versions of one story as much as in chrome. They are verified with
	// the rule, and kept only when they join their two articles: a paper's
	// rewrite whose one link is the wire story it was made from. Where the
	// rule keeps one of their pairs from joining, held back or not, the
	// text may be that of a story's versions, and the pair verified
	// without the rule is kept when its text lies in what they share.
	joined := joinedBy(len(docs), pairs)
	versions = slices.DeleteFunc(versions, func(q verify.Pair) bool { return joined[q.A] && joined[q.B] })
	if rest := bestOfAlone(joined, cands, held, heldWeights); len(rest) > 0 {
		var chunks []chunkWork
		for len(rest) > 0 {
			n := min(len(rest), chunkPairs)
			chunks = append(chunks, chunkWork{{pairs: rest[:n]}})
			rest = rest[n:]
		}
		more, morep, prepared, _, again := verifyAll(c, opt, docs, recurs, chunks, s.prog)
		res.Stats.Prepared += prepared
		for _, p := range more {
			if p.Joins {
				pairs = append(pairs, p)
				res.Stats.Held++
			}
		}
		vproblems = append(vproblems, morep...)
		versions = append(versions, again...)
	}
	if kept := inStory(pairs, versions); len(kept) > 0 {
		var added int
		pairs, added = replace(pairs, kept)
		res.Stats.Held += added
	}
	s.problems = append(s.problems, vproblems...)
	return pairs
}

// joinedBy reports for each of n articles whether a pair of pairs joins it
// to another.
func joinedBy(n int, pairs []verify.Pair) []bool {
	joined := make([]bool, n)
	for i := range pairs {
		if p := &pairs[i]; p.Joins {
			joined[p.A], joined[p.B] = true, true
		}
	}
	return joined
}

// bestOfAlone returns, for each article that no verified pair joins to
// another (joined), its held-back pair (a<<32 | b, with weights as
// shuffle.Judge reads them) of most shared fingerprints, the first on a
// tie; each pair once, in order, but for those among the candidates
// (sorted), verified already. One pair an article bounds the work: most
// articles of a large corpus are alone, and share a stock phrase or two
// with many others.
func bestOfAlone(joined []bool, cands, held []uint64, weights []uint32) [][2]uint32 {
	best := make(map[int32]int) // article -> index into held
	for i, h := range held {
		wi, ok := AloneShared(weights[i])
		if !ok {
			continue
		}
		for _, x := range [2]int32{int32(h >> 32), int32(uint32(h))} {
			if joined[x] {
				continue
			}
			if j, ok := best[x]; !ok || wi > sharedPrints(weights[j]) {
				best[x] = i
			}
		}
	}
	idx := make([]int, 0, len(best))
	for _, i := range best {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	out := make([][2]uint32, 0, len(idx))
	for _, i := range idx {
		if _, verified := slices.BinarySearch(cands, held[i]); !verified {
			out = append(out, [2]uint32{uint32(held[i] >> 32), uint32(held[i])})
		}
	}
	return out
}

const (
	// chunkPairs is how many candidate pairs a worker verifies at a time,
	// at most.
	chunkPairs = 1024
	// cacheDocs is how many prepared documents a worker keeps, so that
	// memory is bounded however large a connected group grows.
	cacheDocs = 512
)

// chunkWork is a chunk of candidate pairs for one worker: whole groups, or a
// piece of one, each with its held-back pairs when it is whole.
type chunkWork []piece

// piece is the candidate pairs of a group, or part of them, and its
// held-back pairs.
type piece struct {
	pairs [][2]uint32
	held  [][2]uint32
}

// npairs returns the number of candidate pairs of w.
func (w chunkWork) npairs() int {
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
func chunk(groups []group, n, cut int) (ws []chunkWork, apart [][2]uint32) {
	var cur chunkWork
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
				ws = append(ws, chunkWork{{pairs: g.pairs[:k]}})
				g.pairs = g.pairs[k:]
			}
			apart = append(apart, g.held...)
		case len(g.pairs) > n:
			ws = append(ws, chunkWork{{pairs: g.pairs, held: g.held}})
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
	held     int // held-back pairs verified
	// versions are the pairs that the recurring-text rule keeps from
	// joining their articles, verified again without it, that may be
	// versions of a story (see Version).
	versions []verify.Pair
}

// verifier re-reads and prepares documents, keeping the most recently
// used, and verifies pairs of them. Each worker has its own.
type verifier struct {
	c    *corpus.Corpus
	opt  Options
	docs []meta
	sk   *Sketcher
	fv   verify.Verifier
	// cache holds the most recently prepared documents; nil for one that
	// could not be read again.
	cache *lru.Cache[int32, *verify.Doc]
}

func newVerifier(c *corpus.Corpus, opt Options, docs []meta, recurs verify.Recurrence) *verifier {
	// What recurs is looked up only for the pairs whose shares leave
	// boilerplate possible, by the family verifier.
	return &verifier{c: c, opt: opt, docs: docs, sk: NewSketcher(opt.Params), fv: verify.Verifier{Recurs: recurs},
		cache: lru.New[int32, *verify.Doc](cacheDocs)}
}

func (v *verifier) get(i int32, out *chunkOut) *verify.Doc {
	if fd, ok := v.cache.Get(i); ok {
		return fd
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
		x.Site = verify.Site(m.doc.Source, m.doc.URL)
		fd = &x
	}
	v.cache.Put(i, fd)
	return fd
}

// verify verifies the chunk one group after another: a group's candidate
// pairs, then, without the boilerplate rule, its held-back pairs whose two
// documents the verified pairs join into one family (families never cross
// groups), while its documents are still at hand.
func (v *verifier) verify(w chunkWork) chunkOut {
	var out chunkOut
	for _, p := range w {
		from := len(out.pairs)
		v.pairs(p.pairs, v.opt.Verify, &out)
		within := withinFamilies(out.pairs[from:], p.held)
		out.held += len(within)
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
		if q, ok := Version(&v.fv, a, b, fp, opt); ok {
			q.A, q.B = int(p[0]), int(p[1])
			out.versions = append(out.versions, q)
		}
		if !ok {
			continue
		}
		fp.A, fp.B = int(p[0]), int(p[1])
		out.pairs = append(out.pairs, fp)
	}
}

// verifyAll verifies chunks of candidate pairs on opt.Workers workers
// and returns the related pairs in chunk order, and the versions of
// stories among them (see Version).
func verifyAll(c *corpus.Corpus, opt Options, docs []meta, recurs verify.Recurrence, chunks []chunkWork, prog Progress) (pairs []verify.Pair, problems []corpus.Problem, prepared, held int, versions []verify.Pair) {
	outs := make([]chunkOut, len(chunks))
	verifiers := make([]*verifier, opt.Workers)
	for i := range verifiers {
		verifiers[i] = newVerifier(c, opt, docs, recurs)
	}
	var progMu sync.Mutex // Progress hears one goroutine at a time
	work.Each(len(chunks), opt.Workers, func(k, worker int) {
		outs[k] = verifiers[worker].verify(chunks[k])
		progMu.Lock()
		prog.Add(int64(chunks[k].npairs()))
		progMu.Unlock()
	})
	for _, o := range outs {
		pairs = append(pairs, o.pairs...)
		problems = append(problems, o.problems...)
		prepared += o.prepared
		held += o.held
		versions = append(versions, o.versions...)
	}
	return pairs, problems, prepared, held, versions
}

// withinFamilies returns the held-back pairs whose two articles the
// verified pairs join into one family. Its union-find holds only the
// articles of pairs, as a chunk has few of them.
func withinFamilies(pairs []verify.Pair, held [][2]uint32) [][2]uint32 {
	if len(held) == 0 {
		return nil
	}
	var ids []int
	for i := range pairs {
		if p := &pairs[i]; p.Joins {
			ids = append(ids, p.A, p.B)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	local := func(x int) (int32, bool) {
		i, ok := slices.BinarySearch(ids, x)
		return int32(i), ok
	}
	sets := unionfind.New(len(ids))
	for i := range pairs {
		if p := &pairs[i]; p.Joins {
			a, _ := local(p.A)
			b, _ := local(p.B)
			sets.Union(a, b)
		}
	}
	var out [][2]uint32
	for _, h := range held {
		a, oka := local(int(h[0]))
		b, okb := local(int(h[1]))
		if oka && okb && sets.Find(a) == sets.Find(b) {
			out = append(out, h)
		}
	}
	return out
}

// inStory returns the versions (see Version) whose text lies in the text
// that one of their two articles shares with the other versions of its
// story: what the joining pairs of pairs copy (verify.Pair.Story).
func inStory(pairs, versions []verify.Pair) []verify.Pair {
	if len(versions) == 0 {
		return nil
	}
	story := map[int][]align.Range{}
	for _, q := range versions {
		story[q.A], story[q.B] = nil, nil
	}
	for i := range pairs {
		p := &pairs[i]
		if _, ok := story[p.A]; ok {
			story[p.A] = append(story[p.A], p.Story(false)...)
		}
		if _, ok := story[p.B]; ok {
			story[p.B] = append(story[p.B], p.Story(true)...)
		}
	}
	var kept []verify.Pair
	for _, q := range versions {
		if q.InStory(story[q.A], false) || q.InStory(story[q.B], true) {
			kept = append(kept, q)
		}
	}
	return kept
}

// replace returns pairs with the pairs of kept in place of those of the
// same two articles, and the others of kept added, and how many were
// added. pairs holds each two articles once.
func replace(pairs, kept []verify.Pair) ([]verify.Pair, int) {
	by := make(map[[2]int]bool, len(kept))
	for _, q := range kept {
		by[[2]int{q.A, q.B}] = true
	}
	n := len(pairs)
	pairs = slices.DeleteFunc(pairs, func(p verify.Pair) bool { return by[[2]int{p.A, p.B}] })
	return append(pairs, kept...), len(kept) - (n - len(pairs))
}
