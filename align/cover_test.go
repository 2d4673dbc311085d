package align

import (
	"os"
	"slices"
	"testing"

	"github.com/wiretrace/wiretrace/shingle"
)

func TestClassify(t *testing.T) {
	// in builds a quotation mask of n words, quoted in [from, to).
	in := func(n, from, to int) []bool {
		out := make([]bool, n)
		for i := from; i < to; i++ {
			out[i] = true
		}
		return out
	}
	m := Match{A: Range{0, 20}, B: Range{10, 30}, Same: 20}
	tests := []struct {
		name     string
		inA, inB []bool
		want     Kind
	}{
		{"no quotations", in(20, 0, 0), in(40, 0, 0), Copied},
		{"quoted in both, short attribution", in(20, 0, 18), in(40, 10, 28), Quoted},
		{"quoted in a only", in(20, 0, 18), in(40, 0, 0), Quoted},
		{"quoted in b only", in(20, 0, 0), in(40, 10, 28), Quoted},
		{"copy running through a quotation", in(20, 4, 12), in(40, 14, 22), Copied},
		{"exactly minWords outside", in(20, 0, 12), in(40, 10, 22), Copied},
		{"one word short", in(20, 0, 13), in(40, 10, 22), Quoted},
		{"masks too short", nil, nil, Copied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(m, tt.inA, tt.inB, 8); got != tt.want {
				t.Errorf("Classify(%+v, inA, inB, 8) = %v, want %v", m, got, tt.want)
			}
		})
	}
	// Shorter than minWords: two texts of a line, the same word for word.
	short := Match{A: Range{0, 3}, B: Range{0, 3}, Same: 3}
	for _, tt := range []struct {
		name     string
		inA, inB []bool
		want     Kind
	}{
		{"a short line, no quotation", in(3, 0, 0), in(3, 0, 0), Copied},
		{"a short line, a word quoted in b", in(3, 0, 0), in(3, 2, 3), Quoted},
		{"a short quotation", in(3, 0, 3), in(3, 0, 3), Quoted},
	} {
		if got := Classify(short, tt.inA, tt.inB, 8); got != tt.want {
			t.Errorf("%s: Classify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestClassifySeeds aligns two independent reports that quote the same
// post: the quotations they share are quoted, the phrase they share
// outside quotation marks is copied (see testdata/README.md).
func TestClassifySeeds(t *testing.T) {
	read := func(name string) (string, shingle.Tokens, []bool) {
		b, err := os.ReadFile("../testdata/seeds/" + name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		tok := shingle.Tokenize(text, 1)
		return text, tok, Inside(tok.Spans, Quotes(text))
	}
	textA, ta, inA := read("002_5c712571f894106e.txt")
	textB, tb, inB := read("003_713ab721816cb750.txt")
	type passage struct {
		a, b string
		kind Kind
	}
	var got []passage
	for _, m := range Passages(ta.Hashes, tb.Hashes, Options{}) {
		got = append(got, passage{
			textA[ta.Spans[m.A.Start].Start:ta.Spans[m.A.End-1].End],
			textB[tb.Spans[m.B.Start].Start:tb.Spans[m.B.End-1].End],
			Classify(m, inA, inB, 8),
		})
	}
	want := []passage{
		{
			"U.S. envoy Steve Witkoff met with Russian President Vladimir Putin in St. Petersburg",
			"U.S. envoy Steve Witkoff met with Russian President Vladimir Putin in St. Petersburg",
			Copied,
		},
		{
			"Too many people are dying, thousands a week, in a terrible and senseless war",
			"Too many people are dying, thousands a week, in a terrible and senseless war",
			Quoted,
		},
		{
			"A war that should have never happened, and wouldn’t have happened, if I were President!!!” he",
			`A war that should have never happened, and wouldn't have happened, if I were President," he`,
			Quoted,
		},
	}
	if !slices.Equal(got, want) {
		t.Errorf("passages of 002 and 003 = %+v, want %+v", got, want)
	}
}

func TestCover(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		parts []Part
		want  []Kind
		runs  []Run
	}{
		{
			name: "nothing shared",
			n:    3,
			want: []Kind{Unique, Unique, Unique},
			runs: []Run{{Range{0, 3}, Unique}},
		},
		{
			name:  "copied beats quoted",
			n:     8,
			parts: []Part{{Range{1, 5}, Quoted}, {Range{3, 7}, Copied}, {Range{6, 8}, Quoted}},
			want:  []Kind{Unique, Quoted, Quoted, Copied, Copied, Copied, Copied, Quoted},
			runs:  []Run{{Range{0, 1}, Unique}, {Range{1, 3}, Quoted}, {Range{3, 7}, Copied}, {Range{7, 8}, Quoted}},
		},
		{
			name:  "order of parts does not matter",
			n:     4,
			parts: []Part{{Range{0, 4}, Copied}, {Range{0, 4}, Quoted}},
			want:  []Kind{Copied, Copied, Copied, Copied},
			runs:  []Run{{Range{0, 4}, Copied}},
		},
		{
			name:  "parts out of bounds are clipped",
			n:     3,
			parts: []Part{{Range{-2, 1}, Quoted}, {Range{2, 9}, Copied}},
			want:  []Kind{Quoted, Unique, Copied},
			runs:  []Run{{Range{0, 1}, Quoted}, {Range{1, 2}, Unique}, {Range{2, 3}, Copied}},
		},
		{name: "no words", n: 0, parts: []Part{{Range{0, 2}, Copied}}, want: []Kind{}, runs: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Cover(tt.n, tt.parts)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Cover(%d, %v) = %v, want %v", tt.n, tt.parts, got, tt.want)
			}
			if runs := Runs(got); !slices.Equal(runs, tt.runs) {
				t.Errorf("Runs(%v) = %v, want %v", got, runs, tt.runs)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Unique: "unique", Quoted: "quote", Copied: "shared", 9: "invalid"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}
