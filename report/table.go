package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Widths, in runes, beyond which table cells are shortened with "…".
const (
	idWidth      = 40
	titleWidth   = 48
	textWidth    = 60
	membersWidth = 60
)

// Widther is a writer that knows the width of the terminal it writes to,
// in columns. A table written to a Widther is fitted to that width.
type Widther interface {
	io.Writer
	Width() int
}

// minColumn is the width, in runes, below which fitting a table to the
// terminal shortens no column.
const minColumn = 8

// writeTable renders rows as a terminal table. Headers are written as
// given (no upper-casing) and cells are never wrapped: each cell has
// already been cleaned and shortened by cell. A column empty in every row
// is left out. When w is a Widther, the widest columns are shortened
// further, with "…", until the table fits the terminal's width (or every
// column is down to minColumn runes).
func writeTable[T any](w io.Writer, what string, header []string, align []tw.Align, rows []T, row func(T) []string) error {
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = row(r)
	}
	// Columns with something in some row; all of them when there are no
	// rows, so that the header still says what would be there.
	var keep []int
	for c := range header {
		if len(cells) == 0 || slices.ContainsFunc(cells, func(r []string) bool { return c < len(r) && r[c] != "" }) {
			keep = append(keep, c)
		}
	}
	pick := func(r []string) []string {
		out := make([]string, len(keep))
		for i, c := range keep {
			if c < len(r) {
				out[i] = r[c]
			}
		}
		return out
	}
	header = pick(header)
	if align != nil {
		al := make([]tw.Align, len(keep))
		for i, c := range keep {
			if c < len(align) {
				al[i] = align[c]
			}
		}
		align = al
	}
	for i := range cells {
		cells[i] = pick(cells[i])
	}
	if ww, ok := w.(Widther); ok {
		fit(header, cells, ww.Width())
	}

	ew := &errWriter{w: w}
	t := tablewriter.NewTable(ew,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeader(header),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
	)
	for _, r := range cells {
		if err := t.Append(r); err != nil {
			return fmt.Errorf("report: %s: table: %w", what, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: %s: table: %w", what, err)
	}
	if ew.err != nil {
		return fmt.Errorf("report: %s: %w", what, ew.err)
	}
	return nil
}

// fit shortens the widest columns of a table, cells and header, until the
// table with its borders ("│ a │ b │": three columns of border a column
// and one more) is at most width columns wide, or every column is down to
// minColumn runes. A width below one leaves the table as it is.
func fit(header []string, cells [][]string, width int) {
	if width < 1 {
		return
	}
	ws := make([]int, len(header))
	for c, h := range header {
		ws[c] = utf8.RuneCountInString(h)
		for _, r := range cells {
			ws[c] = max(ws[c], utf8.RuneCountInString(r[c]))
		}
	}
	total := 3*len(ws) + 1
	for _, w := range ws {
		total += w
	}
	for total > width {
		widest := slices.Index(ws, slices.Max(ws))
		if ws[widest] <= minColumn {
			break
		}
		ws[widest]--
		total--
	}
	for c, w := range ws {
		header[c] = cut(header[c], w)
		for _, r := range cells {
			r[c] = cut(r[c], w)
		}
	}
}

// cut shortens s to width runes, the last of them "…".
func cut(s string, width int) string {
	if width < 1 || utf8.RuneCountInString(s) <= width {
		return s
	}
	rs := []rune(s)
	return strings.TrimRight(string(rs[:width-1]), " ") + "…"
}

// errWriter keeps the first write error, which tablewriter does not
// report, and writes nothing after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// cell prepares untrusted text for a terminal cell: control characters
// (escape sequences among them) become spaces, runs of white space
// collapse to one space, and text longer than width runes is cut to
// width-1 runes and "…" (width 0: no limit). Invalid UTF-8 becomes U+FFFD.
func cell(s string, width int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if unicode.Is(unicode.Cf, r) && r != '\u200d' {
			// Bidirectional overrides and other format characters could
			// reorder or hide what the terminal shows.
			continue
		}
		if space && n > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	s = b.String()
	if width <= 0 || n <= width {
		return s
	}
	return cut(s, width)
}
