package minhash

import (
	"math"
	"math/bits"
	"slices"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// Signature is a MinHash signature: one 32-bit value per position. Two
// signatures made with the same length and seed agree at each position
// with probability equal to the Jaccard similarity of their sets.
type Signature []uint32

// Empty is the value at every position of the signature of an empty set.
// Signatures of non-empty sets never hold it, and positions holding it
// match nothing, not even another empty signature: an empty text is
// similar to no other.
const Empty = math.MaxUint32

// Sign returns the n-position signature of a set of shingle hashes,
// reusing dst's storage. Repeated shingles count once.
//
// It uses one-permutation hashing with optimal densification (Shrivastava,
// ICML 2017): each shingle is hashed once, the hash picks a position and
// the smallest value per position is kept; a position no shingle fell in
// copies the value of the first non-empty position of a fixed probe
// sequence that depends only on the position and seed. The result is as
// accurate as n independent hash functions at the cost of one.
//
// Sign is deterministic: the same shingles (in any order), n and seed give
// the same signature on every run and machine. The signature of no
// shingles is n copies of Empty; n < 1 gives an empty signature.
func Sign(shingles []uint64, n int, seed uint64, dst Signature) Signature {
	if n < 1 {
		return dst[:0]
	}
	dst = slices.Grow(dst[:0], n)[:n]
	for i := range dst {
		dst[i] = Empty
	}
	if len(shingles) == 0 {
		return dst
	}
	s := hash64.Seed(seed)
	nn := uint64(n)
	for _, x := range shingles {
		h := hash64.Mix(x ^ s)
		bin := ((h >> 32) * nn) >> 32
		v := uint32(h)
		if v == Empty {
			v = Empty - 1
		}
		if v < dst[bin] {
			dst[bin] = v
		}
	}
	densify(dst, s)
	return dst
}

// densify fills the empty positions of sig, which has at least one
// non-empty position.
func densify(sig Signature, s uint64) {
	// Mark the positions that were empty before filling any, so that
	// probes only ever copy from positions a shingle fell in.
	var small [8]uint64
	empty := small[:]
	if words := (len(sig) + 63) / 64; words > len(small) {
		empty = make([]uint64, words)
	}
	any := false
	for i, v := range sig {
		if v == Empty {
			empty[i/64] |= 1 << (i % 64)
			any = true
		}
	}
	if !any {
		return
	}
	n := uint64(len(sig))
	for i := range sig {
		if empty[i/64]&(1<<(i%64)) == 0 {
			continue
		}
		sig[i] = sig[probe(empty, n, hash64.Mix(uint64(i)*hash64.Prime2^s))]
	}
}

// probe returns the first position of the probe sequence seeded by base
// that is not marked in empty. Each 64-bit hash of the sequence gives four
// 16-bit probes when n fits in 16 bits, one otherwise. A 16-bit probe
// favours some positions over others by at most one part in 2^16/n (1 in
// 512 for n = 128); the sequence depends only on the position and seed,
// which is what keeps the estimate unbiased.
func probe(empty []uint64, n, base uint64) uint64 {
	for attempt := uint64(1); ; attempt++ {
		h := hash64.Mix(base + attempt*hash64.Prime1)
		if n <= 1<<16 {
			for range 4 {
				j := ((h & 0xFFFF) * n) >> 16
				if empty[j/64]&(1<<(j%64)) == 0 {
					return j
				}
				h >>= 16
			}
			continue
		}
		j, _ := bits.Mul64(h, n)
		if empty[j/64]&(1<<(j%64)) == 0 {
			return j
		}
	}
}

// Similarity estimates the Jaccard similarity of the sets s and t were
// made from: the share of positions where they agree. Signatures of
// different lengths, empty signatures and signatures of empty sets have
// similarity 0.
func (s Signature) Similarity(t Signature) float64 {
	if len(s) != len(t) || len(s) == 0 {
		return 0
	}
	eq := 0
	for i, v := range s {
		if v == t[i] && v != Empty {
			eq++
		}
	}
	return float64(eq) / float64(len(s))
}
