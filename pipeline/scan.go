package pipeline

import (
	"runtime"
	"time"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/internal/cputime"
	"github.com/wiretrace/wiretrace/internal/shuffle"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/report"
)

// Stats counts what a scan did.
type Stats struct {
	Docs       int // documents read and kept
	Bytes      int64
	Skipped    int // records skipped for a problem
	Ignored    int // files in directories ignored for their extension
	Candidates int // candidate pairs verified
	Held       int // pairs held back as possible boilerplate, verified since verified pairs join their articles
	FromLSH    int // candidates from the LSH index
	FromPrints int // candidates from the fingerprints
	Related    int // pairs found related
	LSH        minhash.Params
	Groups     int // connected groups of candidates
	Largest    int // documents in the largest group
	Prepared   int // documents read again and prepared for verifying
	// Stages are the stages of the scan with their wall-clock times.
	Stages []Stage
}

// Stage is a step of a scan and how long it took.
type Stage struct {
	Name    string
	Seconds float64
	CPU     float64 // CPU seconds of the whole process, all threads; 0 if unknown
}

// Result is what a scan found, as report rows sorted by stable keys.
type Result struct {
	Articles []report.Article // by doc
	Pairs    []report.Pair    // by a, b
	Families []report.Family  // by family
	Passages []report.Passage // by doc, start; Text is empty: see Result.Text
	Problems []corpus.Problem // by file and line
	Warnings []string         // chained families, in family order
	Stats    Stats

	locs map[string]corpus.Loc
	urls map[string]string
}

// meta is what a scan keeps of a document.
type meta struct {
	seq     int
	nprints int32      // fingerprints winnowing keeps (Sketch.Winnowed)
	doc     corpus.Doc // Text is dropped
	info    family.Info
	keys    []uint64 // LSH band keys of its signature
}

// scan is the state of one Scan that its stages share.
type scan struct {
	c     *corpus.Corpus
	opt   Options
	prog  Progress
	lsh   minhash.Params
	res   *Result
	spill *shuffle.Spill
	docs  []meta // the documents kept, in reading order

	clock    time.Time
	cpu      time.Duration
	problems []corpus.Problem
}

// Scan reads every document of c and analyses it, in four stages, each in
// a file of its own:
//
//  1. read.go: read and sign every document, keeping its signature's LSH
//     keys and spilling its fingerprints, never its text;
//  2. candidates.go: candidate pairs from the LSH index and from the
//     fingerprints grouped through the shuffle;
//  3. verify.go: verify and align the candidates, one connected group at a
//     time, reading their texts again;
//  4. rows.go: group the verified pairs into families and turn everything
//     into report rows.
func Scan(c *corpus.Corpus, opt Options) (*Result, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	spill, err := shuffle.New(opt.TempDir)
	if err != nil {
		return nil, err
	}
	defer spill.Remove()
	s := &scan{c: c, opt: opt, prog: opt.progress(), lsh: opt.LSH(), spill: spill,
		res:   &Result{locs: map[string]corpus.Loc{}, urls: map[string]string{}},
		clock: time.Now(), cpu: cputime.Process()}
	s.res.Stats.LSH = s.lsh

	if err := s.read(); err != nil {
		return nil, err
	}
	s.lap("read and sign")
	cands, held, heldWeights, recurring, err := s.candidates()
	if err != nil {
		return nil, err
	}
	pairs := s.verify(cands, held, heldWeights, recurring)
	s.lap("verify and align")
	s.rows(pairs)
	s.lap("families and rows")
	return s.res, nil
}

// lap records the stage that ends now.
func (s *scan) lap(name string) {
	now, nowCPU := time.Now(), cputime.Process()
	s.res.Stats.Stages = append(s.res.Stats.Stages, Stage{name, now.Sub(s.clock).Seconds(), (nowCPU - s.cpu).Seconds()})
	s.clock, s.cpu = now, nowCPU
}
