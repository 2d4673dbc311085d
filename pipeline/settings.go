package pipeline

import "fmt"

// Settings are the scan parameters a command line sets, one field a flag:
// wiretrace and wiretrace-beam both Register them, Check what was given and
// take their Options from them, so that the two judge alike.
type Settings struct {
	Shingle, Perm      int
	Threshold          float64
	Containment        float64
	MinPassage, MinOwn int
	Duplicate, Copy    float64
	Wholly             float64
	WhollyVerbatim     float64
	Additions, Join    float64
}

// DefaultSettings returns the settings of DefaultOptions.
func DefaultSettings() Settings {
	d := DefaultOptions()
	return Settings{
		Shingle: d.Shingle, Perm: d.Perm, Threshold: d.Threshold,
		Containment: d.Verify.Containment, MinPassage: d.Verify.MinPassage, MinOwn: d.Family.MinOwnPassage,
		Duplicate: d.Verify.Duplicate, Copy: d.Family.Copy, Wholly: d.Family.Wholly,
		WhollyVerbatim: d.Family.WhollyVerbatim, Additions: d.Family.Additions, Join: d.Verify.Joins,
	}
}

// Flag is one setting as a command-line flag: its name (without "--"),
// its usage, and the field it sets (Int or Float).
type Flag struct {
	Name, Usage string
	Int         *int
	Float       *float64
}

// Sketching reports whether a flag fixes how texts are sketched (shingle,
// perm, threshold): an archive stores those, so check takes none.
func (f Flag) Sketching() bool {
	return f.Name == "shingle" || f.Name == "perm" || f.Name == "threshold"
}

// Flags lists the settings as flags, pointing into s, in the order help
// shows them (see Register).
func (s *Settings) Flags() []Flag {
	return []Flag{
		{Name: "shingle", Usage: "words per shingle", Int: &s.Shingle},
		{Name: "perm", Usage: "MinHash permutations (signature length)", Int: &s.Perm},
		{Name: "threshold", Usage: "Jaccard similarity that near-duplicate search aims at", Float: &s.Threshold},
		{Name: "containment", Usage: "share of the smaller article found in the larger that makes it a reprint", Float: &s.Containment},
		{Name: "min-passage", Usage: "words in the shortest shared passage reported", Int: &s.MinPassage},
		{Name: "min-own", Usage: "words in the shortest passage of its own (unique words that no copied or rewritten passage interrupts; a shared quotation does not) that makes a family member copy+additions rather than a copy", Int: &s.MinOwn},
		{Name: "duplicate", Usage: "Jaccard similarity that makes a pair a duplicate", Float: &s.Duplicate},
		{Name: "copy", Usage: "share of its words copied that makes a family member a copy", Float: &s.Copy},
		{Name: "wholly", Usage: "share of its words copied or rewritten that makes a family member wholly derived: a copy or a rewrite", Float: &s.Wholly},
		{Name: "wholly-verbatim", Usage: "share of its words copied that makes a family member a copy even with passages of its own", Float: &s.WhollyVerbatim},
		{Name: "additions", Usage: "share of its words copied or rewritten that makes a family member copy+additions; below it, independent", Float: &s.Additions},
		{Name: "join", Usage: "share of the smaller article copied or rewritten that lets a partial pair join a family", Float: &s.Join},
	}
}

// FlagSet is what Register needs of a flag set: both the standard
// library's and pflag's have it.
type FlagSet interface {
	IntVar(p *int, name string, value int, usage string)
	Float64Var(p *float64, name string, value float64, usage string)
}

// Register registers Flags on fs, with s's values as defaults; without
// sketching, all but the Sketching ones.
func (s *Settings) Register(fs FlagSet, sketching bool) {
	for _, f := range s.Flags() {
		switch {
		case f.Sketching() && !sketching:
		case f.Int != nil:
			fs.IntVar(f.Int, f.Name, *f.Int, f.Usage)
		default:
			fs.Float64Var(f.Float, f.Name, *f.Float, f.Usage)
		}
	}
}

// Check reports the first setting out of range, naming its flag.
func (s Settings) Check() error {
	switch {
	case s.Shingle < 1 || s.Shingle > 64:
		return fmt.Errorf("--shingle must be between 1 and 64, not %d", s.Shingle)
	case s.Perm < 1 || s.Perm > 4096:
		return fmt.Errorf("--perm must be between 1 and 4096, not %d", s.Perm)
	case s.MinPassage < 1:
		return fmt.Errorf("--min-passage must be at least 1, not %d", s.MinPassage)
	case s.MinOwn < 1:
		return fmt.Errorf("--min-own must be at least 1, not %d", s.MinOwn)
	}
	for _, f := range s.Flags() {
		if f.Float != nil && !(*f.Float > 0 && *f.Float <= 1) {
			return fmt.Errorf("--%s must be in (0, 1], not %g", f.Name, *f.Float)
		}
	}
	if s.Additions > s.Wholly {
		return fmt.Errorf("--additions (%g) must not be above --wholly (%g)", s.Additions, s.Wholly)
	}
	return nil
}

// Options returns DefaultOptions with s applied. --min-passage is one
// length with three uses: the shortest passage, the words outside
// quotation marks that make a passage copied, and the words of its own
// that keep a passage from being recurring text.
func (s Settings) Options() Options {
	o := DefaultOptions()
	o.Shingle, o.Perm, o.Threshold = s.Shingle, s.Perm, s.Threshold
	o.Verify.MinPassage = s.MinPassage
	o.Verify.MinOutsideQuotes = s.MinPassage
	o.Verify.Recurring.MinOwnWords = s.MinPassage
	o.Verify.Containment, o.Verify.Duplicate, o.Verify.Joins = s.Containment, s.Duplicate, s.Join
	o.Family.MinOwnPassage = s.MinOwn
	o.Family.Copy, o.Family.Wholly, o.Family.WhollyVerbatim, o.Family.Additions = s.Copy, s.Wholly, s.WhollyVerbatim, s.Additions
	return o
}
