package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// widthBuffer is a terminal of a given width.
type widthBuffer struct {
	bytes.Buffer
	width int
}

func (w *widthBuffer) Width() int { return w.width }

// TestTableFits checks that a table written to a terminal fits its width,
// shortening the widest columns with "…", and that a column empty in
// every row is left out.
func TestTableFits(t *testing.T) {
	rows := []Article{
		{Doc: strings.Repeat("wire/a-very-long-story-name-", 3) + ".txt", Role: "original", Words: 900, Copied: 1, Title: "Council approves the budget for the parks of the city and its pools"},
		{Doc: "site/copy.txt", Role: "copy", Words: 850, Copied: 0.95, Independent: 0.05, Title: "Budget approved"},
	}
	for _, width := range []int{90, 120, 200} {
		w := &widthBuffer{width: width}
		if err := WriteArticles(w, Table, rows); err != nil {
			t.Fatal(err)
		}
		out := w.String()
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if n := utf8.RuneCountInString(line); n > width {
				t.Errorf("width %d: a line of %d columns:\n%s", width, n, out)
				break
			}
		}
		if strings.Contains(out, "published") || strings.Contains(out, "source doc") {
			t.Errorf("width %d: empty columns drawn:\n%s", width, out)
		}
		if !strings.Contains(out, "title") || !strings.Contains(out, "site/co") {
			t.Errorf("width %d: a column with content left out:\n%s", width, out)
		}
	}
	// Not a terminal: nothing is shortened beyond the cells' own limits.
	var b bytes.Buffer
	if err := WriteArticles(&b, Table, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Council approves the budget for the parks of") {
		t.Errorf("a table not written to a terminal was shortened:\n%s", b.String())
	}
}
