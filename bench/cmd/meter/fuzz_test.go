package main

import (
	"testing"
	"unicode"
)

// FuzzWords checks that words are in order, apart, inside the text, and
// each holds a letter or digit.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"Don't stop", "U.S. troops £3,000.50", "3½in", "a\xffb", "’'.,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, w := range words(text) {
			if w.start < last || w.end <= w.start || w.end > len(text) {
				t.Fatalf("words(%q): span %d:%d after %d", text, w.start, w.end, last)
			}
			ok := false
			for _, r := range text[w.start:w.end] {
				ok = ok || unicode.IsLetter(r) || unicode.IsNumber(r)
			}
			if !ok {
				t.Fatalf("words(%q): %q has no letter or digit", text, text[w.start:w.end])
			}
			last = w.end
		}
	})
}

// FuzzParseOutput feeds arbitrary reports to parseOutput: an error or a
// result, never a panic, and passages only at offsets inside the text.
func FuzzParseOutput(f *testing.F) {
	fo := &folder{
		docs:     []document{{id: "np_a", role: "newspaper", date: "01.01.00", text: "The cat sat on the mat."}},
		articles: []article{{doc: "np_a", label: "wholly", group: "g"}},
		gold:     map[string][]span{"np_a": {{0, 23, "verbatim"}}},
	}
	fo.byID = map[string]*document{"np_a": &fo.docs[0]}
	f.Add("doc,role,copied,rewritten,quoted\nnp_a,copy,0.9,0.05,0\n", `{"doc":"np_a","start":4,"end":7,"kind":"shared","text":"cat"}`)
	f.Add("doc,copied\ndocs/np_a.txt,\n", `[{"doc":"np_a","start":0,"end":99,"kind":"shared"}]`)
	f.Fuzz(func(t *testing.T, arts, pass string) {
		o, err := parseOutput("scan", 0, []byte(arts), []byte(pass), fo)
		if err != nil {
			return
		}
		for _, p := range o.passages["np_a"] {
			if p.start < 0 || p.end < p.start || p.end > len(fo.docs[0].text) {
				t.Fatalf("passage %d:%d outside the text", p.start, p.end)
			}
		}
	})
}
