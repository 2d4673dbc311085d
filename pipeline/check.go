package pipeline

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/wiretrace/wiretrace/align"
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
	// input, b the archived article) and its passages, with text and
	// edits against the archived texts.
	Rows RowSet
	// Articles and Pairs are Rows.Articles and Rows.Pairs with the
	// archived articles' metadata, as check reports them.
	Articles []report.CheckArticle
	Pairs    []report.CheckPair
	Checked  []Checked        // per input, in reading order
	Problems []corpus.Problem // inputs that could not be read, in reading order
}

// Checked is the verdict on one input.
type Checked struct {
	ID      string
	Verdict Verdict
	// From are the archived articles it derives from (at Verdict Lifted
	// or above), its source_doc first, then by id.
	From []string
	// Self says whether the archive holds an article under the input's
	// own id; that article is left out of the check.
	Self Self
}

// Verdict is how an input relates to the archive; verdicts are ordered,
// each stronger than the one before.
type Verdict int

const (
	// Unrelated: no archived article is related.
	Unrelated Verdict = iota
	// Related: it shares quotations or a passage shorter than
	// LiftedWords words outside quotations.
	Related
	// Lifted: it derives in part: a passage of at least LiftedWords words
	// outside quotations, or copied passages beside its own reporting
	// (copy+additions).
	Lifted
	// Copied: it is a copy or a rewrite of archived articles.
	Copied
	// Reprinted: it is contained in an archived article, or holds one.
	Reprinted
	// Duplicated: it is a near-duplicate of an archived article.
	Duplicated
)

// LiftedWords is the length, in words outside quotation marks, of the
// shortest passage that makes an input derive from an archived article.
const LiftedWords = 20

// Derives reports whether v means that the input derives from the
// archive: lifted, copied, reprinted or duplicated.
func (v Verdict) Derives() bool { return v >= Lifted }

// Self says what the archive holds under an input's own id.
type Self int

const (
	SelfNone  Self = iota // nothing
	SelfSame              // the same text: the input is archived already
	SelfOther             // another text: an earlier version of it
)

// Check judges each article of c against the archive a, as an editor
// would before publishing, with the parameters the archive was made with
// (the shingle size, signature length, seed and LSH banding of opt are not
// used) and opt's verification and grouping. Each input is verified
// against its archived candidates as a scan verifies a pair, on
// opt.Workers workers. An archived article with the input's own id is
// the input itself, or an earlier version of it: it is left out, and
// Checked.Self says so.
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
	// Ids are unique within a run: of two inputs with one id, the first
	// read is checked, the other named, as a scan does.
	files := c.Files()
	first := map[string]corpus.Loc{}
	ins = slices.DeleteFunc(ins, func(in input) bool {
		if l, dup := first[in.d.ID]; dup {
			res.Problems = append(res.Problems, corpus.Problem{Path: files[in.d.Loc.File], Line: in.d.Loc.Line, Skipped: true,
				Err: fmt.Errorf("duplicate id %q, first read at %s", in.d.ID, placeOf(files, l))})
			return true
		}
		first[in.d.ID] = in.d.Loc
		return false
	})
	params, lsh := sketching(a)
	opt.Params = params
	sk := NewSketcher(params)
	for _, in := range ins {
		r, err := checkDoc(a, sk, lsh, in.d, opt)
		if err != nil {
			return res, fmt.Errorf("check %s: %w", in.d.ID, err)
		}
		res.Rows.Articles = append(res.Rows.Articles, r.rows.Articles...)
		res.Rows.Pairs = append(res.Rows.Pairs, r.rows.Pairs...)
		res.Rows.Passages = append(res.Rows.Passages, r.rows.Passages...)
		res.Articles = append(res.Articles, r.articles...)
		res.Pairs = append(res.Pairs, r.pairs...)
		res.Checked = append(res.Checked, r.checked)
	}
	return res, nil
}

// checkedDoc is what checkDoc found.
type checkedDoc struct {
	rows     RowSet
	articles []report.CheckArticle
	pairs    []report.CheckPair
	checked  Checked
}

// checkDoc judges one article against the archive.
func checkDoc(a *archive.Archive, sk *Sketcher, lsh minhash.Params, d corpus.Doc, opt Options) (checkedDoc, error) {
	var res checkedDoc
	res.checked.ID = d.ID
	// One snapshot: the candidates found are the ones read back, whatever
	// an index run writes meanwhile.
	snap, err := a.Snapshot()
	if err != nil {
		return res, err
	}
	defer snap.Close()
	// The archived articles read, each once: candidates' metadata and
	// texts for the edits.
	docs := map[string]archive.Doc{}
	getDoc := func(id string) (archive.Doc, error) {
		if ad, ok := docs[id]; ok {
			return ad, nil
		}
		ad, err := snap.Doc(id)
		if err == nil {
			docs[id] = ad
		}
		return ad, err
	}
	// An article archived under the input's id is the input (or an
	// earlier version of it): not a candidate, and what it holds does not
	// count toward what recurs in the archive.
	var selfPrints, selfKeys []uint64
	switch self, err := snap.Doc(d.ID); {
	case err == nil:
		res.checked.Self = SelfOther
		if self.Text == d.Text {
			res.checked.Self = SelfSame
		}
		sx := sk.Sketch(self.Text)
		selfPrints, selfKeys = sx.Prints, sx.Keys(false)
	case !errors.Is(err, archive.ErrNotFound):
		return res, err
	}
	x := sk.Sketch(d.Text)
	var cands []archive.Candidate
	var dfs map[uint64]int
	if x.Words > 0 {
		if dfs, err = holders(snap, &x, selfPrints, selfKeys, opt.Verify.Recurring.MaxDocs); err != nil {
			return res, err
		}
		if cands, err = snap.CandidatesBesides(lsh.Keys(x.Sig, nil), append(x.Prints, x.Keys(true)...), opt.Verify.Recurring.MaxDocs, d.ID); err != nil {
			return res, err
		}
		cands = candidates(cands, d.ID, x.Words)
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
	fds[0].Site = verify.Site(d.Source, d.URL)
	fds[0].Index(opt.Verify)
	in := fds[0]
	var pairs []verify.Pair
	// The candidates that the recurring-text rule kept from relating or
	// joining, and for each the index of its pair in pairs (or -1): the
	// text may be a story's, recurring in its versions. Those the rule
	// left alone would verify the same without it.
	var held []verify.Doc
	var heldPair []int
	hold := func(fd verify.Doc, p verify.Pair, pair int) {
		if p.Recurring && !p.Joins && len(held) < verify.MaxVersions {
			held, heldPair = append(held, fd), append(heldPair, pair)
		}
	}
	var firstErr error
	for r := range verifyCandidates(snap, sk, &in, x.Winnowed, cands, recurs, opt) {
		switch {
		case firstErr != nil:
		case r.err != nil:
			firstErr = r.err
		case r.none:
		case !r.ok, r.heldBack && !r.p.Joins:
			hold(r.fd, r.p, -1)
		default:
			r.p.A, r.p.B = 0, len(fds)
			hold(r.fd, r.p, len(pairs))
			fds = append(fds, r.fd)
			pairs = append(pairs, r.p)
		}
	}
	if firstErr != nil {
		return res, firstErr
	}
	idx, vps := verify.Versions(&fds[0], held, opt.Verify)
	hot := func(h uint64) bool { return dfs[h] > opt.Verify.Recurring.MaxDocs }
	for k, i := range idx {
		if hotCopy(&fds[0], &vps[k], hot) {
			continue
		}
		if j := heldPair[i]; j >= 0 {
			vps[k].A, vps[k].B = pairs[j].A, pairs[j].B
			pairs[j] = vps[k]
			continue
		}
		vps[k].A, vps[k].B = 0, len(fds)
		fds = append(fds, held[i])
		pairs = append(pairs, vps[k])
	}
	infos := make([]family.Info, len(fds))
	for i := range fds {
		infos[i] = info(&fds[i])
	}
	rows := Rows(infos, pairs, opt.Family)
	out := &res.rows
	for _, r := range rows.Articles {
		if r.Doc == d.ID {
			r.Title, r.Source, r.Published, r.URL = d.Title, d.Source, d.Published, d.URL
			out.Articles = append(out.Articles, r)
			break
		}
	}
	v := Unrelated
	var from []string
	for _, p := range rows.Pairs {
		if p.B == d.ID && p.A != d.ID {
			p.A, p.B = p.B, p.A
			p.ContainmentA, p.ContainmentB = p.ContainmentB, p.ContainmentA
		}
		v = max(v, Related)
		switch p.Relation {
		case string(verify.Duplicate):
			v = max(v, Duplicated)
			from = append(from, p.B)
		case string(verify.Reprint):
			v = max(v, Reprinted)
			from = append(from, p.B)
		}
		out.Pairs = append(out.Pairs, p)
	}
	for _, p := range rows.Passages {
		if p.Doc == d.ID {
			p.Text = d.Text[p.Start:p.End]
			out.Passages = append(out.Passages, p)
		}
	}
	// The longest passage lifted from an archived article, in words
	// outside quotation marks.
	lifted, liftedFrom := 0, ""
	for _, p := range out.Passages {
		if !copiedKind(p.Kind) || len(p.With) == 0 {
			continue
		}
		if n := outsideQuotes(&fds[0], p.Start, p.End); n > lifted {
			lifted, liftedFrom = n, longestWith(p.With)
		}
	}
	if len(out.Articles) == 1 {
		art := &out.Articles[0]
		switch family.Role(art.Role) {
		case family.Copy, family.Rewrite:
			v = max(v, Copied)
		case family.Additions:
			v = max(v, Lifted)
		}
		if lifted >= LiftedWords {
			v = max(v, Lifted)
			from = append(from, liftedFrom)
		}
		// An input that lifts a passage but is otherwise its own still
		// names the archived article the passage comes from.
		if art.SourceDoc == "" && v.Derives() && len(from) > 0 {
			art.SourceDoc = from[0]
		}
		if art.SourceDoc != "" {
			from = append(from, art.SourceDoc)
		}
	}
	res.checked.Verdict = v
	if v.Derives() {
		slices.Sort(from)
		from = slices.Compact(from)
		if len(out.Articles) == 1 && out.Articles[0].SourceDoc != "" {
			src := out.Articles[0].SourceDoc
			from = append([]string{src}, slices.DeleteFunc(from, func(s string) bool { return s == src })...)
		}
		res.checked.From = from
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
		ad, err := getDoc(doc)
		return ad.Text, err
	}
	if err := report.AddEdits(out.Passages, text, func(string) string { return source }); err != nil {
		return res, err
	}
	archived := func(id string) (report.Archived, error) {
		if id == "" {
			return report.Archived{}, nil
		}
		ad, err := getDoc(id)
		return report.Archived{Title: ad.Title, Source: ad.Source, Published: ad.Published, URL: ad.URL}, err
	}
	for _, r := range out.Articles {
		from, err := archived(r.SourceDoc)
		if err != nil {
			return res, err
		}
		res.articles = append(res.articles, report.CheckArticle{Article: r, From: from})
	}
	for _, p := range out.Pairs {
		b, err := archived(p.B)
		if err != nil {
			return res, err
		}
		res.pairs = append(res.pairs, report.CheckPair{Pair: p, B: b})
	}
	return res, nil
}

// holders returns how many archived articles hold each fingerprint of x
// and each shingle of its lead (Sketch.Leads), as a fingerprint or as the
// key of a long article's lead, but for the input's own archived copy,
// whose fingerprints and keys are selfPrints and selfKeys. It drops from
// x.Leads the shingles that more than maxDocs archived articles hold,
// the input's copy included, as the archive counts a fingerprint's
// holders for candidates: a site's header finds no candidates as a key
// any more than as a fingerprint.
func holders(snap *archive.Snapshot, x *Sketch, selfPrints, selfKeys []uint64, maxDocs int) (map[uint64]int, error) {
	held := LeadKeys(x.Leads, true, false) // as an archived lead holds them
	dfs, err := snap.PrintDocs(slices.Concat(x.Prints, x.Leads, held))
	if err != nil {
		return nil, err
	}
	var hot []uint64
	for i, h := range x.Leads {
		if dfs[h]+dfs[held[i]] > maxDocs {
			hot = append(hot, h)
		}
	}
	for _, k := range selfKeys {
		if dfs[k] > 0 {
			dfs[k]--
		}
	}
	for i, h := range x.Leads {
		dfs[h] += dfs[held[i]]
	}
	for _, k := range held {
		delete(dfs, k)
	}
	for _, h := range selfPrints {
		if dfs[h] > 0 {
			dfs[h]--
		}
	}
	x.Leads = slices.DeleteFunc(x.Leads, func(h uint64) bool { _, ok := slices.BinarySearch(hot, h); return ok })
	return dfs, nil
}

// hotCopy reports whether most of the copied words of p on its A side, d,
// that fingerprints cover are hot: every fingerprint that covers them is
// held by more than Recurring.MaxDocs archived articles. A story recurs
// in its versions and the outlets that carry it; text that hundreds of
// articles hold is a template's chrome or a stock phrase, and makes no
// versions of a story (verify.Versions).
func hotCopy(d *verify.Doc, p *verify.Pair, hot func(h uint64) bool) bool {
	var covered, hotWords int
	var state []uint8 // per word of a passage: 0 not covered, 1 hot, 2 covered by a fingerprint not hot
	for _, ps := range p.Passages {
		if ps.Kind != align.Copied {
			continue
		}
		state = append(state[:0], make([]uint8, ps.A.Len())...)
		for _, pr := range d.Prints {
			mark := uint8(2)
			if hot(pr.Hash) {
				mark = 1
			}
			for w := max(int(pr.Pos), ps.A.Start); w < min(int(pr.Pos)+d.Width, ps.A.End); w++ {
				state[w-ps.A.Start] = max(state[w-ps.A.Start], mark)
			}
		}
		for _, m := range state {
			if m > 0 {
				covered++
			}
			if m == 1 {
				hotWords++
			}
		}
	}
	return 2*hotWords > covered
}

// copiedKind reports whether passages of kind are taken from their
// counterpart: copied verbatim or rewritten.
func copiedKind(kind string) bool { return kind == align.Copied.String() || kind == "rewritten" }

// outsideQuotes counts the words of d between the byte offsets start and
// end that lie outside quotation marks.
func outsideQuotes(d *verify.Doc, start, end int) int {
	sp := d.Tokens.Spans
	i := sort.Search(len(sp), func(i int) bool { return sp[i].Start >= start })
	n := 0
	for ; i < len(sp) && sp[i].End <= end; i++ {
		if i >= len(d.Quoted) || !d.Quoted[i] {
			n++
		}
	}
	return n
}

// longestWith returns the document of the longest of ws, the first of
// equals.
func longestWith(ws []report.With) string {
	best := ws[0]
	for _, w := range ws[1:] {
		if w.End-w.Start > best.End-best.Start {
			best = w
		}
	}
	return best.Doc
}

// candidates returns, of the archived articles that share band keys or
// fingerprints with an input of words words, those to verify: not the
// input's own id. A short input (verify.NeedPrints) needs one shared
// fingerprint. A long one needs two, or, as in a scan, one that no third
// article holds (verify.Candidate: it does not recur) with an archived
// article that is short, which is known only once it is read
// (verifyCandidates). One recurring fingerprint is what unrelated pages
// share through their chrome, and a long input shares one with each of
// the many short pages of a site.
func candidates(cands []archive.Candidate, id string, words int) []archive.Candidate {
	return slices.DeleteFunc(cands, func(c archive.Candidate) bool {
		return c.ID == id || c.Keys == 0 && c.Prints < verify.NeedPrints(words) && c.Rare == 0
	})
}

// verified is an archived candidate read back and verified against the
// input.
type verified struct {
	fd       verify.Doc
	p        verify.Pair
	ok       bool
	none     bool // too few shared fingerprints for two articles of their lengths: no candidate (see judge)
	heldBack bool // held back, as a scan would (see judge)
	err      error
}

// judge tells what a check does with an archived candidate c that shares
// no LSH band key with the input, as a scan does with the pair. It is no
// candidate (verify false) when it shares fewer fingerprints than a pair
// of its size needs (verify.NeedPrints). It is held back (held) when it
// shares fewer fingerprints that no other article holds than the pair
// needs, and all it shares are fewer than half of those winnowing keeps
// of the smaller article (shuffle.Judge); then, as a scan verifies the
// held-back pairs of an article that nothing else joins only from three
// shared fingerprints (AloneShared), it is verified only from three. A
// held-back pair is related only when it joins its two articles, or as a
// version of a story (verify.Versions): otherwise what it shares is stock
// phrases and chrome. words and winnowed are the input's and the
// candidate's counts (Sketch.Words, Sketch.Winnowed). The archive counts
// a lead key's holders among the holders of that key only, where a scan
// counts short and long holders together.
func judge(c archive.Candidate, words, winnowed [2]int) (verifyIt, held bool) {
	if c.Keys > 0 {
		return true, false
	}
	small := min(words[0], words[1])
	if c.Prints < verify.NeedPrints(small) {
		return false, false
	}
	held = !verify.Candidate(c.Rare, c.Prints-c.Rare, min(winnowed[0], winnowed[1]), small)
	if held && c.Prints < minAlone {
		return false, true
	}
	return true, held
}

// verifyCandidates reads back each candidate from the snapshot, in order, and
// verifies it against the input on opt.Workers goroutines; it yields the
// results in candidate order, with at most two per worker held at once.
func verifyCandidates(snap *archive.Snapshot, sk *Sketcher, in *verify.Doc, winnowed int, cands []archive.Candidate, recurs verify.Recurrence, opt Options) iter.Seq[verified] {
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
					var held bool
					if c := cands[j.i]; c.Keys == 0 {
						words, w := wsk.Counts(j.doc.Text)
						var verifyIt bool
						if verifyIt, held = judge(c, [2]int{in.Words(), words}, [2]int{winnowed, w}); !verifyIt {
							out[j.i] <- verified{none: true}
							continue
						}
					}
					fd := wsk.Doc(j.doc.ID, j.doc.Published, j.doc.Text, nil)
					fd.Prior = true
					fd.Site = verify.Site(j.doc.Source, j.doc.URL)
					p, ok := v.Verify(in, &fd, opt.Verify)
					out[j.i] <- verified{fd: fd, p: p, ok: ok, heldBack: held}
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
