package minhash

import (
	"math/rand/v2"
	"slices"
	"testing"
)

type pair struct{ a, b uint32 }

func collect(ix *Index) []pair {
	var out []pair
	ix.Pairs(func(a, b uint32) { out = append(out, pair{a, b}) })
	return out
}

// brutePairs lists the pairs of documents that share a band key.
func brutePairs(p Params, docs []uint32, sigs []Signature) []pair {
	seen := map[pair]bool{}
	for i := range docs {
		ki := p.Keys(sigs[i], nil)
		for j := range docs {
			if docs[i] >= docs[j] {
				continue
			}
			kj := p.Keys(sigs[j], nil)
			for b := range ki {
				if b < len(kj) && ki[b] == kj[b] {
					seen[pair{docs[i], docs[j]}] = true
				}
			}
		}
	}
	var out []pair
	for q := range seen {
		out = append(out, q)
	}
	slices.SortFunc(out, func(x, y pair) int {
		if x.a != y.a {
			return int(x.a) - int(y.a)
		}
		return int(x.b) - int(y.b)
	})
	return out
}

func TestIndexPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	p := Params{Bands: 16, Rows: 2}
	// Families of near-duplicates: each document is a base set with a
	// few shingles replaced, added in shuffled order.
	var docs []uint32
	var sigs []Signature
	for f := range 20 {
		base := make([]uint64, 40)
		for i := range base {
			base[i] = r.Uint64()
		}
		for m := range 1 + r.IntN(4) {
			set := slices.Clone(base)
			for range r.IntN(15) {
				set[r.IntN(len(set))] = r.Uint64()
			}
			docs = append(docs, uint32(f*10+m))
			sigs = append(sigs, Sign(set, 32, 1, nil))
		}
	}
	docs = append(docs, 1000) // an empty document: indexed nowhere
	sigs = append(sigs, Sign(nil, 32, 1, nil))
	order := r.Perm(len(docs))
	ix := NewIndex(p)
	for _, i := range order {
		ix.Add(docs[i], sigs[i])
	}
	ix.Add(docs[0], sigs[0]) // added twice: never paired with itself
	got := collect(ix)
	want := brutePairs(p, docs, sigs)
	if len(want) == 0 {
		t.Fatal("no candidate pairs: the test data is too weak")
	}
	if !slices.Equal(got, want) {
		t.Errorf("Pairs = %v, want %v", got, want)
	}
	// Pairs is repeatable, and the index keeps working after it.
	if again := collect(ix); !slices.Equal(again, got) {
		t.Errorf("second Pairs = %v, want %v", again, got)
	}
}

func TestIndexMaxBucket(t *testing.T) {
	p := Params{Bands: 1, Rows: 4}
	sig := Sign([]uint64{1, 2, 3}, 4, 0, nil)
	ix := NewIndex(p)
	for _, d := range []uint32{7, 3, 9, 5} {
		ix.Add(d, sig)
	}
	all := []pair{{3, 5}, {3, 7}, {3, 9}, {5, 7}, {5, 9}, {7, 9}}
	if got := collect(ix); !slices.Equal(got, all) {
		t.Errorf("Pairs with no MaxBucket = %v, want %v", got, all)
	}
	ix.MaxBucket = 4
	if got := collect(ix); !slices.Equal(got, all) {
		t.Errorf("Pairs with MaxBucket 4 and a bucket of 4 = %v, want %v", got, all)
	}
	ix.MaxBucket = 3
	star := []pair{{3, 5}, {3, 7}, {3, 9}}
	if got := collect(ix); !slices.Equal(got, star) {
		t.Errorf("Pairs with MaxBucket 3 and a bucket of 4 = %v, want %v", got, star)
	}
}

func TestIndexEmpty(t *testing.T) {
	ix := NewIndex(Optimal(0.5, 128))
	if got := collect(ix); len(got) != 0 {
		t.Errorf("Pairs of an empty index = %v", got)
	}
	ix.Add(1, Sign(nil, 128, 0, nil))
	ix.Add(2, Sign(nil, 128, 0, nil))
	if got := collect(ix); len(got) != 0 {
		t.Errorf("Pairs of two empty documents = %v, want none", got)
	}
	var zero Index // zero Params: indexes nothing, never panics
	zero.Add(1, Sign([]uint64{1}, 8, 0, nil))
	if got := collect(&zero); len(got) != 0 {
		t.Errorf("Pairs of a zero Index = %v, want none", got)
	}
}

func BenchmarkKeys(b *testing.B) {
	p := Optimal(0.5, 128)
	sig := Sign([]uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 128, 0, nil)
	var keys []uint64
	b.SetBytes(int64(4 * len(sig)))
	for b.Loop() {
		keys = p.Keys(sig, keys)
	}
}

// BenchmarkIndex adds 100,000 documents in families of near-duplicates
// and lists the candidate pairs.
func BenchmarkIndex(b *testing.B) {
	const docs = 100000
	p := Optimal(0.5, 128)
	r := rand.New(rand.NewPCG(1, 2))
	sigs := make([]Signature, docs)
	var base []uint64
	for d := range sigs {
		if d%5 == 0 {
			base = base[:0]
			for range 300 {
				base = append(base, r.Uint64())
			}
		}
		set := slices.Clone(base)
		for range r.IntN(100) {
			set[r.IntN(len(set))] = r.Uint64()
		}
		sigs[d] = Sign(set, 128, 0, nil)
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		ix := NewIndex(p)
		for d, s := range sigs {
			ix.Add(uint32(d), s)
		}
		n = 0
		ix.Pairs(func(a, b uint32) { n++ })
	}
	b.ReportMetric(float64(n), "pairs")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*docs), "ns/doc")
}
