package pipeline

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestChunk checks that chunks keep groups whole, with their held-back
// pairs, and cut only groups larger than the cut.
func TestChunk(t *testing.T) {
	const n, cut = 16, 100
	sizes := []int{3, 5, 40, 10, 250, 1, 16, 17, 100, 101, 2}
	var groups []group
	var all [][2]uint32
	next := uint32(0)
	for gi, size := range sizes {
		var g group
		for range size {
			g.pairs = append(g.pairs, [2]uint32{next, next + 1})
			next++
		}
		g.held = [][2]uint32{{uint32(gi), uint32(gi)}}
		all = append(all, g.pairs...)
		groups = append(groups, g)
	}
	ws, apart := chunk(groups, n, cut)
	var got [][2]uint32
	held := map[uint32]bool{}
	for _, w := range ws {
		if len(w) > 1 && w.npairs() > n {
			t.Errorf("a chunk of %d groups has %d pairs, more than %d", len(w), w.npairs(), n)
		}
		if len(w) == 1 && len(w[0].pairs) > cut {
			t.Errorf("a piece of %d pairs, more than the cut %d", len(w[0].pairs), cut)
		}
		for _, p := range w {
			got = append(got, p.pairs...)
			for _, h := range p.held {
				held[h[0]] = true
			}
		}
	}
	if !slices.Equal(got, all) {
		t.Errorf("chunks hold %d pairs, not the %d of the groups in order", len(got), len(all))
	}
	for gi, size := range sizes {
		inApart := slices.Contains(apart, [2]uint32{uint32(gi), uint32(gi)})
		if size > cut != inApart || held[uint32(gi)] == inApart {
			t.Errorf("group of %d pairs: held-back pairs apart %v, in its chunk %v", size, inApart, held[uint32(gi)])
		}
	}
	var layout []string
	for _, w := range ws {
		var ns []string
		for _, p := range w {
			ns = append(ns, strconv.Itoa(len(p.pairs)))
		}
		layout = append(layout, strings.Join(ns, "+"))
	}
	want := "3+5 40 10 100 100 50 1 16 17 100 100 1 2"
	if got := strings.Join(layout, " "); got != want {
		t.Errorf("chunks %s, want %s", got, want)
	}
}
