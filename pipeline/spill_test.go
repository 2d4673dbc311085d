package pipeline

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSumWeights checks summing pair weights against a map, with pairs
// repeated many times and weights that saturate.
func TestSumWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{0, 1, 2, 50, 5000} {
		var ps []uint64
		var ws []uint32
		want := map[uint64]uint32{}
		for range n {
			a := rng.Uint64N(30)
			p := a<<32 | (a + 1 + rng.Uint64N(30))
			w := uint32(rng.IntN(3))<<16 | uint32(rng.IntN(40000))
			ps, ws = append(ps, p), append(ws, w)
			want[p] = add(want[p], w)
		}
		got := sumWeights(ps, ws)
		if len(got.pairs) != len(want) || !slices.IsSorted(got.pairs) {
			t.Errorf("%d entries: %d pairs, sorted %v; want %d", n, len(got.pairs), slices.IsSorted(got.pairs), len(want))
			continue
		}
		for i, p := range got.pairs {
			if got.ws[i] != want[p] {
				t.Errorf("%d entries: pair %x weighs %x, want %x", n, p, got.ws[i], want[p])
				break
			}
		}
	}
}

// TestGroup checks grouping through the spill files against a model that
// groups the same entries in a map: candidates, held-back pairs and
// recurring prefixes, with documents that were not kept, fingerprints
// that differ only below the prefix, and every worker count.
func TestGroup(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const ndocs, maxDocs = 400, 6
	// Fingerprints held by a few documents each, by pairs of neighbours,
	// by every fourth document (chrome), and one of each document's own.
	few := make([][]uint64, ndocs) // by sequence number
	for range 300 {
		h := rng.Uint64()
		for range 3 + rng.IntN(3) {
			seq := rng.IntN(ndocs)
			few[seq] = append(few[seq], h)
		}
	}
	chrome := make([]uint64, 30)
	for i := range chrome {
		chrome[i] = rng.Uint64()
	}
	// Reading sequence numbers map to documents in another order; every
	// tenth was not kept.
	seqDoc := make([]int32, ndocs)
	perm := rng.Perm(ndocs)
	for seq := range seqDoc {
		seqDoc[seq] = int32(perm[seq])
		if seq%10 == 3 {
			seqDoc[seq] = -1
		}
	}
	prints := make([][]uint64, ndocs) // by sequence number
	for seq := range prints {
		prints[seq] = append(prints[seq], rng.Uint64())
		prints[seq] = append(prints[seq], few[seq]...)
		if seq%4 == 0 {
			prints[seq] = append(prints[seq], chrome...)
		}
		if seq%7 == 0 && seq+1 < ndocs {
			for range 1 + rng.IntN(3) {
				h := rng.Uint64()
				prints[seq] = append(prints[seq], h)
				prints[seq+1] = append(prints[seq+1], h)
				if seq%3 == 0 {
					// Another fingerprint with the same prefix, in
					// both documents or in one.
					twin := h ^ uint64(rng.IntN(1<<20)+1)
					prints[seq+seq%2] = append(prints[seq+seq%2], twin)
				}
			}
		}
	}
	nprints := make([]int32, ndocs) // by document
	for seq, ps := range prints {
		slices.Sort(ps)
		prints[seq] = slices.Compact(ps)
		if d := seqDoc[seq]; d >= 0 {
			nprints[d] = int32(len(prints[seq]))
		}
	}

	// The model.
	holders := map[uint64][]uint32{}
	for seq, ps := range prints {
		d := seqDoc[seq]
		if d < 0 {
			continue
		}
		for _, h := range ps {
			k := prefix(h)
			if hs := holders[k]; len(hs) == 0 || hs[len(hs)-1] != uint32(d) {
				holders[k] = append(hs, uint32(d))
			}
		}
	}
	weights := map[uint64]uint32{}
	var wantRec []uint64
	for k, hs := range holders {
		hs = slices.Compact(slices.Sorted(slices.Values(hs)))
		n := len(hs)
		if n >= 3 {
			wantRec = append(wantRec, k)
		}
		if n < 2 || n > maxDocs {
			continue
		}
		w := uint32(1)
		if n == 2 {
			w = rareOne
		}
		for x := range hs {
			for y := x + 1; y < n; y++ {
				p := uint64(hs[x])<<32 | uint64(hs[y])
				weights[p] = add(weights[p], w)
			}
		}
	}
	slices.Sort(wantRec)
	var wantCands, wantHeld []uint64
	for p, w := range weights {
		a, b := p>>32, uint32(p)
		switch {
		case keep(w, int(min(nprints[a], nprints[b]))):
			wantCands = append(wantCands, p)
		case w>>16+w&0xffff >= 2:
			wantHeld = append(wantHeld, p)
		}
	}
	slices.Sort(wantCands)
	slices.Sort(wantHeld)
	if len(wantCands) == 0 || len(wantHeld) == 0 || len(wantRec) == 0 {
		t.Fatalf("the model has %d candidates, %d held, %d recurring: the test needs some of each", len(wantCands), len(wantHeld), len(wantRec))
	}

	for _, workers := range []int{1, 2, 3} {
		s := spillOf(t, prints)
		cands, held, rec, err := s.group(seqDoc, nprints, maxDocs, workers, nopProgress{})
		s.remove()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cands, wantCands) {
			t.Errorf("%d workers: %d candidates, want %d", workers, len(cands), len(wantCands))
		}
		if !slices.Equal(held, wantHeld) {
			t.Errorf("%d workers: %d held back, want %d", workers, len(held), len(wantHeld))
		}
		if !slices.Equal(rec, wantRec) {
			t.Errorf("%d workers: %d recurring, want %d", workers, len(rec), len(wantRec))
		}
		r := NewRecurring(rec)
		for _, k := range wantRec {
			if !r.Has(prefix(k | 0xfff)) {
				t.Errorf("%d workers: recurring prefix %x not found", workers, k)
				break
			}
		}
	}
}

// TestChunk checks that chunks keep groups whole, with their held-back
// pairs, and cut only groups larger than the cut.
func TestChunk(t *testing.T) {
	const n, cut = 16, 100
	sizes := []int{3, 5, 40, 10, 250, 1, 16, 17, 100, 101, 2}
	var groups []group
	var all [][2]uint32
	next := uint32(0)
	for gi, size := range sizes {
		var g group
		for range size {
			g.pairs = append(g.pairs, [2]uint32{next, next + 1})
			next++
		}
		g.held = [][2]uint32{{uint32(gi), uint32(gi)}}
		all = append(all, g.pairs...)
		groups = append(groups, g)
	}
	ws, apart := chunk(groups, n, cut)
	var got [][2]uint32
	held := map[uint32]bool{}
	for _, w := range ws {
		if len(w) > 1 && w.npairs() > n {
			t.Errorf("a chunk of %d groups has %d pairs, more than %d", len(w), w.npairs(), n)
		}
		if len(w) == 1 && len(w[0].pairs) > cut {
			t.Errorf("a piece of %d pairs, more than the cut %d", len(w[0].pairs), cut)
		}
		for _, p := range w {
			got = append(got, p.pairs...)
			for _, h := range p.held {
				held[h[0]] = true
			}
		}
	}
	if !slices.Equal(got, all) {
		t.Errorf("chunks hold %d pairs, not the %d of the groups in order", len(got), len(all))
	}
	for gi, size := range sizes {
		inApart := slices.Contains(apart, [2]uint32{uint32(gi), uint32(gi)})
		if size > cut != inApart || held[uint32(gi)] == inApart {
			t.Errorf("group of %d pairs: held-back pairs apart %v, in its chunk %v", size, inApart, held[uint32(gi)])
		}
	}
	var layout []string
	for _, w := range ws {
		var ns []string
		for _, p := range w {
			ns = append(ns, strconv.Itoa(len(p.pairs)))
		}
		layout = append(layout, strings.Join(ns, "+"))
	}
	want := "3+5 40 10 100 100 50 1 16 17 100 100 1 2"
	if got := strings.Join(layout, " "); got != want {
		t.Errorf("chunks %s, want %s", got, want)
	}
}

// spillOf writes prints[seq], the fingerprints of each reading sequence
// number, to a new spill in a temporary folder.
func spillOf(t testing.TB, prints [][]uint64) *spill {
	t.Helper()
	s, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := s.writer()
	for seq, ps := range prints {
		if err := w.add(uint32(seq), ps); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	return s
}
