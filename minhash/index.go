package minhash

import (
	"cmp"
	"slices"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// Index is a batch LSH index: add every document's signature, then list
// the candidate pairs once. It stores one (key, doc) entry per band of
// each document in two flat slices, 12 bytes per entry, and sorts them in
// place to find the buckets. It is not safe for concurrent use. The zero
// Index has zero Params and indexes nothing: make one with NewIndex.
type Index struct {
	// MaxBucket bounds the pairs one bucket gives: a bucket with more
	// than MaxBucket documents pairs each of them only with its lowest
	// document, instead of all pairs among them (quadratic in the bucket
	// size). Zero means no limit.
	MaxBucket int

	p       Params
	keys    []uint64 // band keys, one per band of each document
	docs    []uint32 // docs[i] is the document of keys[i]
	scratch []uint64
}

// NewIndex returns an empty index that bands signatures with p.
func NewIndex(p Params) *Index { return &Index{p: p} }

// Add adds document doc with signature sig. Signatures of empty sets, or
// shorter than Bands*Rows, are not indexed: they are candidates with
// nothing.
func (ix *Index) Add(doc uint32, sig Signature) {
	ix.scratch = ix.p.Keys(sig, ix.scratch)
	ix.AddKeys(doc, ix.scratch)
}

// AddKeys adds document doc with its band keys, as Params.Keys made them
// for the index's parameters: callers that sign in parallel make the keys
// there and add them here.
func (ix *Index) AddKeys(doc uint32, keys []uint64) {
	ix.keys = append(ix.keys, keys...)
	ix.docs = slices.Grow(ix.docs, len(keys))
	for range keys {
		ix.docs = append(ix.docs, doc)
	}
}

// Grow makes room for n more (band key, document) entries: Bands for
// each document to be added.
func (ix *Index) Grow(n int) {
	ix.keys = slices.Grow(ix.keys, n)
	ix.docs = slices.Grow(ix.docs, n)
}

// Len returns the number of (band key, document) entries in the index.
func (ix *Index) Len() int { return len(ix.keys) }

// Pairs calls fn for every candidate pair of documents, those that share
// at least one band key, once each, with a < b, in ascending order of
// (a, b). A document added twice is not paired with itself. The index
// stays usable: more documents may be added and Pairs called again.
func (ix *Index) Pairs(fn func(a, b uint32)) {
	hash64.Sort(ix.keys, ix.docs)
	var pairs []uint64
	keys, docs := ix.keys, ix.docs
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		BucketPairs(docs[i:j], ix.MaxBucket, func(a, b uint32) {
			pairs = append(pairs, uint64(a)<<32|uint64(b))
		})
		i = j
	}
	hash64.Sort(pairs, nil)
	pairs = slices.Compact(pairs)
	for _, p := range pairs {
		fn(uint32(p>>32), uint32(p))
	}
}

// BucketPairs calls fn for the candidate pairs of one bucket, given its
// documents in ascending order (a document may repeat): every pair of
// distinct documents, a < b, or, when the bucket holds more than
// maxBucket distinct documents (maxBucket > 0), each document paired with
// the lowest only. It is the rule of Index.Pairs for a single bucket.
func BucketPairs[D cmp.Ordered](bucket []D, maxBucket int, fn func(a, b D)) {
	if len(bucket) < 2 {
		return
	}
	m := 1
	for k, d := range bucket[1:] {
		if d != bucket[k] {
			m++
		}
	}
	switch {
	case m < 2:
	case maxBucket > 0 && m > maxBucket:
		low := bucket[0]
		for k, d := range bucket[1:] {
			if d != bucket[k] {
				fn(low, d)
			}
		}
	default:
		for a, x := range bucket {
			if a > 0 && x == bucket[a-1] {
				continue
			}
			for b, y := range bucket[a+1:] {
				if y != x && y != bucket[a+b] {
					fn(x, y)
				}
			}
		}
	}
}
