package corpus

import "bytes"

// A JSON file holds one array of records, [{...}, {...}], cut into
// records by splitJSON without holding the array in memory. A record is
// the separator before an element ('[' or ','), the element and the
// blanks around it, so that records cover the file with no gap and each
// can be read again by its offset; the closing ']' starts a last record
// that holds no element (arrayEnd). A JSON file whose first non-blank
// byte is not '[' is read as JSON Lines: many data sets name their JSON
// Lines files .json.

// jsonState is where splitJSON is in an array.
type jsonState struct {
	depth  int  // nesting inside the current element
	begun  bool // the current record holds its separator
	str    bool // in a string
	esc    bool // after a backslash in a string
	closed bool // after the array's closing ']'
}

// splitJSON scans p, the next bytes of a JSON array, and returns how many
// belong to the current record and whether the record ends there (before
// the next separator). At the end of the input, a record ends in any
// state.
func splitJSON(st *jsonState, p []byte) (int, bool) {
	if st.closed {
		return len(p), false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if st.str {
			switch {
			case st.esc:
				st.esc = false
			case c == '\\':
				st.esc = true
			case c == '"':
				st.str = false
			default:
				// Skip a run of plain bytes at once.
				j := i + 1 + plainRun(p[i+1:], 0)
				i = j - 1
			}
			continue
		}
		switch c {
		case '"':
			st.str = true
		case '{':
			st.depth++
		case '[':
			if st.depth == 0 && !st.begun {
				st.begun = true // the array's opening bracket
				continue
			}
			st.depth++
		case '}':
			if st.depth > 0 {
				st.depth--
			}
		case ']':
			if st.depth > 0 {
				st.depth--
				continue
			}
			if st.begun {
				st.begun = false
				return i, true
			}
			st.closed = true
			return len(p), false
		case ',':
			if st.depth > 0 {
				continue
			}
			if st.begun {
				st.begun = false
				return i, true
			}
			st.begun = true
		}
	}
	return len(p), false
}

// isArray reports whether the first non-blank byte of b (after a byte
// order mark) is '['.
func isArray(b []byte) bool {
	b = bytes.TrimLeft(trimBOM(b), " \t\r\n")
	return len(b) > 0 && b[0] == '['
}

// arrayEnd reports whether rec, a record of a JSON array, is its end: the
// closing ']' and what follows.
func arrayEnd(rec []byte) bool {
	rec = bytes.TrimLeft(rec, " \t\r\n")
	return len(rec) > 0 && rec[0] == ']'
}

// element returns the element of a record of a JSON array: without the
// separator before it.
func element(rec []byte) []byte {
	i := skipWS(rec, 0)
	if i < len(rec) && (rec[i] == '[' || rec[i] == ',') {
		return rec[i+1:]
	}
	return rec
}

// leadLines counts the line ends before the element of a record of a
// JSON array, so that a problem names the element's line.
func leadLines(rec []byte) int {
	n := 0
	for _, c := range rec {
		switch c {
		case '\n':
			n++
		case ' ', '\t', '\r', '[', ',':
		default:
			return n
		}
	}
	return n
}
