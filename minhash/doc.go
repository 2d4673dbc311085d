// Package minhash estimates the similarity of shingle sets and finds
// candidate pairs without comparing all pairs.
//
// It sits between shingle and align in the pipeline. Signatures use
// one-permutation hashing with optimal densification: one hash per
// shingle, whatever the signature length. An LSH index of bands and rows
// chosen for a Jaccard threshold finds near-duplicate candidates; winnowed
// fingerprints (local minima of shingle hashes) find pairs that share a
// passage, however different their sizes, with a stated guarantee.
//
// Candidates are only candidates: callers verify every pair exactly before
// reporting it.
//
// An empty set (a text with no words) has a signature that matches
// nothing, not even another empty one, and is never a candidate: empty
// texts would otherwise all look identical.
//
// Everything is seeded and deterministic, never drawn from the clock:
// the same shingles, length and seed give the same signature on every run
// and machine. The package holds no mutable global state and does no I/O;
// its functions are safe for concurrent use, an Index is not.
package minhash
