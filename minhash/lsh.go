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
	// The quadrature points below and above t are the same for every
	// banding. For each row count r, the curve's complement (1-s^r)^b at a
	// point grows one factor per band, so all band counts of r cost one
	// multiplication each.
	xs, ws := quadrature(0, t)
	ys, vs := quadrature(t, 1)
	fp := make([][]float64, perm+1) // fp[r][b]
	fn := make([][]float64, perm+1)
	for r := 1; r <= perm; r++ {
		fp[r] = make([]float64, perm/r+1)
		fn[r] = make([]float64, perm/r+1)
		for k, x := range xs {
			q, miss := 1-powi(x, r), 1.0
			for b := 1; b <= perm/r; b++ {
				miss *= q
				fp[r][b] += ws[k] * (1 - miss)
			}
		}
		for k, y := range ys {
			q, miss := 1-powi(y, r), 1.0
			for b := 1; b <= perm/r; b++ {
				miss *= q
				fn[r][b] += vs[k] * miss
			}
		}
	}
	best := Params{}
	minErr := math.Inf(1)
	for b := 1; b <= perm; b++ {
		for r := 1; r <= perm/b; r++ {
			if e := 0.5*fp[r][b] + 0.5*fn[r][b]; e < minErr {
				minErr = e
				best = Params{Bands: b, Rows: r, FalsePositive: fp[r][b], FalseNegative: fn[r][b]}
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

// quadrature returns the points and weights that integrate a function
// over [a, b] as the sum of weight times value: the 20-point
// Gauss-Legendre rule on each of 16 panels. The S-curves of LSH are
// polynomials of degree at most a few hundred, for which this is accurate
// to about 1e-15. An empty interval has no points.
func quadrature(a, b float64) (xs, ws []float64) {
	const panels = 16
	if b <= a {
		return nil, nil
	}
	w := (b - a) / panels
	for p := range panels {
		mid := a + (float64(p)+0.5)*w
		for i, x := range glNodes {
			xs = append(xs, mid+x*w/2)
			ws = append(ws, glWeights[i]*w/2)
		}
	}
	return xs, ws
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
