package main

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/wiretrace/wiretrace/archive"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/pipeline"
)

// batchSize is how many documents one index transaction commits.
const batchSize = 2000

// archiveParams are the parameters an archive made with these flags has.
func (s *shared) archiveParams() (archive.Params, pipeline.Params, minhash.Params) {
	o := s.options()
	lsh := minhash.Optimal(s.threshold, s.perm)
	return archive.Params{Shingle: o.Shingle, Perm: o.Perm, Seed: o.Seed, Bands: lsh.Bands, Rows: lsh.Rows, Window: o.Window}, o.Params, lsh
}

func runIndex(e *env, args []string) error {
	var s shared
	var db string
	var replace, stats bool
	fs := newFlags(e, "index", "wiretrace index --db FILE [flags] INPUT...", `
Index adds articles to an archive: one SQLite file holding each article's
metadata, text, signature and search keys, so that check can judge new
articles against it. Adding the same id with the same text again does
nothing; the same id with other text is refused unless --replace. Work is
committed in batches: a run that is stopped leaves a consistent archive,
and running the same command again completes it. --shingle, --perm and
--threshold are fixed when the archive is created.

Example:
  wiretrace index --db wire.db wire/2025-04/
  wiretrace index --db wire.db --stats`)
	s.register(fs)
	fs.StringVar(&db, "db", "", "the archive file (created if missing)")
	fs.BoolVar(&replace, "replace", false, "replace an archived article whose id comes again with other text")
	fs.BoolVar(&stats, "stats", false, "print the archive's size and parameters and exit")
	if done, err := parse(fs, args); done {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if db == "" {
		return usageErr("index needs --db FILE")
	}
	ap, pp, lsh := s.archiveParams()
	if stats {
		a, err := archive.Open(db, ap)
		if err != nil {
			return usageErr("%v", err)
		}
		defer a.Close()
		return printStats(e, a)
	}
	stop, err := s.startProfile()
	if err != nil {
		return err
	}
	defer stop()
	c, err := openInputs(e, fs.Args(), &s)
	if err != nil {
		return err
	}
	defer c.Close()
	a, err := archive.Create(db, ap)
	if err != nil {
		return usageErr("%v", err)
	}
	defer a.Close()

	start := time.Now()
	b := newBar(e, s.quiet)
	b.Stage("indexing", -1)
	// The workers sketch while one goroutine writes the batch before.
	batches := make(chan []archive.Entry, 1)
	var total archive.Result
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
			b.Add(int64(len(batch)))
		}
	})
	var mu sync.Mutex
	var batch []archive.Entry
	var problems []corpus.Problem
	sketchers := make(chan *pipeline.Sketcher, s.workers)
	for range s.workers {
		sketchers <- pipeline.NewSketcher(pp)
	}
	err = c.Read(s.workers, func(seq int, d corpus.Doc) {
		sk := <-sketchers
		x := sk.Sketch(d.Text)
		sketchers <- sk
		ent := archive.Entry{
			Doc:    archive.Doc{ID: d.ID, Text: d.Text, Title: d.Title, URL: d.URL, Source: d.Source, Published: d.Published},
			Sig:    x.Sig,
			Prints: x.Prints,
		}
		if x.Words > 0 {
			ent.Keys = lsh.Keys(x.Sig, nil)
		}
		mu.Lock()
		batch = append(batch, ent)
		if len(batch) >= batchSize {
			batches <- batch
			batch = make([]archive.Entry, 0, batchSize)
		}
		mu.Unlock()
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
		// Leave this run's articles in one segment, so that a check reads
		// one bucket for them.
		b.Stage("merging", -1)
		addErr = a.Merge()
	}
	b.finish()
	if err != nil {
		return err
	}
	if addErr != nil {
		return fmt.Errorf("index %s: %w", db, addErr)
	}
	skipped := printProblems(e, problems)
	slices.Sort(total.Conflicts)
	for _, id := range total.Conflicts {
		fmt.Fprintf(e.stderr, "wiretrace: %s: id is archived with other text (use --replace): skipped\n", id)
	}
	skipped += len(total.Conflicts)
	if !s.quiet {
		fmt.Fprintf(e.stderr, "wiretrace: %s: %d added, %d unchanged, %d replaced, %d skipped in %.2fs\n",
			db, total.Added, total.Unchanged, total.Replaced, skipped, time.Since(start).Seconds())
	}
	if total.Added+total.Unchanged+total.Replaced+len(total.Conflicts) == 0 && skipped > 0 {
		return usageErr("nothing could be read")
	}
	if skipped > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}

func printStats(e *env, a *archive.Archive) error {
	st, err := a.Stats()
	if err != nil {
		return err
	}
	p := st.Params
	fmt.Fprintf(e.stdout, "documents\t%d\nbytes\t%d\nschema_version\t%d\nshingle\t%d\nperm\t%d\nseed\t%d\nbands\t%d\nrows\t%d\nwindow\t%d\n",
		st.Docs, st.Bytes, st.SchemaVersion, p.Shingle, p.Perm, p.Seed, p.Bands, p.Rows, p.Window)
	return nil
}

func runCheck(e *env, args []string) error {
	var s shared
	var db, format, which string
	fs := newFlags(e, "check", "wiretrace check --db FILE [flags] INPUT...", `
Check judges each input article against an archive, as an editor would
before publishing: one row per input with its role, the archived article
it derives from and its copied, quoted and independent shares. It exits 1
when an input is a duplicate or reprint of an archived article, 0 when no
archived article is related.

Example:
  wiretrace check --db wire.db draft.txt
  wiretrace check --db wire.db --report passages draft.txt`)
	s.register(fs)
	fs.StringVar(&db, "db", "", "the archive file")
	fs.StringVarP(&format, "format", "f", "", "table, csv or json (default: table on a terminal, else csv)")
	fs.StringVarP(&which, "report", "r", "articles", "articles, pairs or passages")
	if done, err := parse(fs, args); done {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if db == "" {
		return usageErr("check needs --db FILE")
	}
	o, err := parseOutput(e, format, which, "articles", "pairs", "passages")
	if err != nil {
		return err
	}
	stop, err := s.startProfile()
	if err != nil {
		return err
	}
	defer stop()
	ap, pp, lsh := s.archiveParams()
	a, err := archive.Open(db, ap)
	if err != nil {
		return usageErr("%v", err)
	}
	defer a.Close()
	c, err := openInputs(e, fs.Args(), &s)
	if err != nil {
		return err
	}
	defer c.Close()

	type input struct {
		seq int
		d   corpus.Doc
	}
	var ins []input
	var problems []corpus.Problem
	var mu sync.Mutex
	if err := c.Read(1, func(seq int, d corpus.Doc) {
		mu.Lock()
		ins = append(ins, input{seq, d})
		mu.Unlock()
	}, func(p corpus.Problem) { problems = append(problems, p) }); err != nil {
		return err
	}
	slices.SortFunc(ins, func(x, y input) int { return cmp.Compare(x.seq, y.seq) })
	skipped := printProblems(e, problems)
	if len(ins) == 0 {
		return usageErr("nothing could be read")
	}

	opt := s.options()
	var out pipeline.RowSet
	related := false
	sk := pipeline.NewSketcher(pp)
	for _, in := range ins {
		rows, rel, err := pipeline.Check(a, sk, lsh, in.d, opt)
		if err != nil {
			return fmt.Errorf("check %s: %w", in.d.ID, err)
		}
		related = related || rel
		out.Articles = append(out.Articles, rows.Articles...)
		out.Pairs = append(out.Pairs, rows.Pairs...)
		out.Passages = append(out.Passages, rows.Passages...)
	}
	if err := o.write(e.stdout, out, nil); err != nil {
		return err
	}
	if related {
		return &exitError{code: exitRelated}
	}
	if skipped > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}
