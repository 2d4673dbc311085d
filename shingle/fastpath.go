package shingle

// The fast path segments text made of ASCII and a few common typographic
// characters (’ ‘ “ ” – — … and no-break space) without the general UAX #29
// machinery. It is a transcription of the rules of
// github.com/clipperhouse/uax29/v2/words restricted to the word-break
// properties those characters have, so it finds the same segments; on any
// other character it gives up and the caller segments with the full
// implementation. Tests compare the two on random and real text.

// prop is a UAX #29 word-break property, as a bit so sets can be tested.
type prop uint16

const (
	pOther   prop = 0
	pALetter prop = 1 << iota
	pNumeric
	pExtendNumLet
	pMidLetter
	pMidNum
	pMidNumLet
	pSingleQuote
	pDoubleQuote
	pWSegSpace
	pCR
	pLF
	pNewline
	// pBreak marks ASCII characters other than letters, digits, _ and
	// the Mid* characters: after a letter or digit there is always a
	// word boundary before them.
	pBreak
	pUnknown // a character the fast path does not handle
	// pUpper marks the ASCII capitals, which the normal form folds.
	pUpper

	pAHLetter   = pALetter
	pMidNumLetQ = pMidNumLet | pSingleQuote
)

// asciiProp is the word-break property of each byte below 0x80; bytes from
// 0x80 up are pUnknown and are looked at by propAt.
var asciiProp = func() (t [256]prop) {
	for c := 0x80; c < 256; c++ {
		t[c] = pUnknown
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = pALetter
		t[c-'a'+'A'] = pALetter | pUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = pNumeric
	}
	t['_'] = pExtendNumLet
	t[':'] = pMidLetter
	t[','] = pMidNum
	t[';'] = pMidNum
	t['.'] = pMidNumLet
	t['\''] = pSingleQuote
	t['"'] = pDoubleQuote
	t[' '] = pWSegSpace
	t['\r'] = pCR
	t['\n'] = pLF
	t['\v'] = pNewline
	t['\f'] = pNewline
	for c := range 0x80 {
		if t[c]&(pAHLetter|pNumeric|pExtendNumLet|pMidLetter|pMidNum|pMidNumLet|pSingleQuote) == 0 {
			t[c] |= pBreak
		}
	}
	return t
}()

// lowerASCII maps each byte below 0x80 to its lower case.
var lowerASCII = func() (t [128]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c - 'A' + 'a')
	}
	t['`'] = '\''
	return t
}()

// propAt returns the property and width of the character at text[i].
func propAt(text string, i int) (prop, int) {
	c := text[i]
	if c < 0x80 {
		return asciiProp[c], 1
	}
	switch c {
	case 0xE2: // U+2000..U+2FFF
		if i+2 < len(text) && text[i+1] == 0x80 {
			switch text[i+2] {
			case 0x98, 0x99: // ‘ ’
				return pMidNumLet, 3
			case 0x93, 0x94, 0x9C, 0x9D, 0xA6: // – — “ ” …
				return pOther, 3
			}
		}
	case 0xC2:
		if i+1 < len(text) && text[i+1] == 0xA0 { // no-break space
			return pOther, 2
		}
	}
	return pUnknown, 0
}

// segment finds the UAX #29 word segment that starts at text[start]
// (start < len(text)). It returns its end, whether it holds a letter or
// digit, whether it is known to be in normal form already (lower-case
// ASCII letters and digits), and ok=false if it met a character it does
// not handle, in which case the rest mean nothing.
func segment(text string, start int) (end int, word, folded, ok bool) {
	pos := start
	current, w := propAt(text, pos)
	if current == pUnknown {
		return 0, false, false, false
	}
	word = current&(pAHLetter|pNumeric) != 0
	pos += w // WB1

	var lastEx, lastLastEx prop
	if word {
		// The common case: a run of ASCII letters and digits (WB5 to
		// WB10) ended by a character that breaks after them whatever
		// comes next: a space, most punctuation, a line break. Anything
		// else continues below in the state the loop would have reached.
		acc := current
		for pos < len(text) {
			p := asciiProp[text[pos]]
			if p&(pAHLetter|pNumeric) == 0 {
				break
			}
			acc |= p
			pos++
		}
		if pos == len(text) || asciiProp[text[pos]]&pBreak != 0 {
			return pos, true, acc&pUpper == 0 && text[start] < 0x80, true
		}
		if pos-start >= 2 {
			current, lastEx = asciiProp[text[pos-1]], asciiProp[text[pos-2]]
		}
	}
	for pos < len(text) { // WB2 at the end
		last := current
		// No character of the fast path is Extend, Format or ZWJ.
		lastLastEx, lastEx = lastEx, last

		c := text[pos]
		if c < 0x80 {
			current, w = asciiProp[c], 1
		} else if current, w = propAt(text, pos); current == pUnknown {
			return 0, false, false, false
		}

		// WB5, WB8, WB9, WB10
		if current&(pAHLetter|pNumeric) != 0 && lastEx&(pAHLetter|pNumeric) != 0 {
			word = true
			pos += w
			continue
		}
		// WB3d
		if current&last&pWSegSpace != 0 {
			pos += w
			continue
		}
		// WB3
		if current&pLF != 0 && last&pCR != 0 {
			pos += w
			continue
		}
		// WB3a, WB3b
		if (last|current)&(pNewline|pCR|pLF) != 0 {
			break
		}
		// WB3c, WB4: no ZWJ, Extend or Format here.

		// WB6
		if current&(pMidLetter|pMidNumLetQ) != 0 && lastEx&pAHLetter != 0 {
			next, ok := nextIs(text, pos+w, pAHLetter)
			if !ok {
				return 0, false, false, false
			}
			if next {
				pos += w
				continue
			}
		}
		// WB7
		if current&pAHLetter != 0 && lastEx&(pMidLetter|pMidNumLetQ) != 0 && lastLastEx&pAHLetter != 0 {
			word = true
			pos += w
			continue
		}
		// WB7a, WB7b, WB7c need a Hebrew letter: none here.

		// WB11
		if current&pNumeric != 0 && lastEx&(pMidNum|pMidNumLetQ) != 0 && lastLastEx&pNumeric != 0 {
			word = true
			pos += w
			continue
		}
		// WB12
		if current&(pMidNum|pMidNumLetQ) != 0 && lastEx&pNumeric != 0 {
			next, ok := nextIs(text, pos+w, pNumeric)
			if !ok {
				return 0, false, false, false
			}
			if next {
				pos += w
				continue
			}
		}
		// WB13 needs Katakana: none here.

		// WB13a
		if current&pExtendNumLet != 0 && lastEx&(pAHLetter|pNumeric|pExtendNumLet) != 0 {
			pos += w
			continue
		}
		// WB13b
		if current&(pAHLetter|pNumeric) != 0 && lastEx&pExtendNumLet != 0 {
			word = true
			pos += w
			continue
		}
		// WB15, WB16 need regional indicators: none here.

		break // WB999
	}
	return pos, word, false, true
}

// nextIs reports whether the character at text[i] has one of the
// properties in want; ok is false if it is a character the fast path does
// not handle (it might be one that WB4 skips).
func nextIs(text string, i int, want prop) (is, ok bool) {
	if i >= len(text) {
		return false, true
	}
	p, _ := propAt(text, i)
	if p == pUnknown {
		return false, false
	}
	return p&want != 0, true
}

// appendLowerFast appends the normalised form of a fast-path segment: ASCII
// lower case, with ‘ and ’ folded to '. Other multi-byte characters of the
// fast path never occur inside a word.
func appendLowerFast(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			dst = append(dst, lowerASCII[c])
			continue
		}
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x98 || s[i+2] == 0x99) {
			dst = append(dst, '\'')
			i += 2
			continue
		}
		dst = append(dst, c)
	}
	return dst
}
