// Package scan is wiretrace's scan as an Apache Beam pipeline: the same
// steps as wiretrace scan (read, sign, candidates by LSH bands and by
// fingerprints, verification, families, rows), each a transform that calls
// the functions scan calls, so that for the same input and options it
// writes the same reports byte for byte, on any Beam runner.
//
// Its design principle is that no worker holds what grows with the corpus
// where scan does not: a band key or a fingerprint shared by very many
// documents is combined into a bounded accumulator before any shuffle,
// texts travel only to the pairs that need them, and what must be seen
// whole (the union-find of families, each report's rows while they are
// sorted) is named where it is made.
package scan

import (
	"context"
	"encoding/binary"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/verify"
)

// Config is what the pipeline's steps need of the scan's options. It
// travels to the workers inside the steps, so it is plain data.
type Config struct {
	Params    pipeline.Params
	Threshold float64
	MaxBucket int // LSH buckets with more documents pair each with the lowest only
	Verify    verify.Options
	Family    family.Options
	MaxBytes  int64  // corpus.Options.MaxBytes
	Format    string // corpus.Options.Format
}

// FromOptions returns the Config of scan options o and reading options c.
func FromOptions(o pipeline.Options, c corpus.Options) Config {
	return Config{Params: o.Params, Threshold: o.Threshold, MaxBucket: o.MaxBucket, Verify: o.Verify, Family: o.Family, MaxBytes: c.MaxBytes, Format: c.Format}
}

// File is an input file and its place in the reading order: Path is
// local (named as wiretrace scan names it, which is the id of its
// document when it is one) or on a Beam filesystem.
type File struct {
	Index int
	Path  string
}

// Record is a document as read, with its key: its file's index in the
// top 24 bits and its reading sequence number in that file below, so
// that keys sort in the order in which wiretrace scan reads documents.
type Record struct {
	Key uint64
	Doc corpus.Doc
}

// Meta is what the pipeline keeps of a document besides its text.
type Meta struct {
	Info family.Info
	Doc  corpus.Doc // Text is empty
}

// Holder is a document that holds a fingerprint or a lead key, with the
// number of fingerprints winnowing keeps of it and its number of words.
type Holder struct {
	Doc    uint64
	Prints int
	Words  int
	Lead   uint8 // what it holds: a fingerprint (0), a lead key of a short (leadShort) or a long (leadLong) document
}

// The kinds of lead keys a Holder holds (see pipeline.Leads).
const (
	leadShort uint8 = 1
	leadLong  uint8 = 2
)

// Half is one document of a candidate pair, as verification needs it.
type Half struct {
	Key       uint64
	Info      family.Info
	Source    string
	URL       string
	Text      string
	Recurring []uint64 // prefixes of its fingerprints that recur, sorted
	Held      bool     // the pair was held back: verify it without the boilerplate rule
}

// Want asks for a document's text on behalf of a pair.
type Want struct {
	Pair string
	Held bool
}

// Verified is a verified pair with what grouping needs of its documents.
type Verified struct {
	A, B         uint64
	InfoA, InfoB family.Info
	Pair         verify.Pair // A and B are 0 and 1
	Held         bool        // held back within a family: verified without the recurring-text rule
	Version      bool        // verified again without the recurring-text rule: maybe a version of a story (pipeline.Version)
}

func keyOf(file, seq int) uint64 { return uint64(file)<<40 | uint64(seq) }

func pairID(a, b uint64) string {
	var k [16]byte
	binary.BigEndian.PutUint64(k[:], a)
	binary.BigEndian.PutUint64(k[8:], b)
	return string(k[:])
}

func unpair(id string) (a, b uint64) {
	return binary.BigEndian.Uint64([]byte(id[:8])), binary.BigEndian.Uint64([]byte(id[8:]))
}

func init() {
	register.DoFn3x1[context.Context, File, func(Record), error](&readFn{})
	register.Emitter1[Record]()
	register.DoFn4x0[context.Context, string, func(*Record) bool, func(uint64, Record)](&firstFn{})
	register.Iter1[Record]()
	register.Emitter2[uint64, Record]()
	register.DoFn5x0[uint64, Record, func(uint64, Meta), func(uint64, uint64), func(uint64, Holder)](&signFn{})
	register.Emitter2[uint64, Meta]()
	register.Emitter2[uint64, uint64]()
	register.Emitter2[uint64, Holder]()
}

// readFn reads one input file with the corpus reader wiretrace scan uses.
type readFn struct {
	MaxBytes int64
	Format   string
}

func (f *readFn) ProcessElement(ctx context.Context, in File, emit func(Record)) error {
	path, cleanup, err := localCopy(ctx, in.Path)
	if err != nil {
		return err
	}
	defer cleanup()
	c, err := corpus.Open([]string{path}, corpus.Options{MaxBytes: f.MaxBytes, Format: f.Format})
	if err != nil {
		log.Errorf(ctx, "wiretrace: %s: %v", in.Path, err)
		skipped.Inc(ctx, 1)
		return nil
	}
	defer c.Close()
	// Documents come in reading order from one goroutine. A whole file's
	// document is named by its path, the one given, not its local copy's.
	return c.Read(1, func(seq int, d corpus.Doc) {
		if d.ID == path {
			d.ID = in.Path
		}
		emit(Record{Key: keyOf(in.Index, seq), Doc: d})
	}, func(p corpus.Problem) {
		if p.Skipped {
			skipped.Inc(ctx, 1)
		}
		log.Warnf(ctx, "wiretrace: %v", p)
	})
}

var skipped = beam.NewCounter("wiretrace", "skipped")

// firstFn keeps the first document read of those with one id, as scan
// does, and names the others.
type firstFn struct{}

func (firstFn) ProcessElement(ctx context.Context, id string, recs func(*Record) bool, emit func(uint64, Record)) {
	var first Record
	n := 0
	var r Record
	for recs(&r) {
		if n == 0 || r.Key < first.Key {
			first = r
		}
		n++
	}
	if n > 1 {
		skipped.Inc(ctx, int64(n-1))
		log.Warnf(ctx, "wiretrace: duplicate id %q: %d documents, the first read is kept", id, n)
	}
	emit(first.Key, first)
}

// signFn signs a document: its metadata, its LSH band keys and its
// fingerprints and lead keys, each distinct prefix once.
type signFn struct {
	Params    pipeline.Params
	Threshold float64

	sk  *pipeline.Sketcher
	lsh minhash.Params
}

func (f *signFn) Setup() {
	f.sk = pipeline.NewSketcher(pipeline.ScanSketching(f.Params))
	f.lsh = minhash.Optimal(f.Threshold, f.Params.Perm)
}

func (f *signFn) ProcessElement(key uint64, r Record, meta func(uint64, Meta), band func(uint64, uint64), print func(uint64, Holder)) {
	s := f.sk.Sketch(r.Doc.Text)
	d := r.Doc
	d.Text = ""
	meta(key, Meta{Doc: d, Info: s.Info(d)})
	for _, k := range f.lsh.Keys(s.Sig, nil) {
		band(k, key)
	}
	holds := func(hs []uint64, lead uint8) {
		last, have := uint64(0), false
		for _, h := range hs { // sorted, so one prefix's hashes are together
			p := pipeline.PrintPrefix(h)
			if have && p == last {
				continue
			}
			last, have = p, true
			print(p, Holder{Doc: key, Prints: s.Winnowed, Words: s.Words, Lead: lead})
		}
	}
	holds(s.Prints, 0)
	keys, long := pipeline.Leads(&s)
	slices.Sort(keys)
	if long {
		holds(keys, leadLong)
	} else {
		holds(keys, leadShort)
	}
}

// Scan adds the whole scan to the pipeline: files in reading order in,
// the report rows out.
func Scan(s beam.Scope, files []File, cfg Config) Rows {
	s = s.Scope("wiretrace")
	recs := beam.ParDo(s.Scope("read"), &readFn{MaxBytes: cfg.MaxBytes, Format: cfg.Format}, beam.CreateList(s, files))
	byID := beam.GroupByKey(s, beam.ParDo(s, keyByID, recs))
	docs := beam.ParDo(s.Scope("first of each id"), firstFn{}, byID)
	metas, bands, prints := beam.ParDo3(s.Scope("sign"), &signFn{Params: cfg.Params, Threshold: cfg.Threshold}, docs)

	lshPairs := lshCandidates(s.Scope("LSH candidates"), bands, cfg.MaxBucket)
	printCands, held, recurring := printCandidates(s.Scope("fingerprint candidates"), prints, cfg.Verify.Recurring.MaxDocs)

	cands, heldOnly := candidates(s.Scope("candidates"), lshPairs, printCands, held)
	verified := verifyPairs(s.Scope("verify"), cands, docs, metas, recurring, cfg)
	verified, aside, versions := beam.ParDo3(s, setAsideFn, verified)
	// Held-back pairs, in one more pass over the texts: those within
	// families, verified without the recurring-text rule; and for each
	// article that no pair joins, its best one, verified with the rule and
	// kept when it joins. Pairs within families join only articles that
	// verified pairs join already, so the first pass tells which are alone.
	within := withinFamilies(s.Scope("held back"), verified, heldOnly)
	alone, aloneVersions := alonePairs(s.Scope("alone"), verified, held, versions)
	more := verifyPairs(s.Scope("verify held back"), beam.Flatten(s, within, alone), docs, metas, recurring, cfg)
	kept := beam.ParDo(s, keptFn, more)
	verified = beam.Flatten(s, verified, kept)
	// The versions of stories of the alone articles, judged by the text
	// the joining pairs share; each replaces the pair set aside, if any.
	versions = beam.Flatten(s, aloneVersions, beam.ParDo(s, moreVersionsFn, more))
	stories := inStory(s.Scope("versions"), verified, versions)
	verified = beam.Flatten(s, verified, beam.ParDo(s, resolveFn, beam.CoGroupByKey(s, aside, beam.ParDo(s, versionKeyFn, stories))))
	return rows(s.Scope("rows"), verified, metas, docs, cfg)
}

func keyByID(r Record) (string, Record) { return r.Doc.ID, r }

func init() {
	register.Function1x2(keyByID)
}

// Rows are the report rows a scan makes, in no order; Write sorts them.
type Rows struct {
	Articles beam.PCollection // report.Article
	Pairs    beam.PCollection // report.Pair
	Families beam.PCollection // report.Family
	Passages beam.PCollection // Chunk: one document's passages.jsonl lines
	Warnings beam.PCollection // string
}
