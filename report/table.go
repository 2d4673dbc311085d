package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

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

// writeTable renders rows as a terminal table. Headers are written as
// given (no upper-casing) and cells are never wrapped: each cell has
// already been cleaned and shortened by cell.
func writeTable[T any](w io.Writer, what string, header []string, align []tw.Align, rows []T, row func(T) []string) error {
	ew := &errWriter{w: w}
	t := tablewriter.NewTable(ew,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeader(header),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
	)
	for _, r := range rows {
		if err := t.Append(row(r)); err != nil {
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
	rs := []rune(s)
	return strings.TrimRight(string(rs[:width-1]), " ") + "…"
}
