package pipeline

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/internal/shuffle"
)

// Stage 1 of Scan: read and sign.

// read reads every document on the workers, signs it, keeps its LSH keys
// and metadata and spills its fingerprints, and drops its text; then keeps
// the documents in reading order, the first of two with one id.
func (s *scan) read() error {
	c, opt, prog, res, lsh := s.c, s.opt, s.prog, s.res, s.lsh
	prog.Stage("reading", -1)
	bytesRead, _ := prog.(ByteProgress)
	var mu sync.Mutex
	var blocks [][]meta // filled in blocks, so that growing copies nothing
	sketchers := make(chan *Sketcher, opt.Workers*2)
	writers := make(chan shuffle.Writer, opt.Workers*2)
	for range opt.Workers * 2 {
		sketchers <- NewSketcher(ScanSketching(opt.Params))
		writers <- s.spill.Writer()
	}
	var problems []corpus.Problem
	var spillErr error
	err := c.Read(opt.Workers, func(seq int, d corpus.Doc) {
		sk := <-sketchers
		x := sk.Sketch(d.Text)
		sketchers <- sk
		keys := lsh.Keys(x.Sig, nil)
		if len(x.Prints) > 0 {
			w := <-writers
			err := shuffle.CheckSeq(seq)
			if err == nil {
				err = w.Add(uint32(seq), x.Prints)
			}
			if err == nil {
				leads, long := Leads(&x)
				err = w.AddLeads(uint32(seq), leads, long)
			}
			if err != nil {
				mu.Lock()
				spillErr = err
				mu.Unlock()
			}
			writers <- w
		}
		n := int64(len(d.Text))
		d.Text = ""
		mu.Lock()
		info := x.Info(d)
		if len(blocks) == 0 || len(blocks[len(blocks)-1]) == cap(blocks[len(blocks)-1]) {
			blocks = append(blocks, make([]meta, 0, 4096))
		}
		b := &blocks[len(blocks)-1]
		*b = append(*b, meta{seq: seq, nprints: int32(x.Winnowed), doc: d, info: info, keys: keys})
		res.Stats.Bytes += n
		prog.Add(1)
		if bytesRead != nil {
			bytesRead.Read(d.Loc.Length)
		}
		mu.Unlock()
	}, func(p corpus.Problem) {
		mu.Lock()
		problems = append(problems, p)
		mu.Unlock()
	})
	if err != nil {
		return err
	}
	close(writers)
	for w := range writers {
		if err := w.Flush(); err != nil && spillErr == nil {
			spillErr = err
		}
	}
	if spillErr != nil {
		return fmt.Errorf("fingerprint spill: %w", spillErr)
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
	files := c.Files()
	first := map[string]corpus.Loc{}
	docs := metas[:0]
	for _, m := range metas {
		if l, dup := first[m.doc.ID]; dup {
			problems = append(problems, corpus.Problem{
				Path: files[m.doc.Loc.File], Line: m.doc.Loc.Line, Skipped: true,
				Err: fmt.Errorf("duplicate id %q, first read at %s", m.doc.ID, placeOf(files, l)),
			})
			continue
		}
		first[m.doc.ID] = m.doc.Loc
		docs = append(docs, m)
	}
	s.docs = docs
	res.Stats.Docs = len(docs)
	s.problems = problems
	return nil
}

// seqDocs maps reading sequence numbers to the indexes of the documents
// kept, -1 for one not kept.
func (s *scan) seqDocs() []int32 {
	maxSeq := 0
	if len(s.docs) > 0 {
		maxSeq = s.docs[len(s.docs)-1].seq
	}
	seqDoc := make([]int32, maxSeq+1)
	for i := range seqDoc {
		seqDoc[i] = -1
	}
	for i, m := range s.docs {
		seqDoc[m.seq] = int32(i)
	}
	return seqDoc
}

func placeOf(files []string, l corpus.Loc) string {
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
