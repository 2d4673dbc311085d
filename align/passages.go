package align

import (
	"cmp"
	"slices"
)

// Range is a span of words: word indexes [Start, End) into a tokenized text.
type Range struct {
	Start, End int
}

// Len reports the number of words in the range.
func (r Range) Len() int { return r.End - r.Start }

// Match is a passage two texts share.
type Match struct {
	A, B Range // the passage in text a and in text b, in words
	Same int   // words of the passage matched exactly; at most A.Len() and B.Len()
}

// Options tune Passages. The zero value asks for the defaults.
type Options struct {
	// MinWords is the shortest passage reported, in words matched
	// exactly. Zero or less means DefaultMinWords.
	MinWords int
	// Seed is the exact run of words that starts a match. Zero or less
	// means DefaultSeed; it is capped at MinWords.
	Seed int
	// MaxGap is the largest edit bridged inside one passage, in words on
	// either side: a passage goes on across a stretch of at most MaxGap
	// unmatched words in a and at most MaxGap in b. Zero means
	// DefaultMaxGap; a negative value bridges nothing, so that every
	// passage is an exact run.
	MaxGap int
}

// The defaults of Options.
const (
	DefaultMinWords = 8
	DefaultSeed     = 3
	DefaultMaxGap   = 4
)

const (
	// maxOccur caps how many occurrences in b of one seed are looked at
	// for each position in a; for a more frequent seed, the occurrences
	// nearest to where the current alignment predicts are taken.
	maxOccur = 16
)

func (o Options) withDefaults() Options {
	if o.MinWords <= 0 {
		o.MinWords = DefaultMinWords
	}
	if o.Seed <= 0 {
		o.Seed = DefaultSeed
	}
	o.Seed = min(o.Seed, o.MinWords)
	switch {
	case o.MaxGap == 0:
		o.MaxGap = DefaultMaxGap
	case o.MaxGap < 0:
		o.MaxGap = 0
	}
	return o
}

// seg is an exact common run: a[A:A+N] equals b[B:B+N].
type seg struct {
	A, B, N int
}

func (s seg) diag() int { return s.B - s.A }

// Passages returns the maximal passages that the word-hash sequences a and b
// share, each with at least opt.MinWords words matched exactly. Passages are
// sorted by A.Start; no two overlap in a and no two overlap in b.
//
// A passage tolerates edits: exact runs of words that follow each other in
// both texts, with at most opt.MaxGap unmatched words between them on either
// side, are one passage. So a substituted, dropped or inserted word, a
// changed number or a reworded attribution ("said Putin" for "Putin said")
// does not break a passage. Passages are chosen greedily, the one with most
// exactly matched words first, so that a text repeated in the other (a photo
// caption printed twice) is matched once, where its context matches too.
//
// The work is bounded for repetitive texts: a seed that occurs very often in
// b is looked up only near the current alignment. Passages is
// deterministic and safe for concurrent use; it does not modify a or b.
func Passages(a, b []uint64, opt Options) []Match {
	return PassagesIndexed(a, b, nil, nil, opt)
}

// Index is the seed index of one text: where each run of Options.Seed
// words occurs in it. Passages builds one for the shorter of its two texts;
// a text aligned against many others can have its index built once with
// NewIndex and given to PassagesIndexed.
type Index struct {
	n, seed int
	x       *seedIndex // nil when the text is shorter than the seed
}

// NewIndex indexes the seeds of the word-hash sequence words, for
// alignments with opt.
func NewIndex(words []uint64, opt Options) *Index {
	opt = opt.withDefaults()
	ix := &Index{n: len(words), seed: opt.Seed}
	if len(words) >= opt.Seed {
		ix.x = newSeedIndex(words, opt.Seed)
	}
	return ix
}

// fits reports whether ix can stand for the index of a text of n words
// under opt (whose defaults are set).
func (ix *Index) fits(n int, opt Options) bool {
	return ix != nil && ix.n == n && ix.seed == opt.Seed
}

// PassagesIndexed is Passages(a, b, opt) with the indexes of a and b, as
// NewIndex made them for these texts and opt; either may be nil, and
// whichever the shorter text needs is built here when it is missing or
// was made for other options.
func PassagesIndexed(a, b []uint64, ia, ib *Index, opt Options) []Match {
	var al Aligner
	return al.Passages(a, b, ia, ib, opt)
}

// Aligner aligns texts as PassagesIndexed does, reusing its buffers from
// one call to the next: give each goroutine that aligns many pairs its
// own. The zero value is ready for use; it is not safe for concurrent use.
type Aligner struct {
	open        []int32 // seedRuns: latest run per diagonal
	runs        []seg
	ints        []int32 // chainRuns: score, pred, trim, order
	diags       []int32 // chainRuns: first and next run per diagonal
	flags       []bool  // chainRuns: continued, used; choose: taken
	ends        []int32
	chains      []chain
	segs        []seg // the segments of the chains
	pieces, cur []seg // cut: the segments of the pieces; the one being cut
	q           []chain
	maskA       []uint64 // Rewritten: the texts with taken passages masked
	maskB       []uint64
}

// Passages is PassagesIndexed(a, b, ia, ib, opt), with a's buffers.
func (al *Aligner) Passages(a, b []uint64, ia, ib *Index, opt Options) []Match {
	opt = opt.withDefaults()
	var runs []seg
	if len(b) <= len(a) {
		if !ib.fits(len(b), opt) {
			ib = NewIndex(b, opt)
		}
		runs = al.seedRuns(a, b, ib, opt.Seed)
	} else {
		// Index the shorter text.
		if !ia.fits(len(a), opt) {
			ia = NewIndex(a, opt)
		}
		runs = al.seedRuns(b, a, ia, opt.Seed)
		for i, r := range runs {
			runs[i].A, runs[i].B = r.B, r.A
		}
	}
	if len(runs) == 0 {
		return nil
	}
	runs = extendRuns(a, b, runs)
	chains := al.chainRuns(runs, opt.MaxGap)
	return al.choose(chains, len(a), len(b), opt)
}

// grow returns buf resized to n zero values, reusing its memory.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// seedKey hashes the k words starting at w[0].
func seedKey(w []uint64) uint64 {
	var h uint64
	for _, x := range w {
		h = (h ^ x) * 0x9e3779b97f4a7c15
		h ^= h >> 29
	}
	return h
}

// seedIndex maps the seeds of a text to where they occur: an open-addressing
// hash table of seed keys whose slots point into one array of positions,
// grouped by slot and increasing within each group. A slot keeps 32 bits
// of its key: positions of another seed with the same bits are told apart
// by comparing the words.
type seedIndex struct {
	shift uint // 64 minus the table's size in bits
	slots []seedSlot
	pos   []int32
}

type seedSlot struct {
	key   uint32
	start int32 // the first of its positions in pos
	count int32 // how many positions; 0 if the slot is empty
}

func (x *seedIndex) slot(key uint64) *seedSlot { return &x.slots[x.slotOf(key)] }

// slotOf returns the index of key's slot: the slot that holds it, or the
// empty one where it would go.
func (x *seedIndex) slotOf(key uint64) int32 {
	mask := len(x.slots) - 1
	s := int((key * 0x9e3779b97f4a7c15) >> x.shift)
	for x.slots[s].count > 0 && x.slots[s].key != uint32(key) {
		s = (s + 1) & mask
	}
	return int32(s)
}

// newSeedIndex indexes the k-word seeds of b.
func newSeedIndex(b []uint64, k int) *seedIndex {
	m := len(b) - k + 1
	bits := uint(1)
	for 3<<bits < 4*m { // at most three slots in four used
		bits++
	}
	x := &seedIndex{
		shift: 64 - bits,
		slots: make([]seedSlot, 1<<bits),
		pos:   make([]int32, m),
	}
	slots := make([]int32, m) // each position's slot
	for j := range m {
		key := seedKey(b[j : j+k])
		s := x.slotOf(key)
		x.slots[s].key = uint32(key)
		x.slots[s].count++
		slots[j] = s
	}
	next := int32(0)
	for i := range x.slots {
		if c := x.slots[i].count; c > 0 {
			x.slots[i].start = next
			next += c
		}
	}
	for j, s := range slots {
		sl := &x.slots[s]
		x.pos[sl.start] = int32(j)
		sl.start++
	}
	for i := range x.slots { // back to the first positions
		x.slots[i].start -= x.slots[i].count
	}
	return x
}

// lookup returns the positions of a seed, in increasing order.
func (x *seedIndex) lookup(key uint64) []int32 {
	s := x.slot(key)
	return x.pos[s.start : s.start+s.count]
}

// seedRuns finds exact common runs of at least k words: every seed of a is
// looked up among the seeds of b, and each hit not already inside a run is
// extended forward as far as the texts agree. Seeds that lie wholly inside
// a run found before are not looked up: their words are matched already.
func (al *Aligner) seedRuns(a, b []uint64, ix *Index, k int) []seg {
	if len(a) < k || len(b) < k {
		return nil
	}
	idx := ix.x
	runs := al.runs[:0]
	defer func() { al.runs = runs[:0] }()
	// open[d+len(a)] is one more than the index in runs of the latest run
	// on diagonal d, or 0.
	al.open = grow(al.open, len(a)+len(b)+1)
	open := al.open
	lastDiag := 0 // diagonal of the alignment being followed
	covered := 0  // end in a of the furthest run so far
	for i := 0; i+k <= len(a); i++ {
		if i+k <= covered {
			continue
		}
		occ := idx.lookup(seedKey(a[i : i+k]))
		if len(occ) > maxOccur {
			p := i + lastDiag
			c, _ := slices.BinarySearch(occ, int32(min(max(p, 0), len(b))))
			s := min(max(c-maxOccur/2, 0), len(occ)-maxOccur)
			occ = occ[s : s+maxOccur]
		}
		best, bestLen := 0, -1
		for _, jj := range occ {
			j := int(jj)
			d := j - i
			if r := open[d+len(a)] - 1; r >= 0 && runs[r].A+runs[r].N >= i+k {
				continue // inside a run found before
			}
			if !slices.Equal(a[i:i+k], b[j:j+k]) {
				continue // a collision of seed keys
			}
			r := seg{i, j, k}
			for r.A+r.N < len(a) && r.B+r.N < len(b) && a[r.A+r.N] == b[r.B+r.N] {
				r.N++
			}
			runs = append(runs, r)
			open[d+len(a)] = int32(len(runs))
			covered = max(covered, r.A+r.N)
			if r.N > bestLen {
				best, bestLen = d, r.N
			}
		}
		if bestLen >= 0 {
			lastDiag = best
		}
	}
	return runs
}

// extendRuns makes every run maximal on its diagonal, extending it word by
// word backward (a run whose first seed was not looked up, because it lay
// inside another run or was too frequent, starts late) and forward, and
// merges runs that then meet. The result is sorted by diagonal, then A;
// runs on one diagonal do not overlap.
func extendRuns(a, b []uint64, runs []seg) []seg {
	slices.SortFunc(runs, func(x, y seg) int {
		if c := cmp.Compare(x.diag(), y.diag()); c != 0 {
			return c
		}
		return cmp.Compare(x.A, y.A)
	})
	out := runs[:0]
	forward := func(r *seg) {
		for r.A+r.N < len(a) && r.B+r.N < len(b) && a[r.A+r.N] == b[r.B+r.N] {
			r.N++
		}
	}
	for _, r := range runs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.diag() == r.diag() && r.A <= last.A+last.N {
				last.N = max(last.N, r.A+r.N-last.A)
				forward(last)
				continue
			}
		}
		for r.A > 0 && r.B > 0 && a[r.A-1] == b[r.B-1] {
			r.A, r.B, r.N = r.A-1, r.B-1, r.N+1
		}
		forward(&r)
		out = append(out, r)
	}
	return out
}

// chain is a candidate passage: exact runs in increasing order in both
// texts, none overlapping, with gaps of at most MaxGap words between them.
type chain struct {
	segs []seg
	same int
}

func (c *chain) a() Range {
	l := c.segs[len(c.segs)-1]
	return Range{c.segs[0].A, l.A + l.N}
}

func (c *chain) b() Range {
	l := c.segs[len(c.segs)-1]
	return Range{c.segs[0].B, l.B + l.N}
}

// chainRuns links runs into chains by dynamic programming: each run's best
// chain ends with the run and continues the best chain of a run before it
// in both texts, at most maxGap words away on either side. Where runs on
// different diagonals overlap, the later one loses its overlapping words.
// It returns one chain per run that no other run continues, each run in
// exactly one chain, best chains first.
func (al *Aligner) chainRuns(runs []seg, maxGap int) []chain {
	n := len(runs)
	al.ints = grow(al.ints, 4*n)
	score, pred, trim, order := al.ints[:n], al.ints[n:2*n], al.ints[2*n:3*n], al.ints[3*n:]
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(runs[x].A, runs[y].A); c != 0 {
			return c
		}
		return cmp.Compare(runs[x].B, runs[y].B)
	})
	// Runs on diagonal d are runs[first[d-lo]:first[d-lo+1]], sorted by
	// A; next[d-lo] is the first of them not before the run being chained.
	// lo and hi bound the diagonals of the runs, which copies keep close
	// together.
	lo, hi := runs[0].diag(), runs[0].diag()
	for _, r := range runs {
		lo, hi = min(lo, r.diag()), max(hi, r.diag())
	}
	al.diags = grow(al.diags, 2*(hi-lo+2))
	first, next := al.diags[:hi-lo+2], al.diags[hi-lo+2:]
	for _, r := range runs {
		first[r.diag()-lo+1]++
	}
	for d := 1; d < len(first); d++ {
		first[d] += first[d-1]
	}
	copy(next, first)
	for _, i := range order {
		r := runs[i]
		score[i], pred[i], trim[i] = int32(r.N), -1, 0
		// A predecessor lies at most maxGap diagonals away, since the
		// diagonals differ by the difference of the two gaps.
		for d := max(r.diag()-maxGap, lo) - lo; d <= min(r.diag()+maxGap, hi)-lo; d++ {
			for next[d] < first[d+1] && runs[next[d]].A < r.A {
				next[d]++
			}
			for pi := int(next[d]) - 1; pi >= int(first[d]); pi-- {
				p := runs[pi]
				if p.A+p.N < r.A-maxGap {
					break
				}
				if p.B >= r.B || p.A+p.N >= r.A+r.N {
					continue
				}
				t := max(0, p.A+p.N-r.A, p.B+p.N-r.B)
				if t >= r.N {
					continue
				}
				ga, gb := r.A+t-(p.A+p.N), r.B+t-(p.B+p.N)
				if ga > maxGap || gb > maxGap {
					continue
				}
				if s := int(score[pi]) + r.N - t; s > int(score[i]) {
					score[i], pred[i], trim[i] = int32(s), int32(pi), int32(t)
				}
			}
		}
	}

	al.flags = grow(al.flags, 2*n)
	continued, used := al.flags[:n], al.flags[n:]
	for _, p := range pred {
		if p >= 0 {
			continued[p] = true
		}
	}
	ends := al.ends[:0]
	for _, i := range order {
		if !continued[i] {
			ends = append(ends, i)
		}
	}
	al.ends = ends
	slices.SortStableFunc(ends, func(x, y int32) int { return cmp.Compare(score[y], score[x]) })

	// Several chains may share a prefix; the best of them keeps it. Each
	// run is in one chain, so the chains' segments fit in n.
	al.segs = grow(al.segs, n)
	free := al.segs
	chains := al.chains[:0]
	for _, e := range ends {
		var c chain
		k := 0
		for i := e; i >= 0 && !used[i]; i = pred[i] {
			used[i] = true
			s := runs[i]
			if p := pred[i]; p >= 0 && !used[p] {
				s = seg{s.A + int(trim[i]), s.B + int(trim[i]), s.N - int(trim[i])}
			}
			free[k] = s
			k++
			c.same += s.N
		}
		c.segs = free[:k:k]
		free = free[k:]
		slices.Reverse(c.segs)
		chains = append(chains, c)
	}
	al.chains = chains
	return chains
}

// before orders chains as choose takes them: most words matched first,
// then earliest in a, then earliest in b. No two chains start at the same
// place, so the order is total.
func before(x, y *chain) bool {
	if x.same != y.same {
		return x.same > y.same
	}
	if ax, ay := x.segs[0].A, y.segs[0].A; ax != ay {
		return ax < ay
	}
	return x.segs[0].B < y.segs[0].B
}

// push and pop keep q a binary heap under before.
func push(q []chain, c chain) []chain {
	q = append(q, c)
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !before(&q[i], &q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
	return q
}

func pop(q []chain) (chain, []chain) {
	top := q[0]
	n := len(q) - 1
	q[0] = q[n]
	q = q[:n]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < n && before(&q[l], &q[m]) {
			m = l
		}
		if l+1 < n && before(&q[l+1], &q[m]) {
			m = l + 1
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	return top, q
}

// choose picks non-overlapping passages from the chains, greedily by words
// matched. A chain that runs into a passage already taken is cut there, and
// its pieces compete again with what they have left.
func (al *Aligner) choose(chains []chain, n, m int, opt Options) []Match {
	q := al.q[:0]
	for _, c := range chains {
		if c.same >= opt.MinWords {
			q = push(q, c)
		}
	}
	al.flags = grow(al.flags, n+m)
	takenA, takenB := al.flags[:n], al.flags[n:]
	al.pieces = al.pieces[:0]
	var out []Match
	var pieces []chain
	for len(q) > 0 {
		var c chain
		c, q = pop(q)
		pieces = al.cut(c, takenA, takenB, pieces[:0])
		if len(pieces) == 1 && pieces[0].same == c.same {
			ra, rb := c.a(), c.b()
			for i := ra.Start; i < ra.End; i++ {
				takenA[i] = true
			}
			for j := rb.Start; j < rb.End; j++ {
				takenB[j] = true
			}
			out = append(out, Match{A: ra, B: rb, Same: c.same})
			continue
		}
		for _, p := range pieces {
			if p.same >= opt.MinWords {
				q = push(q, p)
			}
		}
	}
	al.q = q
	slices.SortFunc(out, func(x, y Match) int { return cmp.Compare(x.A.Start, y.A.Start) })
	return out
}

// cut splits a chain wherever a word of it, or of a gap inside it, is
// already taken in a or in b, and appends the pieces left to out. Their
// segments are kept in al.pieces.
func (al *Aligner) cut(c chain, takenA, takenB []bool, out []chain) []chain {
	cur := chain{segs: al.cur[:0]}
	flush := func() {
		if len(cur.segs) > 0 {
			start := len(al.pieces)
			al.pieces = append(al.pieces, cur.segs...)
			out = append(out, chain{segs: al.pieces[start:len(al.pieces):len(al.pieces)], same: cur.same})
		}
		al.cur = cur.segs[:0]
		cur = chain{segs: al.cur}
	}
	for _, s := range c.segs {
		if len(cur.segs) > 0 {
			p := cur.segs[len(cur.segs)-1]
			if anyTaken(takenA, p.A+p.N, s.A) || anyTaken(takenB, p.B+p.N, s.B) {
				flush()
			}
		}
		for i := 0; i < s.N; {
			if takenA[s.A+i] || takenB[s.B+i] {
				flush()
				i++
				continue
			}
			j := i + 1
			for j < s.N && !takenA[s.A+j] && !takenB[s.B+j] {
				j++
			}
			cur.segs = append(cur.segs, seg{s.A + i, s.B + i, j - i})
			cur.same += j - i
			i = j
		}
	}
	flush()
	return out
}

func anyTaken(taken []bool, from, to int) bool {
	for i := from; i < to; i++ {
		if taken[i] {
			return true
		}
	}
	return false
}
