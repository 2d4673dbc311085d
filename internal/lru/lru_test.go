package lru

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Against a model that keeps keys in order of use: the cache holds the
// max most recently used keys, with their latest values.
func TestCache(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, max := range []int{1, 2, 5} {
		c := New[int, int](max)
		var order []int // most recent last
		vals := map[int]int{}
		use := func(k int) {
			order = slices.DeleteFunc(order, func(x int) bool { return x == k })
			order = append(order, k)
		}
		for i := range 2000 {
			k := r.IntN(8)
			if r.IntN(2) == 0 {
				c.Put(k, i)
				vals[k] = i
				use(k)
				if len(order) > max {
					order = order[1:]
				}
				continue
			}
			v, ok := c.Get(k)
			want := slices.Contains(order, k)
			if ok != want || ok && v != vals[k] {
				t.Fatalf("max %d, step %d: Get(%d) = %d, %v; want %d, %v", max, i, k, v, ok, vals[k], want)
			}
			if ok {
				use(k)
			}
		}
		if c.Len() != len(order) {
			t.Errorf("max %d: Len = %d, want %d", max, c.Len(), len(order))
		}
	}
}
