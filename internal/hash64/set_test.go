package hash64

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSet(t *testing.T) {
	hs := []uint64{1, 5, 1 << 48, 1<<48 + 7, 3 << 60, ^uint64(0)}
	r := NewSet(hs)
	for _, h := range hs {
		if !r.Has(h) {
			t.Errorf("Has(%#x) = false, want true", h)
		}
	}
	for _, h := range []uint64{0, 2, 1<<48 + 1, 2 << 48, 3<<60 + 1, ^uint64(0) - 1} {
		if r.Has(h) {
			t.Errorf("Has(%#x) = true, want false", h)
		}
	}
	if NewSet(nil).Has(7) {
		t.Errorf("empty set has 7")
	}

	// Many random fingerprints: the filter never hides a member, and
	// what passes it is looked up.
	rng := rand.New(rand.NewPCG(3, 4))
	in := map[uint64]bool{}
	for len(in) < 100000 {
		in[rng.Uint64()] = true
	}
	hs = slices.Sorted(maps.Keys(in))
	r = NewSet(hs)
	for _, h := range hs {
		if !r.Has(h) {
			t.Fatalf("Has(%#x) = false for a member", h)
		}
	}
	for range 100000 {
		if h := rng.Uint64(); r.Has(h) != in[h] {
			t.Fatalf("Has(%#x) = %v, want %v", h, r.Has(h), in[h])
		}
	}

	// Winnowed fingerprints are the least hash of their window: mostly
	// small. A set of them is built and tested as fast as any.
	hs = hs[:0]
	for range 1 << 20 {
		hs = append(hs, winnowed(rng))
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	r = NewSet(hs)
	for _, h := range hs[:1000] {
		if !r.Has(h) {
			t.Fatalf("Has(%#x) = false for a member", h)
		}
	}
}

// winnowed returns the least of eight random hashes, as winnowing with a
// window of eight selects.
func winnowed(rng *rand.Rand) uint64 {
	m := rng.Uint64()
	for range 7 {
		m = min(m, rng.Uint64())
	}
	return m
}

func BenchmarkSet(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	hs := make([]uint64, 1<<20)
	for i := range hs {
		hs[i] = winnowed(rng)
	}
	slices.Sort(hs)
	r := NewSet(slices.Compact(hs))
	probe := make([]uint64, 4096)
	for i := range probe {
		probe[i] = winnowed(rng)
		if i%20 == 0 {
			probe[i] = hs[rng.IntN(len(hs))]
		}
	}
	for b.Loop() {
		for _, h := range probe {
			r.Has(h)
		}
	}
}
