package pipeline

import (
	"cmp"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"

	"github.com/wiretrace/wiretrace/archive"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/report"
	"github.com/wiretrace/wiretrace/verify"
)

// CheckResult is what Check found.
type CheckResult struct {
	// Rows: per input, in reading order, its article row, its pairs (a the
	// input, b the archived article) and its passages, with text.
	Rows RowSet
	// Related: some input is a duplicate or reprint of an archived
	// article.
	Related  bool
	Inputs   int              // inputs read and checked
	Problems []corpus.Problem // inputs that could not be read, in reading order
}

// Check judges each article of c against the archive a, as an editor
// would before publishing, with the parameters the archive was made with
// (the shingle size, signature length, seed and LSH banding of opt are not
// used) and opt's verification and grouping. Each input is verified
// against its archived candidates as a scan verifies a pair, on
// opt.Workers workers.
func Check(a *archive.Archive, c *corpus.Corpus, opt Options) (CheckResult, error) {
	type input struct {
		seq int
		d   corpus.Doc
	}
	var ins []input
	var res CheckResult
	var mu sync.Mutex
	if err := c.Read(1, func(seq int, d corpus.Doc) {
		mu.Lock()
		ins = append(ins, input{seq, d})
		mu.Unlock()
	}, func(p corpus.Problem) { res.Problems = append(res.Problems, p) }); err != nil {
		return res, err
	}
	slices.SortFunc(ins, func(x, y input) int { return cmp.Compare(x.seq, y.seq) })
	res.Inputs = len(ins)
	params, lsh := sketching(a)
	opt.Params = params
	sk := NewSketcher(params)
	for _, in := range ins {
		rows, rel, err := checkDoc(a, sk, lsh, in.d, opt)
		if err != nil {
			return res, fmt.Errorf("check %s: %w", in.d.ID, err)
		}
		res.Related = res.Related || rel
		res.Rows.Articles = append(res.Rows.Articles, rows.Articles...)
		res.Rows.Pairs = append(res.Rows.Pairs, rows.Pairs...)
		res.Rows.Passages = append(res.Rows.Passages, rows.Passages...)
	}
	return res, nil
}

// checkDoc judges one article against the archive.
func checkDoc(a *archive.Archive, sk *Sketcher, lsh minhash.Params, d corpus.Doc, opt Options) (RowSet, bool, error) {
	x := sk.Sketch(d.Text)
	// One snapshot: the candidates found are the ones read back, whatever
	// an index run writes meanwhile.
	snap, err := a.Snapshot()
	if err != nil {
		return RowSet{}, false, err
	}
	defer snap.Close()
	var cands []archive.Candidate
	var dfs map[uint64]int
	if x.Words > 0 {
		if cands, err = snap.Candidates(lsh.Keys(x.Sig, nil), x.Prints, opt.Verify.Recurring.MaxDocs); err != nil {
			return RowSet{}, false, err
		}
		// As in a scan, one shared fingerprint makes no candidate.
		cands = slices.DeleteFunc(cands, func(c archive.Candidate) bool { return c.Keys == 0 && c.Prints < verify.MinSharedPrints })
		if dfs, err = snap.PrintDocs(x.Prints); err != nil {
			return RowSet{}, false, err
		}
	}
	// Of an archived article's fingerprints only those the input has too
	// are looked up, and only those are known.
	recurs := func(h uint64) (bool, bool) {
		df, ok := dfs[h]
		return verify.RecursInArchive(df), ok
	}
	fds := []verify.Doc{sk.Doc(d.ID, d.Published, d.Text, func(h uint64) (bool, bool) { return verify.RecursInArchive(dfs[h]), true })}
	// The workers verify the input against their candidates at once: its
	// seed index is built before, not by the first of them.
	fds[0].Index(opt.Verify)
	in := fds[0]
	var pairs []verify.Pair
	var held []verify.Doc
	var firstErr error
	for r := range verifyCandidates(snap, sk, &in, cands, recurs, opt) {
		switch {
		case firstErr != nil:
		case r.err != nil:
			firstErr = r.err
		case !r.ok:
			if len(held) < verify.MaxVersions {
				held = append(held, r.fd)
			}
		default:
			r.p.A, r.p.B = 0, len(fds)
			fds = append(fds, r.fd)
			pairs = append(pairs, r.p)
		}
	}
	if firstErr != nil {
		return RowSet{}, false, firstErr
	}
	idx, vps := verify.Versions(&fds[0], held, opt.Verify)
	for k, i := range idx {
		vps[k].A, vps[k].B = 0, len(fds)
		fds = append(fds, held[i])
		pairs = append(pairs, vps[k])
	}
	infos := make([]family.Info, len(fds))
	for i := range fds {
		infos[i] = info(&fds[i])
	}
	rows := Rows(infos, pairs, opt.Family)
	var out RowSet
	related := false
	for _, r := range rows.Articles {
		if r.Doc == d.ID {
			r.Title, r.Source, r.Published, r.URL = d.Title, d.Source, d.Published, d.URL
			out.Articles = append(out.Articles, r)
			break
		}
	}
	for _, p := range rows.Pairs {
		if p.B == d.ID && p.A != d.ID {
			p.A, p.B = p.B, p.A
			p.ContainmentA, p.ContainmentB = p.ContainmentB, p.ContainmentA
		}
		if p.Relation == string(verify.Duplicate) || p.Relation == string(verify.Reprint) {
			related = true
		}
		out.Pairs = append(out.Pairs, p)
	}
	for _, p := range rows.Passages {
		if p.Doc == d.ID {
			p.Text = d.Text[p.Start:p.End]
			out.Passages = append(out.Passages, p)
		}
	}
	// The edits are against the archived texts, read again for the
	// passages that differ from theirs.
	source := ""
	if len(out.Articles) > 0 {
		source = out.Articles[0].SourceDoc
	}
	text := func(doc string) (string, error) {
		if doc == d.ID {
			return d.Text, nil
		}
		ad, err := snap.Doc(doc)
		return ad.Text, err
	}
	if err := report.AddEdits(out.Passages, text, func(string) string { return source }); err != nil {
		return RowSet{}, false, err
	}
	return out, related, nil
}

// verified is an archived candidate read back and verified against the
// input.
type verified struct {
	fd  verify.Doc
	p   verify.Pair
	ok  bool
	err error
}

// verifyCandidates reads back each candidate from the snapshot, in order, and
// verifies it against the input on opt.Workers goroutines; it yields the
// results in candidate order, with at most two per worker held at once.
func verifyCandidates(snap *archive.Snapshot, sk *Sketcher, in *verify.Doc, cands []archive.Candidate, recurs verify.Recurrence, opt Options) iter.Seq[verified] {
	return func(yield func(verified) bool) {
		workers := opt.Workers
		if workers < 1 {
			workers = runtime.GOMAXPROCS(0)
		}
		workers = min(workers, len(cands))
		type job struct {
			i   int
			doc archive.Doc
			err error
		}
		out := make([]chan verified, len(cands))
		for i := range out {
			out[i] = make(chan verified, 1)
		}
		tokens := make(chan struct{}, 2*workers)
		jobs := make(chan job)
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(jobs)
			for i, cd := range cands {
				tokens <- struct{}{}
				ad, err := snap.Doc(cd.ID)
				jobs <- job{i, ad, err}
			}
		})
		for w := range workers {
			wsk := sk
			if w > 0 {
				wsk = NewSketcher(sk.P)
			}
			wg.Go(func() {
				v := verify.Verifier{Recurs: recurs}
				for j := range jobs {
					if j.err != nil {
						out[j.i] <- verified{err: j.err}
						continue
					}
					fd := wsk.Doc(j.doc.ID, j.doc.Published, j.doc.Text, nil)
					fd.Prior = true
					p, ok := v.Verify(in, &fd, opt.Verify)
					out[j.i] <- verified{fd: fd, p: p, ok: ok}
				}
			})
		}
		stop := false
		for i := range out {
			r := <-out[i]
			<-tokens
			if !stop && !yield(r) {
				stop = true // drain, so that the goroutines finish
			}
		}
		wg.Wait()
	}
}
