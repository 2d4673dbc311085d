// Package shuffle groups the fingerprints of a scan, and the keys of its
// leads, into candidate pairs through temporary files, the way a
// distributed shuffle groups keys, so that memory holds one partition at
// a time, never all fingerprints.
//
// It is pipeline's fingerprint stage: documents' fingerprints and lead
// keys are added while they are read (Writer), then Group reads one
// partition after another and judges the pairs each fingerprint or key
// makes by the rules of Holders, Add and Judge. A Spill is removed with
// Remove; it holds no other state.
package shuffle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/wiretrace/wiretrace/internal/hash64"
	"github.com/wiretrace/wiretrace/internal/work"
	"github.com/wiretrace/wiretrace/verify"
)

// The fingerprint spill: while documents are read, every (fingerprint,
// document) entry is appended to one of nparts temporary files chosen by
// the fingerprint's top bits. Grouping then reads one file at a time,
// sorts it, and turns each fingerprint held by several documents into
// candidate pairs, so memory holds one partition, never all fingerprints.
//
// An entry is 8 bytes, a little-endian uint64: the next 32 bits of the
// fingerprint below the partition's 8 (its key) in the high half, and the
// document's reading sequence number in the low half, below two flags
// that mark a lead key (see Writer.AddLeads) and a long document's. So a partition
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

// Prefix returns the top bits of fingerprint h that grouping tells apart:
// the recurring fingerprints Group returns are prefixes.
func Prefix(h uint64) uint64 { return h & prefixMask }

type Spill struct {
	dir    string
	prints *fileSet // the fingerprint partitions
	pairs  *fileSet // the pair buckets, made by group
}

// New makes a spill in a new folder under tmp ("" for the system's).
func New(tmp string) (*Spill, error) {
	dir, err := os.MkdirTemp(tmp, "wiretrace-")
	if err != nil {
		return nil, err
	}
	s := &Spill{dir: dir}
	if s.prints, err = createFiles(dir, "prints", nparts); err != nil {
		s.Remove()
		return nil, err
	}
	return s, nil
}

// Parts returns the number of partitions Group reads.
func (s *Spill) Parts() int { return nparts }

// Remove closes and deletes the spill's files.
func (s *Spill) Remove() {
	s.prints.close()
	s.pairs.close()
	os.RemoveAll(s.dir)
}

func part(h uint64) int { return int(h >> (64 - partBits)) }

// entry packs fingerprint h of document seq into a spill entry.
func entry(h uint64, seq uint32) uint64 {
	return h<<partBits>>(64-keyBits)<<32 | uint64(seq)
}

// Writer appends fingerprint entries to the partitions. It is not safe
// for concurrent use; give each worker its own.
type Writer struct{ w *bufWriter }

// Writer returns a new writer of the spill's partitions.
func (s *Spill) Writer() Writer { return Writer{s.prints.writer()} }

// Add appends the fingerprints of the document read as number seq.
func (w Writer) Add(seq uint32, prints []uint64) error {
	if seq >= MaxDocs {
		return errTooMany
	}
	var e [entrySize]byte
	for _, h := range prints {
		binary.LittleEndian.PutUint64(e[:], entry(h, seq))
		if err := w.w.put(part(h), e[:]); err != nil {
			return err
		}
	}
	return nil
}

// AddLeads appends the lead keys of the document read as number seq: of a
// long document's lead (long) or of a short document. A lead key pairs
// a long document with a short one, never two of one kind, and never
// recurs (see Group).
func (w Writer) AddLeads(seq uint32, keys []uint64, long bool) error {
	if seq >= MaxDocs {
		return errTooMany
	}
	flags := uint32(leadFlag)
	if long {
		flags |= longFlag
	}
	var e [entrySize]byte
	for _, h := range keys {
		binary.LittleEndian.PutUint64(e[:], entry(h, seq|flags))
		if err := w.w.put(part(h), e[:]); err != nil {
			return err
		}
	}
	return nil
}

// The flags of a lead key's entry, in the two top bits of its sequence
// number (MaxDocs: a scan reads fewer documents).
const (
	leadFlag = 1 << 31
	longFlag = 1 << 30
	flagMask = leadFlag | longFlag
)

// MaxDocs is the number of documents a spill holds at most.
const MaxDocs = 1 << 30

var errTooMany = fmt.Errorf("more than %d documents for one scan", MaxDocs)

// CheckSeq returns an error if reading sequence number seq is more than a
// spill holds (MaxDocs).
func CheckSeq(seq int) error {
	if seq < 0 || seq >= MaxDocs {
		return errTooMany
	}
	return nil
}

// Flush writes out what w buffers.
func (w Writer) Flush() error { return w.w.flush() }

// fileSet is a set of temporary files that workers append to at once,
// each through a bufWriter of its own. A nil set has no files.
type fileSet struct {
	files []*os.File
	mus   []sync.Mutex
}

// createFiles creates n files name-00, name-01, ... in dir.
func createFiles(dir, name string, n int) (*fileSet, error) {
	fs := &fileSet{files: make([]*os.File, n), mus: make([]sync.Mutex, n)}
	for i := range fs.files {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-%02d", name, i)))
		if err != nil {
			fs.close()
			return nil, err
		}
		fs.files[i] = f
	}
	return fs, nil
}

func (fs *fileSet) close() {
	if fs == nil {
		return
	}
	for _, f := range fs.files {
		if f != nil {
			f.Close()
		}
	}
}

// read returns the whole of file i.
func (fs *fileSet) read(i int) ([]byte, error) { return os.ReadFile(fs.files[i].Name()) }

func (fs *fileSet) writer() *bufWriter {
	return &bufWriter{fs: fs, bufs: make([][]byte, len(fs.files))}
}

// bufWriter buffers what one worker appends to each file of a set, and
// writes a buffer out when it is full.
type bufWriter struct {
	fs   *fileSet
	bufs [][]byte
}

// put appends entry to file i.
func (w *bufWriter) put(i int, entry []byte) error {
	if w.bufs[i] == nil {
		w.bufs[i] = make([]byte, 0, bufSize)
	}
	w.bufs[i] = append(w.bufs[i], entry...)
	if len(w.bufs[i])+len(entry) > bufSize {
		return w.write(i)
	}
	return nil
}

func (w *bufWriter) write(i int) error {
	w.fs.mus[i].Lock()
	_, err := w.fs.files[i].Write(w.bufs[i])
	w.fs.mus[i].Unlock()
	w.bufs[i] = w.bufs[i][:0]
	return err
}

// flush writes out what is buffered.
func (w *bufWriter) flush() error {
	for i := range w.bufs {
		if len(w.bufs[i]) > 0 {
			if err := w.write(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// Which pairs the fingerprints make candidates is the recurring-text
// rule's (verify.Candidate): a fingerprint that recurs may be a stock
// phrase ("said in a statement that") or boilerplate (page chrome,
// bylines).
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
func keep(w uint32, small, smallWords int) bool {
	rare, rec := int(w>>16), int(w&0xffff)
	return verify.Candidate(rare, rec, small, smallWords)
}

// Judge reports whether a pair sharing w fingerprints is a candidate,
// or else held back: it shares two fingerprints or more, but the text
// they share recurs elsewhere. small is the number of fingerprints of the
// smaller document, and smallWords its number of words.
func Judge(w uint32, small, smallWords int) (candidate, held bool) {
	if keep(w, small, smallWords) {
		return true, false
	}
	return false, int(w>>16+w&0xffff) >= verify.NeedPrints(smallWords)
}

// Holders says what a fingerprint held by n documents gives: the weight
// it adds to each pair of its holders (0 when it pairs none: held by one,
// or by more than maxDocs), and whether it recurs (verify.RecurDocs).
func Holders(n, maxDocs int) (weight uint32, recurs bool) {
	switch {
	case n == 2:
		weight = rareOne
	case n > 2 && n <= maxDocs:
		weight = 1
	}
	return weight, n >= verify.RecurDocs
}

// Add adds two weights of a pair, each half saturating.
func Add(a, b uint32) uint32 {
	rare := min(a>>16+b>>16, 0xffff)
	rec := min(a&0xffff+b&0xffff, 0xffff)
	return rare<<16 | rec
}

// Group reads the partitions back and returns the candidate pairs (a<<32|b
// with a < b, document indexes, sorted, distinct) whose shared
// fingerprints, each held by at most maxDocs documents, make them
// candidates (see Judge); and the sorted prefixes of the fingerprints
// that recur (held by verify.RecurDocs documents or more); and, held back, the pairs that share
// enough fingerprints (verify.NeedPrints) but are not candidates by
// themselves, since the text they share recurs elsewhere, with their
// weights (rare << 16 | recurring, as Judge reads them). seqDoc maps
// reading sequence numbers to document indexes (-1 for a document not
// kept); nprints gives each document's number of fingerprints that
// winnowing keeps, and words its number of words; step is called as each
// partition is done, one call at a time.
//
// Pairs are shuffled a second time, through files, so that memory holds
// one partition or one bucket per worker, never the pairs of all
// partitions: each partition's pair weights go to one of npairBuckets
// files chosen by the pair's first document, and then each bucket's
// weights are added up per pair and judged. A pair of copies shares
// fingerprints in most partitions; its weights meet in one bucket.
func (s *Spill) Group(seqDoc, nprints, words []int32, maxDocs, workers int, step func()) (cands, held []uint64, heldWeights []uint32, recurring []uint64, err error) {
	workers = max(workers, 1)
	if s.pairs, err = createFiles(s.dir, "pairs", npairBuckets); err != nil {
		return nil, nil, nil, nil, err
	}
	ndocs := uint64(max(len(nprints), 1))
	bucketOf := func(pair uint64) int { return int((pair >> 32) * npairBuckets / ndocs) }

	// One partition after another: its pairs' weights to the buckets.
	type state struct {
		es    []uint64
		out   *bufWriter
		pairs []uint64
		ws    []uint32
	}
	states := make([]state, workers)
	for i := range states {
		states[i].out = s.pairs.writer()
	}
	recs := make([][]uint64, nparts)
	errs := make([]error, max(nparts, npairBuckets))
	var stepMu sync.Mutex // step is called one call at a time
	work.Each(nparts, workers, func(p, worker int) {
		st := &states[worker]
		var w weighted
		if w, recs[p], errs[p] = s.groupPart(p, seqDoc, maxDocs, &st.es); errs[p] == nil {
			errs[p] = addPairs(st.out, w, bucketOf)
		}
		stepMu.Lock()
		step()
		stepMu.Unlock()
	})
	for i := range states {
		errs = append(errs, states[i].out.flush())
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, nil, nil, err
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

	// One bucket after another: each pair's weights added up and judged.
	type out struct {
		cands, held []uint64
		heldW       []uint32
	}
	outs := make([]out, npairBuckets)
	clear(errs)
	work.Each(npairBuckets, workers, func(b, worker int) {
		st := &states[worker]
		raw, err := s.pairs.read(b)
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
			switch cand, held := Judge(wt, int(min(nprints[a], nprints[d])), int(min(words[a], words[d]))); {
			case cand:
				o.cands = append(o.cands, pair)
			case held:
				o.held = append(o.held, pair)
				o.heldW = append(o.heldW, wt)
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, nil, nil, err
	}
	for _, o := range outs {
		cands = append(cands, o.cands...)
		held = append(held, o.held...)
		heldWeights = append(heldWeights, o.heldW...)
	}
	return cands, held, heldWeights, recurring, nil
}

// A pair entry is 12 bytes, little-endian: the pair (8) and its weight in
// one partition (4).
const (
	npairBuckets  = 64
	pairEntrySize = 12
)

// addPairs appends the weighted pairs ws to their buckets.
func addPairs(w *bufWriter, ws weighted, bucketOf func(uint64) int) error {
	var e [pairEntrySize]byte
	for i, pair := range ws.pairs {
		binary.LittleEndian.PutUint64(e[:], pair)
		binary.LittleEndian.PutUint32(e[8:], ws.ws[i])
		if err := w.put(bucketOf(pair), e[:]); err != nil {
			return err
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
			ws[n-1] = Add(ws[n-1], ws[i])
			continue
		}
		pairs[n], ws[n] = p, ws[i]
		n++
	}
	return weighted{pairs[:n:n], ws[:n:n]}
}

func (s *Spill) groupPart(p int, seqDoc []int32, maxDocs int, es *[]uint64) (weighted, []uint64, error) {
	raw, err := s.prints.read(p)
	if err != nil {
		return weighted{}, nil, err
	}
	// Entries become key<<32 | document index.
	es1 := slices.Grow((*es)[:0], len(raw)/entrySize)
	for b := raw; len(b) >= entrySize; b = b[entrySize:] {
		e := binary.LittleEndian.Uint64(b)
		seq, flags := uint32(e)&^flagMask, uint32(e)&flagMask
		if int(seq) >= len(seqDoc) || seqDoc[seq] < 0 {
			continue
		}
		es1 = append(es1, e&^0xffffffff|uint64(flags)|uint64(seqDoc[seq]))
	}
	raw = nil
	hash64.Sort(es1, nil)
	// Two fingerprints of one document with one prefix are one entry.
	es1 = slices.Compact(es1)
	*es = es1
	key := func(i int) uint32 { return uint32(es1[i] >> 32) }
	doc := func(i int) uint64 { return es1[i] & (0xffffffff &^ flagMask) }
	flags := func(i int) uint32 { return uint32(es1[i]) & flagMask }
	// A group of a lead key sorts its short holders before its long ones;
	// were a fingerprint to share a lead key's prefix, its holders would
	// sort first, and the group is a lead key's.
	leadGroup := func(j int) bool { return flags(j-1)&leadFlag != 0 } // the group that ends at j
	long := func(i int) bool { return flags(i)&longFlag != 0 }
	// Count the pairs and recurring fingerprints first, to allocate them
	// once.
	npairs, nrec := 0, 0
	for i := 0; i < len(es1); {
		j := i + 1
		for j < len(es1) && key(j) == key(i) {
			j++
		}
		n := j - i
		w, rec := Holders(n, maxDocs)
		switch {
		case w > 0 && leadGroup(j):
			longs := 0
			for x := i; x < j; x++ {
				if long(x) {
					longs++
				}
			}
			npairs += longs * (n - longs)
		case w > 0:
			npairs += n * (n - 1) / 2
		}
		if rec && !leadGroup(j) {
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
		w, rec := Holders(j-i, maxDocs)
		if rec && !leadGroup(j) {
			recurring = append(recurring, uint64(p)<<(64-partBits)|uint64(key(i))<<(64-partBits-keyBits))
		}
		switch {
		case w > 0 && leadGroup(j):
			for x := i; x < j && !long(x); x++ {
				for y := x + 1; y < j; y++ {
					if long(y) && doc(x) != doc(y) { // one document twice: a fingerprint and a key of one prefix
						a, b := min(doc(x), doc(y)), max(doc(x), doc(y))
						pairs = append(pairs, a<<32|b)
						ws = append(ws, w)
					}
				}
			}
		case w > 0:
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
