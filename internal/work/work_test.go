package work

import (
	"sync/atomic"
	"testing"
)

// Every index is done exactly once, by a worker in range, for any number
// of workers.
func TestEach(t *testing.T) {
	for _, workers := range []int{-1, 0, 1, 2, 7} {
		for _, n := range []int{0, 1, 5, 100} {
			done := make([]atomic.Int32, n)
			var bad atomic.Bool
			Each(n, workers, func(i, w int) {
				done[i].Add(1)
				if w < 0 || w >= max(workers, 1) {
					bad.Store(true)
				}
			})
			for i := range done {
				if c := done[i].Load(); c != 1 {
					t.Errorf("Each(%d, %d): index %d done %d times, want 1", n, workers, i, c)
				}
			}
			if bad.Load() {
				t.Errorf("Each(%d, %d): a worker out of range", n, workers)
			}
		}
	}
}
