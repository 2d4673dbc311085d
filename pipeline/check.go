package pipeline

import (
	"iter"
	"runtime"
	"slices"
	"sync"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/archive"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/minhash"
)

// maxPrintDocs is the archive document frequency above which a
// fingerprint finds no candidates: text that common is boilerplate.
const maxPrintDocs = 64

// Check judges one article against the archive. Its rows are the
// input's article row, its pairs (a the input, b the archived article)
// and its passages, with text.
func Check(a *archive.Archive, sk *Sketcher, lsh minhash.Params, d corpus.Doc, opt Options) (RowSet, bool, error) {
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
		if cands, err = snap.Candidates(lsh.Keys(x.Sig, nil), x.Prints, maxPrintDocs); err != nil {
			return RowSet{}, false, err
		}
		// As in a scan, one shared fingerprint makes no candidate: a
		// passage long enough to count (Params.Guarantee words) holds two.
		cands = slices.DeleteFunc(cands, func(c archive.Candidate) bool { return c.Keys == 0 && c.Prints < 2 })
		if dfs, err = snap.PrintDocs(x.Prints); err != nil {
			return RowSet{}, false, err
		}
	}
	// A fingerprint recurs when the archive holds it twice: with the input,
	// three articles carry it. Of an archived article's fingerprints only
	// those the input has too are looked up, and only those are known.
	recurs := func(h uint64) (bool, bool) {
		df, ok := dfs[h]
		return df >= 2, ok
	}
	fds := []family.Doc{sk.Doc(d.ID, d.Published, d.Text, func(h uint64) (bool, bool) { return dfs[h] >= 2, true })}
	// The workers verify the input against their candidates at once: its
	// seed index is built before, not by the first of them.
	fds[0].Index(opt.Family)
	in := fds[0]
	var pairs []family.Pair
	var held []family.Doc
	var firstErr error
	for r := range verifyCandidates(snap, sk, &in, cands, recurs, opt) {
		switch {
		case firstErr != nil:
		case r.err != nil:
			firstErr = r.err
		case !r.ok:
			if len(held) < maxHeld {
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
	for _, v := range versions(fds[0], held, opt.Family) {
		v.p.A, v.p.B = 0, len(fds)
		fds = append(fds, v.fd)
		pairs = append(pairs, v.p)
	}
	infos := make([]family.Info, len(fds))
	for i := range fds {
		infos[i] = fds[i].Info()
	}
	rows := Rows(infos, pairs, opt.Family)
	var out RowSet
	related := false
	for _, r := range rows.Articles {
		if r.Doc == d.ID {
			r.Title, r.Source, r.Published = d.Title, d.Source, d.Published
			out.Articles = append(out.Articles, r)
			break
		}
	}
	for _, p := range rows.Pairs {
		if p.B == d.ID && p.A != d.ID {
			p.A, p.B = p.B, p.A
			p.ContainmentA, p.ContainmentB = p.ContainmentB, p.ContainmentA
		}
		if p.Relation == string(family.Duplicate) || p.Relation == string(family.Reprint) {
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
	return out, related, nil
}

// verified is an archived candidate read back and verified against the
// input.
type verified struct {
	fd  family.Doc
	p   family.Pair
	ok  bool
	err error
}

// verifyCandidates reads back each candidate from the snapshot, in order, and
// verifies it against the input on opt.Workers goroutines; it yields the
// results in candidate order, with at most two per worker held at once.
func verifyCandidates(snap *archive.Snapshot, sk *Sketcher, in *family.Doc, cands []archive.Candidate, recurs family.Recurrence, opt Options) iter.Seq[verified] {
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
				v := family.Verifier{Recurs: recurs}
				for j := range jobs {
					if j.err != nil {
						out[j.i] <- verified{err: j.err}
						continue
					}
					fd := wsk.Doc(j.doc.ID, j.doc.Published, j.doc.Text, nil)
					fd.Prior = true
					p, ok := v.Verify(in, &fd, opt.Family)
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

// maxHeld bounds the archived candidates compared with each other.
const maxHeld = 16

func noBoilerplate(o family.Options) family.Options {
	o.Boilerplate, o.BoilerplateWords = 0, 0
	return o
}

// versions returns the held-back archived candidates that the input
// derives from after all, each with its pair verified without the
// boilerplate rule: text the input shares with one of them was taken for
// boilerplate because it recurs in the archive, but it recurs in another
// version of the same story (the archived articles form a family), and
// what the input shares lies in the text the versions share. The held
// articles are compared with each other only for those the input joins,
// since most have nothing to do with it, and each two of them once.
func versions(in family.Doc, held []family.Doc, opt family.Options) []verified {
	nb := noBoilerplate(opt)
	type joined struct {
		q  family.Pair
		ok bool // verified, and joins the two into one family
	}
	among := map[[2]int]joined{}
	join := func(x, y int) joined {
		if j, done := among[[2]int{x, y}]; done {
			return j
		}
		q, ok := family.Verify(&held[x], &held[y], nb)
		if ok {
			ix, iy := held[x].Info(), held[y].Info()
			ok = q.Joins(&ix, &iy, opt)
		}
		among[[2]int{x, y}] = joined{q, ok}
		return joined{q, ok}
	}
	var out []verified
	for i := range held {
		p, ok := family.Verify(&in, &held[i], nb)
		if !ok {
			continue
		}
		ii, ih := in.Info(), held[i].Info()
		if !p.Joins(&ii, &ih, opt) {
			continue
		}
		// The word ranges held[i] shares with another held article that
		// it forms a family with; each pair is verified in index order.
		var story []align.Range
		for j := range held {
			if j == i {
				continue
			}
			x, y := min(i, j), max(i, j)
			j := join(x, y)
			if !j.ok {
				continue
			}
			for _, ps := range j.q.Passages {
				switch {
				case ps.Quoted:
				case x == i:
					story = append(story, ps.A)
				default:
					story = append(story, ps.B)
				}
			}
		}
		if len(story) > 0 && within(p.Passages, story) {
			out = append(out, verified{fd: held[i], p: p, ok: true})
		}
	}
	return out
}

// within reports whether at least four fifths of the copied words of
// passages, on their B side, lie in ranges.
func within(passages []family.Passage, ranges []align.Range) bool {
	var all, in int
	for _, ps := range passages {
		if ps.Quoted {
			continue
		}
		for w := ps.B.Start; w < ps.B.End; w++ {
			all++
			for _, r := range ranges {
				if r.Start <= w && w < r.End {
					in++
					break
				}
			}
		}
	}
	return all > 0 && 5*in >= 4*all
}
