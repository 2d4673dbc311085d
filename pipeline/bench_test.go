package pipeline

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/internal/hash64"
	"github.com/wiretrace/wiretrace/verify"
)

// BenchmarkScan runs the whole pipeline, reading to rows, on a planted
// corpus of 3,000 generated articles (about 1.9 MB of JSON Lines).
func BenchmarkScan(b *testing.B) {
	path, _ := planted(b, 3000, 11)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	opt := DefaultOptions()
	opt.TempDir = b.TempDir()
	for b.Loop() {
		c, err := corpus.Open([]string{path}, corpus.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Scan(c, opt); err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}

func benchText(b *testing.B) string {
	t, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "000_007e2c2d65f4a228.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return string(t)
}

// BenchmarkSketch is the first pass over every article: tokens, shingles,
// signature and fingerprints.
func BenchmarkSketch(b *testing.B) {
	text := benchText(b)
	sk := NewSketcher(DefaultOptions().Params)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		sk.Sketch(text)
	}
}

// BenchmarkDoc is the second pass over an article of a candidate pair:
// tokens with spans, shingle set, quotations and recurring words.
func BenchmarkDoc(b *testing.B) {
	text := benchText(b)
	sk := NewSketcher(DefaultOptions().Params)
	// A set of recurring fingerprints as large as a corpus of 100,000
	// articles has, holding a tenth of this article's.
	rng := rand.New(rand.NewPCG(1, 2))
	hs := make([]uint64, 0, 1<<20)
	for range 1 << 20 {
		hs = append(hs, rng.Uint64())
	}
	for i, h := range sk.Sketch(text).Prints {
		if i%10 == 0 {
			hs = append(hs, h)
		}
	}
	slices.Sort(hs)
	rec := hash64.NewSet(slices.Compact(hs))
	recurs := func(h uint64) (bool, bool) { return rec.Has(h), true }
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		sk.Doc("a", "", text, recurs)
	}
}

// BenchmarkVerify verifies and aligns the seed article against a copy of
// it with its first quarter cut and a paragraph added: "fresh" as for a
// document's first pair, "indexed" as for its next pairs, with the seed
// index of the shorter one kept.
func BenchmarkVerify(b *testing.B) {
	text := benchText(b)
	sk := NewSketcher(DefaultOptions().Params)
	x := sk.Doc("a", "", text, nil)
	y := sk.Doc("b", "", text[len(text)/4:]+"\n\nA paragraph of the paper's own, with words of its own reporting.", nil)
	opt := DefaultOptions().Verify
	var v verify.Verifier
	for _, fresh := range []bool{true, false} {
		name := "indexed"
		if fresh {
			name = "fresh"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if fresh {
					x.Seeds, y.Seeds = nil, nil
				}
				if _, ok := v.Verify(&x, &y, opt); !ok {
					b.Fatal("not related")
				}
			}
		})
	}
}
