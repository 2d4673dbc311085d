package cputime

import "testing"

// TestProcess checks that CPU time grows with work, where it is read.
func TestProcess(t *testing.T) {
	start := Process()
	x := uint64(1)
	for i := range 50_000_000 {
		x = x*6364136223846793005 + uint64(i)
	}
	end := Process()
	if end == 0 {
		t.Skipf("CPU time is not read on this system (%d)", x)
	}
	if end <= start {
		t.Errorf("CPU time did not grow after 50 million steps: %v, then %v", start, end)
	}
}
