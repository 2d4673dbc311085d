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
// reporting it. The package holds no global state and does no I/O.
package minhash
