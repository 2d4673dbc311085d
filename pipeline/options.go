package pipeline

import (
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/verify"
)

// Params are the parameters that fix how a text becomes signatures and
// keys. An archive stores them; a scan takes them from the flags.
type Params struct {
	Shingle int    // words per shingle
	Perm    int    // signature length
	Seed    uint64 // hash seed
	Window  int    // winnowing window, in shingles
	// Lead is the number of words at the start of a long text whose every
	// shingle is kept as a key besides the fingerprints (0: none; see
	// LeadKeys): verify.LeadWords in an archive made with these Options
	// (ArchiveParams) and in a scan (ScanSketching); a scan ignores the
	// value here, and a check takes the archive's.
	Lead int
}

// DefaultSeed is the hash seed of every signature wiretrace makes.
const DefaultSeed uint64 = 0x77697265747261 // "wiretra"

// Options configure Scan, Check, Compare and Index. Start from
// DefaultOptions.
type Options struct {
	Params
	Threshold float64 // Jaccard the LSH index aims at
	Workers   int     // parallel workers; 0 means all cores
	// MaxBucket bounds the pairs of one LSH bucket: a larger bucket pairs
	// each member with its first member only.
	MaxBucket int
	// Verify are the options of verifying a pair, the same for scan, check
	// and compare; Verify.Recurring the recurring-text rule's.
	Verify   verify.Options
	Family   family.Options // the options of grouping verified pairs
	TempDir  string         // for the fingerprint shuffle; "" = the system's
	Progress Progress       // may be nil
}

// DefaultOptions returns the contract's defaults.
func DefaultOptions() Options {
	return Options{
		Params:    Params{Shingle: 5, Perm: 128, Seed: DefaultSeed, Window: 8},
		Threshold: 0.5,
		MaxBucket: 64,
		Verify:    verify.Defaults(),
		Family:    family.Defaults(),
	}
}

// LSH returns the LSH bands and rows that Scan and Index use for o's
// threshold and signature length.
func (o Options) LSH() minhash.Params { return minhash.Optimal(o.Threshold, o.Perm) }

// Progress hears how far a run is. Stage starts a stage of total steps
// (total < 0 when unknown); Add counts steps done. Calls come from one
// goroutine at a time.
type Progress interface {
	Stage(name string, total int64)
	Add(n int64)
}

// ByteProgress is a Progress that also hears how many bytes of input a
// stage has read: Scan's reading stage tells it each record's length, in
// bytes of its file, as it reads the record.
type ByteProgress interface {
	Progress
	Read(n int64)
}

type nopProgress struct{}

func (nopProgress) Stage(string, int64) {}
func (nopProgress) Add(int64)           {}

// progress returns o.Progress, or one that hears nothing.
func (o Options) progress() Progress {
	if o.Progress == nil {
		return nopProgress{}
	}
	return o.Progress
}
