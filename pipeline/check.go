package pipeline

import (
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
	var cands []archive.Candidate
	var dfs map[uint64]int
	if x.Words > 0 {
		var err error
		if cands, err = a.Candidates(lsh.Keys(x.Sig, nil), x.Prints, maxPrintDocs); err != nil {
			return RowSet{}, false, err
		}
		if dfs, err = a.PrintDocs(x.Prints); err != nil {
			return RowSet{}, false, err
		}
	}
	// A fingerprint recurs when the archive holds it twice: with the input,
	// three articles carry it.
	recurs := func(h uint64) bool { return dfs[h] >= 2 }
	fds := []family.Doc{sk.Doc(d.ID, d.Published, d.Text, recurs)}
	var pairs []family.Pair
	for _, cd := range cands {
		ad, _, err := a.Get(cd.ID)
		if err != nil {
			return RowSet{}, false, err
		}
		fd := sk.Doc(ad.ID, ad.Published, ad.Text, recurs)
		fd.Prior = true
		p, ok := family.Verify(&fds[0], &fd, opt.Family)
		if !ok {
			continue
		}
		p.A, p.B = 0, len(fds)
		fds = append(fds, fd)
		pairs = append(pairs, p)
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
