package shingle

import (
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/clipperhouse/uax29/v2/words"
	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// Tokenizer splits text into words and hashes their normalised forms.
//
// The zero value is ready to use and hashes with seed 0. A Tokenizer keeps
// buffers between calls so that tokenizing allocates nothing per word; it
// is not safe for concurrent use (use one per goroutine).
type Tokenizer struct {
	// Seed selects the word hash function. The same seed gives the same
	// hashes on every run and machine; texts are only comparable when
	// tokenized with the same seed.
	Seed uint64

	buf, buf2 []byte
	iter      *words.Iterator[string]
	fold      cases.Caser
	foldReady bool
}

// Tokenize is a convenience for a one-off text: it tokenizes text with a
// fresh Tokenizer seeded with seed.
func Tokenize(text string, seed uint64) Tokens {
	var t Tokens
	tk := Tokenizer{Seed: seed}
	tk.Tokenize(text, &t)
	return t
}

// Tokenize splits text into words and fills dst with their spans and
// hashes, in text order. It resets dst first, reusing its capacity.
//
// Words are UAX #29 word segments that contain at least one letter or
// digit (Unicode categories L and N); spaces, punctuation and symbols are
// dropped. Each span slices text exactly, also when text is not valid
// UTF-8.
func (t *Tokenizer) Tokenize(text string, dst *Tokens) {
	dst.Spans = dst.Spans[:0]
	dst.Hashes = dst.Hashes[:0]
	seed := hash64.Seed(t.Seed)
	pos := 0
	for pos < len(text) {
		// A space or ASCII punctuation followed by another ASCII
		// character is a segment of its own, unless the two join (a run
		// of spaces, CR LF), so the next segment starts after it. Joined
		// pairs go through segment, as a broken rune at the very end of
		// the text joins the segment before it, even one of spaces.
		if c := text[pos]; asciiProp[c]&pBreak != 0 && (pos+1 == len(text) || asciiBreakAlone(c, text[pos+1])) {
			pos++
			continue
		}
		end, word, folded, ok := segment(text, pos)
		if ok {
			if word {
				var h uint64
				if w := text[pos:end]; folded {
					h = hashString(w, seed)
				} else {
					t.buf = appendLowerFast(t.buf[:0], w)
					h = hashBytes(t.buf, seed)
				}
				dst.Spans = append(dst.Spans, Span{pos, end})
				dst.Hashes = append(dst.Hashes, h)
			}
			pos = end
			continue
		}
		// A character the fast path does not know: let the full UAX #29
		// segmenter find this one segment. Segmentation restarts at every
		// boundary, so continuing with the fast path afterwards gives the
		// same segments as segmenting the whole text with it.
		if t.iter == nil {
			t.iter = words.FromString("")
		}
		t.iter.SetText(text[pos:])
		t.iter.Next()
		end = pos + t.iter.End()
		seg := text[pos:end]
		if hasLetterOrDigit(seg) {
			t.buf = t.normalize(t.buf[:0], seg)
			dst.Spans = append(dst.Spans, Span{pos, end})
			dst.Hashes = append(dst.Hashes, hashBytes(t.buf, seed))
		}
		pos = end
	}
}

// asciiBreakAlone reports whether a segment that starts with c, a space or
// ASCII punctuation, ends before next.
func asciiBreakAlone(c, next byte) bool {
	return next < 0x80 && !(c == ' ' && next == ' ') && !(c == '\r' && next == '\n')
}

// Normalize returns the normalised form of s, the form in which words are
// hashed: Unicode NFKC, case folding, and typographic quotes, apostrophes
// and dashes folded to ASCII ' " and -. It is meant for tests and display;
// Tokenize normalises without it.
func Normalize(s string) string {
	var t Tokenizer
	return string(t.normalize(nil, s))
}

// normalize appends the normalised form of s to dst. Its result lives in
// dst; t.buf2 is used as scratch.
func (t *Tokenizer) normalize(dst []byte, s string) []byte {
	if !t.foldReady {
		t.fold = cases.Fold()
		t.foldReady = true
	}
	// Fold typographic characters first, so that NFKC does not split
	// them (″ would become two primes), then NFKC and case folding, and
	// again NFKC and the typographic fold for what those produced.
	a := appendTypo(t.buf2[:0], s)
	dst = norm.NFKC.Append(dst[:0], a...)
	a = appendTransform(&t.fold, a[:0], dst)
	if !norm.NFKC.IsNormal(a) {
		dst = norm.NFKC.Append(dst[:0], a...)
	} else {
		dst = append(dst[:0], a...)
	}
	a = appendTypo(a[:0], dst)
	t.buf2 = a
	return append(dst[:0], a...)
}

// appendTransform appends tr applied to src to dst.
func appendTransform(tr transform.Transformer, dst, src []byte) []byte {
	tr.Reset()
	for {
		if cap(dst)-len(dst) < len(src)+8 {
			dst = append(dst, make([]byte, len(src)+8)...)[:len(dst)]
		}
		nDst, nSrc, err := tr.Transform(dst[len(dst):cap(dst)], src, true)
		dst = dst[:len(dst)+nDst]
		src = src[nSrc:]
		if err == transform.ErrShortDst {
			dst = append(dst, make([]byte, 2*len(src)+8)...)[:len(dst)]
			continue
		}
		if err != nil {
			// Keep what could not be transformed as it is.
			dst = append(dst, src...)
		}
		return dst
	}
}

// typo maps typographic quotes, apostrophes and dashes to ASCII.
func typo(r rune) (byte, bool) {
	switch r {
	case '\u2019', '\u2018', '\u02BC', '\u2032', '`', '\u00B4':
		return '\'', true
	case '\u201C', '\u201D', '\u201E', '\u00AB', '\u00BB', '\u2033':
		return '"', true
	case '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-', true
	}
	return 0, false
}

// appendTypo appends s to dst with typographic characters folded to ASCII.
func appendTypo[S ~string | ~[]byte](dst []byte, s S) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '`' {
				c = '\''
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := decodeRune(s[i:])
		if b, ok := typo(r); ok {
			dst = append(dst, b)
		} else {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

func decodeRune[S ~string | ~[]byte](s S) (rune, int) {
	switch v := any(s).(type) {
	case string:
		return utf8.DecodeRuneInString(v)
	case []byte:
		return utf8.DecodeRune(v)
	}
	return utf8.DecodeRuneInString(string(s))
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if asciiProp[r]&(pALetter|pNumeric) != 0 {
				return true
			}
			continue
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// hashBytes is the word hash: xxHash64 of the normalised bytes, made
// seed-dependent by a final avalanche of the sum and the mixed seed.
func hashBytes(b []byte, seed uint64) uint64 {
	return hash64.Mix(xxhash.Sum64(b) ^ seed)
}

// hashString is hashBytes of a word already in normal form.
func hashString(s string, seed uint64) uint64 {
	return hash64.Mix(xxhash.Sum64String(s) ^ seed)
}

// rotl is bits.RotateLeft64, kept short for the mixing loops.
func rotl(x uint64, k int) uint64 { return bits.RotateLeft64(x, k) }
