package minhash

import (
	"cmp"
	"slices"
)

// Index is a batch LSH index: add every document's signature, then list
// the candidate pairs once. It stores one (key, doc) entry per band of
// each document in a flat slice, 16 bytes each, and sorts it to find the
// buckets. It is not safe for concurrent use.
type Index struct {
	// MaxBucket bounds the pairs one bucket gives: a bucket with more
	// than MaxBucket documents pairs each of them only with its lowest
	// document, instead of all pairs among them (quadratic in the bucket
	// size). Zero means no limit.
	MaxBucket int

	p       Params
	entries []entry
	keys    []uint64
}

type entry struct {
	key uint64
	doc uint32
}

// NewIndex returns an empty index that bands signatures with p.
func NewIndex(p Params) *Index { return &Index{p: p} }

// Add adds document doc with signature sig. Signatures of empty sets, or
// shorter than Bands*Rows, are not indexed: they are candidates with
// nothing.
func (ix *Index) Add(doc uint32, sig Signature) {
	ix.keys = ix.p.Keys(sig, ix.keys)
	for _, k := range ix.keys {
		ix.entries = append(ix.entries, entry{k, doc})
	}
}

// Len returns the number of (band key, document) entries in the index.
func (ix *Index) Len() int { return len(ix.entries) }

// Pairs calls fn for every candidate pair of documents, those that share
// at least one band key, once each, with a < b, in ascending order of
// (a, b). A document added twice is not paired with itself. The index
// stays usable: more documents may be added and Pairs called again.
func (ix *Index) Pairs(fn func(a, b uint32)) {
	slices.SortFunc(ix.entries, func(x, y entry) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.doc, y.doc)
	})
	var pairs []uint64
	var docs []uint32
	e := ix.entries
	for i := 0; i < len(e); {
		j := i + 1
		for j < len(e) && e[j].key == e[i].key {
			j++
		}
		if j-i > 1 {
			docs = docs[:0]
			for _, x := range e[i:j] {
				if len(docs) == 0 || docs[len(docs)-1] != x.doc {
					docs = append(docs, x.doc)
				}
			}
			if ix.MaxBucket > 0 && len(docs) > ix.MaxBucket {
				for _, d := range docs[1:] {
					pairs = append(pairs, uint64(docs[0])<<32|uint64(d))
				}
			} else {
				for a := range docs {
					for _, d := range docs[a+1:] {
						pairs = append(pairs, uint64(docs[a])<<32|uint64(d))
					}
				}
			}
		}
		i = j
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	for _, p := range pairs {
		fn(uint32(p>>32), uint32(p))
	}
}
