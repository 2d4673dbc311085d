package minhash

import (
	"slices"
	"testing"
)

// LSH keys are stored in archives: pin them with literal answers (see
// shingle's TestHashKnownAnswers and hash64.Version).
func TestKeysKnownAnswer(t *testing.T) {
	keys := Params{Bands: 4, Rows: 2}.Keys(Signature{1, 2, 3, 4, 5, 6, 7, 8}, nil)
	want := []uint64{0x1b08267f0ece1d7d, 0x46969199abe4b32a, 0xa64b1db9682c0475, 0xfc3e097f7e272451}
	if !slices.Equal(keys, want) {
		t.Errorf("Keys of 4 bands of 2 rows = %#x, want %#x", keys, want)
	}
}
