// Package unionfind is a disjoint-set forest over 0..n-1: the one
// union-find of wiretrace, for candidate groups and families.
package unionfind

// Sets is a union-find forest over 0..n-1 whose roots are the smallest
// member of each set, so that a set's root does not depend on the order
// of unions. It is not safe for concurrent use: Find compresses paths.
type Sets []int32

// New returns n singleton sets.
func New(n int) Sets {
	s := make(Sets, n)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

// Find returns the root of x's set: its smallest member.
func (s Sets) Find(x int32) int32 {
	for s[x] != x {
		s[x] = s[s[x]]
		x = s[x]
	}
	return x
}

// Union merges the sets of a and b.
func (s Sets) Union(a, b int32) {
	a, b = s.Find(a), s.Find(b)
	if a < b {
		s[b] = a
	} else if b < a {
		s[a] = b
	}
}
