package shingle

import (
	"slices"
	"testing"
)

// The word hash and the shingle hash are a file format: archives store
// signatures and fingerprints made with them, and a changed hash would make
// every archived article match nothing. These answers are literal, not
// computed by the package: if one changes, the change is a new hash
// version (hash64.Version) and archives must be indexed again.
func TestHashKnownAnswers(t *testing.T) {
	const seed = 0x77697265747261 // the seed of every signature wiretrace makes
	// Case, the typographic apostrophe and punctuation are folded away:
	// the words are "the", "wire's", "copy", "verbatim".
	toks := Tokenize("The Wire’s copy, VERBATIM.", seed)
	words := []uint64{0x3b5f2ed25c517f8a, 0x570fffab64bab88c, 0x5e17b11a2cba57f9, 0xc7e9b8ab5d6f6ccf}
	if !slices.Equal(toks.Hashes, words) {
		t.Errorf("word hashes = %#x, want %#x", toks.Hashes, words)
	}
	if got := Tokenize("the wire's copy verbatim", seed).Hashes; !slices.Equal(got, words) {
		t.Errorf("word hashes of the folded text = %#x, want %#x", got, words)
	}
	shingles := []uint64{0x179237ddcefee59b, 0xac7551da94293bfe}
	if got := Shingles(words, 3, nil); !slices.Equal(got, shingles) {
		t.Errorf("Shingles(words, 3) = %#x, want %#x", got, shingles)
	}
}
