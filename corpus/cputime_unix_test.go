//go:build unix

package corpus

import (
	"testing"
	"time"

	"github.com/wiretrace/wiretrace/internal/cputime"
)

// reportCPU reports throughput per CPU second ("MB/cpu-s"), which unlike
// MB/s does not fall when other processes share the machine. Call it with
// the CPU time at the start of the loop.
func reportCPU(b *testing.B, start time.Duration, bytesPerOp int64) {
	used := cputime.Process() - start
	if used > 0 {
		b.ReportMetric(float64(bytesPerOp)*float64(b.N)/1e6/used.Seconds(), "MB/cpu-s")
	}
}
