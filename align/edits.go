package align

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiretrace/wiretrace/shingle"
)

// Op is what an edit did to the words of the counterpart.
type Op uint8

const (
	// Substituted: words of a stand where b has other words.
	Substituted Op = iota + 1
	// Inserted: words of a that b lacks.
	Inserted
	// Dropped: words of b that a lacks.
	Dropped
)

// String returns the op's name in passages.jsonl: "substituted",
// "inserted" or "dropped".
func (o Op) String() string {
	switch o {
	case Substituted:
		return "substituted"
	case Inserted:
		return "inserted"
	case Dropped:
		return "dropped"
	}
	return "invalid"
}

// Flag says what an edit changes that an editor must see first. Flags
// combine.
type Flag uint8

const (
	// Number: a number changed (a word with a digit, or a number word
	// such as "nine" or "dozen").
	Number Flag = 1 << iota
	// Name: a name changed (a capitalised word that does not start a
	// sentence).
	Name
	// Date: a date changed (a weekday, a month, a year, "yesterday").
	Date
)

// Names returns the flags' names in passages.jsonl, in the order number,
// name, date; nil for none.
func (f Flag) Names() []string {
	var out []string
	if f&Number != 0 {
		out = append(out, "number")
	}
	if f&Name != 0 {
		out = append(out, "name")
	}
	if f&Date != 0 {
		out = append(out, "date")
	}
	return out
}

// Words is a run of words of a text: Tokens are the words as
// shingle.Tokenize gives them (or a slice of them), and their spans are
// byte offsets into Text. The words are compared by their hashes, so both
// sides of Edits must be tokenized with the same seed.
type Words struct {
	Text   string
	Tokens shingle.Tokens
}

// Edit is one change between a passage a and its counterpart b: a stretch
// of words that differ between two stretches that agree.
type Edit struct {
	Op Op
	// A and B are the words concerned, as indexes into a's and b's
	// tokens. The side without words (B for Inserted, A for Dropped) is
	// an empty range at the place where the words would go.
	A, B Range
	// AByte and BByte are the same in bytes: the words of a are
	// a.Text[AByte.Start:AByte.End]. An empty side is an empty span at
	// the end of the word before it (or the start of the first word).
	AByte, BByte shingle.Span
	Flags        Flag
}

// maxEdit bounds the work of Edits: two passages that differ in more than
// this many words (inserted plus dropped, a substitution counting both)
// after their common start and end have their differing middle reported
// as one substitution.
const maxEdit = 1024

// Edits returns the substituted, inserted and dropped words of passage a
// against its counterpart b, in text order: a shortest edit script over
// the words (Myers' algorithm), with each stretch of words that differ
// between two that agree as one edit. Identical passages have none: the
// cost is one comparison of the word hashes. Words are compared in their
// normalised form (case folded, typographic quotes and dashes folded), so
// a change of case or of quote style is no edit.
//
// a may be longer than what b stands for: a passage a shares with several
// articles runs over all they share, while b, in one of them, covers a
// stretch of it. So when a is the longer, the words of a before the first
// place it holds b's first three words, and after the last place that
// holds b's last three, are not edits (passages start and end with words
// matched exactly).
//
// Each edit is flagged by what it changes, looking at its words on both
// sides except those that only moved (so a reordered name, "said Putin"
// for "Putin said", is not a changed name): numbers, names and dates.
// Number and date words are recognised in English.
//
// Edits is safe for concurrent use; it does not modify a or b.
func Edits(a, b Words) []Edit {
	x, y := a.Tokens.Hashes, b.Tokens.Hashes
	if len(x) == len(y) && equal(x, y) {
		return nil
	}
	lo, hi := stretch(x, y)
	// The common start and end cost nothing to match.
	pre := lo
	for pre < hi && pre-lo < len(y) && x[pre] == y[pre-lo] {
		pre++
	}
	suf := 0
	for suf < hi-pre && suf < len(y)-(pre-lo) && x[hi-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	pb := pre - lo // the common start in y
	runs := matchRuns(x[pre:hi-suf], y[pb:len(y)-suf], maxEdit)
	var out []Edit
	i, j := pre, pb // the words before are placed
	emit := func(ei, ej int) {
		if ei == i && ej == j {
			return
		}
		e := Edit{A: Range{i, ei}, B: Range{j, ej}}
		switch {
		case ei > i && ej > j:
			e.Op = Substituted
		case ei > i:
			e.Op = Inserted
		default:
			e.Op = Dropped
		}
		e.AByte = byteSpan(a.Tokens.Spans, e.A)
		e.BByte = byteSpan(b.Tokens.Spans, e.B)
		out = append(out, e)
	}
	for _, r := range runs {
		emit(pre+r.A, pb+r.B)
		i, j = pre+r.A+r.N, pb+r.B+r.N
	}
	emit(hi-suf, len(y)-suf)
	if len(out) > 0 {
		flag(out, a, b)
	}
	return out
}

// stretchSeed is how many of b's first and last words locate b in a.
const stretchSeed = 3

// stretch returns the words x[lo:hi] that y stands for: from the first
// place x holds y's first words to the last place after it that holds
// y's last words; all of x where it does not hold them.
func stretch(x, y []uint64) (lo, hi int) {
	lo, hi = 0, len(x)
	k := min(stretchSeed, len(y))
	if k == 0 || len(x) <= len(y) {
		return lo, hi
	}
	if i := index(x, y[:k]); i >= 0 {
		lo = i
	}
	last := y[len(y)-k:]
	for j := len(x) - k; j >= lo; j-- {
		if equal(x[j:j+k], last) {
			return lo, j + k
		}
	}
	return lo, hi
}

// index returns the first place x holds the words w, or -1.
func index(x, w []uint64) int {
	for i := 0; i+len(w) <= len(x); i++ {
		if equal(x[i:i+len(w)], w) {
			return i
		}
	}
	return -1
}

func equal(x, y []uint64) bool {
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// byteSpan returns the bytes of the words r of spans; an empty r is the
// empty span at the end of the word before it, or at the start of the
// first word.
func byteSpan(spans []shingle.Span, r Range) shingle.Span {
	switch {
	case r.End > r.Start:
		return shingle.Span{Start: spans[r.Start].Start, End: spans[r.End-1].End}
	case r.Start > 0:
		e := spans[r.Start-1].End
		return shingle.Span{Start: e, End: e}
	case len(spans) > 0:
		s := spans[0].Start
		return shingle.Span{Start: s, End: s}
	}
	return shingle.Span{}
}

// matchRuns returns the runs of words x and y have in common in a
// shortest edit script turning y into x, in order; when the script needs
// more than maxD edits, it returns none (all of x replaces all of y).
func matchRuns(x, y []uint64, maxD int) []seg {
	n, m := len(x), len(y)
	if n == 0 || m == 0 {
		return nil
	}
	// Myers' greedy forward search. v[k+off] is the furthest x reached
	// on diagonal k = x - y; trace[d] keeps v over diagonals -d..d after
	// step d, for the walk back.
	off := min(n+m, maxD) + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= min(n+m, maxD); d++ {
		for k := -d; k <= d; k += 2 {
			var px int
			if k == -d || k != d && v[k-1+off] < v[k+1+off] {
				px = v[k+1+off] // down: one more word of y
			} else {
				px = v[k-1+off] + 1 // right: one more word of x
			}
			py := px - k
			for px < n && py < m && x[px] == y[py] {
				px++
				py++
			}
			v[k+off] = px
			if px >= n && py >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				return walkBack(trace, n, m)
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return nil
}

// walkBack follows the trace of matchRuns from (n, m) back to the start
// and returns the diagonal runs on the way, in order.
func walkBack(trace [][]int, n, m int) []seg {
	var runs []seg
	px, py := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		k := px - py
		var sx int // where the run ending at (px, py) starts, in x
		var prevX, prevY int
		if d == 0 {
			sx = 0
		} else {
			vp := trace[d-1] // diagonals -(d-1)..d-1
			at := func(k int) int { return vp[k+d-1] }
			var pk int
			if k == -d || k != d && at(k-1) < at(k+1) {
				pk = k + 1
				prevX = at(pk)
				sx = prevX
			} else {
				pk = k - 1
				prevX = at(pk)
				sx = prevX + 1
			}
			prevY = prevX - pk
		}
		if px > sx {
			runs = append(runs, seg{A: sx, B: sx - k, N: px - sx})
		}
		px, py = prevX, prevY
	}
	for i, j := 0, len(runs)-1; i < j; i, j = i+1, j-1 {
		runs[i], runs[j] = runs[j], runs[i]
	}
	return runs
}

// flag sets the flags of edits: what their words change, leaving out
// words that only moved (a word dropped in one place and inserted in
// another, or reordered inside one substitution).
func flag(edits []Edit, a, b Words) {
	inA, inB := map[uint64]bool{}, map[uint64]bool{}
	for _, e := range edits {
		for _, h := range a.Tokens.Hashes[e.A.Start:e.A.End] {
			inA[h] = true
		}
		for _, h := range b.Tokens.Hashes[e.B.Start:e.B.End] {
			inB[h] = true
		}
	}
	for i := range edits {
		e := &edits[i]
		for w := e.A.Start; w < e.A.End; w++ {
			if !inB[a.Tokens.Hashes[w]] {
				e.Flags |= wordFlags(a.Text, a.Tokens.Spans[w])
			}
		}
		for w := e.B.Start; w < e.B.End; w++ {
			if !inA[b.Tokens.Hashes[w]] {
				e.Flags |= wordFlags(b.Text, b.Tokens.Spans[w])
			}
		}
	}
}

// wordFlags tells what the word text[sp.Start:sp.End] is.
func wordFlags(text string, sp shingle.Span) Flag {
	if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
		return 0
	}
	w := text[sp.Start:sp.End]
	var f Flag
	digits := 0
	for _, r := range w {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	lower := strings.ToLower(w)
	if digits > 0 || numberWords[lower] {
		f |= Number
	}
	first, _ := utf8.DecodeRuneInString(w)
	capital := unicode.IsUpper(first)
	switch {
	case dateWords[lower]:
		f |= Date
	case capital && ambiguousMonths[lower]:
		f |= Date // "May", "March"; "may" and "march" are verbs
	case digits == 4 && len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")):
		f |= Date // a year
	case capital && w != "I" && !startsSentence(text, sp.Start):
		f |= Name
	}
	return f
}

// startsSentence reports whether the word at byte i starts a sentence or
// a paragraph: only spaces, opening quotes and brackets lie between it
// and the start of the text or the end of the sentence before.
func startsSentence(text string, i int) bool {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		switch {
		case r == '.' || r == '!' || r == '?' || r == ':' || r == '\n' || r == '•':
			return true
		case unicode.IsSpace(r) || unicode.Is(unicode.Ps, r) || unicode.Is(unicode.Pi, r) ||
			r == '"' || r == '\'' || r == '-' || r == '—' || r == '–':
			i -= n
		default:
			return false
		}
	}
	return true
}

var numberWords = set("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " +
	"sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds " +
	"thousand thousands million millions billion billions trillion dozen dozens half quarter third " +
	"first second fourth fifth sixth seventh eighth ninth tenth twice")

var dateWords = set("monday tuesday wednesday thursday friday saturday sunday tue tues thu thur thurs fri " +
	"january february april june july august september october november december " +
	"jan feb apr jun jul aug sep sept oct nov dec today yesterday tomorrow tonight weekend")

var ambiguousMonths = set("may march")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
