package minhash

import (
	"math"
	"math/bits"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// Params are the banding of an LSH index: a signature of Bands*Rows
// positions is cut into Bands bands of Rows positions, and two signatures
// are candidates when they agree on all positions of at least one band.
type Params struct {
	Bands, Rows int
	// FalsePositive and FalseNegative are the areas under the
	// probability curve below the threshold and above it under its
	// complement: the weights of missed and spurious candidates that
	// Optimal minimised, each in [0, 1].
	FalsePositive, FalseNegative float64
}

// Optimal returns the banding for perm signature positions that minimises
// 0.5*FalsePositive + 0.5*FalseNegative for the Jaccard threshold, over
// all Bands*Rows <= perm, as datasketch's MinHashLSH does (_optimal_param
// with equal weights); of equal errors the first found (fewest bands, then
// fewest rows) wins. A threshold outside [0, 1] is clamped; perm < 1 gives
// the zero Params, which index nothing.
func Optimal(threshold float64, perm int) Params {
	if perm < 1 {
		return Params{}
	}
	if math.IsNaN(threshold) {
		threshold = 0.5
	}
	t := min(max(threshold, 0), 1)
	best := Params{}
	minErr := math.Inf(1)
	for b := 1; b <= perm; b++ {
		for r := 1; r <= perm/b; r++ {
			p := Params{Bands: b, Rows: r}
			fp := integrate(p.Probability, 0, t)
			fn := integrate(func(s float64) float64 { return 1 - p.Probability(s) }, t, 1)
			if e := 0.5*fp + 0.5*fn; e < minErr {
				minErr = e
				best = Params{Bands: b, Rows: r, FalsePositive: fp, FalseNegative: fn}
			}
		}
	}
	return best
}

// Probability returns the probability that two signatures of Jaccard
// similarity s share a band: 1-(1-s^Rows)^Bands.
func (p Params) Probability(s float64) float64 {
	return 1 - powi(1-powi(s, p.Rows), p.Bands)
}

// powi returns x**n for n >= 0 by repeated squaring: for the small whole
// powers of the S-curve, several times faster than math.Pow.
func powi(x float64, n int) float64 {
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= x
		}
		x *= x
	}
	return r
}

// Keys appends to dst[:0] one 64-bit bucket key per band of sig and
// returns it. The band's index is in the key's top bits, so keys of
// different bands never collide; the rest is a hash of the band's values.
// A signature of an empty set, or one shorter than Bands*Rows, has no
// keys.
func (p Params) Keys(sig Signature, dst []uint64) []uint64 {
	dst = dst[:0]
	if p.Bands < 1 || p.Rows < 1 || len(sig) < p.Bands*p.Rows || sig[0] == Empty {
		return dst
	}
	shift := uint(bits.Len(uint(p.Bands - 1)))
	for b := range p.Bands {
		h := uint64(b+1)*hash64.Prime2 + hash64.Prime3
		for _, v := range sig[b*p.Rows : (b+1)*p.Rows] {
			h = bits.RotateLeft64(h^uint64(v), 29) * hash64.Prime1
		}
		h = hash64.Mix(h)
		dst = append(dst, uint64(b)<<(64-shift)|h>>shift)
	}
	return dst
}

// integrate returns the integral of f over [a, b] by composite
// Gauss-Legendre quadrature. The functions integrated here are
// polynomials of degree at most a few hundred, for which this is accurate
// to about 1e-15.
func integrate(f func(float64) float64, a, b float64) float64 {
	const panels = 16
	if b <= a {
		return 0
	}
	w := (b - a) / panels
	sum := 0.0
	for p := range panels {
		mid := a + (float64(p)+0.5)*w
		for i, x := range glNodes {
			sum += glWeights[i] * f(mid+x*w/2)
		}
	}
	return sum * w / 2
}

// glNodes and glWeights are the 20-point Gauss-Legendre rule on [-1, 1].
var glNodes, glWeights = gaussLegendre(20)

// gaussLegendre computes the n-point Gauss-Legendre nodes and weights by
// Newton's method on the Legendre polynomial.
func gaussLegendre(n int) (nodes, weights []float64) {
	nodes = make([]float64, n)
	weights = make([]float64, n)
	for i := range n {
		x := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var dp float64
		for range 100 {
			p0, p1 := 1.0, x
			for k := 2; k <= n; k++ {
				p0, p1 = p1, ((2*float64(k)-1)*x*p1-(float64(k)-1)*p0)/float64(k)
			}
			dp = float64(n) * (x*p1 - p0) / (x*x - 1)
			dx := p1 / dp
			x -= dx
			if math.Abs(dx) < 1e-16 {
				break
			}
		}
		p0, p1 := 1.0, x
		for k := 2; k <= n; k++ {
			p0, p1 = p1, ((2*float64(k)-1)*x*p1-(float64(k)-1)*p0)/float64(k)
		}
		dp = float64(n) * (x*p1 - p0) / (x*x - 1)
		nodes[i] = x
		weights[i] = 2 / ((1 - x*x) * dp * dp)
	}
	return nodes, weights
}
