package minhash

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// randomPair returns two sets of random hashes with sizes na and nb that
// share exactly shared elements.
func randomPair(r *rand.Rand, na, nb, shared int) (a, b []uint64) {
	for range shared {
		x := r.Uint64()
		a = append(a, x)
		b = append(b, x)
	}
	for range na - shared {
		a = append(a, r.Uint64())
	}
	for range nb - shared {
		b = append(b, r.Uint64())
	}
	return a, b
}

// classic is k-permutation MinHash: n independent hash functions, the
// minimum of each over the set.
func classic(set []uint64, n int, seed uint64) []uint64 {
	sig := make([]uint64, n)
	for i := range sig {
		sig[i] = math.MaxUint64
		s := hash64.Seed(seed + uint64(i))
		for _, x := range set {
			sig[i] = min(sig[i], hash64.Mix(x^s))
		}
	}
	return sig
}

func agree[T comparable](a, b []T) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// TestAccuracyMatchesClassic compares one-permutation hashing with
// optimal densification to classic k-permutation MinHash over random set
// pairs across Jaccard 0..1 and set sizes 1..2000.
func TestAccuracyMatchesClassic(t *testing.T) {
	const n, pairs = 128, 600
	r := rand.New(rand.NewPCG(7, 8))
	var errOPH, errClassic, biasOPH, biasClassic float64
	var sa, sb Signature
	for i := range pairs {
		na := 1 + r.IntN(2000)
		if i%4 == 0 {
			na = 1 + r.IntN(20) // small sets: most positions densified
		}
		nb := 1 + r.IntN(2000)
		if i%3 == 0 {
			nb = na // equal sizes reach Jaccard near 1
		}
		shared := r.IntN(min(na, nb) + 1)
		a, b := randomPair(r, na, nb, shared)
		j := float64(shared) / float64(na+nb-shared)
		seed := uint64(i)
		sa, sb = Sign(a, n, seed, sa), Sign(b, n, seed, sb)
		oph := sa.Similarity(sb)
		cl := agree(classic(a, n, seed), classic(b, n, seed))
		errOPH += math.Abs(oph - j)
		errClassic += math.Abs(cl - j)
		biasOPH += oph - j
		biasClassic += cl - j
	}
	errOPH /= pairs
	errClassic /= pairs
	biasOPH /= pairs
	biasClassic /= pairs
	t.Logf("mean absolute error: OPH %.4f, classic %.4f; bias: OPH %+.4f, classic %+.4f", errOPH, errClassic, biasOPH, biasClassic)
	if errOPH > 1.25*errClassic+0.002 {
		t.Errorf("OPH mean absolute error %.4f, classic %.4f: want OPH within 1.25x", errOPH, errClassic)
	}
	// Each estimate has a standard deviation of at most 0.5/sqrt(128)
	// = 0.044, so the mean of 600 has at most 0.0018: 0.008 is > 4 sigma.
	for name, bias := range map[string]float64{"OPH": biasOPH, "classic": biasClassic} {
		if math.Abs(bias) > 0.008 {
			t.Errorf("%s bias %+.4f, want |bias| <= 0.008", name, bias)
		}
	}
}

func TestSignProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{1, 2, 5, 50, 500} {
		for _, n := range []int{1, 16, 128, 200, 1000} {
			set := make([]uint64, size)
			for i := range set {
				set[i] = r.Uint64()
			}
			sig := Sign(set, n, 42, nil)
			if len(sig) != n {
				t.Fatalf("len(Sign(%d shingles, %d)) = %d, want %d", size, n, len(sig), n)
			}
			if slices.Contains(sig, Empty) {
				t.Errorf("Sign(%d shingles, %d) holds Empty: %v", size, n, sig)
			}
			if s := sig.Similarity(sig); s != 1 {
				t.Errorf("Similarity(sig, sig) = %v for %d shingles, n=%d, want 1", s, size, n)
			}
			// Order and repeats do not matter.
			shuffled := append(slices.Clone(set), set...)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			if again := Sign(shuffled, n, 42, nil); !slices.Equal(again, sig) {
				t.Errorf("Sign of shuffled, repeated shingles differs for %d shingles, n=%d", size, n)
			}
			other := Sign(set[:size/2+1], n, 42, nil)
			if s1, s2 := sig.Similarity(other), other.Similarity(sig); s1 != s2 {
				t.Errorf("Similarity not symmetric: %v vs %v", s1, s2)
			}
		}
	}
}

func TestSignKnownAnswer(t *testing.T) {
	// Signatures are stored and compared across runs and machines: pin
	// them.
	sig := Sign([]uint64{1, 2, 3, 0xDEADBEEF}, 8, 5, nil)
	want := Signature{0xb5ec85a8, 0x3a38aa8c, 0xb5ec85a8, 0x3a38aa8c, 0xb8474251, 0xb5ec85a8, 0xb8474251, 0xb8474251}
	if !slices.Equal(sig, want) {
		t.Errorf("Sign([1 2 3 0xDEADBEEF], 8, 5) = %#x, want %#x", sig, want)
	}
	if other := Sign([]uint64{1, 2, 3, 0xDEADBEEF}, 8, 6, nil); slices.Equal(other, sig) {
		t.Errorf("seeds 5 and 6 give the same signature %#x", sig)
	}
}

func TestSignEmpty(t *testing.T) {
	e := Sign(nil, 64, 0, nil)
	if len(e) != 64 || slices.ContainsFunc(e, func(v uint32) bool { return v != Empty }) {
		t.Fatalf("Sign(nil, 64) = %v, want 64 x Empty", e)
	}
	if s := e.Similarity(e); s != 0 {
		t.Errorf("Similarity(empty, empty) = %v, want 0", s)
	}
	full := Sign([]uint64{1}, 64, 0, nil)
	if s := e.Similarity(full); s != 0 {
		t.Errorf("Similarity(empty, one) = %v, want 0", s)
	}
	if s := full.Similarity(full[:32]); s != 0 {
		t.Errorf("Similarity of lengths 64 and 32 = %v, want 0", s)
	}
	if got := Sign([]uint64{1}, 0, 0, nil); len(got) != 0 {
		t.Errorf("Sign(x, 0) = %v, want empty", got)
	}
	p := Params{Bands: 8, Rows: 8}
	if k := p.Keys(e, nil); len(k) != 0 {
		t.Errorf("Keys(empty signature) = %x, want none", k)
	}
}

func BenchmarkSign(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	set := make([]uint64, 1000)
	for i := range set {
		set[i] = r.Uint64()
	}
	var sig Signature
	b.SetBytes(int64(8 * len(set)))
	for b.Loop() {
		sig = Sign(set, 128, 0, sig)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(set)), "ns/shingle")
}

func BenchmarkSignSmall(b *testing.B) {
	set := []uint64{1, 2, 3, 4, 5}
	var sig Signature
	b.SetBytes(int64(8 * len(set)))
	for b.Loop() {
		sig = Sign(set, 128, 0, sig)
	}
}
