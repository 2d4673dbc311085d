package shingle

import (
	"slices"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// Shingles appends to dst[:0] the hash of each run of k consecutive word
// hashes in words, in order, and returns it: len(words)-k+1 shingles. A
// text shorter than one shingle (0 < len(words) < k) gives one shingle of
// all its words, so that short texts are never empty sets; no words give
// no shingles. A k below 1 is taken as 1.
//
// The shingle hash depends on the order of the words and on their number.
func Shingles(words []uint64, k int, dst []uint64) []uint64 {
	dst = dst[:0]
	k = max(k, 1)
	n := len(words)
	if n == 0 {
		return dst
	}
	if n < k {
		return append(dst, shingleHash(words))
	}
	dst = slices.Grow(dst, n-k+1)
	for i := 0; i+k <= n; i++ {
		dst = append(dst, shingleHash(words[i:i+k]))
	}
	return dst
}

// shingleHash mixes word hashes in order into one 64-bit hash.
func shingleHash(ws []uint64) uint64 {
	h := uint64(len(ws))*hash64.Prime2 + hash64.Prime3
	for _, w := range ws {
		h = rotl(h^w, 29) * hash64.Prime1
	}
	return hash64.Mix(h)
}

// Set sorts shingles and removes repeats, in place, and returns the
// resulting set (a prefix of shingles).
func Set(shingles []uint64) []uint64 {
	hash64.Sort(shingles, nil)
	return slices.Compact(shingles)
}

// Overlap returns the number of elements a and b share. Both must be sets
// as returned by Set: sorted, without repeats.
func Overlap(a, b []uint64) int {
	n := 0
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch x, y := a[i], b[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Jaccard returns |a∩b| / |a∪b| of two sets as returned by Set. Two empty
// sets have Jaccard 0: an empty text resembles nothing.
func Jaccard(a, b []uint64) float64 {
	o := Overlap(a, b)
	u := len(a) + len(b) - o
	if u == 0 {
		return 0
	}
	return float64(o) / float64(u)
}

// Containment returns |a∩b| / |a|, the share of a found in b, of two sets
// as returned by Set. An empty a has containment 0.
func Containment(a, b []uint64) float64 {
	if len(a) == 0 {
		return 0
	}
	return float64(Overlap(a, b)) / float64(len(a))
}
