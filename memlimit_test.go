package main

import "testing"

// TestNextLimit checks when the soft memory limit is raised: only when
// the collector is busy and the live heap holds much of the limit.
func TestNextLimit(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name    string
		limit   uint64
		live    uint64
		gcShare float64
		want    uint64
	}{
		{"small heap, idle collector", 300 * mb, 50 * mb, 0.02, 300 * mb},
		{"large heap, idle collector", 300 * mb, 250 * mb, 0.05, 300 * mb},
		{"small heap, busy collector", 300 * mb, 100 * mb, 0.5, 300 * mb},
		{"heap near the limit, busy collector", 300 * mb, 250 * mb, 0.4, 500 * mb},
		{"heap past the limit", 300 * mb, 900 * mb, 0.5, 1800 * mb},
		{"raised before, heap grew again", 1800 * mb, 1000 * mb, 0.3, 2000 * mb},
	}
	for _, tc := range tests {
		if got := nextLimit(tc.limit, tc.live, tc.gcShare); got != tc.want {
			t.Errorf("%s: nextLimit(%d MB, %d MB, %.2f) = %d MB, want %d MB", tc.name, tc.limit/mb, tc.live/mb, tc.gcShare, got/mb, tc.want/mb)
		}
	}
}
