package unionfind

import (
	"math/rand/v2"
	"testing"
)

// Against a naive labelling: two members share a root exactly when a
// chain of unions joins them, and the root is the smallest member.
func TestSets(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := range 200 {
		n := 1 + r.IntN(40)
		s := New(n)
		label := make([]int, n)
		for i := range label {
			label[i] = i
		}
		for range r.IntN(2 * n) {
			a, b := r.IntN(n), r.IntN(n)
			s.Union(int32(a), int32(b))
			la, lb := label[a], label[b]
			for i := range label {
				if label[i] == lb {
					label[i] = la
				}
			}
		}
		for i := range n {
			smallest := i
			for j := range n {
				if label[j] == label[i] {
					smallest = min(smallest, j)
				}
			}
			if got := s.Find(int32(i)); int(got) != smallest {
				t.Fatalf("iter %d: Find(%d) = %d, want %d", iter, i, got, smallest)
			}
		}
	}
}
