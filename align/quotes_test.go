package align

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/shingle"
)

// inner returns the inner texts of Quotes(text).
func inner(text string) []string {
	var out []string
	for _, q := range Quotes(text) {
		out = append(out, text[q.Start:q.End])
	}
	return out
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"straight", `He said "yes" and left.`, []string{"yes"}},
		{"straight, several", `"Yes," he said, "and no."`, []string{"Yes,", "and no."}},
		{"typographic", `Talks were “constructive and very useful,” Ushakov said.`, []string{"constructive and very useful,"}},
		{"guillemets", `Il a dit «non» hier.`, []string{"non"}},
		{"reversed guillemets", `Er sagte »nein« gestern.`, []string{"nein"}},
		{"low-high", `Er sagte „nein“ gestern.`, []string{"nein"}},
		{"TeX", "``We will fight,'' he said.", []string{"We will fight,"}},
		{"typographic single", `Trump’s Call for Russia to ‘Act Now’`, []string{"Act Now"}},
		{"straight single", `a so-called 'reassurance force' in the west`, []string{"reassurance force"}},
		{"single guillemets", `il dit ‹non›.`, []string{"non"}},
		{"apostrophes", `Don't ask why Ukraine's envoy, the leaders' aide, came back in the '90s.`, nil},
		{"typographic apostrophes", `Trump’s envoy said the ’90s were over and Jones’ plan wouldn’t work.`, nil},
		{"unclosed single", `He thinks it's 'odd and leaves.`, nil},
		{"elision", `Rock 'n' roll, 'tis the season.`, nil},
		{"nested single in double", `"He called it 'fake news,' she said," Smith added.`, []string{"He called it 'fake news,' she said,"}},
		{"nested double in typographic", `“He called it "fake," she said,” Smith added.`, []string{`He called it "fake," she said,`}},
		{"nested double in single", `'He told me "never" twice' she said.`, []string{`He told me "never" twice`}},
		{"apostrophe in quotation", `"I wouldn't have done it," he said.`, []string{"I wouldn't have done it,"}},
		{"inch mark", `He is 6'2" tall and "fast".`, []string{"fast"}},
		{"empty quotation", `A "" B`, nil},
		{
			name: "unclosed ends with its line",
			text: "He said \"oops.\nThe next paragraph is not quoted.\n",
			want: []string{"oops."},
		},
		{
			name: "unclosed ends with its hard-wrapped paragraph",
			text: "He said \"oops, and this\nline goes on.\n\nThe next paragraph is\nnot quoted.\n",
			want: []string{"oops, and this\nline goes on."},
		},
		{
			name: "quotation across a hard wrap",
			text: "\"We will not\ngive up,\" he said.\n\nShe said \"no.\"\n",
			want: []string{"We will not\ngive up,", "no."},
		},
		{
			name: "reopened at each paragraph",
			text: "\"The first part of a long statement.\n\"The second part,\" he said.\nNot quoted.",
			want: []string{"The first part of a long statement.\n\"The second part,"},
		},
		{
			name: "reopened, typographic",
			text: "He said: “First.\n\n“Second.\n\n“Third,” he said. Not quoted.",
			want: []string{"First.\n\n“Second.\n\n“Third,"},
		},
		{
			name: "not reopened",
			text: "He said \"oops.\nShe said \"fine\" later.",
			want: []string{"oops.", "fine"},
		},
		{
			name: "stray closing mark",
			text: `He left” and “came back”.`,
			want: []string{"came back"},
		},
		{
			name: "seed 003",
			text: `"A war that should have never happened, and wouldn't have happened, if I were President," he posted.`,
			want: []string{"A war that should have never happened, and wouldn't have happened, if I were President,"},
		},
		{
			name: "seed 002",
			text: `“Too many people are dying, thousands a week, in a terrible and senseless war — A war that should have never happened, and wouldn’t have happened, if I were President!!!” he declared.`,
			want: []string{"Too many people are dying, thousands a week, in a terrible and senseless war — A war that should have never happened, and wouldn’t have happened, if I were President!!!"},
		},
		{
			// PA copy: a header of rules between blank lines, then
			// hard-wrapped lines with "<" at each paragraph's end and a
			// control character starting the next.
			name: "wire copy under a header",
			text: "  ----------\n\n  ----------\n\n  15:51 01/03/00: Page 1 (HHH) COURTS Wagstaff\n" +
				"COMPOSER CHALLENGED<\n\x19``This could have upset the\naudience?<\n" +
				"\x19``Was it fair?''<\n\x19Mr Burstein said he had won acclaim for his\nwork.<\n",
			want: []string{"This could have upset the\naudience?<\n\x19``Was it fair?"},
		},
		{
			name: "wire copy under a header, not reopened",
			text: "  ----------\n\n  15:51 01/03/00: Page 1 (HHH) COURTS Wagstaff\n" +
				"\x19He said ``it was\nfair.<\n\x19Mr Burstein said he had won acclaim for his\nwork.<\n",
			want: []string{"it was\nfair.<"},
		},
		{"no marks", "Plain text.", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inner(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Quotes(%q) = %q, want %q", tt.text, got, tt.want)
			}
			checkQuotes(t, tt.text, Quotes(tt.text))
		})
	}
}

// checkQuotes checks the invariants of Quotes' result.
func checkQuotes(t *testing.T, text string, qs []Quote) {
	t.Helper()
	boundary := make([]bool, len(text)+1) // where a rune starts, as decoded
	for i := range text {
		boundary[i] = true
	}
	boundary[len(text)] = true
	end := 0
	for i, q := range qs {
		if q.Start < end || q.End <= q.Start || q.End > len(text) {
			t.Fatalf("Quotes(%q): quote %d %+v out of order, empty or out of bounds", text, i, q)
		}
		if !boundary[q.Start] || !boundary[q.End] {
			t.Errorf("Quotes(%q): quote %d %+v not on rune boundaries", text, i, q)
		}
		end = q.End
	}
}

func TestQuotesSeeds(t *testing.T) {
	tests := []struct {
		file   string
		quoted []string // phrases inside a quotation
		not    []string // phrases outside any
	}{
		{
			file:   "003_713ab721816cb750.txt",
			quoted: []string{"A war that should have never happened", "if I were President", "Russia has to get moving", "very angry", "pissed off"},
			not:    []string{"he posted", "Trump said", "Writing on social media", "Kellogg denied"},
		},
		{
			file:   "002_5c712571f894106e.txt",
			quoted: []string{"Act Now", "get moving", "A war that should have never happened", "reassurance force"},
			not:    []string{"he declared", "Trump’s remarks come", "Kellogg likened the idea"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile("../testdata/seeds/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			qs := Quotes(text)
			checkQuotes(t, text, qs)
			in := func(phrase string) (inside, found bool) {
				at := strings.Index(text, phrase)
				if at < 0 {
					return false, false
				}
				for _, q := range qs {
					if q.Start <= at && at+len(phrase) <= q.End {
						return true, true
					}
				}
				return false, true
			}
			for _, p := range tt.quoted {
				if inside, found := in(p); !found || !inside {
					t.Errorf("%s: %q (found %v) not inside a quotation", tt.file, p, found)
				}
			}
			for _, p := range tt.not {
				if inside, found := in(p); !found || inside {
					t.Errorf("%s: %q (found %v) inside a quotation", tt.file, p, found)
				}
			}
		})
	}
}

func TestInside(t *testing.T) {
	text := `"A war that should have never happened," he posted.`
	tok := shingle.Tokenize(text, 1)
	got := Inside(tok.Spans, Quotes(text))
	want := []bool{true, true, true, true, true, true, true, false, false}
	if !slices.Equal(got, want) {
		t.Errorf("Inside(words of %q) = %v, want %v", text, got, want)
	}
	text = `He said "one" and "two, three" but not four and "five".`
	tok = shingle.Tokenize(text, 1)
	got = Inside(tok.Spans, Quotes(text))
	want = []bool{false, false, true, false, true, true, false, false, false, false, true}
	if !slices.Equal(got, want) {
		t.Errorf("Inside(words of %q) = %v, want %v", text, got, want)
	}
	if got := Inside(tok.Spans, nil); slices.Contains(got, true) || len(got) != tok.Len() {
		t.Errorf("Inside(spans, nil) = %v, want all false", got)
	}
}

func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		`He said "yes" and left.`,
		"``We will fight,'' he said.",
		"\"First.\n\"Second,\" he said.\n",
		`“He called it "fake," she said,” and ‘left’. Don't 'go '90s.`,
		"«a» »b« „c“ ‹d› ›e‹",
		"\"open\n\n\"again\n\nand\n",
		"'\"'\"''``''",
		"  ---\n\n  ---\n\x19``Wire quote\nwraps<\n\x19``and goes on.''<\n\x19Not quoted.<\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		qs := Quotes(text)
		checkQuotes(t, text, qs)
		tok := shingle.Tokenize(text, 1)
		in := Inside(tok.Spans, qs)
		if len(in) != tok.Len() {
			t.Fatalf("Inside: %d entries for %d words", len(in), tok.Len())
		}
		for i, sp := range tok.Spans {
			want := slices.ContainsFunc(qs, func(q Quote) bool { return q.Start <= sp.Start && sp.Start < q.End })
			if in[i] != want {
				t.Fatalf("Inside: word %d %q at %d: %v, want %v", i, text[sp.Start:sp.End], sp.Start, in[i], want)
			}
		}
	})
}
