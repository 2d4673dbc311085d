package family

import (
	"testing"

	"github.com/wiretrace/wiretrace/align"
)

// TestRecurs checks when a passage counts as recurring text: by the
// fingerprints both documents hold, or by the words fingerprints cover.
func TestRecurs(t *testing.T) {
	// marks builds per-word marks: n words, the first rec covered by
	// recurring fingerprints, the next own by others.
	marks := func(n, rec, own int) []uint8 {
		m := make([]uint8, n)
		for i := range rec {
			m[i] = 2
		}
		for i := rec; i < rec+own; i++ {
			m[i] = 1
		}
		return m
	}
	other := []uint64{10, 20, 30} // the other document's shingle set
	tests := []struct {
		name            string
		marks           []uint8
		prints          []Print
		want, wantKnown bool
	}{
		{"nothing known", nil, nil, false, false},
		{"no word covered", marks(40, 0, 0), nil, false, false},
		{"most covered words recur", marks(40, 25, 15), nil, true, true},
		{"few covered words are the article's own", marks(40, 3, 7), nil, true, true},
		{"a passage's worth of its own words", marks(40, 10, 20), nil, false, true},
		{"shared fingerprints recur, slot words do not", marks(40, 5, 30),
			[]Print{{Hash: 10, Pos: 2, Recurs: true}, {Hash: 99, Pos: 8}, {Hash: 20, Pos: 20, Recurs: true}, {Hash: 98, Pos: 30}}, true, true},
		{"shared fingerprints are its own", marks(40, 5, 30),
			[]Print{{Hash: 10, Pos: 2}, {Hash: 20, Pos: 20}, {Hash: 97, Pos: 25, Recurs: true}}, false, true},
		{"shared fingerprints outside the passage", marks(40, 5, 30),
			[]Print{{Hash: 10, Pos: 45, Recurs: true}}, false, true},
		{"shared fingerprints, no marks", nil,
			[]Print{{Hash: 30, Pos: 0, Recurs: true}}, true, true},
	}
	for _, tc := range tests {
		d := &Doc{Recurs: tc.marks, Prints: tc.prints}
		if tc.marks != nil {
			d.Recurs = append(tc.marks, make([]uint8, 20)...) // words after the passage
		}
		got, known := recurs(d, align.Range{Start: 0, End: 40}, other, 8)
		if got != tc.want || known != tc.wantKnown {
			t.Errorf("%s: recurs = %v, known %v; want %v, %v", tc.name, got, known, tc.want, tc.wantKnown)
		}
	}
}
