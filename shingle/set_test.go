package shingle

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestShingles(t *testing.T) {
	w := []uint64{11, 22, 33, 44, 55}
	tests := []struct {
		name  string
		words []uint64
		k     int
		want  []uint64
	}{
		{"empty", nil, 3, []uint64{}},
		{"shorter than k", w[:2], 3, []uint64{shingleHash(w[:2])}},
		{"exactly k", w[:3], 3, []uint64{shingleHash(w[:3])}},
		{"longer", w, 3, []uint64{shingleHash(w[0:3]), shingleHash(w[1:4]), shingleHash(w[2:5])}},
		{"k=1", w[:2], 1, []uint64{shingleHash(w[:1]), shingleHash(w[1:2])}},
		{"k=0 as 1", w[:2], 0, []uint64{shingleHash(w[:1]), shingleHash(w[1:2])}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Shingles(tt.words, tt.k, []uint64{99, 98})
			if !slices.Equal(got, tt.want) {
				t.Errorf("Shingles(%v, %d) = %x, want %x", tt.words, tt.k, got, tt.want)
			}
		})
	}
}

func TestShinglesInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 12; n++ {
		words := make([]uint64, n)
		for i := range words {
			words[i] = r.Uint64()
		}
		for k := 1; k <= 8; k++ {
			got := Shingles(words, k, nil)
			want := max(n-k+1, 0)
			if n > 0 && n < k {
				want = 1
			}
			if len(got) != want {
				t.Errorf("len(Shingles(%d words, %d)) = %d, want %d", n, k, len(got), want)
			}
			for i := 0; i+k <= n; i++ {
				// A shingle depends only on its own words.
				if one := Shingles(words[i:i+k], k, nil); one[0] != got[i] {
					t.Errorf("Shingles(words, %d)[%d] = %x, Shingles(words[%d:%d], %d) = %x", k, i, got[i], i, i+k, k, one[0])
				}
			}
		}
	}
}

func TestShingleOrderMatters(t *testing.T) {
	a := Tokenize("the man bit the dog", 0)
	b := Tokenize("the dog bit the man", 0)
	sa, sb := Shingles(a.Hashes, 5, nil), Shingles(b.Hashes, 5, nil)
	if sa[0] == sb[0] {
		t.Errorf("Shingles of reordered words both = %x, want different", sa[0])
	}
	// Words that are a prefix of a longer shingle do not collide with it.
	if s3, s2 := Shingles(a.Hashes[:3], 5, nil), Shingles(a.Hashes[:2], 5, nil); s3[0] == s2[0] {
		t.Errorf("short shingles of 2 and 3 words both = %x", s3[0])
	}
	// No collisions among many random shingles.
	r := rand.New(rand.NewPCG(1, 1))
	words := make([]uint64, 200000)
	for i := range words {
		words[i] = r.Uint64() % 1000 // few distinct words, many distinct runs
	}
	sh := Shingles(words, 3, nil)
	runs := map[[3]uint64]bool{}
	for i := 0; i+3 <= len(words); i++ {
		runs[[3]uint64(words[i:i+3])] = true
	}
	if got := len(Set(sh)); got != len(runs) {
		t.Errorf("%d distinct 3-word runs gave %d distinct shingles", len(runs), got)
	}
}

func TestSetOps(t *testing.T) {
	tests := []struct {
		name              string
		a, b              []uint64
		overlap           int
		jaccard, containA float64
	}{
		{"both empty", nil, nil, 0, 0, 0},
		{"one empty", []uint64{1}, nil, 0, 0, 0},
		{"equal", []uint64{1, 2, 3}, []uint64{1, 2, 3}, 3, 1, 1},
		{"disjoint", []uint64{1, 2}, []uint64{3, 4}, 0, 0, 0},
		{"half", []uint64{1, 2, 3, 4}, []uint64{3, 4, 5, 6}, 2, 2.0 / 6, 0.5},
		{"contained", []uint64{2, 3}, []uint64{1, 2, 3, 4}, 2, 0.5, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Overlap(tt.a, tt.b); got != tt.overlap {
				t.Errorf("Overlap(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.overlap)
			}
			if got := Jaccard(tt.a, tt.b); got != tt.jaccard {
				t.Errorf("Jaccard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.jaccard)
			}
			if got := Jaccard(tt.b, tt.a); got != tt.jaccard {
				t.Errorf("Jaccard(%v, %v) = %v, want %v (symmetric)", tt.b, tt.a, got, tt.jaccard)
			}
			if got := Containment(tt.a, tt.b); got != tt.containA {
				t.Errorf("Containment(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.containA)
			}
		})
	}
}

func TestSet(t *testing.T) {
	got := Set([]uint64{5, 1, 5, 3, 1, 9})
	if want := []uint64{1, 3, 5, 9}; !slices.Equal(got, want) {
		t.Errorf("Set([5 1 5 3 1 9]) = %v, want %v", got, want)
	}
	if got := Set(nil); len(got) != 0 {
		t.Errorf("Set(nil) = %v, want empty", got)
	}
}

func TestJaccardSelf(t *testing.T) {
	for _, text := range seedTexts(t) {
		for k := 1; k <= 8; k++ {
			s := Set(Shingles(Tokenize(text, 0).Hashes, k, nil))
			if j := Jaccard(s, s); j != 1 {
				t.Errorf("Jaccard(s, s) = %v for k=%d, want 1", j, k)
			}
			if c := Containment(s, s); c != 1 {
				t.Errorf("Containment(s, s) = %v for k=%d, want 1", c, k)
			}
		}
	}
}

func benchText(b *testing.B) string {
	return strings.Join(seedTexts(b), "\n\n")
}

func BenchmarkTokenize(b *testing.B) {
	text := benchText(b)
	var tk Tokenizer
	var t Tokens
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tk.Tokenize(text, &t)
	}
}

func BenchmarkShingles(b *testing.B) {
	text := benchText(b)
	t := Tokenize(text, 0)
	var sh []uint64
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		sh = Shingles(t.Hashes, 5, sh)
	}
}

// BenchmarkTokenizeShingles is the hot path of the pipeline: a text to
// its shingle set.
func BenchmarkTokenizeShingles(b *testing.B) {
	text := benchText(b)
	var tk Tokenizer
	var t Tokens
	var sh []uint64
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tk.Tokenize(text, &t)
		sh = Set(Shingles(t.Hashes, 5, sh))
	}
}

// BenchmarkTokenizeGeneral measures the uax29-only path the fast path
// replaces, for comparison.
func BenchmarkTokenizeGeneral(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		referenceTokenize(text, 0)
	}
}

func BenchmarkSet(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]uint64, 1000) // an article's shingles
	for i := range src {
		src[i] = r.Uint64()
	}
	a := make([]uint64, len(src))
	b.SetBytes(8 * int64(len(src)))
	for b.Loop() {
		copy(a, src)
		Set(a)
	}
}
