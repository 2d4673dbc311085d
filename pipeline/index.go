package pipeline

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/wiretrace/wiretrace/archive"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/verify"
)

// indexBatch is how many documents one index transaction commits.
const indexBatch = 2000

// ArchiveParams returns the parameters of an archive that o's scans can be
// compared with: o's Params and the LSH banding of o's threshold.
func (o Options) ArchiveParams() archive.Params {
	lsh := o.LSH()
	return archive.Params{Shingle: o.Shingle, Perm: o.Perm, Seed: o.Seed, Bands: lsh.Bands, Rows: lsh.Rows, Window: o.Window, Lead: verify.LeadWords}
}

// sketching returns the parameters with which a's documents were signed and
// keyed.
func sketching(a *archive.Archive) (Params, minhash.Params) {
	p := a.Params()
	return Params{Shingle: p.Shingle, Perm: p.Perm, Seed: p.Seed, Window: p.Window, Lead: p.Lead}, minhash.Params{Bands: p.Bands, Rows: p.Rows}
}

// IndexResult counts what Index did.
type IndexResult struct {
	archive.Result                  // Conflicts sorted
	Problems       []corpus.Problem // inputs that could not be read, in reading order
}

// Index adds every document of c to the archive a, signed and keyed with
// a's parameters, in batches of one transaction each: the workers sign a
// batch while one goroutine writes the one before. replace replaces an
// archived document whose id comes again with other text. At the end,
// the run's batches are merged into one segment, so that a check reads
// one bucket for them. Of opt it uses Workers and Progress.
func Index(a *archive.Archive, c *corpus.Corpus, opt Options, replace bool) (IndexResult, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	prog := opt.progress()
	params, lsh := sketching(a)
	prog.Stage("indexing", -1)
	batches := make(chan []archive.Entry, 1)
	var total IndexResult
	var addErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		for batch := range batches {
			if addErr != nil {
				continue
			}
			slices.SortFunc(batch, func(x, y archive.Entry) int { return cmp.Compare(x.Doc.ID, y.Doc.ID) })
			r, err := a.Add(batch, replace)
			if err != nil {
				addErr = err
			}
			total.Added += r.Added
			total.Unchanged += r.Unchanged
			total.Replaced += r.Replaced
			total.Conflicts = append(total.Conflicts, r.Conflicts...)
			prog.Add(int64(len(batch)))
		}
	})
	var mu sync.Mutex
	var batch []archive.Entry
	var problems []corpus.Problem
	// The ids read so far, with where and in what order: of two documents
	// with one id, the first read is indexed and the other is named as a
	// duplicate, as a scan does. Documents come from the readers nearly in
	// reading order; one read earlier but signed later takes the other's
	// place while that is still in the batch being filled.
	type place struct {
		seq   int
		loc   corpus.Loc
		batch int // index in batch, or -1 once the batch is sent
	}
	files := c.Files()
	ids := map[string]place{}
	dup := func(d corpus.Loc, first corpus.Loc, id string) corpus.Problem {
		return corpus.Problem{Path: files[d.File], Line: d.Line, Skipped: true,
			Err: fmt.Errorf("duplicate id %q, first read at %s", id, placeOf(files, first))}
	}
	sketchers := make(chan *Sketcher, workers)
	for range workers {
		sketchers <- NewSketcher(params)
	}
	err := c.Read(workers, func(seq int, d corpus.Doc) {
		sk := <-sketchers
		x := sk.Sketch(d.Text)
		sketchers <- sk
		ent := archive.Entry{
			Doc:    archive.Doc{ID: d.ID, Text: d.Text, Title: d.Title, URL: d.URL, Source: d.Source, Published: d.Published},
			Sig:    x.Sig,
			Prints: append(x.Prints, x.Keys(false)...),
		}
		if x.Words > 0 {
			ent.Keys = lsh.Keys(x.Sig, nil)
		}
		mu.Lock()
		defer mu.Unlock()
		if old, ok := ids[d.ID]; ok {
			if old.seq < seq || old.batch < 0 {
				problems = append(problems, dup(d.Loc, old.loc, d.ID))
				return
			}
			problems = append(problems, dup(old.loc, d.Loc, d.ID))
			batch[old.batch] = ent
			ids[d.ID] = place{seq, d.Loc, old.batch}
			return
		}
		ids[d.ID] = place{seq, d.Loc, len(batch)}
		batch = append(batch, ent)
		if len(batch) >= indexBatch {
			for _, e := range batch {
				p := ids[e.Doc.ID]
				p.batch = -1
				ids[e.Doc.ID] = p
			}
			batches <- batch
			batch = make([]archive.Entry, 0, indexBatch)
		}
	}, func(p corpus.Problem) {
		mu.Lock()
		problems = append(problems, p)
		mu.Unlock()
	})
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	wg.Wait()
	if addErr == nil {
		prog.Stage("merging", -1)
		addErr = a.Merge()
	}
	if err != nil {
		return total, err
	}
	if addErr != nil {
		return total, addErr
	}
	slices.Sort(total.Conflicts)
	total.Problems = problems
	return total, nil
}
