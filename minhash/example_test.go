package minhash_test

import (
	"fmt"

	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/shingle"
)

func Example() {
	texts := []string{
		"The central bank raised interest rates by a quarter point on Tuesday, its third increase this year, citing stubborn inflation.",
		"The central bank raised interest rates by a quarter point on Tuesday, its third increase this year, citing persistent inflation.",
		"Heavy rain flooded several streets in the old town overnight, and the fire brigade pumped water out of dozens of cellars.",
	}
	const perm, seed = 128, 0
	p := minhash.Optimal(0.5, perm)
	fmt.Printf("bands %d, rows %d\n", p.Bands, p.Rows)

	ix := minhash.NewIndex(p)
	var sigs []minhash.Signature
	for doc, text := range texts {
		words := shingle.Tokenize(text, seed)
		set := shingle.Set(shingle.Shingles(words.Hashes, 3, nil))
		sig := minhash.Sign(set, perm, seed, nil)
		sigs = append(sigs, sig)
		ix.Add(uint32(doc), sig)
	}
	ix.Pairs(func(a, b uint32) {
		fmt.Printf("candidates %d and %d, estimated Jaccard %.2f\n", a, b, sigs[a].Similarity(sigs[b]))
	})

	// Winnowed fingerprints find shared passages whatever the sizes.
	words := shingle.Tokenize(texts[0], seed)
	prints := minhash.Winnow(shingle.Shingles(words.Hashes, 3, nil), 4, nil)
	fmt.Printf("%d shingles, %d fingerprints\n", len(words.Hashes)-2, len(prints))
	// Output:
	// bands 25, rows 5
	// candidates 0 and 1, estimated Jaccard 0.76
	// 18 shingles, 5 fingerprints
}
