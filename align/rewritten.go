package align

// Rewritten text is what a newsroom makes of wire copy when it does not
// reprint it: the same sentences with words changed, dropped, added and
// moved, so that only short runs of the source's words survive, in the
// source's order. Passages, which start from exact seeds and bridge small
// edits, finds the verbatim stretches; Rewritten finds what lies around
// them: chains of exact runs of at least RewriteOptions.MinRun words that
// follow each other in both texts with at most RewriteOptions.MaxGap
// reworded words between them.

// RewriteOptions tune Rewritten. The zero value asks for the defaults.
type RewriteOptions struct {
	// MinRun is the shortest exact run of words that anchors rewritten
	// text. Zero or less means DefaultMinRun.
	MinRun int
	// MaxGap is the largest stretch of reworded words, on either side,
	// between two runs of one rewritten passage. Zero or less means
	// DefaultRewriteGap. It is capped below the length of the shortest
	// passage given to Rewritten as taken, so that a rewritten passage
	// never reaches across one.
	MaxGap int
}

// WithDefaults returns o with its zero fields set to the defaults.
func (o RewriteOptions) WithDefaults() RewriteOptions {
	if o.MinRun <= 0 {
		o.MinRun = DefaultMinRun
	}
	if o.MaxGap <= 0 {
		o.MaxGap = DefaultRewriteGap
	}
	return o
}

// The defaults of RewriteOptions.
const (
	DefaultMinRun     = 3
	DefaultRewriteGap = 6
)

// Rewritten returns the rewritten passages of a and b: chains of exact
// runs of at least opt.MinRun words, in order in both texts, with at most
// opt.MaxGap words between two runs on either side, that lie outside the
// passages taken (those that Passages found, say). Each Match spans its
// chain from its first run to its last, reworded words included; Same
// counts the words of its runs. Matches are sorted by A.Start and do not
// overlap each other or taken, in a or in b.
//
// Rewritten is deterministic and does not modify its arguments; al's
// buffers are reused, so al is not safe for concurrent use.
func (al *Aligner) Rewritten(a, b []uint64, taken []Match, opt RewriteOptions) []Match {
	opt = opt.WithDefaults()
	for _, m := range taken {
		opt.MaxGap = min(opt.MaxGap, m.A.Len()-1, m.B.Len()-1)
	}
	if opt.MaxGap < 0 || len(a) < opt.MinRun || len(b) < opt.MinRun {
		return nil
	}
	// The words of taken passages are masked with values of their own on
	// each side, which match nothing: no run goes through them, and no gap
	// bridges one, since a gap is shorter than every taken passage.
	al.maskA = mask(al.maskA, a, taken, false)
	al.maskB = mask(al.maskB, b, taken, true)
	gap := opt.MaxGap
	if gap == 0 {
		gap = -1 // Options reads 0 as its default gap: ask for none
	}
	return al.Passages(al.maskA, al.maskB, nil, nil, Options{MinWords: opt.MinRun, Seed: opt.MinRun, MaxGap: gap})
}

// mask copies words into buf with the words of the taken passages (their A
// side, or their B side when b is set) replaced by values that match no
// word of the other side.
func mask(buf, words []uint64, taken []Match, b bool) []uint64 {
	buf = append(buf[:0], words...)
	salt := uint64(0x9e3779b97f4a7c15)
	if b {
		salt = 0xc2b2ae3d27d4eb4f
	}
	for _, m := range taken {
		r := m.A
		if b {
			r = m.B
		}
		for i := max(r.Start, 0); i < min(r.End, len(buf)); i++ {
			buf[i] = salt ^ uint64(i)*0xff51afd7ed558ccd
		}
	}
	return buf
}
