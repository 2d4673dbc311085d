package align

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/shingle"
)

// words returns the word hashes of text.
func words(text string) []uint64 {
	return shingle.Tokenize(text, 1).Hashes
}

// Paragraphs of seed 003, used to build edited copies.
const (
	p1 = `U.S. envoy Steve Witkoff met with Russian President Vladimir Putin in St. Petersburg on Friday, amid growing pressure from former President Donald Trump for a ceasefire in Ukraine.`
	p2 = `Ukrainian President Volodymyr Zelensky, visiting the site of a deadly Russian missile strike in his hometown Kryvyi Rih on Friday, accused Moscow of extending the war with foreign fighters. Nineteen people, including nine children, were killed in the April 4 attack.`
	p3 = `This week, Washington and Moscow completed a rare prisoner exchange. Russian-American Ksenia Karelina, sentenced in Russia to 12 years for donating $51 to a Ukrainian charity, was released in return for Arthur Petrov.`
)

func n(text string) int { return len(words(text)) }

func TestPassages(t *testing.T) {
	n1, n2, n3 := n(p1), n(p2), n(p3)
	tests := []struct {
		name string
		a, b string
		want []Match
	}{
		{
			name: "identical",
			a:    p2, b: p2,
			want: []Match{{A: Range{0, n2}, B: Range{0, n2}, Same: n2}},
		},
		{
			name: "substituted word",
			a:    p2, b: strings.Replace(p2, "deadly", "lethal", 1),
			want: []Match{{A: Range{0, n2}, B: Range{0, n2}, Same: n2 - 1}},
		},
		{
			name: "dropped word",
			a:    p2, b: strings.Replace(p2, "deadly ", "", 1),
			want: []Match{{A: Range{0, n2}, B: Range{0, n2 - 1}, Same: n2 - 1}},
		},
		{
			name: "inserted word",
			a:    p2, b: strings.Replace(p2, "missile strike", "missile and drone strike", 1),
			want: []Match{{A: Range{0, n2}, B: Range{0, n2 + 2}, Same: n2}},
		},
		{
			name: "changed number",
			a:    p3, b: strings.Replace(p3, "12 years", "11 years", 1),
			want: []Match{{A: Range{0, n3}, B: Range{0, n3}, Same: n3 - 1}},
		},
		{
			name: "reworded attribution",
			a:    `"We will keep talking to the Americans about every part of the settlement," said Putin. "Nobody expects a quick breakthrough from these talks."`,
			b:    `"We will keep talking to the Americans about every part of the settlement," Putin said. "Nobody expects a quick breakthrough from these talks."`,
			want: []Match{{A: Range{0, 23}, B: Range{0, 23}, Same: 21}},
		},
		{
			name: "two small edits far apart",
			a:    p1 + " " + p2,
			b:    strings.Replace(p1, "Friday", "Saturday", 1) + " " + strings.Replace(p2, "nine", "ten", 1),
			want: []Match{{A: Range{0, n1 + n2}, B: Range{0, n1 + n2}, Same: n1 + n2 - 2}},
		},
		{
			name: "rewritten sentence between",
			a:    p1 + " The talks lasted more than four hours behind closed doors. " + p3,
			b:    p1 + " Officials gave no details of what was discussed at the meeting. " + p3,
			want: []Match{
				{A: Range{0, n1}, B: Range{0, n1}, Same: n1},
				{A: Range{n1 + 10, n1 + 10 + n3}, B: Range{n1 + 11, n1 + 11 + n3}, Same: n3},
			},
		},
		{
			name: "reordered paragraphs",
			a:    p1 + "\n" + p2 + "\n" + p3,
			b:    p3 + "\n" + p1 + "\n" + p2,
			want: []Match{
				{A: Range{0, n1 + n2}, B: Range{n3, n3 + n1 + n2}, Same: n1 + n2},
				{A: Range{n1 + n2, n1 + n2 + n3}, B: Range{0, n3}, Same: n3},
			},
		},
		{
			name: "part of a longer text",
			a:    p2,
			b:    p1 + "\n" + p2 + "\n" + p3,
			want: []Match{{A: Range{0, n2}, B: Range{n1, n1 + n2}, Same: n2}},
		},
		{
			name: "caption printed twice",
			// The caption recurs in b; it is matched once, in the place
			// where its context matches too.
			a: p1 + " Kyiv, April 2025. Rescuers search the rubble of a house hit by a Russian missile. " + p3,
			b: "Rescuers search the rubble of a house hit by a Russian missile. " + p2 + " " +
				p1 + " Rescuers search the rubble of a house hit by a Russian missile. " + p3,
			want: []Match{{A: Range{0, n1 + 15 + n3}, B: Range{12 + n2, 12 + n2 + n1 + 12 + n3}, Same: n1 + 12 + n3}},
		},
		{
			name: "short shared phrase",
			a:    "The envoy met Vladimir Putin in St. Petersburg for talks.",
			b:    "Officials said Vladimir Putin in St. Petersburg was pleased.",
			want: nil,
		},
		{
			name: "unrelated",
			a:    p1, b: p3,
			want: nil,
		},
		{
			name: "empty",
			a:    "", b: p1,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := words(tt.a), words(tt.b)
			got := Passages(a, b, Options{})
			if !slices.Equal(got, tt.want) {
				t.Errorf("Passages(%q, %q) = %+v, want %+v", tt.a, tt.b, got, tt.want)
			}
			checkPassages(t, a, b, Options{}, got)
		})
	}
}

func TestPassagesOptions(t *testing.T) {
	a := words(p2)
	b := words(strings.Replace(p2, "deadly", "lethal", 1)) // word 9 differs
	n2 := len(a)
	tests := []struct {
		name string
		opt  Options
		want []Match
	}{
		{"defaults", Options{}, []Match{{A: Range{0, n2}, B: Range{0, n2}, Same: n2 - 1}}},
		{"no gaps", Options{MaxGap: -1}, []Match{
			{A: Range{0, 9}, B: Range{0, 9}, Same: 9},
			{A: Range{10, n2}, B: Range{10, n2}, Same: n2 - 10},
		}},
		{"long minimum", Options{MinWords: n2}, nil},
		{"minimum met", Options{MinWords: n2 - 1}, []Match{{A: Range{0, n2}, B: Range{0, n2}, Same: n2 - 1}}},
		{"no gaps, minimum above the first run", Options{MaxGap: -1, MinWords: 10}, []Match{
			{A: Range{10, n2}, B: Range{10, n2}, Same: n2 - 10},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Passages(a, b, tt.opt)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Passages(p2, edited p2, %+v) = %+v, want %+v", tt.opt, got, tt.want)
			}
		})
	}
}

// checkPassages checks the invariants of Passages' result.
func checkPassages(t *testing.T, a, b []uint64, opt Options, ms []Match) {
	t.Helper()
	opt = opt.withDefaults()
	for i, m := range ms {
		if m.A.Start < 0 || m.A.Start >= m.A.End || m.A.End > len(a) ||
			m.B.Start < 0 || m.B.Start >= m.B.End || m.B.End > len(b) {
			t.Fatalf("passage %d %+v out of bounds (%d, %d words)", i, m, len(a), len(b))
		}
		if m.Same < opt.MinWords || m.Same > m.A.Len() || m.Same > m.B.Len() {
			t.Errorf("passage %d %+v: Same out of [%d, len]", i, m, opt.MinWords)
		}
		if a[m.A.Start] != b[m.B.Start] || a[m.A.End-1] != b[m.B.End-1] {
			t.Errorf("passage %d %+v does not start and end on matching words", i, m)
		}
		if lcs := commonWords(a[m.A.Start:m.A.End], b[m.B.Start:m.B.End]); m.Same > lcs {
			t.Errorf("passage %d %+v: Same > %d words in common", i, m, lcs)
		}
		if i > 0 && ms[i-1].A.Start > m.A.Start {
			t.Errorf("passages %d and %d not sorted by A.Start: %+v", i-1, i, ms)
		}
	}
	for _, side := range []func(Match) Range{
		func(m Match) Range { return m.A },
		func(m Match) Range { return m.B },
	} {
		rs := make([]Range, len(ms))
		for i, m := range ms {
			rs[i] = side(m)
		}
		slices.SortFunc(rs, func(x, y Range) int { return x.Start - y.Start })
		for i := 1; i < len(rs); i++ {
			if rs[i].Start < rs[i-1].End {
				t.Errorf("passages overlap: %+v and %+v in %+v", rs[i-1], rs[i], ms)
			}
		}
	}
}

// commonWords is the length of the longest common subsequence of a and b,
// for short sequences.
func commonWords(a, b []uint64) int {
	if len(a)*len(b) > 1<<22 {
		return min(len(a), len(b))
	}
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// planted builds two texts of random words that share the given passages:
// for each length, a run of fresh words put in a and b at random places, in
// random order. Words outside the passages are drawn from vocab words
// (0 for fresh, never repeated words).
func planted(r *rand.Rand, na, nb int, lengths []int, vocab int) (a, b []uint64, where []Match) {
	fresh := uint64(1 << 40)
	word := func() uint64 {
		if vocab > 0 {
			return uint64(r.IntN(vocab)) + 1
		}
		fresh++
		return fresh
	}
	type piece struct {
		words []uint64
		id    int
	}
	build := func(n int, order []int, pass [][]uint64) ([]uint64, []int) {
		// Cut n filler words at len(order) random places.
		cuts := make([]int, len(order))
		for i := range cuts {
			cuts[i] = r.IntN(n + 1)
		}
		slices.Sort(cuts)
		var out []uint64
		starts := make([]int, len(pass))
		prev := 0
		for i, c := range cuts {
			for range c - prev {
				out = append(out, word())
			}
			prev = c
			starts[order[i]] = len(out)
			out = append(out, pass[order[i]]...)
		}
		for range n - prev {
			out = append(out, word())
		}
		return out, starts
	}
	pass := make([][]uint64, len(lengths))
	for i, l := range lengths {
		for range l {
			fresh++
			pass[i] = append(pass[i], fresh)
		}
	}
	oa, ob := r.Perm(len(pass)), r.Perm(len(pass))
	a, sa := build(na, oa, pass)
	b, sb := build(nb, ob, pass)
	for i, l := range lengths {
		where = append(where, Match{A: Range{sa[i], sa[i] + l}, B: Range{sb[i], sb[i] + l}, Same: l})
	}
	return a, b, where
}

func TestPassagesPlanted(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, opt := range []Options{
		{},
		{MinWords: 1, Seed: 1, MaxGap: -1},
		{MinWords: 5, Seed: 2, MaxGap: 1},
		{MinWords: 8, Seed: 3, MaxGap: 8},
		{MinWords: 20, Seed: 5, MaxGap: 4},
	} {
		for _, vocab := range []int{0, 3, 30, 1000} {
			for trial := range 20 {
				o := opt.withDefaults()
				var lengths []int
				for range r.IntN(5) {
					lengths = append(lengths, o.MinWords+r.IntN(30))
				}
				a, b, where := planted(r, r.IntN(300), r.IntN(300), lengths, vocab)
				got := Passages(a, b, opt)
				checkPassages(t, a, b, opt, got)
				if t.Failed() {
					t.Fatalf("opt %+v, vocab %d, trial %d: planted %+v, got %+v", opt, vocab, trial, where, got)
				}
				if vocab != 0 {
					continue
				}
				// With fresh filler words, nothing but the planted
				// passages is shared: each must be found whole, on its
				// own diagonal.
				for _, w := range where {
					if !covered(w, got) {
						t.Fatalf("opt %+v, trial %d: planted passage %+v not found in %+v", opt, trial, w, got)
					}
				}
			}
		}
	}
}

// covered reports whether some match holds all of planted passage w.
func covered(w Match, ms []Match) bool {
	for _, m := range ms {
		if m.A.Start <= w.A.Start && w.A.End <= m.A.End && m.B.Start <= w.B.Start && w.B.End <= m.B.End {
			return true
		}
	}
	return false
}

// TestPassagesRepetitive checks degenerate, repetitive texts: the work
// stays bounded and the invariants hold.
func TestPassagesRepetitive(t *testing.T) {
	rep := func(n int, period ...uint64) []uint64 {
		out := make([]uint64, n)
		for i := range out {
			out[i] = period[i%len(period)]
		}
		return out
	}
	tests := []struct {
		name string
		a, b []uint64
		want []Match
	}{
		{"one word repeated", rep(5000, 7), rep(5000, 7), []Match{{A: Range{0, 5000}, B: Range{0, 5000}, Same: 5000}}},
		{"two words repeated", rep(5000, 1, 2), rep(5000, 1, 2), []Match{{A: Range{0, 5000}, B: Range{0, 5000}, Same: 5000}}},
		{"shifted period", rep(3000, 1, 2, 3), rep(4000, 2, 3, 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Passages(tt.a, tt.b, Options{})
			checkPassages(t, tt.a, tt.b, Options{}, got)
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("Passages = %+v, want %+v", got, tt.want)
			}
			if len(got) == 0 {
				t.Errorf("Passages = none, want the repeated text matched")
			}
		})
	}
}

func FuzzPassages(f *testing.F) {
	f.Add([]byte("abcdefghijklmnop"), []byte("xxabcdefghijklmnopyy"), uint8(0), uint8(0), uint8(0))
	f.Add([]byte("aaaaaaaaaaaaaaaaaaaa"), []byte("aaaaaaaaaaa"), uint8(3), uint8(1), uint8(2))
	f.Add([]byte("abcabcabcabcabcabc"), []byte("bcabcabcabxabcabc"), uint8(8), uint8(3), uint8(4))
	f.Add([]byte("the cat sat on the mat and the dog"), []byte("the cat sat on a mat and the dog"), uint8(2), uint8(2), uint8(255))
	f.Fuzz(func(t *testing.T, x, y []byte, minWords, seed, maxGap uint8) {
		conv := func(s []byte) []uint64 {
			s = s[:min(len(s), 1000)] // keep each run short
			out := make([]uint64, len(s))
			for i, c := range s {
				out[i] = uint64(c % 16)
			}
			return out
		}
		a, b := conv(x), conv(y)
		opt := Options{MinWords: int(minWords % 24), Seed: int(seed % 8), MaxGap: int(int8(maxGap)) % 12}
		checkPassages(t, a, b, opt, Passages(a, b, opt))
	})
}
