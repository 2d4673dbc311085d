package pipeline

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// The fingerprint spill: while documents are read, every (fingerprint,
// document) entry is appended to one of nparts temporary files chosen by
// the fingerprint's top bits. Grouping then reads one file at a time,
// sorts it, and turns each fingerprint held by several documents into
// candidate pairs, so memory holds one partition, never all fingerprints.
//
// An entry is 8 bytes, a little-endian uint64: the next 32 bits of the
// fingerprint below the partition's 8 (its key) in the high half, and the
// document's reading sequence number in the low half. So a partition
// sorts as plain integers, and one fingerprint's documents end up next to
// each other in ascending order. Grouping tells fingerprints apart by
// their top 40 bits (prefix): two distinct fingerprints collide with odds
// of one in 2^40, which may add a shared fingerprint to a pair, never a
// verified pair to a report.
const (
	nparts    = 256
	partBits  = 8
	keyBits   = 32
	entrySize = 8
	bufSize   = 8 << 10
)

// prefixMask keeps the bits of a fingerprint that grouping tells apart.
const prefixMask = ^uint64(0) >> (64 - partBits - keyBits) << (64 - partBits - keyBits)

// prefix returns the top bits of fingerprint h that grouping tells apart;
// Recurring sets made by grouping hold prefixes.
func prefix(h uint64) uint64 { return h & prefixMask }

type spill struct {
	dir     string
	files   [nparts]*os.File
	mus     [nparts]sync.Mutex
	buckets [npairBuckets]*os.File // pair buckets, made by group
	bmus    [npairBuckets]sync.Mutex
}

func newSpill(tmp string) (*spill, error) {
	dir, err := os.MkdirTemp(tmp, "wiretrace-")
	if err != nil {
		return nil, err
	}
	s := &spill{dir: dir}
	for i := range s.files {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("prints-%02d", i)))
		if err != nil {
			s.remove()
			return nil, err
		}
		s.files[i] = f
	}
	return s, nil
}

func (s *spill) parts() int { return nparts }

func (s *spill) remove() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
		}
	}
	for _, f := range s.buckets {
		if f != nil {
			f.Close()
		}
	}
	os.RemoveAll(s.dir)
}

func part(h uint64) int { return int(h >> (64 - partBits)) }

// entry packs fingerprint h of document seq into a spill entry.
func entry(h uint64, seq uint32) uint64 {
	return h<<partBits>>(64-keyBits)<<32 | uint64(seq)
}

// spillWriter buffers entries per partition. It is not safe for
// concurrent use; each worker has its own.
type spillWriter struct {
	s    *spill
	bufs [nparts][]byte
}

func (s *spill) writer() *spillWriter { return &spillWriter{s: s} }

func (w *spillWriter) add(seq uint32, prints []uint64) error {
	for _, h := range prints {
		p := part(h)
		b := w.bufs[p]
		if b == nil {
			b = make([]byte, 0, bufSize)
		}
		b = binary.LittleEndian.AppendUint64(b, entry(h, seq))
		w.bufs[p] = b
		if len(b)+entrySize > bufSize {
			if err := w.write(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *spillWriter) write(p int) error {
	w.s.mus[p].Lock()
	_, err := w.s.files[p].Write(w.bufs[p])
	w.s.mus[p].Unlock()
	w.bufs[p] = w.bufs[p][:0]
	return err
}

func (w *spillWriter) flush() error {
	for p := range w.bufs {
		if len(w.bufs[p]) > 0 {
			if err := w.write(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// Two fingerprints held by these two documents alone are strong evidence
// that they share a passage; one alone may be chance (a stock phrase and
// the word after it). A fingerprint held by three or more documents may
// be a stock phrase ("said in a statement that") or boilerplate (page
// chrome, bylines), so otherwise a pair becomes a candidate only when its
// shared fingerprints are at least minShared and at least half the
// fingerprints of the smaller document: that is syndicated copy, which
// comes with the rest of the story, not chrome.
//
// A pair's weight is the rare fingerprints it shares << 16 | the recurring
// ones, each half saturating.
type weighted struct {
	pairs []uint64 // a<<32 | b, a < b
	ws    []uint32 // weights, parallel to pairs
}

const rareOne = 1 << 16

// keep reports whether a pair sharing w fingerprints is a candidate;
// small is the number of fingerprints of the smaller document.
func keep(w uint32, small int) bool {
	rare, rec := int(w>>16), int(w&0xffff)
	return rare >= 2 || rare+rec >= minShared && 2*(rare+rec) >= small
}

// minShared is how many recurring fingerprints a pair must share to be a
// candidate by them: about the fingerprints of 100 words, the length below
// which recurring text is boilerplate (family.Options.BoilerplateWords).
const minShared = 20

// add adds two weights, each half saturating.
func add(a, b uint32) uint32 {
	rare := min(a>>16+b>>16, 0xffff)
	rec := min(a&0xffff+b&0xffff, 0xffff)
	return rare<<16 | rec
}

// group reads the partitions back and returns the candidate pairs (a<<32|b
// with a < b, document indexes, sorted, distinct) whose shared
// fingerprints, each held by at most maxDocs documents, make them
// candidates (see keep); and the sorted prefixes of the fingerprints
// held by three or more documents; and, held back, the pairs that share
// two fingerprints or more but are not candidates by themselves, since
// the text they share recurs elsewhere. seqDoc maps reading sequence
// numbers to document indexes (-1 for a document not kept); nprints gives
// each document's number of fingerprints.
//
// Pairs are shuffled a second time, through files, so that memory holds
// one partition or one bucket per worker, never the pairs of all
// partitions: each partition's pair weights go to one of npairBuckets
// files chosen by the pair's first document, and then each bucket's
// weights are added up per pair and judged. A pair of copies shares
// fingerprints in most partitions; its weights meet in one bucket.
func (s *spill) group(seqDoc []int32, nprints []int32, maxDocs, workers int, prog Progress) (cands, held, recurring []uint64, err error) {
	workers = max(workers, 1)
	if err := s.openBuckets(); err != nil {
		return nil, nil, nil, err
	}
	ndocs := uint64(max(len(nprints), 1))
	bucketOf := func(pair uint64) int { return int((pair >> 32) * npairBuckets / ndocs) }

	recs := make([][]uint64, nparts)
	errs := make([]error, max(nparts, npairBuckets))
	var progMu sync.Mutex // Progress hears one goroutine at a time
	err = each(nparts, workers, func(p int, st *groupState) {
		var w weighted
		if w, recs[p], errs[p] = s.groupPart(p, seqDoc, maxDocs, &st.es); errs[p] == nil {
			errs[p] = st.out.add(s, w, bucketOf)
		}
		progMu.Lock()
		prog.Add(1)
		progMu.Unlock()
	}, func(st *groupState) error { return st.out.flush(s) })
	if err = errors.Join(err, errors.Join(errs...)); err != nil {
		return nil, nil, nil, err
	}
	nrec := 0
	for _, r := range recs {
		nrec += len(r)
	}
	recurring = make([]uint64, 0, nrec)
	for p, r := range recs {
		recurring = append(recurring, r...)
		recs[p] = nil
	}

	type out struct{ cands, held []uint64 }
	outs := make([]out, npairBuckets)
	clear(errs)
	each(npairBuckets, workers, func(b int, st *groupState) {
		raw, err := os.ReadFile(s.buckets[b].Name())
		if err != nil {
			errs[b] = err
			return
		}
		n := len(raw) / pairEntrySize
		st.pairs, st.ws = slices.Grow(st.pairs[:0], n)[:n], slices.Grow(st.ws[:0], n)[:n]
		for i := range n {
			e := raw[i*pairEntrySize:]
			st.pairs[i], st.ws[i] = binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint32(e[8:])
		}
		w := sumWeights(st.pairs, st.ws)
		o := &outs[b]
		for i, pair := range w.pairs {
			a, d, wt := pair>>32, uint32(pair), w.ws[i]
			switch {
			case keep(wt, int(min(nprints[a], nprints[d]))):
				o.cands = append(o.cands, pair)
			case wt>>16+wt&0xffff >= 2:
				o.held = append(o.held, pair)
			}
		}
	}, nil)
	if err := errors.Join(errs...); err != nil {
		return nil, nil, nil, err
	}
	for _, o := range outs {
		cands = append(cands, o.cands...)
		held = append(held, o.held...)
	}
	return cands, held, recurring, nil
}

// groupState is one grouping worker's memory, reused from one partition
// or bucket to the next.
type groupState struct {
	es    []uint64
	out   pairWriter
	pairs []uint64
	ws    []uint32
}

// each calls fn(i, st) for every i in [0, n) on workers goroutines, each
// with a state of its own, then done(st), if done is not nil, for each
// state; it returns the first error of done.
func each(n, workers int, fn func(i int, st *groupState), done func(st *groupState) error) error {
	var mu sync.Mutex
	next := 0
	var first error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var st groupState
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					break
				}
				fn(i, &st)
			}
			if done == nil {
				return
			}
			if err := done(&st); err != nil {
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}

// A pair entry is 12 bytes, little-endian: the pair (8) and its weight in
// one partition (4).
const (
	npairBuckets  = 64
	pairEntrySize = 12
)

// openBuckets creates the files of the pair buckets.
func (s *spill) openBuckets() error {
	for i := range s.buckets {
		f, err := os.Create(filepath.Join(s.dir, fmt.Sprintf("pairs-%02d", i)))
		if err != nil {
			return err
		}
		s.buckets[i] = f
	}
	return nil
}

// pairWriter buffers pair entries per bucket; each worker has its own.
type pairWriter struct {
	bufs [npairBuckets][]byte
}

func (w *pairWriter) add(s *spill, ws weighted, bucketOf func(uint64) int) error {
	for i, pair := range ws.pairs {
		b := bucketOf(pair)
		buf := w.bufs[b]
		if buf == nil {
			buf = make([]byte, 0, bufSize)
		}
		buf = binary.LittleEndian.AppendUint64(buf, pair)
		buf = binary.LittleEndian.AppendUint32(buf, ws.ws[i])
		w.bufs[b] = buf
		if len(buf)+pairEntrySize > bufSize {
			if err := w.write(s, b); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *pairWriter) write(s *spill, b int) error {
	s.bmus[b].Lock()
	_, err := s.buckets[b].Write(w.bufs[b])
	s.bmus[b].Unlock()
	w.bufs[b] = w.bufs[b][:0]
	return err
}

func (w *pairWriter) flush(s *spill) error {
	for b := range w.bufs {
		if len(w.bufs[b]) > 0 {
			if err := w.write(s, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// sumWeights sorts pairs, moving their weights along, and adds up the
// weights of each pair, in place.
func sumWeights(pairs []uint64, ws []uint32) weighted {
	hash64.Sort(pairs, ws)
	n := 0
	for i, p := range pairs {
		if n > 0 && pairs[n-1] == p {
			ws[n-1] = add(ws[n-1], ws[i])
			continue
		}
		pairs[n], ws[n] = p, ws[i]
		n++
	}
	return weighted{pairs[:n:n], ws[:n:n]}
}

func (s *spill) groupPart(p int, seqDoc []int32, maxDocs int, es *[]uint64) (weighted, []uint64, error) {
	f := s.files[p]
	raw, err := os.ReadFile(f.Name())
	if err != nil {
		return weighted{}, nil, err
	}
	// Entries become key<<32 | document index.
	es1 := slices.Grow((*es)[:0], len(raw)/entrySize)
	for b := raw; len(b) >= entrySize; b = b[entrySize:] {
		e := binary.LittleEndian.Uint64(b)
		seq := uint32(e)
		if int(seq) >= len(seqDoc) || seqDoc[seq] < 0 {
			continue
		}
		es1 = append(es1, e&^0xffffffff|uint64(seqDoc[seq]))
	}
	raw = nil
	hash64.Sort(es1, nil)
	// Two fingerprints of one document with one prefix are one entry.
	es1 = slices.Compact(es1)
	*es = es1
	key := func(i int) uint32 { return uint32(es1[i] >> 32) }
	doc := func(i int) uint64 { return es1[i] & 0xffffffff }
	// Count the pairs and recurring fingerprints first, to allocate them
	// once.
	npairs, nrec := 0, 0
	for i := 0; i < len(es1); {
		j := i + 1
		for j < len(es1) && key(j) == key(i) {
			j++
		}
		n := j - i
		if n >= 2 && n <= maxDocs {
			npairs += n * (n - 1) / 2
		}
		if n >= 3 {
			nrec++
		}
		i = j
	}
	pairs := make([]uint64, 0, npairs)
	ws := make([]uint32, 0, npairs)
	recurring := make([]uint64, 0, nrec)
	for i := 0; i < len(es1); {
		j := i + 1
		for j < len(es1) && key(j) == key(i) {
			j++
		}
		n := j - i
		if n >= 3 {
			recurring = append(recurring, uint64(p)<<(64-partBits)|uint64(key(i))<<(64-partBits-keyBits))
		}
		if n >= 2 && n <= maxDocs {
			w := uint32(1)
			if n == 2 {
				w = rareOne
			}
			for x := i; x < j; x++ {
				for y := x + 1; y < j; y++ {
					pairs = append(pairs, doc(x)<<32|doc(y))
					ws = append(ws, w)
				}
			}
		}
		i = j
	}
	return sumWeights(pairs, ws), recurring, nil
}
