package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryLimit is the soft limit on the Go heap unless GOMEMLIMIT says
// otherwise: the runtime collects garbage harder near it rather than
// doubling the heap, which keeps a scan of 100,000 articles under 400 MB
// of memory. What a scan keeps grows with the number of articles; when it
// outgrows the limit, adaptMemory raises it.
const memoryLimit = 300 << 20

// How adaptMemory watches the heap: every memoryTick, it raises the limit
// to twice the live heap when the collector took more than gcBusy of the
// CPU since the last look and the live heap holds more than half the
// limit. Below the limit the collector takes a few percent; a heap that
// has outgrown it keeps the collector busy (up to half the CPU, where the
// runtime caps it), and the program slows to a crawl.
const (
	memoryTick = 250 * time.Millisecond
	gcBusy     = 0.25
)

// nextLimit returns the soft memory limit after a look at the heap: live
// bytes held after the last collection, and gcShare, the share of the
// CPU the collector took since the last look.
func nextLimit(limit, live uint64, gcShare float64) uint64 {
	if gcShare > gcBusy && live > limit/2 {
		return max(limit, 2*live)
	}
	return limit
}

// adaptMemory sets the soft memory limit to memoryLimit and, on a
// goroutine that lives as long as the process, raises it as nextLimit
// says.
func adaptMemory() {
	limit := uint64(memoryLimit)
	debug.SetMemoryLimit(int64(limit))
	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/cpu/classes/total:cpu-seconds"},
	}
	read := func() (live uint64, gc, total float64, ok bool) {
		metrics.Read(samples)
		for _, s := range samples {
			if s.Value.Kind() == metrics.KindBad {
				return 0, 0, 0, false
			}
		}
		return samples[0].Value.Uint64(), samples[1].Value.Float64(), samples[2].Value.Float64(), true
	}
	go func() {
		_, gc0, total0, ok := read()
		if !ok {
			return
		}
		t := time.NewTicker(memoryTick)
		defer t.Stop()
		for range t.C {
			live, gc, total, _ := read()
			share := 0.0
			if total > total0 {
				share = (gc - gc0) / (total - total0)
			}
			gc0, total0 = gc, total
			if next := nextLimit(limit, live, share); next != limit {
				limit = next
				debug.SetMemoryLimit(int64(limit))
			}
		}
	}()
}
