package report

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Comparison is what `wiretrace compare A B` shows: the measures of the
// pair and the passages of both articles side by side.
type Comparison struct {
	A, B         string  // document ids
	Jaccard      float64 // exact Jaccard similarity of the shingle sets, in [0, 1]
	ContainmentA float64 // share of A's shingles found in B, in [0, 1]
	ContainmentB float64 // share of B's shingles found in A, in [0, 1]
	Relation     string  // duplicate, reprint, partial, quotes; "" if unrelated, written "none"
	Rows         []CompareRow
}

// CompareRow is one row of a comparison: a passage of A beside the
// passage of B it shares, or a passage found on one side only (the other
// is nil).
type CompareRow struct {
	Kind string   // shared, quote, unique
	A, B *Passage // nil where that side has no passage on this row
}

// AlignPassages builds the rows of a comparison from the passages of
// document a and those of document b (each one document's passages, in
// any order). A passage of a is set beside the passage of b that its
// With names (same document and offsets), or failing that the passage of
// b whose With names it; passages without a partner get a row of their
// own. Rows follow a's passages in text order, with b's unpaired passages
// placed before the first row of a later b passage, so that both columns
// read in text order wherever the two texts run in the same order.
// The rows point into copies of the passages, not into a and b.
func AlignPassages(a, b []Passage) []CompareRow {
	a = sortedPassages(a)
	b = sortedPassages(b)
	type key struct {
		doc        string
		start, end int
	}
	bAt := make(map[key]int, len(b))
	for j, p := range b {
		bAt[key{p.Doc, p.Start, p.End}] = j
	}
	aAt := make(map[key]int, len(a))
	for i, p := range a {
		aAt[key{p.Doc, p.Start, p.End}] = i
	}
	// partner[i] is the index in b set beside a[i], or -1.
	partner := make([]int, len(a))
	taken := make([]bool, len(b))
	for i := range a {
		partner[i] = -1
		for _, w := range a[i].With {
			if j, ok := bAt[key{w.Doc, w.Start, w.End}]; ok && !taken[j] {
				partner[i], taken[j] = j, true
				break
			}
		}
	}
	for j := range b {
		if taken[j] {
			continue
		}
		for _, w := range b[j].With {
			if i, ok := aAt[key{w.Doc, w.Start, w.End}]; ok && partner[i] < 0 {
				partner[i], taken[j] = j, true
				break
			}
		}
	}
	rows := make([]CompareRow, 0, len(a)+len(b))
	next := 0 // b passages before next have been placed
	flush := func(upto int) {
		for ; next < upto; next++ {
			if !taken[next] {
				rows = append(rows, CompareRow{Kind: b[next].Kind, B: &b[next]})
			}
		}
	}
	for i := range a {
		j := partner[i]
		if j < 0 {
			rows = append(rows, CompareRow{Kind: a[i].Kind, A: &a[i]})
			continue
		}
		flush(j)
		rows = append(rows, CompareRow{Kind: a[i].Kind, A: &a[i], B: &b[j]})
	}
	flush(len(b))
	return rows
}

func sortedPassages(ps []Passage) []Passage {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(x, y Passage) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
	})
	return ps
}

// WriteComparison writes c in format f. Table prints the measures, then a
// two-column table (A left, B right) with shared passages on the same
// row, each cell "start-end  text" with the text shortened, and in A's
// cell the edits of A's passage against B's (changed numbers, names and
// dates first). JSON writes one object, each passage with its edits:
//
//	{"a":...,"b":...,"jaccard":0.8123,"containment_a":...,"containment_b":...,"relation":...,"rows":[
//	{"kind":"shared","a":{passage},"b":{passage}},
//	{"kind":"unique","a":{passage},"b":null}
//	]}
//
// with one row per line. CSV has no comparison form and is an error.
func WriteComparison(w io.Writer, f Format, c Comparison) error {
	switch f {
	case Table:
		return writeComparisonTable(w, c)
	case JSON:
		return writeComparisonJSON(w, c)
	}
	return fmt.Errorf("report: comparison: no %v format (want table or json)", f)
}

func writeComparisonTable(w io.Writer, c Comparison) error {
	bw := bufio.NewWriter(w)
	rel := cmp.Or(c.Relation, "none")
	fmt.Fprintf(bw, "A: %s\nB: %s\nrelation: %s   jaccard: %s   containment A in B: %s   containment B in A: %s\n\n",
		cell(c.A, 0), cell(c.B, 0), cell(rel, 0), percent(c.Jaccard), percent(c.ContainmentA), percent(c.ContainmentB))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: comparison: %w", err)
	}
	ew := &errWriter{w: w}
	t := tablewriter.NewTable(ew,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeader([]string{"kind", "A: " + cell(c.A, idWidth), "B: " + cell(c.B, idWidth)}),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithRowMaxWidth(compareWidth),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft}),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft}),
	)
	for _, r := range c.Rows {
		if err := t.Append([]string{cell(r.Kind, 0), compareCell(r.A), compareCell(r.B)}); err != nil {
			return fmt.Errorf("report: comparison: table: %w", err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: comparison: table: %w", err)
	}
	if ew.err != nil {
		return fmt.Errorf("report: comparison: %w", ew.err)
	}
	return nil
}

// compareWidth is the width, in columns, of a passage column of the
// comparison table; compareText is how many runes of a passage it shows.
const (
	compareWidth = 50
	compareText  = 200
)

func compareCell(p *Passage) string {
	if p == nil {
		return ""
	}
	s := strconv.Itoa(p.Start) + "-" + strconv.Itoa(p.End) + "  " + cell(p.Text, compareText)
	if len(p.Edits) > 0 {
		s += "\n" + editsLine(p.Edits)
	}
	return s
}

// shownEdits is how many edits a table cell lists; editText is how many
// runes of each side it shows.
const (
	shownEdits = 12
	editText   = 40
)

// editsLine lists edits for a table, those that change a number, name
// or date first (the flags in brackets): "edits: "ten" for "nine"
// [number]; +"and drone"; -"deadly"".
func editsLine(es []Edit) string {
	var flagged, rest []string
	for _, e := range es {
		var s string
		switch e.Op {
		case "substituted":
			s = strconv.Quote(cell(e.Text, editText)) + " for " + strconv.Quote(cell(e.With.Text, editText))
		case "inserted":
			s = "+" + strconv.Quote(cell(e.Text, editText))
		default:
			s = "-" + strconv.Quote(cell(e.With.Text, editText))
		}
		if len(e.Flags) > 0 {
			flagged = append(flagged, s+" ["+strings.Join(e.Flags, ", ")+"]")
		} else {
			rest = append(rest, s)
		}
	}
	all := append(flagged, rest...)
	more := ""
	if len(all) > shownEdits {
		more = "; +" + strconv.Itoa(len(all)-shownEdits) + " more"
		all = all[:shownEdits]
	}
	return "edits: " + strings.Join(all, "; ") + more
}

func writeComparisonJSON(w io.Writer, c Comparison) error {
	j, ca, cb, err := fractions3(c.Jaccard, c.ContainmentA, c.ContainmentB)
	if err != nil {
		return fmt.Errorf("report: comparison %q %q: %w", c.A, c.B, err)
	}
	head, err := marshal(struct {
		A            string      `json:"a"`
		B            string      `json:"b"`
		Jaccard      json.Number `json:"jaccard"`
		ContainmentA json.Number `json:"containment_a"`
		ContainmentB json.Number `json:"containment_b"`
		Relation     string      `json:"relation"`
	}{c.A, c.B, json.Number(j), json.Number(ca), json.Number(cb), cmp.Or(c.Relation, "none")})
	if err != nil {
		return fmt.Errorf("report: comparison %q %q: %w", c.A, c.B, err)
	}
	var b strings.Builder
	b.Write(head[:len(head)-1]) // without the closing brace
	b.WriteString(`,"rows":[`)
	for i, r := range c.Rows {
		row, err := marshal(struct {
			Kind string `json:"kind"`
			A    any    `json:"a"`
			B    any    `json:"b"`
		}{r.Kind, jsonPassage(r.A), jsonPassage(r.B)})
		if err != nil {
			return fmt.Errorf("report: comparison %q %q: row %d: %w", c.A, c.B, i+1, err)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		b.Write(row)
	}
	if len(c.Rows) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("report: comparison: %w", err)
	}
	return nil
}

// jsonPassage is p as JSON: null for nil, "with" always an array.
func jsonPassage(p *Passage) any {
	if p == nil {
		return nil
	}
	q := *p
	if q.With == nil {
		q.With = []With{}
	}
	return q
}
