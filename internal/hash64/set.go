package hash64

// Set is a set of hashes, for fast membership tests: a sorted slice with
// an index by the top bits. It is read-only once made, so safe for
// concurrent use.
type Set struct {
	hs  []uint64
	idx []uint32 // hs[idx[t]:idx[t+1]] are the hashes whose top bits are t
}

// setBits is how many top bits of a hash index a Set: a 4 MB
// index, with a few fingerprints under each entry for millions in all.
const setBits = 20

// NewSet makes the set of the sorted hashes hs, which it keeps.
func NewSet(hs []uint64) *Set {
	r := &Set{hs: hs, idx: make([]uint32, 1<<setBits+1)}
	t := 0
	for i, h := range hs {
		for ; t <= int(h>>(64-setBits)); t++ {
			r.idx[t] = uint32(i)
		}
	}
	for ; t <= 1<<setBits; t++ {
		r.idx[t] = uint32(len(hs))
	}
	return r
}

// Has reports whether h is in the set.
func (r *Set) Has(h uint64) bool {
	t := h >> (64 - setBits)
	for _, x := range r.hs[r.idx[t]:r.idx[t+1]] {
		if x >= h {
			return x == h
		}
	}
	return false
}
