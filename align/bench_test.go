package align

import (
	"math/rand/v2"
	"os"
	"testing"
)

// textLike returns n words drawn from a vocabulary of 20,000 with Zipf
// frequencies, as in news text: a few words ("the", "of") everywhere.
func textLike(r *rand.Rand, n int) []uint64 {
	z := rand.NewZipf(r, 1.1, 2, 20000)
	out := make([]uint64, n)
	for i := range out {
		out[i] = z.Uint64()*0x9e3779b97f4a7c15 + 1
	}
	return out
}

// sharing returns a text of n words that shares about share of a: a's
// paragraphs of 40 words kept or replaced by new text.
func sharing(r *rand.Rand, a []uint64, share float64) []uint64 {
	var b []uint64
	for i := 0; i < len(a); i += 40 {
		p := a[i:min(i+40, len(a))]
		if r.Float64() < share {
			b = append(b, p...)
		} else {
			b = append(b, textLike(r, len(p))...)
		}
	}
	return b
}

func benchPassages(b *testing.B, n int, share float64) {
	r := rand.New(rand.NewPCG(7, 7))
	x := textLike(r, n)
	y := sharing(r, x, share)
	b.SetBytes(int64(8 * (len(x) + len(y))))
	for b.Loop() {
		Passages(x, y, Options{})
	}
}

func BenchmarkPassages(b *testing.B) {
	b.Run("2000w-80pct", func(b *testing.B) { benchPassages(b, 2000, 0.8) })
	b.Run("2000w-5pct", func(b *testing.B) { benchPassages(b, 2000, 0.05) })
	b.Run("10000w-80pct", func(b *testing.B) { benchPassages(b, 10000, 0.8) })
	b.Run("10000w-5pct", func(b *testing.B) { benchPassages(b, 10000, 0.05) })
	b.Run("10000w-identical", func(b *testing.B) { benchPassages(b, 10000, 1) })
}

func BenchmarkQuotes(b *testing.B) {
	text, err := os.ReadFile("../testdata/seeds/003_713ab721816cb750.txt")
	if err != nil {
		b.Fatal(err)
	}
	s := string(text)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Quotes(s)
	}
}
