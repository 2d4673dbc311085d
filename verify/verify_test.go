package verify

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/shingle"
)

// doc prepares text as a scan does, without quotations or fingerprints.
func doc(id, text string) Doc {
	var tk shingle.Tokenizer
	d := Doc{ID: id}
	tk.Tokenize(text, &d.Tokens)
	d.Set = shingle.Set(shingle.Shingles(d.Tokens.Hashes, 5, nil))
	return d
}

// words returns n distinct words named prefix0, prefix1, ...
func words(prefix string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return strings.Join(ws, " ")
}

// TestJoins checks when a pair joins its articles into one family: a
// partial pair from Joins (5%) of the smaller article copied on, a reprint
// always, shared quotations never.
func TestJoins(t *testing.T) {
	opt := Defaults()
	tests := []struct {
		copied int // words of a's 100 that b carries
		rel    Relation
		joins  bool
	}{
		{9, Partial, false},
		{10, Partial, true},
		{30, Partial, true},
		{200, Reprint, true},
	}
	for _, tt := range tests {
		a := doc("a", words("w", 200))
		b := doc("b", strings.Join(strings.Fields(words("w", 200))[:tt.copied], " ")+" "+words("x", 400-tt.copied))
		p, ok := Verify(&a, &b, opt)
		if !ok || p.Relation != tt.rel || p.Joins != tt.joins || p.CopiedWords() != tt.copied {
			t.Errorf("b copying %d of a's 200 words: %v %s, joins %v, copied %d; want %s, joins %v, copied %d",
				tt.copied, ok, p.Relation, p.Joins, p.CopiedWords(), tt.rel, tt.joins, tt.copied)
		}
	}
}

// TestRewrittenPairs checks what short runs of a source's words, in its
// order, make of a pair that shares nothing verbatim: a lone phrase
// nothing; a sentence reworded (runs chained by a few reworded words) a
// partial pair that stays out of the source's family; a paragraph a
// family; phrases scattered with more of its own words between them (a
// name, stock phrases) nothing, unless they are much of the article; the
// same inside quotation marks shared quotation.
func TestRewrittenPairs(t *testing.T) {
	src := strings.Fields(words("w", 500))
	// reworded returns runs of 5 of the source's words, from its start,
	// each followed by 5 words of its own in place of the source's next 5.
	// reworded returns runs of 5 of the source's words, from its start,
	// each followed by own words of its own in place of the source's
	// next 5.
	reworded := func(runs, own int) string {
		var out []string
		for r := range runs {
			out = append(out, src[10*r:10*r+5]...)
			out = append(out, strings.Fields(words(fmt.Sprintf("r%d_", r), own))...)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name                string
		runs, own           int
		quoted              bool
		ok                  bool
		rel                 Relation
		joins               bool
		rewritten, quotedWs int
	}{
		{"a lone phrase", 1, 5, false, false, "", false, 0, 0},
		{"a reworded sentence", 2, 5, false, true, Partial, false, 15, 0},
		{"a reworded paragraph", 3, 5, false, true, Partial, true, 25, 0},
		{"phrases scattered", 6, 20, false, false, "", false, 0, 0},
		{"phrases scattered, much of it", 12, 20, false, true, Partial, true, 60, 0},
		{"a reworded quotation", 3, 5, true, true, Quotes, false, 0, 25},
	}
	for _, tt := range tests {
		text := reworded(tt.runs, tt.own)
		if tt.quoted {
			text = `He said: "` + text + `" and left.`
		}
		text += " " + words("own", 400-len(strings.Fields(text)))
		a := doc("a", text)
		a.Quoted = align.Inside(a.Tokens.Spans, align.Quotes(text))
		b := doc("b", strings.Join(src, " "))
		p, ok := Verify(&a, &b, Defaults())
		if ok != tt.ok || ok && (p.Relation != tt.rel || p.Joins != tt.joins || p.RewrittenWords != tt.rewritten || p.QuotedWords != tt.quotedWs) {
			t.Errorf("%s: %v %s, joins %v, rewritten %d, quoted %d; want %v %s, joins %v, rewritten %d, quoted %d",
				tt.name, ok, p.Relation, p.Joins, p.RewrittenWords, p.QuotedWords, tt.ok, tt.rel, tt.joins, tt.rewritten, tt.quotedWs)
		}
	}
}

func TestSite(t *testing.T) {
	tests := []struct{ source, url, want string }{
		{"The Valley Courier", "https://www.other.example/x", "the valley courier"},
		{"", "https://www.ValleyCourier.example:8443/news/a?b=c", "valleycourier.example"},
		{"", "http://user@harbor.example/x", "harbor.example"},
		{"  ", "not a url", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := Site(tc.source, tc.url); got != tc.want {
			t.Errorf("Site(%q, %q) = %q, want %q", tc.source, tc.url, got, tc.want)
		}
	}
}
