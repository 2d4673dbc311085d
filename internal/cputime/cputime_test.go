package cputime

import (
	"runtime"
	"testing"
)

// TestProcess checks that CPU time grows with work, where it is read.
func TestProcess(t *testing.T) {
	start := Process()
	x := uint64(1)
	for i := range 50_000_000 {
		x = x*6364136223846793005 + uint64(i)
	}
	if x == 0 {
		t.Log(x)
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1" && Process() <= start {
		t.Errorf("CPU time did not grow after 50 million steps: %v then %v", start, Process())
	}
}
