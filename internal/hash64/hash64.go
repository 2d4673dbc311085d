// Package hash64 holds what shingle and minhash share of 64-bit hashing:
// the constants, the finaliser that avalanches a hash, the spreading of a
// seed, and an in-place radix sort of hash keys. It holds no state.
package hash64

// Version is the version of the hashes of words, shingles, signatures,
// LSH keys and fingerprints. Archives store it and refuse another: bump it
// whenever any of them changes, as the known-answer tests of shingle,
// minhash and pipeline will show.
//
//  1. The first stored version.
//  2. Every shingle of a short article is a fingerprint
//     (verify.ShortWords), not only the winnowed ones.
const Version = 2

// Odd 64-bit constants of xxHash64, used as multipliers.
const (
	Prime1 = 0x9E3779B97F4A7C15
	Prime2 = 0xC2B2AE3D27D4EB4F
	Prime3 = 0x165667B19E3779F9
)

// Mix is the MurmurHash3 finaliser: a bijective avalanche of 64 bits.
func Mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xFF51AFD7ED558CCD
	h ^= h >> 33
	h *= 0xC4CEB9FE1A85EC53
	h ^= h >> 33
	return h
}

// Seed spreads a seed over 64 bits so that nearby seeds are unrelated.
func Seed(seed uint64) uint64 { return Mix(seed*Prime1 + Prime3) }
