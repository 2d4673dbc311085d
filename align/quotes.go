package align

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiretrace/wiretrace/shingle"
)

// Quote is a quotation in a text: its inner text, without the quotation
// marks, is text[Start:End]. Start and End are byte offsets.
type Quote struct {
	Start, End int
}

// Quotes returns the quotations of text, in order and not overlapping.
//
// It knows straight "double" and typographic “double” quotes, „low-high“
// quotes, «guillemets» (and »reversed« ones), TeX-style quotes (opened by
// two backquotes, closed by two apostrophes, as in wire copy), and single
// quotes ‘like these’, 'these' and ‹these›. A quotation inside
// another belongs to the outer one. Straight double quotes alternate
// between opening and closing. A single quote mark is taken for a
// quotation mark only where it cannot be an apostrophe (don't, Ukraine's,
// '90s) and only when its quotation is closed in the same paragraph.
//
// A double quotation left open at the end of a paragraph goes on when the
// next paragraph starts with an opening mark, as newspapers reopen a long
// quotation at each paragraph; otherwise it ends with its paragraph, so an
// unbalanced mark never swallows the rest of the text. Paragraphs are
// separated by blank lines in hard-wrapped text, by lines ending in "<" in
// wire copy, by newlines otherwise.
//
// Quotes is safe for concurrent use.
func Quotes(text string) []Quote {
	s := scanner{text: text}
	paras := paragraphs(text)
	for k, p := range paras {
		from := p.Start
		if len(s.stack) > 0 {
			// A quotation carried over from the paragraph before: skip
			// the mark that reopens it.
			_, w := reopener(text[p.Start:p.End])
			from += w
		}
		s.scan(from, p.End, p.Start)
		next := ""
		if k+1 < len(paras) {
			next = text[paras[k+1].Start:paras[k+1].End]
		}
		s.endParagraph(trimEnd(text, p.Start, p.End), next)
	}
	slices.SortFunc(s.out, func(x, y Quote) int { return x.Start - y.Start })
	return s.out
}

// Mark families: which mark opened a quotation decides which closes it.
const (
	straightDouble    = iota // "
	curlyDouble              // “ closed by ”
	lowDouble                // „ closed by “ or ”
	guillemet                // « closed by »
	reversedGuillemet        // » closed by «
	texDouble                // `` closed by ''
	straightSingle           // ' or ‘, closed by ' or ’
	singleGuillemet          // ‹ closed by ›
	reversedSingle           // › closed by ‹
)

func isDouble(family int) bool { return family < straightSingle }

// open is a quotation being read.
type open struct {
	family int
	inner  int     // byte offset where its inner text starts
	kids   []Quote // quotations closed directly inside it
}

type scanner struct {
	text  string
	stack []open
	out   []Quote
}

// emit records a finished quotation as a child of the innermost open one,
// or as a result if none is open.
func (s *scanner) emit(q Quote) {
	if q.End <= q.Start {
		return
	}
	if n := len(s.stack); n > 0 {
		s.stack[n-1].kids = append(s.stack[n-1].kids, q)
		return
	}
	s.out = append(s.out, q)
}

// close ends the open quotation at stack index i at byte offset end; the
// single quotations above it were never closed and are dropped, their
// children kept.
func (s *scanner) close(i, end int) {
	for len(s.stack) > i+1 {
		s.discard()
	}
	o := s.stack[i]
	s.stack = s.stack[:i]
	s.emit(Quote{o.inner, end})
}

// discard drops the innermost open quotation, keeping its children.
func (s *scanner) discard() {
	o := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	for _, q := range o.kids {
		s.emit(q)
	}
}

// innermost returns the stack index of the innermost open double
// quotation that only single quotations lie above, or -1.
func (s *scanner) innermostDouble() int {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if isDouble(s.stack[i].family) {
			return i
		}
	}
	return -1
}

// topSingle returns the stack index of the innermost open quotation if it
// is a single one, or -1.
func (s *scanner) topSingle() int {
	if n := len(s.stack); n > 0 && !isDouble(s.stack[n-1].family) {
		return n - 1
	}
	return -1
}

func (s *scanner) push(family, inner int) {
	s.stack = append(s.stack, open{family: family, inner: inner})
}

// markStart holds the first byte of every quotation mark.
var markStart = [256]bool{'"': true, '\'': true, '`': true, 0xc2: true, 0xe2: true}

// scan reads text[from:to], a paragraph that starts at byte start.
func (s *scanner) scan(from, to, start int) {
	t := s.text
	for i := from; i < to; {
		if !markStart[t[i]] {
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(t[i:to])
		prev := ' '
		if i > start {
			prev, _ = utf8.DecodeLastRuneInString(t[start:i])
		}
		next := ' '
		if i+w < to {
			next, _ = utf8.DecodeRuneInString(t[i+w : to])
		}
		end := i + w // just after the mark
		switch r {
		case '"':
			d := s.innermostDouble()
			switch {
			case d >= 0 && (s.stack[d].family == straightDouble || !opening(prev, next)):
				s.close(d, i)
			case d < 0 && isDigit(prev) && !isWord(next):
				// An inch mark: 6'2".
			default:
				s.push(straightDouble, end)
			}
		case '“':
			if d := s.innermostDouble(); d >= 0 && s.stack[d].family == lowDouble {
				s.close(d, i)
			} else {
				s.push(curlyDouble, end)
			}
		case '”':
			if d := s.innermostDouble(); d >= 0 {
				s.close(d, i)
			}
		case '„':
			s.push(lowDouble, end)
		case '«':
			if d := s.innermostDouble(); d >= 0 && s.stack[d].family == reversedGuillemet {
				s.close(d, i)
			} else {
				s.push(guillemet, end)
			}
		case '»':
			if d := s.innermostDouble(); d >= 0 {
				s.close(d, i)
			} else if !isSpace(next) {
				s.push(reversedGuillemet, end)
			}
		case '`':
			if next == '`' {
				s.push(texDouble, end+1)
				end++
			}
		case '\'':
			if next == '\'' {
				if d := s.innermostDouble(); d >= 0 && s.stack[d].family == texDouble {
					s.close(d, i)
					end++
					break
				}
			}
			s.single(true, true, i, end, prev, next, to)
		case '‘':
			s.single(true, false, i, end, prev, next, to)
		case '’':
			s.single(false, true, i, end, prev, next, to)
		case '‹':
			if q := s.topSingle(); q >= 0 && s.stack[q].family == reversedSingle {
				s.close(q, i)
			} else if isWord(next) {
				s.push(singleGuillemet, end)
			}
		case '›':
			if q := s.topSingle(); q >= 0 {
				s.close(q, i)
			} else if isWord(next) && !isWord(prev) {
				s.push(reversedSingle, end)
			}
		}
		i = end
	}
}

// single handles a single quote mark between prev and next, at bytes
// [i, end) of a paragraph that ends at byte to. canOpen and canClose say
// what the mark may be: ' both, ‘ only an opening mark, ’ only a closing
// one. A mark that does neither is an apostrophe.
func (s *scanner) single(canOpen, canClose bool, i, end int, prev, next rune, to int) {
	switch {
	case isWord(prev) && isWord(next):
		// An apostrophe inside a word: don't, Ukraine's.
	case !isWord(prev) && elision(s.text[end:to]):
		// '90s, ’em.
	case canOpen && opening(prev, next):
		s.push(straightSingle, end)
	case canClose && !isSpace(prev) && !isWord(next):
		if q := s.topSingle(); q >= 0 && s.stack[q].family == straightSingle {
			s.close(q, i)
		}
	}
}

// endParagraph settles the quotations still open at the end of a
// paragraph, whose text ends at byte end; next is the next paragraph.
func (s *scanner) endParagraph(end int, next string) {
	for len(s.stack) > 0 {
		top := len(s.stack) - 1
		o := s.stack[top]
		switch {
		case !isDouble(o.family):
			s.discard()
		case top == 0:
			if f, w := reopener(next); w > 0 {
				s.stack[0].family = f
				return // the quotation goes on in the next paragraph
			}
			s.close(top, end)
		default:
			s.close(top, end)
		}
	}
}

// reopener reports the double quote mark that a paragraph starts with,
// after blanks and control characters (wire copy starts a paragraph with
// one): its family, and the bytes up to and including it (0 if the
// paragraph does not start with one).
func reopener(p string) (family, n int) {
	t := strings.TrimLeftFunc(p, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	skip := len(p) - len(t)
	r, w := utf8.DecodeRuneInString(t)
	switch r {
	case '"':
		return straightDouble, skip + w
	case '“':
		return curlyDouble, skip + w
	case '„':
		return lowDouble, skip + w
	case '«':
		return guillemet, skip + w
	case '`':
		if strings.HasPrefix(t, "``") {
			return texDouble, skip + 2
		}
	}
	return 0, 0
}

// elision reports whether the text after a leading apostrophe makes it an
// elision rather than an opening quote: '90s, '24, ’em, ’til, ’tis.
func elision(after string) bool {
	if len(after) >= 2 && isDigit(rune(after[0])) && isDigit(rune(after[1])) {
		return len(after) == 2 || !isDigit(rune(after[2]))
	}
	for _, w := range [...]string{"em", "til", "tis", "twas", "cause", "n"} {
		if len(after) >= len(w) && strings.EqualFold(after[:len(w)], w) {
			if r, _ := utf8.DecodeRuneInString(after[len(w):]); !isWord(r) {
				return true
			}
		}
	}
	return false
}

// opening reports whether a mark between prev and next opens a quotation:
// it follows no word and precedes something.
func opening(prev, next rune) bool {
	return !isWord(prev) && !isSpace(next) && !closer(next)
}

// closer reports whether r is punctuation that cannot start a quotation.
func closer(r rune) bool {
	return strings.ContainsRune(".,;:!?)]}”’»›", r)
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isDigit(r rune) bool { return unicode.IsDigit(r) }

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// trimEnd returns the end of text[start:end] without trailing blanks.
func trimEnd(text string, start, end int) int {
	return start + len(strings.TrimRightFunc(text[start:end], unicode.IsSpace))
}

// paragraphs splits text into paragraphs, as byte ranges. Hard-wrapped
// text, whose lines are short and whose paragraphs are separated by blank
// lines, is split at blank lines; other text at every newline. Blank
// paragraphs are left out.
func paragraphs(text string) []Quote {
	type line struct {
		start, end int
		blank      bool
	}
	var lines []line
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		lines = append(lines, line{start, end, strings.TrimSpace(text[start:end]) == ""})
		start = end + 1
	}
	first, last := len(lines), -1 // the first and last lines with text
	for k, l := range lines {
		if !l.blank {
			first, last = min(first, k), k
		}
	}
	hasBlank, short, long := false, 0, 0
	for k, l := range lines {
		if l.blank {
			hasBlank = hasBlank || first < k && k < last
			continue
		}
		if k+1 < len(lines) && !lines[k+1].blank {
			// A line that a paragraph goes on after.
			if l.end-l.start <= 100 || l.end-l.start <= 400 && utf8.RuneCountInString(text[l.start:l.end]) <= 100 {
				short++
			} else {
				long++
			}
		}
	}
	wrapped := hasBlank && short > long
	// Wire copy is hard-wrapped, and ends each paragraph with a line
	// ending in "<"; blank lines separate only its header rules, so it
	// is split at those lines whether or not it has blank lines.
	marked := 0
	for _, l := range lines {
		if wireEnd(text[l.start:l.end]) {
			marked++
		}
	}
	wire := marked >= 2

	var out []Quote
	for k := 0; k < len(lines); k++ {
		if lines[k].blank {
			continue
		}
		p := Quote{lines[k].start, lines[k].end}
		for (wire && !wireEnd(text[lines[k].start:lines[k].end]) || wrapped && !wire) && k+1 < len(lines) && !lines[k+1].blank {
			k++
			p.End = lines[k].end
		}
		out = append(out, p)
	}
	return out
}

// wireEnd reports whether a line ends a paragraph of wire copy: its last
// character but spaces is "<".
func wireEnd(line string) bool {
	return strings.HasSuffix(strings.TrimRight(line, " \t\r"), "<")
}

// Inside reports, for each word, whether it lies inside a quotation: whether
// the word starts within the inner text of one of quotes. quotes must be
// sorted and not overlap, as Quotes returns them. The result has one entry
// per span.
func Inside(spans []shingle.Span, quotes []Quote) []bool {
	in := make([]bool, len(spans))
	k := 0 // the first quotation that ends after the span starts
	for i, sp := range spans {
		if i > 0 && sp.Start < spans[i-1].Start {
			k = 0 // spans out of order: search from the start again
		}
		for k < len(quotes) && quotes[k].End <= sp.Start {
			k++
		}
		in[i] = k < len(quotes) && quotes[k].Start <= sp.Start
	}
	return in
}
