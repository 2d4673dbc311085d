package shuffle

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/wiretrace/wiretrace/internal/hash64"
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
			want[p] = Add(want[p], w)
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
// that differ only below the prefix, lead keys of long and short
// documents, and every worker count.
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
	// Lead keys: of long documents (two in three) and short ones, held by
	// a few documents each, and some by more than maxDocs.
	long := func(seq int) bool { return seq%3 != 0 }
	leads := make([][]uint64, ndocs) // by sequence number
	for i := range 240 {
		h := rng.Uint64()
		n := 2 + rng.IntN(4)
		if i%40 == 0 {
			n = maxDocs + 4
		}
		for range n {
			seq := rng.IntN(ndocs)
			leads[seq] = append(leads[seq], h)
		}
	}
	for seq, ks := range leads {
		slices.Sort(ks)
		leads[seq] = slices.Compact(ks)
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
			k := Prefix(h)
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
				weights[p] = Add(weights[p], w)
			}
		}
	}
	// A lead key pairs long holders with short ones only, and never
	// recurs.
	leadHolders := map[uint64][]int{} // by sequence number
	for seq, ks := range leads {
		if seqDoc[seq] < 0 {
			continue
		}
		for _, h := range ks {
			k := Prefix(h)
			if hs := leadHolders[k]; len(hs) == 0 || hs[len(hs)-1] != seq {
				leadHolders[k] = append(hs, seq)
			}
		}
	}
	leadPairs := 0
	for _, hs := range leadHolders {
		n := len(hs)
		if n < 2 || n > maxDocs {
			continue
		}
		w := uint32(1)
		if n == 2 {
			w = rareOne
		}
		for _, x := range hs {
			for _, y := range hs {
				if long(x) && !long(y) {
					a, b := min(seqDoc[x], seqDoc[y]), max(seqDoc[x], seqDoc[y])
					p := uint64(a)<<32 | uint64(b)
					weights[p] = Add(weights[p], w)
					leadPairs++
				}
			}
		}
	}
	if leadPairs == 0 {
		t.Fatal("the model's lead keys pair nothing: the test needs some")
	}
	slices.Sort(wantRec)
	var wantCands, wantHeld []uint64
	for p, w := range weights {
		a, b := p>>32, uint32(p)
		switch {
		case keep(w, int(min(nprints[a], nprints[b])), 1000):
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
		w := s.Writer()
		for seq, ks := range leads {
			if err := w.AddLeads(uint32(seq), ks, long(seq)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		cands, held, _, rec, err := s.Group(seqDoc, nprints, thousands(len(nprints)), maxDocs, workers, func() {})
		s.Remove()
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
		r := hash64.NewSet(rec)
		for _, k := range wantRec {
			if !r.Has(Prefix(k | 0xfff)) {
				t.Errorf("%d workers: recurring prefix %x not found", workers, k)
				break
			}
		}
	}
}

// spillOf writes prints[seq], the fingerprints of each reading sequence
// number, to a new spill in a temporary folder.
func spillOf(t testing.TB, prints [][]uint64) *Spill {
	t.Helper()
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := s.Writer()
	for seq, ps := range prints {
		if err := w.Add(uint32(seq), ps); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return s
}

// BenchmarkSpill writes the fingerprints of 20,000 articles of 120 each
// to a spill, a tenth of them shared by small groups of articles and a
// few by hundreds (page chrome), and groups them into candidate pairs.
func BenchmarkSpill(b *testing.B) {
	const docs, each = 20000, 120
	rng := rand.New(rand.NewPCG(5, 6))
	chrome := make([]uint64, 40)
	for i := range chrome {
		chrome[i] = rng.Uint64()
	}
	shared := make([]uint64, docs*each/10/4)
	for i := range shared {
		shared[i] = rng.Uint64()
	}
	prints := make([][]uint64, docs)
	for d := range prints {
		ps := make([]uint64, each)
		for i := range ps {
			switch {
			case d%3 == 0 && i < len(chrome):
				ps[i] = chrome[i]
			case i%10 == 0:
				ps[i] = shared[rng.IntN(len(shared))]
			default:
				ps[i] = rng.Uint64()
			}
		}
		slices.Sort(ps)
		prints[d] = slices.Compact(ps)
	}
	seqDoc := make([]int32, docs)
	nprints := make([]int32, docs)
	for d := range docs {
		seqDoc[d], nprints[d] = int32(d), int32(len(prints[d]))
	}
	b.SetBytes(docs * each * entrySize)
	for b.Loop() {
		s := spillOf(b, prints)
		if _, _, _, _, err := s.Group(seqDoc, nprints, thousands(len(nprints)), 64, 2, func() {}); err != nil {
			b.Fatal(err)
		}
		s.Remove()
	}
}

// thousands gives n documents of 1,000 words each: none short.
func thousands(n int) []int32 {
	ws := make([]int32, n)
	for i := range ws {
		ws[i] = 1000
	}
	return ws
}

// TestMaxDocs checks that a spill refuses a sequence number its entries
// cannot hold beside the flags of lead keys.
func TestMaxDocs(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Remove()
	w := s.Writer()
	for _, seq := range []int{0, MaxDocs - 1} {
		if err := CheckSeq(seq); err != nil {
			t.Errorf("CheckSeq(%d): %v, want nil", seq, err)
		}
		if err := w.Add(uint32(seq), []uint64{1}); err != nil {
			t.Errorf("Add(%d): %v, want nil", seq, err)
		}
	}
	for _, seq := range []int{-1, MaxDocs, math.MaxInt} {
		if err := CheckSeq(seq); err == nil {
			t.Errorf("CheckSeq(%d): nil, want an error", seq)
		}
	}
	if err := w.Add(MaxDocs, []uint64{1}); err == nil {
		t.Error("Add(MaxDocs): nil, want an error")
	}
	if err := w.AddLeads(MaxDocs, []uint64{1}, true); err == nil {
		t.Error("AddLeads(MaxDocs): nil, want an error")
	}
}
