package minhash

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteWinnow selects the rightmost minimum of every window, by
// definition.
func bruteWinnow(h []uint64, w int) []Print {
	w = max(w, 1)
	if len(h) == 0 {
		return nil
	}
	if len(h) < w {
		w = len(h)
	}
	sel := map[int]bool{}
	for l := 0; l+w <= len(h); l++ {
		m := l
		for i := l; i < l+w; i++ {
			if h[i] <= h[m] {
				m = i
			}
		}
		sel[m] = true
	}
	var out []Print
	for i := range h {
		if sel[i] {
			out = append(out, Print{h[i], int32(i)})
		}
	}
	return out
}

func TestWinnow(t *testing.T) {
	tests := []struct {
		name   string
		h      []uint64
		window int
		want   []Print
	}{
		{"empty", nil, 4, []Print{}},
		{"shorter than window", []uint64{5, 3, 3, 9}, 8, []Print{{3, 2}}},
		{"window 1 selects all", []uint64{5, 3, 9}, 1, []Print{{5, 0}, {3, 1}, {9, 2}}},
		{"ties rightmost", []uint64{2, 2, 2, 2}, 2, []Print{{2, 1}, {2, 2}, {2, 3}}},
		{"paper example", []uint64{77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98}, 4,
			[]Print{{17, 3}, {17, 6}, {8, 8}, {39, 11}, {17, 15}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Winnow(tt.h, tt.window, []Print{{1, 1}})
			if !slices.Equal(got, tt.want) {
				t.Errorf("Winnow(%v, %d) = %v, want %v", tt.h, tt.window, got, tt.want)
			}
		})
	}
}

func TestWinnowMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for range 3000 {
		n := r.IntN(60)
		alphabet := uint64(1 + r.IntN(20)) // small alphabets make ties
		h := make([]uint64, n)
		for i := range h {
			h[i] = r.Uint64N(alphabet)
		}
		w := r.IntN(10)
		got := Winnow(h, w, nil)
		if want := bruteWinnow(h, w); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("Winnow(%v, %d) = %v, want %v", h, w, got, want)
		}
	}
}

// TestWinnowGuarantee embeds a shared run of window shingles in two
// random sequences and checks that they always share a fingerprint.
func TestWinnowGuarantee(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for range 5000 {
		w := 1 + r.IntN(12)
		run := make([]uint64, w)
		for i := range run {
			run[i] = r.Uint64()
		}
		embed := func() []uint64 {
			pre, post := r.IntN(100), r.IntN(100)
			h := make([]uint64, 0, pre+w+post)
			for range pre {
				h = append(h, r.Uint64())
			}
			h = append(h, run...)
			for range post {
				h = append(h, r.Uint64())
			}
			return h
		}
		a, b := Winnow(embed(), w, nil), Winnow(embed(), w, nil)
		shared := false
		for _, p := range a {
			for _, q := range b {
				shared = shared || p.Hash == q.Hash
			}
		}
		if !shared {
			t.Fatalf("window %d: texts sharing the run %x share no fingerprint: %v and %v", w, run, a, b)
		}
	}
}

func BenchmarkWinnow(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	h := make([]uint64, 1000)
	for i := range h {
		h[i] = r.Uint64()
	}
	var prints []Print
	b.SetBytes(int64(8 * len(h)))
	for b.Loop() {
		prints = Winnow(h, 4, prints)
	}
}
