package corpus

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// sniffSpan is how much of a stream sniffKind and detectComma look at.
const sniffSpan = 64 << 10

// sniffKind returns the kind of a stream of unknown name (standard input,
// a pipe) by its first bytes, after a byte order mark and blanks:
//
//   - '{': JSON Lines;
//   - '[': a JSON array;
//   - "WARC/": a web archive;
//   - "<!doctype html", "<html", "<head" or "<body", in any case: an HTML page;
//   - a first line that is a header naming the columns id and text (or
//     html), separated by commas, semicolons or tabs: CSV;
//   - anything else: plain text.
func sniffKind(path string) kind {
	f, err := os.Open(path)
	if err != nil {
		return kindText
	}
	defer f.Close()
	buf := make([]byte, sniffSpan)
	n, _ := io.ReadFull(f, buf)
	return sniffBytes(buf[:n])
}

func sniffBytes(b []byte) kind {
	b = trimBOM(b)
	t := bytes.TrimLeft(b, " \t\r\n")
	switch {
	case len(t) == 0:
		return kindText
	case t[0] == '{':
		return kindJSONL
	case t[0] == '[':
		return kindJSON
	case bytes.HasPrefix(t, []byte("WARC/")):
		return kindWARC
	case t[0] == '<':
		head := strings.ToLower(string(t[:min(len(t), 16)]))
		for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
			if strings.HasPrefix(head, p) {
				return kindHTML
			}
		}
	}
	line := b
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if _, ok := headerComma(line); ok {
		return kindCSV
	}
	return kindText
}

// commas are the delimiters a CSV or TSV file may use, in the order they
// are preferred.
var commas = []byte{',', ';', '\t'}

// headerComma returns the delimiter with which line, the first line of a
// table, names the columns id and text (or html), and whether there is
// one.
func headerComma(line []byte) (byte, bool) {
	line = bytes.TrimSuffix(line, []byte("\r"))
	for _, comma := range commas {
		var id, text bool
		for _, cell := range splitCells(line, comma) {
			switch strings.ToLower(strings.TrimSpace(cell)) {
			case "id":
				id = true
			case "text", "html":
				text = true
			}
		}
		if id && text {
			return comma, true
		}
	}
	return 0, false
}

// detectComma returns the delimiter of a table whose content starts with
// b: the one with which its first line names the columns id and text (or
// html); else, of those found in the first line outside quotes, the most
// frequent; else def.
func detectComma(b []byte, def byte) byte {
	b = trimBOM(b)
	line := b
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if c, ok := headerComma(line); ok {
		return c
	}
	best, most := def, 0
	for _, comma := range commas {
		if n := len(splitCells(line, comma)) - 1; n > most {
			best, most = comma, n
		}
	}
	return best
}

// splitCells splits a header line at comma outside double quotes, and
// drops the quotes: good enough to read column names.
func splitCells(line []byte, comma byte) []string {
	var cells []string
	var cur []byte
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == comma && !quoted:
			cells = append(cells, string(cur))
			cur = cur[:0]
		default:
			cur = append(cur, c)
		}
	}
	return append(cells, string(cur))
}

// absPath is path made absolute and clean, or path cleaned if that fails.
func absPath(path string) string {
	if p, err := filepath.Abs(path); err == nil {
		return p
	}
	return filepath.Clean(path)
}
