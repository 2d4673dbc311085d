package minhash

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// exactAreas returns the false positive and false negative areas of (b, r)
// at threshold t, integrating the polynomials exactly in rationals:
//
//	FP = ∫0^t 1-(1-s^r)^b ds = t - Σj C(b,j) (-1)^j t^(rj+1)/(rj+1)
//	FN = ∫t^1 (1-s^r)^b ds   = Σj C(b,j) (-1)^j (1-t^(rj+1))/(rj+1)
func exactAreas(t *big.Rat, b, r int) (fp, fn float64) {
	sumT := new(big.Rat) // Σ C(b,j)(-1)^j t^(rj+1)/(rj+1)
	sum1 := new(big.Rat) // Σ C(b,j)(-1)^j 1/(rj+1)
	binom := new(big.Int)
	term := new(big.Rat)
	pow := new(big.Rat)
	for j := 0; j <= b; j++ {
		binom.Binomial(int64(b), int64(j))
		if j%2 == 1 {
			binom.Neg(binom)
		}
		e := int64(r*j + 1)
		pow.SetFrac(new(big.Int).Exp(t.Num(), big.NewInt(e), nil), new(big.Int).Exp(t.Denom(), big.NewInt(e), nil))
		term.SetFrac(binom, big.NewInt(e))
		sum1.Add(sum1, term)
		sumT.Add(sumT, term.Mul(term, pow))
	}
	fpR := new(big.Rat).Sub(t, sumT)
	fnR := new(big.Rat).Sub(sum1, sumT)
	fp, _ = fpR.Float64()
	fn, _ = fnR.Float64()
	return fp, fn
}

// bruteOptimal is datasketch's _optimal_param with exact areas.
func bruteOptimal(threshold string, perm int) Params {
	t, _ := new(big.Rat).SetString(threshold)
	best := Params{}
	minErr := math.Inf(1)
	for b := 1; b <= perm; b++ {
		for r := 1; r <= perm/b; r++ {
			fp, fn := exactAreas(t, b, r)
			if e := 0.5*fp + 0.5*fn; e < minErr {
				minErr = e
				best = Params{b, r, fp, fn}
			}
		}
	}
	return best
}

func TestOptimal(t *testing.T) {
	tests := []struct {
		threshold string
		perm      int
	}{
		{"0.5", 128}, {"0.3", 128}, {"0.7", 128}, {"0.8", 128}, {"0.9", 128},
		{"0.5", 64}, {"0.5", 256}, {"0.75", 256}, {"0.5", 16}, {"0.1", 32},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("t=%s/perm=%d", tt.threshold, tt.perm), func(t *testing.T) {
			th, _ := new(big.Rat).SetString(tt.threshold)
			f, _ := th.Float64()
			got := Optimal(f, tt.perm)
			want := bruteOptimal(tt.threshold, tt.perm)
			if got.Bands != want.Bands || got.Rows != want.Rows {
				t.Fatalf("Optimal(%s, %d) = b=%d r=%d, exact integration gives b=%d r=%d", tt.threshold, tt.perm, got.Bands, got.Rows, want.Bands, want.Rows)
			}
			if math.Abs(got.FalsePositive-want.FalsePositive) > 1e-12 || math.Abs(got.FalseNegative-want.FalseNegative) > 1e-12 {
				t.Errorf("Optimal(%s, %d) areas FP=%v FN=%v, want FP=%v FN=%v", tt.threshold, tt.perm, got.FalsePositive, got.FalseNegative, want.FalsePositive, want.FalseNegative)
			}
			t.Logf("Optimal(%s, %d) = b=%d r=%d FP=%.5f FN=%.5f", tt.threshold, tt.perm, got.Bands, got.Rows, got.FalsePositive, got.FalseNegative)
		})
	}
}

func TestOptimalDatasketch(t *testing.T) {
	// datasketch's documented answer (also quoted by text-dedup):
	// _optimal_param(0.75, 256, 0.5, 0.5) = (21, 12).
	if got := Optimal(0.75, 256); got.Bands != 21 || got.Rows != 12 {
		t.Errorf("Optimal(0.75, 256) = b=%d r=%d, want b=21 r=12", got.Bands, got.Rows)
	}
}

func TestOptimalEdges(t *testing.T) {
	for _, th := range []float64{-1, 0, 1, 2, math.NaN()} {
		p := Optimal(th, 32)
		if p.Bands < 1 || p.Rows < 1 || p.Bands*p.Rows > 32 {
			t.Errorf("Optimal(%v, 32) = %+v, want a valid banding", th, p)
		}
	}
	if p := Optimal(0.5, 0); p != (Params{}) {
		t.Errorf("Optimal(0.5, 0) = %+v, want zero", p)
	}
}

func TestProbability(t *testing.T) {
	p := Params{Bands: 4, Rows: 2}
	for _, tt := range []struct{ s, want float64 }{{0, 0}, {1, 1}, {0.5, 1 - math.Pow(0.75, 4)}} {
		if got := p.Probability(tt.s); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("Probability(%v) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestKeys(t *testing.T) {
	p := Params{Bands: 5, Rows: 3}
	sig := Sign([]uint64{1, 2, 3, 4, 5, 6, 7}, 16, 0, nil)
	keys := p.Keys(sig, nil)
	if len(keys) != 5 {
		t.Fatalf("len(Keys) = %d, want 5", len(keys))
	}
	for b, k := range keys {
		if int(k>>61) != b {
			t.Errorf("Keys[%d] = %#x: band bits %d, want %d", b, k, k>>61, b)
		}
	}
	// The same values in two bands still give two different keys.
	same := make(Signature, 15)
	if k := p.Keys(same, nil); len(slices.Compact(slices.Clone(k))) != 5 {
		t.Errorf("Keys of an all-zero signature = %x, want 5 distinct", k)
	}
	// Changing one position changes exactly its band's key.
	other := slices.Clone(sig)
	other[7]++
	k2 := p.Keys(other, nil)
	for b := range keys {
		if (keys[b] != k2[b]) != (b == 2) {
			t.Errorf("after changing position 7, key %d changed = %v", b, keys[b] != k2[b])
		}
	}
	if k := p.Keys(sig[:14], nil); len(k) != 0 {
		t.Errorf("Keys of a short signature = %x, want none", k)
	}
	if k := (Params{Bands: 1, Rows: 4}).Keys(sig, nil); len(k) != 1 {
		t.Errorf("Keys with one band = %x, want one", k)
	}
}

// TestRecallFollowsSCurve checks that pairs of known Jaccard similarity
// share a band as often as Probability predicts.
func TestRecallFollowsSCurve(t *testing.T) {
	const perm, pairs, union = 128, 400, 300
	p := Optimal(0.5, perm)
	r := rand.New(rand.NewPCG(3, 4))
	var sa, sb Signature
	var ka, kb []uint64
	for _, s := range []float64{0.1, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9} {
		shared := int(math.Round(s * union))
		hits := 0
		for i := range pairs {
			na := shared + (union-shared)/2
			a, b := randomPair(r, na, union-na+shared, shared)
			sa, sb = Sign(a, perm, uint64(i), sa), Sign(b, perm, uint64(i), sb)
			ka, kb = p.Keys(sa, ka), p.Keys(sb, kb)
			for j := range ka {
				if ka[j] == kb[j] {
					hits++
					break
				}
			}
		}
		want := p.Probability(float64(shared) / union)
		got := float64(hits) / pairs
		tol := 4*math.Sqrt(want*(1-want)/pairs) + 0.01
		if math.Abs(got-want) > tol {
			t.Errorf("Jaccard %.2f: %d of %d pairs share a band (%.3f), S-curve gives %.3f ± %.3f", s, hits, pairs, got, want, tol)
		}
	}
}

func BenchmarkOptimal(b *testing.B) {
	for b.Loop() {
		Optimal(0.5, 128)
	}
}
