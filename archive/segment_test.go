package archive

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestAgainstModel runs random batches of new, unchanged, replaced and
// conflicting documents through Add, so that segments are written, merged,
// and hold replaced documents and spilled groups (every document holds the
// boilerplate fingerprints), and compares what Add reports and what
// Candidates and PrintDocs find with a plain in-memory model of the
// archive.
func TestAgainstModel(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the model test takes seconds")
	}
	a, path := newArchive(t)
	r := rand.New(rand.NewPCG(5, 6))
	model := map[string]Entry{}
	next := 0
	entry := func(id string) Entry {
		e := genEntry(testParams, next, 100, 20)
		next++
		e.Doc.ID = id
		return e
	}
	var ids []string
	steps := 80
	if raceEnabled {
		steps = 32
	}
	for step := range steps {
		n := 1 + r.IntN(40)
		if step%9 == 0 {
			n = 150 // now and then a big batch, which merges what came before
		}
		replace := r.IntN(2) == 0
		var batch []Entry
		var want Result
		staged := map[string]Entry{}
		for range n {
			var e Entry
			switch k := r.IntN(10); {
			case k < 5 || len(ids) == 0:
				id := fmt.Sprintf("m%04d", len(ids))
				ids = append(ids, id)
				e = entry(id)
			case k < 7:
				id := ids[r.IntN(len(ids))]
				if old, ok := staged[id]; ok {
					e = old
				} else if old, ok := model[id]; ok {
					e = old
				} else {
					e = entry(id)
				}
			default:
				e = entry(ids[r.IntN(len(ids))])
			}
			batch = append(batch, e)
			cur, ok := staged[e.Doc.ID]
			if !ok {
				cur, ok = model[e.Doc.ID]
			}
			switch {
			case !ok:
				want.Added++
				staged[e.Doc.ID] = e
			case cur.Doc.Text == e.Doc.Text:
				want.Unchanged++
			case !replace:
				want.Conflicts = append(want.Conflicts, e.Doc.ID)
			default:
				want.Replaced++
				staged[e.Doc.ID] = e
			}
		}
		res, err := a.Add(batch, replace)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if !reflect.DeepEqual(res, want) {
			t.Fatalf("step %d: Add = %+v, want %+v", step, res, want)
		}
		for id, e := range staged {
			model[id] = e
		}
		if step%8 != 7 {
			continue
		}
		for range 20 {
			var q Entry
			if r.IntN(3) == 0 {
				q = genEntry(testParams, r.IntN(next+50), 100, 20)
			} else {
				q = model[ids[r.IntN(len(ids))]]
				q.Prints = append(slices.Clone(q.Prints), boilerplate...)
			}
			for _, maxDocs := range []int{0, 3, 64} {
				got, err := a.Candidates(q.Keys, q.Prints, maxDocs)
				if err != nil {
					t.Fatal(err)
				}
				if want := modelCandidates(model, q, maxDocs); !reflect.DeepEqual(got, want) {
					t.Fatalf("step %d: Candidates(%s, %d) =\n%v\nwant\n%v", step, q.Doc.ID, maxDocs, got, want)
				}
			}
			got, err := a.PrintDocs(q.Prints)
			if err != nil {
				t.Fatal(err)
			}
			if want := modelPrintDocs(model, q.Prints); !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d: PrintDocs(%s) = %v, want %v", step, q.Doc.ID, got, want)
			}
		}
	}
	if n := verify(t, path, model); n != len(model) {
		t.Errorf("verify: %d documents, want %d", n, len(model))
	}
	segs, err := readSegments(t.Context(), a.db)
	if err != nil {
		t.Fatal(err)
	}
	spilled := false
	for _, s := range segs {
		spilled = spilled || s.spillLo > 0
	}
	t.Logf("%d documents in %d segments (spill rows: %v)", len(model), len(segs), spilled)
	if len(segs) > 8 || !spilled {
		t.Errorf("%d segments, spill rows: %v; want a few segments, merged, with spill rows", len(segs), spilled)
	}
}

func modelPrintDocs(model map[string]Entry, prints []uint64) map[uint64]int {
	m := map[uint64]int{}
	for _, p := range prints {
		m[p] = 0
	}
	for _, e := range model {
		for _, p := range distinct(e.Prints) {
			if _, ok := m[p]; ok {
				m[p]++
			}
		}
	}
	return m
}

func modelCandidates(model map[string]Entry, q Entry, maxDocs int) []Candidate {
	df := modelPrintDocs(model, q.Prints)
	var out []Candidate
	for id, e := range model {
		c := Candidate{ID: id}
		for _, k := range distinct(q.Keys) {
			if slices.Contains(e.Keys, k) {
				c.Keys++
			}
		}
		for _, p := range distinct(q.Prints) {
			if (maxDocs < 1 || df[p] <= maxDocs) && slices.Contains(e.Prints, p) {
				c.Prints++
				if df[p] == 1 {
					c.Rare++
				}
			}
		}
		if c.Keys+c.Prints > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(x, y Candidate) int { return strings.Compare(x.ID, y.ID) })
	return out
}

// TestMerge indexes a first run, then a second through another Archive
// value, each in many batches: Merge leaves each run in one segment of
// its own, and lookups find what they found before.
func TestMerge(t *testing.T) {
	a, path := newArchive(t)
	q := genEntry(testParams, 7, 300, 30)
	added := map[string]Entry{}
	for run := range 2 {
		b := a
		if run == 1 {
			var err error
			if b, err = Open(path, testParams); err != nil {
				t.Fatal(err)
			}
			defer b.Close()
		}
		for i := range 12 {
			batch := genBatch(testParams, 1000*run+25*i, 25, 300, 30)
			if _, err := b.Add(batch, false); err != nil {
				t.Fatal(err)
			}
			maps.Copy(added, byID(batch))
		}
		before, err := b.Candidates(q.Keys, q.Prints, 0)
		if err != nil {
			t.Fatal(err)
		}
		segs, err := readSegments(t.Context(), a.db)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Merge(); err != nil {
			t.Fatal(err)
		}
		after, err := b.Candidates(q.Keys, q.Prints, 0)
		if err != nil || !reflect.DeepEqual(after, before) {
			t.Errorf("run %d: Candidates after Merge = %v, %v; before %v", run, after, err, before)
		}
		merged, err := readSegments(t.Context(), a.db)
		if err != nil {
			t.Fatal(err)
		}
		if len(merged) != run+1 || merged[run].lo != int64(300*run+1) || merged[run].hi != int64(300*run+300) {
			t.Errorf("run %d: %d segments before Merge, after: %+v; want the run's 300 documents in one segment", run, len(segs), merged)
		}
		if n := verify(t, path, added); n != 300*(run+1) {
			t.Errorf("run %d: verify: %d documents, want %d", run, n, 300*(run+1))
		}
	}
}
