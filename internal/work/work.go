// Package work runs a loop's iterations on a fixed number of goroutines:
// the one worker pool of wiretrace's stages.
package work

import "sync"

// Each calls fn(i, worker) for every i in [0, n), on workers goroutines
// (at least one) that take the next i in turn, and returns when all calls
// have returned. worker, in [0, workers), names the goroutine, so that fn
// can keep state per worker without locking; calls with different i may
// run at once.
func Each(n, workers int, fn func(i, worker int)) {
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for worker := range max(workers, 1) {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i, worker)
			}
		})
	}
	wg.Wait()
}
