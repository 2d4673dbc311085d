package corpus

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A CSV file is cut into records by splitCSV, which follows the rules of
// encoding/csv (RFC 4180; a quoted field may span lines; a bare quote in
// an unquoted field or a stray quote after a quoted one makes the rest of
// the line part of a malformed record), without holding a record in
// memory. Each record is then parsed on its own by encoding/csv, in Read
// as in Reread, so that both give the same document.

// dialect is how a table separates and quotes its fields.
type dialect struct {
	comma byte // ',', ';' or '\t'
	// lazy lets a quote stand in an unquoted field (TSV files often hold
	// text with quotes in fields that are not quoted); a field that
	// starts with a quote is quoted as in CSV.
	lazy bool
}

var csvDialect = dialect{comma: ','}

// csvHeader maps the fields of a record to the columns of a CSV file.
type csvHeader struct {
	col     [nField]int // column index of each field, -1 if absent
	dialect dialect
}

// parseCSVHeader reads the header record of a CSV file.
func parseCSVHeader(rec []byte, dl dialect) (*csvHeader, error) {
	if bytes.IndexByte(rec, 0) >= 0 {
		return nil, errBinary
	}
	names, err := parseCSVRecord(rec, dl)
	if err != nil {
		return nil, err
	}
	h := &csvHeader{dialect: dl}
	for f := range h.col {
		h.col[f] = -1
	}
	for i, name := range names {
		name = strings.ToLower(strings.TrimSpace(name))
		for f, want := range fieldNames {
			if name == want && h.col[f] < 0 {
				h.col[f] = i
			}
		}
	}
	if h.col[fID] < 0 || h.col[fText] < 0 && h.col[fHTML] < 0 {
		return nil, errors.New(`CSV header has no "id" column or no "text" or "html" column; file skipped`)
	}
	return h, nil
}

// row decodes one record into fl: the cells of the header's columns are
// strings; a row too short to have a column leaves that field absent.
func (h *csvHeader) row(d *decoder, rec []byte, fl *fields) error {
	cells, ok := d.parseCSVFast(rec, h.dialect.comma)
	if !ok {
		var err error
		if cells, err = parseCSVRecord(rec, h.dialect); err != nil {
			return err
		}
	}
	for f, c := range h.col {
		if c >= 0 && c < len(cells) {
			fl.v[f], fl.t[f] = cells[c], vString
		}
	}
	return nil
}

// parseCSVRecord parses one record cut by splitCSV with encoding/csv.
func parseCSVRecord(rec []byte, dl dialect) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(rec))
	r.FieldsPerRecord = -1
	r.Comma = rune(dl.comma)
	r.LazyQuotes = dl.lazy
	cells, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("empty CSV record")
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("malformed CSV record: %v (line %d of the record, column %d)", pe.Err, pe.Line, pe.Column)
		}
		return nil, fmt.Errorf("malformed CSV record: %v", err)
	}
	return cells, nil
}

// parseCSVFast parses the common case of a record cut by splitCSV,
// several times faster than encoding/csv, which allocates its buffers
// anew for each record parsed alone. It gives up (ok false) on a
// malformed record, an empty one and a carriage return anywhere but in a
// line end, which parseCSVRecord parses instead; for every record it
// accepts, it gives the cells encoding/csv gives (FuzzCSVFast checks it).
// The cells are valid until the next call.
func (d *decoder) parseCSVFast(rec []byte, comma byte) (cells []string, ok bool) {
	line := bytes.TrimSuffix(rec, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) == 0 {
		return nil, false
	}
	buf := d.scratch[:0]
	ends := d.ends[:0]
	i := 0
	for {
		if i < len(line) && line[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(line[i:], '"')
				if j < 0 {
					return nil, false // not closed
				}
				seg := line[i : i+j]
				for {
					k := bytes.IndexByte(seg, '\r')
					if k < 0 {
						break
					}
					if k+1 >= len(seg) || seg[k+1] != '\n' {
						return nil, false
					}
					buf = append(buf, seg[:k]...)
					seg = seg[k+1:] // "\r\n" in a line end is "\n"
				}
				buf = append(buf, seg...)
				i += j + 1
				if i < len(line) && line[i] == '"' {
					buf = append(buf, '"')
					i++
					continue
				}
				break
			}
			ends = append(ends, len(buf))
			if i == len(line) {
				break
			}
			if line[i] != comma {
				return nil, false
			}
			i++
			continue
		}
		j := bytes.IndexByte(line[i:], comma)
		field := line[i:]
		if j >= 0 {
			field = line[i : i+j]
		}
		if bytes.IndexByte(field, '"') >= 0 || bytes.IndexByte(field, '\r') >= 0 || bytes.IndexByte(field, '\n') >= 0 {
			return nil, false
		}
		buf = append(buf, field...)
		ends = append(ends, len(buf))
		if j < 0 {
			break
		}
		i += j + 1
	}
	str := string(buf)
	cells = d.cells[:0]
	start := 0
	for _, e := range ends {
		cells = append(cells, str[start:e])
		start = e
	}
	d.scratch, d.ends, d.cells = buf, ends, cells
	return cells, true
}

// csvState is where splitCSV is in a record.
type csvState uint8

const (
	csvFieldStart csvState = iota // at the start of a field
	csvUnquoted                   // in an unquoted field
	csvQuoted                     // in a quoted field
	csvQuote                      // after a quote in a quoted field
	csvQuoteCR                    // after a quote and a carriage return
	csvBad                        // in a malformed record, up to the line end
)

// splitCSV scans p, the next bytes of a record of a table of dialect dl,
// and returns how many of them belong to the record and whether the
// record ends there (after a line feed). At the end of the input, a
// record ends in any state.
func splitCSV(st *csvState, p []byte, dl dialect) (int, bool) {
	stops := ",\"\n"
	switch dl.comma {
	case ';':
		stops = ";\"\n"
	case '\t':
		stops = "\t\"\n"
	}
	i := 0
	for i < len(p) {
		switch *st {
		case csvFieldStart:
			c := p[i]
			i++
			switch c {
			case '"':
				*st = csvQuoted
			case dl.comma:
			case '\n':
				*st = csvFieldStart
				return i, true
			default:
				*st = csvUnquoted
			}
		case csvUnquoted:
			j := bytes.IndexAny(p[i:], stops)
			if j < 0 {
				return len(p), false
			}
			c := p[i+j]
			i += j + 1
			switch c {
			case dl.comma:
				*st = csvFieldStart
			case '"':
				if !dl.lazy {
					*st = csvBad
				}
			default:
				*st = csvFieldStart
				return i, true
			}
		case csvQuoted:
			j := bytes.IndexByte(p[i:], '"')
			if j < 0 {
				return len(p), false
			}
			i += j + 1
			*st = csvQuote
		case csvQuote:
			c := p[i]
			i++
			switch c {
			case '"':
				*st = csvQuoted
			case dl.comma:
				*st = csvFieldStart
			case '\n':
				*st = csvFieldStart
				return i, true
			case '\r':
				*st = csvQuoteCR
			default:
				*st = csvBad
			}
		case csvQuoteCR:
			c := p[i]
			i++
			if c == '\n' {
				*st = csvFieldStart
				return i, true
			}
			*st = csvBad
		case csvBad:
			j := bytes.IndexByte(p[i:], '\n')
			if j < 0 {
				return len(p), false
			}
			*st = csvFieldStart
			return i + j + 1, true
		}
	}
	return len(p), false
}
