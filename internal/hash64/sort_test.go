package hash64

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	gens := map[string]func() uint64{
		"uniform":  r.Uint64,
		"small":    func() uint64 { return r.Uint64N(50) },
		"top bits": func() uint64 { return r.Uint64N(4) << 62 },
		// One partition of a shuffle: the top 6 bits the same.
		"partition": func() uint64 { return 37<<58 | r.Uint64N(1<<58) },
		// Keys of 13 bits: digits that do not fall on byte boundaries.
		"13 bits":  func() uint64 { return r.Uint64N(1 << 13) },
		"mid bits": func() uint64 { return r.Uint64N(1<<12) << 30 },
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 24, 25, 31, 33, 100, 127, 128, 1000, 5000, 70000} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				keys := make([]uint64, n)
				docs := make([]uint32, n)
				type kd struct {
					k uint64
					d uint32
				}
				want := make([]kd, n)
				for i := range keys {
					keys[i], docs[i] = gen(), r.Uint32N(100)
					want[i] = kd{keys[i], docs[i]}
				}
				plain := slices.Clone(keys)
				slices.SortFunc(want, func(x, y kd) int {
					if x.k != y.k {
						if x.k < y.k {
							return -1
						}
						return 1
					}
					return int(x.d) - int(y.d)
				})
				Sort(keys, docs)
				for i := range want {
					if keys[i] != want[i].k || docs[i] != want[i].d {
						t.Fatalf("Sort: entry %d = (%x, %d), want (%x, %d)", i, keys[i], docs[i], want[i].k, want[i].d)
					}
				}
				wantPlain := slices.Clone(plain)
				slices.Sort(wantPlain)
				Sort(plain, nil)
				if !slices.Equal(plain, wantPlain) {
					t.Errorf("Sort(keys, nil) not sorted")
				}
			})
		}
	}
}

func BenchmarkSort(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 3))
	const n = 1 << 20
	src := make([]uint64, n)
	for i := range src {
		src[i] = r.Uint64()
	}
	keys := make([]uint64, n)
	docs := make([]uint32, n)
	b.Run("radix", func(b *testing.B) {
		b.SetBytes(12 * n)
		for b.Loop() {
			copy(keys, src)
			Sort(keys, docs)
		}
	})
	b.Run("pdqsort", func(b *testing.B) {
		b.SetBytes(8 * n)
		for b.Loop() {
			copy(keys, src)
			slices.Sort(keys)
		}
	})
}
