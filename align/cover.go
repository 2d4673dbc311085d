package align

// Kind says how a word or passage is shared. Kinds are ordered: where
// passages of several kinds cover a word, the greater kind wins (Copied
// beats Rewritten beats Quoted beats Unique). The zero value is Unique.
type Kind uint8

const (
	// Unique: shared with no other article; the article's own reporting.
	Unique Kind = iota
	// Quoted: shared, but as a quotation both articles make: counted in
	// the quoted share; "quote" in passages.jsonl.
	Quoted
	// Rewritten: text that follows a passage of the other article closely
	// but not verbatim: short runs of shared words in order, with reworded
	// words between them: counted in the rewritten share; "rewritten" in
	// passages.jsonl.
	Rewritten
	// Copied: shared text that is copy, not only quotation: counted in the
	// copied share; "shared" in passages.jsonl.
	Copied
)

// String returns the kind's name in passages.jsonl: "unique", "quote",
// "rewritten" or "shared".
func (k Kind) String() string {
	switch k {
	case Unique:
		return "unique"
	case Quoted:
		return "quote"
	case Rewritten:
		return "rewritten"
	case Copied:
		return "shared"
	}
	return "invalid"
}

// Classify tells whether passage m is a copy or a shared quotation. inA and
// inB say per word of a and of b whether it lies inside a quotation (see
// Inside). The passage is Quoted when fewer than minWords of its words lie
// outside quotation marks in a, or fewer than minWords in b; otherwise it
// is Copied, even if it runs through a quotation. A passage shorter than
// minWords (two texts of a line, the same word for word) is Quoted when
// any of its words lies inside quotation marks. Words outside inA or inB
// count as outside quotation marks.
func Classify(m Match, inA, inB []bool, minWords int) Kind {
	need := min(minWords, m.A.Len(), m.B.Len())
	if Outside(m.A, inA) < need || Outside(m.B, inB) < need {
		return Quoted
	}
	return Copied
}

// Outside counts the words of r that are not inside a quotation: in says
// per word whether it is (see Inside); words beyond it count as outside.
func Outside(r Range, in []bool) int {
	n := 0
	for i := r.Start; i < r.End; i++ {
		if i < 0 || i >= len(in) || !in[i] {
			n++
		}
	}
	return n
}

// Part is a range of an article's words labelled with a kind: one side of
// a passage it shares with one partner.
type Part struct {
	Range
	Kind Kind
}

// Run is a maximal range of an article's words that have the same kind.
type Run struct {
	Range
	Kind Kind
}

// Cover labels each of an article's n words with the greatest kind of the
// parts that cover it (Copied beats Quoted beats Unique); a word that no
// part covers is Unique. Parts may overlap; the words of a part outside
// [0, n) are ignored.
func Cover(n int, parts []Part) []Kind {
	kinds := make([]Kind, max(n, 0))
	for _, p := range parts {
		for i := max(p.Start, 0); i < min(p.End, n); i++ {
			kinds[i] = max(kinds[i], p.Kind)
		}
	}
	return kinds
}

// Runs returns the maximal runs of equal kinds, in order: together they
// cover every word of kinds exactly once.
func Runs(kinds []Kind) []Run {
	var out []Run
	for start := 0; start < len(kinds); {
		end := start + 1
		for end < len(kinds) && kinds[end] == kinds[start] {
			end++
		}
		out = append(out, Run{Range{start, end}, kinds[start]})
		start = end
	}
	return out
}
