package align

import (
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/shingle"
)

// hashes tokenizes text as wiretrace does.
func hashes(text string) []uint64 { return shingle.Tokenize(text, 0).Hashes }

func TestRewritten(t *testing.T) {
	const wire = "The Senate on Tuesday approved a bill to extend funding for rural broadband programs through 2027 and sent it to the president"
	tests := []struct {
		name  string
		paper string
		want  []string // the rewritten passages, as words of paper
	}{
		{"reworded words between kept runs",
			"The Senate on Tuesday passed a bill to extend funding for rural broadband schemes through 2027",
			[]string{"The Senate on Tuesday passed a bill to extend funding for rural broadband"}},
		{"runs too far apart are two passages",
			"The Senate on Tuesday, after a long and bitter night of debate in the chamber, extended funding for rural broadband programs",
			[]string{"The Senate on Tuesday", "funding for rural broadband programs"}},
		{"a lone stock phrase is still a run", "Nothing else here but to the president", []string{"to the president"}},
		{"no run of three words", "The Senate approved funding", nil},
	}
	for _, tc := range tests {
		var al Aligner
		a, b := hashes(tc.paper), hashes(wire)
		var got []string
		words := strings.Fields(strings.NewReplacer(",", "", ".", "").Replace(tc.paper))
		for _, m := range al.Rewritten(a, b, nil, RewriteOptions{}) {
			got = append(got, strings.Join(words[m.A.Start:m.A.End], " "))
			if m.Same < DefaultMinRun || m.Same > m.A.Len() || m.Same > m.B.Len() {
				t.Errorf("%s: match %+v: Same outside [%d, %d]", tc.name, m, DefaultMinRun, min(m.A.Len(), m.B.Len()))
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: Rewritten = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRewrittenTaken checks that rewritten passages never overlap the
// passages given as taken, and never reach across one.
func TestRewrittenTaken(t *testing.T) {
	a := hashes("one two three x four five six seven eight nine ten eleven twelve y thirteen fourteen fifteen")
	b := hashes("one two three z four five six seven eight nine ten eleven twelve w thirteen fourteen fifteen")
	var al Aligner
	taken := al.Passages(a, b, nil, nil, Options{MinWords: 8, MaxGap: -1})
	if len(taken) != 1 || taken[0].A != (Range{4, 13}) {
		t.Fatalf("Passages = %+v, want the one exact run of words 4 to 13", taken)
	}
	got := al.Rewritten(a, b, taken, RewriteOptions{MaxGap: 20})
	if len(got) != 2 || got[0].A != (Range{0, 3}) || got[1].A != (Range{14, 17}) {
		t.Errorf("Rewritten = %+v, want words 0-3 and 14-17, apart", got)
	}
	for _, m := range got {
		if m.A.Start < taken[0].A.End && taken[0].A.Start < m.A.End {
			t.Errorf("rewritten %+v overlaps the taken passage %+v", m, taken[0])
		}
	}
}

// In wire copy a paragraph runs over hard-wrapped lines to the line that
// ends in "<", so a quotation that wraps is one quotation.
func TestQuotesWireParagraphs(t *testing.T) {
	const wire = "COURT CASE<\nBy A Reporter, PA News<\n" +
		"He told the court: ``This could have upset members of the audience and it\n" +
		"could have wrecked the concert for someone.''<\n" +
		"The case continues.<\n"
	got := inner(wire)
	want := "This could have upset members of the audience and it\ncould have wrecked the concert for someone."
	if len(got) != 1 || got[0] != want {
		t.Errorf("Quotes(wire copy) = %q, want one quotation across the wrapped line %q", got, want)
	}
	// Without the marks, each line of hard-wrapped text without blank lines
	// is a paragraph, and the open quotation ends with its line.
	plain := strings.ReplaceAll(wire, "<", "")
	if got := inner(plain); len(got) == 1 && got[0] == want {
		t.Errorf("Quotes(text without paragraph marks) joined lines: %q", got)
	}
}
