package verify

import (
	"slices"
	"testing"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/shingle"
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
			[]Print{{Hash: 10, Pos: 2, Known: true, Recurs: true}, {Hash: 99, Pos: 8, Known: true}, {Hash: 20, Pos: 20, Known: true, Recurs: true}, {Hash: 98, Pos: 30, Known: true}}, true, true},
		{"shared fingerprints are its own", marks(40, 5, 30),
			[]Print{{Hash: 10, Pos: 2, Known: true}, {Hash: 20, Pos: 20, Known: true}, {Hash: 97, Pos: 25, Known: true, Recurs: true}}, false, true},
		{"shared fingerprints outside the passage", marks(40, 5, 30),
			[]Print{{Hash: 10, Pos: 45, Known: true, Recurs: true}}, false, true},
		{"shared fingerprints, no marks", nil,
			[]Print{{Hash: 30, Pos: 0, Known: true, Recurs: true}}, true, true},
	}
	for _, tc := range tests {
		d := &Doc{Prints: tc.prints}
		if tc.marks != nil {
			d.marks = append(tc.marks, make([]uint8, 20)...) // words after the passage
		}
		got, known := recurs(d, align.Range{Start: 0, End: 40}, other, 8)
		if got != tc.want || known != tc.wantKnown {
			t.Errorf("%s: recurs = %v, known %v; want %v, %v", tc.name, got, known, tc.want, tc.wantKnown)
		}
	}
}

// TestMark checks that marking looks up each fingerprint once, marks the
// words each covers by what is known of it, and does nothing again.
func TestMark(t *testing.T) {
	d := &Doc{
		Tokens: shingle.Tokens{Hashes: make([]uint64, 10)},
		Prints: []Print{{Hash: 1, Pos: 0}, {Hash: 2, Pos: 2}, {Hash: 3, Pos: 7}, {Hash: 4, Pos: 8}},
		Width:  3,
	}
	calls := 0
	rec := func(h uint64) (bool, bool) {
		calls++
		return h == 2, h != 3
	}
	d.Mark(rec)
	want := []uint8{1, 1, 2, 2, 2, 0, 0, 0, 1, 1}
	if !slices.Equal(d.marks, want) {
		t.Errorf("marks %v, want %v", d.marks, want)
	}
	if calls != 4 {
		t.Errorf("%d lookups, want 4", calls)
	}
	if p := d.Prints[2]; p.Known || p.Recurs {
		t.Errorf("a fingerprint of unknown recurrence is marked %+v", p)
	}
	d.Mark(rec)
	if calls != 4 {
		t.Errorf("marking again looked up %d more", calls-4)
	}
	var e Doc
	e.Prints = d.Prints[:1]
	e.Mark(nil)
	if e.marks != nil {
		t.Errorf("marking with no lookup gave marks %v", e.marks)
	}
}
