package pipeline

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/wiretrace/wiretrace/internal/unionfind"
	"github.com/wiretrace/wiretrace/minhash"
)

// Stage 2 of Scan: candidate pairs.

// candidates finds the candidate pairs (a<<32|b, a < b, document indexes,
// sorted, distinct): the LSH index for near-duplicates, the fingerprints
// for shared passages, whatever the sizes. It returns too the pairs held
// back by the recurring-text rule and the prefixes of the fingerprints
// that recur (see shuffle.Spill.Group).
func (s *scan) candidates() (cands, held []uint64, heldWeights []uint32, recurring []uint64, err error) {
	docs, res := s.docs, s.res
	ix := minhash.NewIndex(s.lsh)
	ix.MaxBucket = s.opt.MaxBucket
	ix.Grow(len(docs) * s.lsh.Bands)
	for i, m := range docs {
		ix.AddKeys(uint32(i), m.keys)
	}
	ix.Pairs(func(a, b uint32) { cands = append(cands, uint64(a)<<32|uint64(b)) })
	s.lap("LSH candidates")
	res.Stats.FromLSH = len(cands)
	s.prog.Stage("grouping fingerprints", int64(s.spill.Parts()))
	nprints := make([]int32, len(docs))
	words := make([]int32, len(docs))
	for i := range docs {
		nprints[i], words[i] = docs[i].nprints, int32(docs[i].info.Words)
	}
	more, held, heldWeights, recurring, err := s.spill.Group(s.seqDocs(), nprints, words, s.opt.Verify.Recurring.MaxDocs, s.opt.Workers, func() { s.prog.Add(1) })
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("fingerprint spill: %w", err)
	}
	s.lap("fingerprint candidates")
	res.Stats.FromPrints = len(more)
	cands = append(cands, more...)
	slices.Sort(cands)
	cands = slices.Compact(cands)
	res.Stats.Candidates = len(cands)
	for i := range docs {
		docs[i].keys = nil // no longer needed
	}
	return cands, held, heldWeights, recurring, nil
}

// group is a connected set of documents joined by candidate pairs.
type group struct {
	docs  []int32     // ascending
	pairs [][2]uint32 // candidate pairs, indexes into docs of the scan
	held  [][2]uint32 // held-back pairs of its documents
}

// components splits the candidate graph into its connected groups, each
// with its pairs and the held-back pairs between its documents, in the
// order of their first document. cands is sorted.
func components(n int, cands, held []uint64) []group {
	sets := unionfind.New(n)
	for _, c := range cands {
		sets.Union(int32(c>>32), int32(uint32(c)))
	}
	find := sets.Find
	at := map[int32]int{}
	var gs []group
	for _, c := range cands {
		a := int32(c >> 32)
		r := find(a)
		gi, ok := at[r]
		if !ok {
			gi = len(gs)
			at[r] = gi
			gs = append(gs, group{})
		}
		gs[gi].pairs = append(gs[gi].pairs, [2]uint32{uint32(c >> 32), uint32(c)})
	}
	for i := range gs {
		var ds []int32
		for _, p := range gs[i].pairs {
			ds = append(ds, int32(p[0]), int32(p[1]))
		}
		slices.Sort(ds)
		gs[i].docs = slices.Compact(ds)
	}
	for _, h := range held {
		a, b := int32(h>>32), int32(uint32(h))
		if sets.Find(a) != sets.Find(b) {
			continue // no verified pair can join them
		}
		if _, dup := slices.BinarySearch(cands, h); dup {
			continue
		}
		gi := at[sets.Find(a)]
		gs[gi].held = append(gs[gi].held, [2]uint32{uint32(a), uint32(b)})
	}
	slices.SortFunc(gs, func(a, b group) int { return cmp.Compare(a.docs[0], b.docs[0]) })
	return gs
}
