package pipeline

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/internal/cputime"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/report"
	"github.com/wiretrace/wiretrace/verify"
)

// Options configure a scan. Start from DefaultOptions.
type Options struct {
	Params
	Threshold float64 // Jaccard the LSH index aims at
	Workers   int     // parallel workers; 0 means all cores
	// MaxBucket bounds the pairs of one LSH bucket: a larger bucket pairs
	// each member with its first member only.
	MaxBucket int
	// Verify are the options of verifying a pair, the same for scan, check
	// and compare; Verify.Recurring the recurring-text rule's.
	Verify   verify.Options
	Family   family.Options // the options of grouping verified pairs
	TempDir  string         // for the fingerprint spill; "" = the system's
	Progress Progress       // may be nil
}

// DefaultOptions returns the contract's defaults.
func DefaultOptions() Options {
	return Options{
		Params:    Params{Shingle: 5, Perm: 128, Seed: DefaultSeed, Window: 8},
		Threshold: 0.5,
		MaxBucket: 64,
		Verify:    verify.Defaults(),
		Family:    family.Defaults(),
	}
}

// Progress hears how far a scan is. Stage starts a stage of total steps
// (total < 0 when unknown); Add counts steps done. Calls come from one
// goroutine at a time.
type Progress interface {
	Stage(name string, total int64)
	Add(n int64)
}

// Stats counts what a scan did.
type Stats struct {
	Docs       int // documents read and kept
	Bytes      int64
	Skipped    int // records skipped for a problem
	Ignored    int // files in directories ignored for their extension
	Candidates int // candidate pairs verified
	FromLSH    int // candidates from the LSH index
	FromPrints int // candidates from the fingerprints
	Related    int // pairs found related
	LSH        minhash.Params
	Groups     int // connected groups of candidates
	Largest    int // documents in the largest group
	Prepared   int // documents read again and prepared for verifying
	// Stages are the stages of the scan with their wall-clock times.
	Stages []Stage
}

// Stage is a step of a scan and how long it took.
type Stage struct {
	Name    string
	Seconds float64
	CPU     float64 // CPU seconds of the whole process, all threads; 0 if unknown
}

// Result is what a scan found, as report rows sorted by stable keys.
type Result struct {
	Articles []report.Article // by doc
	Pairs    []report.Pair    // by a, b
	Families []report.Family  // by family
	Passages []report.Passage // by doc, start; Text is empty: see Result.Text
	Problems []corpus.Problem // by file and line
	Warnings []string         // chained families, in family order
	Stats    Stats

	locs map[string]corpus.Loc
	urls map[string]string
}

// meta is what a scan keeps of a document.
type meta struct {
	seq     int
	nprints int32
	doc     corpus.Doc // Text is dropped
	info    family.Info
	keys    []uint64 // LSH band keys of its signature
}

// Scan reads every document of c and analyses it.
func Scan(c *corpus.Corpus, opt Options) (*Result, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	prog := opt.Progress
	if prog == nil {
		prog = nopProgress{}
	}
	res := &Result{locs: map[string]corpus.Loc{}, urls: map[string]string{}}

	spill, err := newSpill(opt.TempDir)
	if err != nil {
		return nil, err
	}
	defer spill.remove()

	// Read and sign.
	clock, cpu := time.Now(), cputime.Process()
	lap := func(name string) {
		now, nowCPU := time.Now(), cputime.Process()
		res.Stats.Stages = append(res.Stats.Stages, Stage{name, now.Sub(clock).Seconds(), (nowCPU - cpu).Seconds()})
		clock, cpu = now, nowCPU
	}
	prog.Stage("reading", -1)
	var mu sync.Mutex
	var blocks [][]meta // filled in blocks, so that growing copies nothing
	sketchers := make(chan *Sketcher, opt.Workers*2)
	writers := make(chan spillWriter, opt.Workers*2)
	for range opt.Workers * 2 {
		sketchers <- NewSketcher(opt.Params)
		writers <- spill.writer()
	}
	var problems []corpus.Problem
	var spillErr error
	lsh := minhash.Optimal(opt.Threshold, opt.Perm)
	res.Stats.LSH = lsh
	err = c.Read(opt.Workers, func(seq int, d corpus.Doc) {
		sk := <-sketchers
		s := sk.Sketch(d.Text)
		sketchers <- sk
		keys := lsh.Keys(s.Sig, nil)
		if len(s.Prints) > 0 {
			w := <-writers
			if err := w.add(uint32(seq), s.Prints); err != nil {
				mu.Lock()
				spillErr = err
				mu.Unlock()
			}
			writers <- w
		}
		n := int64(len(d.Text))
		d.Text = ""
		mu.Lock()
		info := family.Info{ID: d.ID, Published: d.Published, Words: s.Words, Start: s.Start, End: s.End}
		if len(blocks) == 0 || len(blocks[len(blocks)-1]) == cap(blocks[len(blocks)-1]) {
			blocks = append(blocks, make([]meta, 0, 4096))
		}
		b := &blocks[len(blocks)-1]
		*b = append(*b, meta{seq: seq, nprints: int32(len(s.Prints)), doc: d, info: info, keys: keys})
		res.Stats.Bytes += n
		prog.Add(1)
		mu.Unlock()
	}, func(p corpus.Problem) {
		mu.Lock()
		problems = append(problems, p)
		mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	close(writers)
	for w := range writers {
		if err := w.flush(); err != nil && spillErr == nil {
			spillErr = err
		}
	}
	if spillErr != nil {
		return nil, fmt.Errorf("fingerprint spill: %w", spillErr)
	}
	res.Stats.Ignored = c.Ignored()

	// Documents in reading order; the first of two with one id wins.
	n := 0
	for _, b := range blocks {
		n += len(b)
	}
	metas := make([]meta, 0, n)
	for _, b := range blocks {
		metas = append(metas, b...)
	}
	blocks = nil
	slices.SortFunc(metas, func(a, b meta) int { return cmp.Compare(a.seq, b.seq) })
	maxSeq := 0
	if len(metas) > 0 {
		maxSeq = metas[len(metas)-1].seq
	}
	seqDoc := make([]int32, maxSeq+1)
	for i := range seqDoc {
		seqDoc[i] = -1
	}
	files := c.Files()
	first := map[string]corpus.Loc{}
	docs := metas[:0]
	for _, m := range metas {
		if l, dup := first[m.doc.ID]; dup {
			problems = append(problems, corpus.Problem{
				Path: files[m.doc.Loc.File], Line: m.doc.Loc.Line, Skipped: true,
				Err: fmt.Errorf("duplicate id %q, first read at %s", m.doc.ID, place(files, l)),
			})
			continue
		}
		first[m.doc.ID] = m.doc.Loc
		seqDoc[m.seq] = int32(len(docs))
		docs = append(docs, m)
	}
	first = nil
	res.Stats.Docs = len(docs)
	res.Problems = problems

	lap("read and sign")

	// Candidates: the LSH index for near-duplicates, the fingerprints for
	// shared passages, whatever the sizes.
	ix := minhash.NewIndex(lsh)
	ix.MaxBucket = opt.MaxBucket
	ix.Grow(len(docs) * lsh.Bands)
	for i, m := range docs {
		ix.AddKeys(uint32(i), m.keys)
	}
	var cands []uint64
	ix.Pairs(func(a, b uint32) { cands = append(cands, uint64(a)<<32|uint64(b)) })
	lap("LSH candidates")
	res.Stats.FromLSH = len(cands)
	prog.Stage("grouping fingerprints", int64(spill.parts()))
	nprints := make([]int32, len(docs))
	for i := range docs {
		nprints[i] = docs[i].nprints
	}
	more, weak, recurring, err := spill.group(seqDoc, nprints, opt.Verify.Recurring.MaxDocs, opt.Workers, prog)
	if err != nil {
		return nil, fmt.Errorf("fingerprint spill: %w", err)
	}
	lap("fingerprint candidates")
	res.Stats.FromPrints = len(more)
	cands = append(cands, more...)
	slices.Sort(cands)
	cands = slices.Compact(cands)
	res.Stats.Candidates = len(cands)
	for i := range docs {
		docs[i].keys = nil // no longer needed
	}

	// Verify and align, one connected group of candidates after another,
	// in chunks that workers take in turn.
	groups := components(len(docs), cands, weak)
	res.Stats.Groups = len(groups)
	for _, g := range groups {
		res.Stats.Largest = max(res.Stats.Largest, len(g.docs))
	}
	// Pairs whose shared text recurs in other articles were held back as
	// possible boilerplate. Where verified pairs put the two in one family,
	// that text is the family's own copy: each worker verifies them as
	// such after the candidates of their group.
	// Chunks are small enough for every worker to get several; a group is
	// cut only when it alone holds a large share of all the pairs.
	size := min(chunkPairs, max(64, len(cands)/(4*opt.Workers)))
	chunks, apart := chunk(groups, size, max(size, len(cands)/(2*opt.Workers)))
	groups = nil
	prog.Stage("verifying", int64(len(cands)))
	set := NewRecurring(recurring)
	recurs := func(h uint64) (bool, bool) { return set.Has(prefix(h)), true }
	pairs, vproblems, prepared := verifyAll(c, opt, docs, recurs, chunks, prog)
	res.Stats.Prepared = prepared
	// The held-back pairs of groups too large for one chunk.
	if within := withinFamilies(pairs, apart); len(within) > 0 {
		fo := opt
		fo.Verify = fo.Verify.InFamily()
		more, morep, prepared := verifyAll(c, fo, docs, recurs, []work{{{pairs: within}}}, prog)
		res.Stats.Prepared += prepared
		pairs = append(pairs, more...)
		vproblems = append(vproblems, morep...)
	}
	lap("verify and align")
	res.Problems = append(res.Problems, vproblems...)
	sortProblems(res.Problems, files)
	for _, p := range res.Problems {
		if p.Skipped {
			res.Stats.Skipped++
		}
	}
	infos := make([]family.Info, len(docs))
	for i := range docs {
		infos[i] = docs[i].info
	}
	rs := rows(infos, pairs, opt.Family, opt.Workers)
	res.collect(docs, rs)
	lap("families and rows")
	return res, nil
}

// verifyAll verifies chunks of candidate pairs on opt.Workers workers
// and returns the related pairs in chunk order.
func verifyAll(c *corpus.Corpus, opt Options, docs []meta, recurs verify.Recurrence, chunks []work, prog Progress) ([]verify.Pair, []corpus.Problem, int) {
	outs := make([]chunkOut, len(chunks))
	verifiers := make([]*verifier, opt.Workers)
	for i := range verifiers {
		verifiers[i] = newVerifier(c, opt, docs, recurs)
	}
	var progMu sync.Mutex // Progress hears one goroutine at a time
	each(len(chunks), opt.Workers, func(k, worker int) {
		outs[k] = verifiers[worker].verify(chunks[k])
		progMu.Lock()
		prog.Add(int64(chunks[k].npairs()))
		progMu.Unlock()
	})
	var pairs []verify.Pair
	var problems []corpus.Problem
	prepared := 0
	for _, o := range outs {
		pairs = append(pairs, o.pairs...)
		problems = append(problems, o.problems...)
		prepared += o.prepared
	}
	return pairs, problems, prepared
}

// each calls fn(i, worker) for every i in [0, n), on workers goroutines
// that take the next i in turn; worker, in [0, workers), names the
// goroutine, so that fn can keep state per worker.
func each(n, workers int, fn func(i, worker int)) {
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

// withinFamilies returns the held-back pairs whose two articles the
// verified pairs join into one family. Its union-find holds only the
// articles of pairs, as a chunk has few of them.
func withinFamilies(pairs []verify.Pair, held [][2]uint32) [][2]uint32 {
	if len(held) == 0 {
		return nil
	}
	parent := map[int]int{}
	find := func(x int) int {
		for {
			p, ok := parent[x]
			if !ok || p == x {
				return x
			}
			x = p
		}
	}
	for i := range pairs {
		p := &pairs[i]
		if p.Joins {
			if a, b := find(p.A), find(p.B); a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	var out [][2]uint32
	for _, h := range held {
		if find(int(h[0])) == find(int(h[1])) {
			out = append(out, h)
		}
	}
	return out
}

func place(files []string, l corpus.Loc) string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", files[l.File], l.Line)
	}
	return files[l.File]
}

func sortProblems(ps []corpus.Problem, files []string) {
	order := map[string]int{}
	for i, f := range files {
		order[f] = i
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if order[a.Path] != order[b.Path] {
			return order[a.Path] < order[b.Path]
		}
		return a.Line < b.Line
	})
}

type nopProgress struct{}

func (nopProgress) Stage(string, int64) {}
func (nopProgress) Add(int64)           {}

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
	sets := newSets(n)
	for _, c := range cands {
		sets.union(int32(c>>32), int32(uint32(c)))
	}
	find := sets.find
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
		if sets.find(a) != sets.find(b) {
			continue // no verified pair can join them
		}
		if _, dup := slices.BinarySearch(cands, h); dup {
			continue
		}
		gi := at[sets.find(a)]
		gs[gi].held = append(gs[gi].held, [2]uint32{uint32(a), uint32(b)})
	}
	slices.SortFunc(gs, func(a, b group) int { return cmp.Compare(a.docs[0], b.docs[0]) })
	return gs
}

// sets is a union-find forest over 0..n-1 whose roots are the smallest
// member of each set.
type sets []int32

func newSets(n int) sets {
	s := make(sets, n)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

func (s sets) find(x int32) int32 {
	for s[x] != x {
		s[x] = s[s[x]]
		x = s[x]
	}
	return x
}

func (s sets) union(a, b int32) {
	a, b = s.find(a), s.find(b)
	if a < b {
		s[b] = a
	} else if b < a {
		s[a] = b
	}
}
