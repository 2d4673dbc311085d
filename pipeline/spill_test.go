package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMergeWeights checks the merge of the partitions' pair weights
// against summing them all at once, with pairs shared by several
// partitions, empty partitions and saturating weights.
func TestMergeWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, nparts := range []int{0, 1, 2, 7, 64} {
		var parts []weighted
		var allPairs []uint64
		var allWs []uint32
		for range nparts {
			n := rng.IntN(200)
			if rng.IntN(4) == 0 {
				n = 0
			}
			var ps []uint64
			var ws []uint32
			for range n {
				a := rng.Uint64N(30)
				ps = append(ps, a<<32|(a+1+rng.Uint64N(30)))
				w := uint32(rng.IntN(3))<<16 | uint32(rng.IntN(40000))
				ws = append(ws, w)
			}
			allPairs = append(allPairs, ps...)
			allWs = append(allWs, ws...)
			parts = append(parts, sumWeights(ps, ws))
		}
		want := sumWeights(allPairs, allWs)
		var got weighted
		mergeWeights(parts, func(p uint64, w uint32) {
			got.pairs = append(got.pairs, p)
			got.ws = append(got.ws, w)
		})
		if !slices.Equal(got.pairs, want.pairs) || !slices.Equal(got.ws, want.ws) {
			t.Errorf("%d parts: merged %d pairs, want %d; weights differ: %v", nparts, len(got.pairs), len(want.pairs), !slices.Equal(got.ws, want.ws))
		}
	}
}
