package pipeline

import (
	"container/heap"
	"encoding/binary"
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
	dir   string
	files [nparts]*os.File
	mus   [nparts]sync.Mutex
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
// held by three or more documents; and, held back, the pairs that share two fingerprints
// or more but are not candidates by themselves, since the text they share
// recurs elsewhere. seqDoc maps reading sequence numbers to document
// indexes (-1 for a document not kept); nprints gives each document's
// number of fingerprints.
func (s *spill) group(seqDoc []int32, nprints []int32, maxDocs, workers int, prog Progress) (cands, held, recurring []uint64, err error) {
	type result struct {
		weighted
		recurring []uint64
		err       error
	}
	results := make([]result, nparts)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var es []uint64
			for {
				mu.Lock()
				p := next
				next++
				mu.Unlock()
				if p >= nparts {
					return
				}
				var r result
				r.weighted, r.recurring, r.err = s.groupPart(p, seqDoc, maxDocs, &es)
				mu.Lock()
				results[p] = r
				prog.Add(1)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	nrec := 0
	parts := make([]weighted, 0, len(results))
	for _, r := range results {
		if r.err != nil {
			return nil, nil, nil, r.err
		}
		nrec += len(r.recurring)
		parts = append(parts, r.weighted)
	}
	recurring = make([]uint64, 0, nrec)
	for i, r := range results {
		recurring = append(recurring, r.recurring...)
		results[i].recurring = nil
	}
	// Merge the parts in ranges of the first document of a pair, on the
	// workers at once; the ranges' results, in order, are the whole.
	nr := 4 * max(workers, 1)
	type out struct{ cands, held []uint64 }
	outs := make([]out, nr)
	next = 0
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= nr {
					return
				}
				lo, hi := uint64(k*len(nprints)/nr)<<32, uint64((k+1)*len(nprints)/nr)<<32
				cut := make([]weighted, len(parts))
				for i, p := range parts {
					a, _ := slices.BinarySearch(p.pairs, lo)
					b, _ := slices.BinarySearch(p.pairs, hi)
					cut[i] = weighted{p.pairs[a:b], p.ws[a:b]}
				}
				o := &outs[k]
				mergeWeights(cut, func(pair uint64, w uint32) {
					a, b := pair>>32, uint32(pair)
					switch {
					case keep(w, int(min(nprints[a], nprints[b]))):
						o.cands = append(o.cands, pair)
					case w>>16+w&0xffff >= 2:
						o.held = append(o.held, pair)
					}
				})
			}
		}()
	}
	wg.Wait()
	for _, o := range outs {
		cands = append(cands, o.cands...)
		held = append(held, o.held...)
	}
	return cands, held, recurring, nil
}

// mergeWeights calls fn for each distinct pair of the parts, each sorted
// and without repeats as sumWeights leaves them, in ascending order, with
// the sum of its weights in all parts.
func mergeWeights(parts []weighted, fn func(pair uint64, w uint32)) {
	h := make(cursors, 0, len(parts))
	for _, p := range parts {
		if len(p.pairs) > 0 {
			h = append(h, p)
		}
	}
	heap.Init(&h)
	var cur uint64
	var w uint32
	have := false
	for len(h) > 0 {
		p := &h[0]
		pair, pw := p.pairs[0], p.ws[0]
		if p.pairs, p.ws = p.pairs[1:], p.ws[1:]; len(p.pairs) == 0 {
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
		if have && pair == cur {
			w = add(w, pw)
			continue
		}
		if have {
			fn(cur, w)
		}
		cur, w, have = pair, pw, true
	}
	if have {
		fn(cur, w)
	}
}

// cursors is a heap of the parts left to merge, by their first pair.
type cursors []weighted

func (c cursors) Len() int           { return len(c) }
func (c cursors) Less(i, j int) bool { return c[i].pairs[0] < c[j].pairs[0] }
func (c cursors) Swap(i, j int)      { c[i], c[j] = c[j], c[i] }
func (c *cursors) Push(x any)        { *c = append(*c, x.(weighted)) }
func (c *cursors) Pop() any {
	old := *c
	x := old[len(old)-1]
	*c = old[:len(old)-1]
	return x
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
