package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/report"
	"github.com/wiretrace/wiretrace/verify"
)

// TestTemplateChrome checks the boilerplate rule on a line of page
// chrome that many sites fill in with their own name and topic: two
// articles of different sites align it across the filled-in slots into
// one passage, whose shared words recur in the corpus while the words
// around the slots do not. It is boilerplate, and relates nothing; a
// sentence the two share besides, and no other article holds, still
// relates them.
func TestTemplateChrome(t *testing.T) {
	footer := func(site, topic string) string {
		return fmt.Sprintf("Sign up for the %s newsletter to get the %s delivered to your inbox every week. "+
			"Copyright 2024 %s. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", site, topic, site)
	}
	story := func(words ...string) string {
		var b strings.Builder
		for i := range 120 {
			fmt.Fprintf(&b, "%s%d ", words[i%len(words)], i)
		}
		return b.String()
	}
	a := story("harbour", "ferry", "tide") + "\n\n" + footer("Emal Post", "pul glall")
	b := story("council", "budget", "vote") + "\n\n" + footer("Replir Courier", "drend ciment")
	sk := NewSketcher(DefaultOptions().Params)
	// Three other sites carry the same line: its fingerprints that do not
	// cover a slot recur.
	dfs := map[uint64]int{}
	for _, s := range [][2]string{{"Yau Chronicle", "morning brief"}, {"Trel Dispatch", "city desk"}, {"Aimkier Ledger", "weekend read"}} {
		for _, h := range sk.Sketch(story("x"+s[0][:3]) + "\n\n" + footer(s[0], s[1])).Prints {
			dfs[h]++
		}
	}
	lookups := 0
	recurs := func(h uint64) (bool, bool) {
		lookups++
		return verify.RecursInArchive(dfs[h]), true
	}
	opt := DefaultOptions().Verify
	own := " The mayor said the new harbour bridge would open to traffic in the spring of next year."

	// Marked when prepared, or by the verifier when a pair needs it.
	for _, lazy := range []bool{false, true} {
		var v verify.Verifier
		prepare := func(id, text string) verify.Doc { return sk.Doc(id, "", text, recurs) }
		if lazy {
			v.Recurs = recurs
			prepare = func(id, text string) verify.Doc { return sk.Doc(id, "", text, nil) }
		}
		da, db := prepare("a", a), prepare("b", b)
		if p, ok := v.Verify(&da, &db, opt); ok {
			t.Errorf("lazy %v: two articles sharing only a template line of chrome: %s with %d shared words, want no relation", lazy, p.Relation, p.SharedWords)
		}
		da, db = prepare("a", a+own), prepare("b", b+own)
		p, ok := v.Verify(&da, &db, opt)
		if !ok || p.Relation != verify.Partial {
			t.Errorf("lazy %v: two articles sharing a sentence besides the chrome: %v %q, want partial", lazy, ok, p.Relation)
		}
	}

	// A copy needs no lookups: its share leaves no room for boilerplate.
	var v verify.Verifier
	v.Recurs = recurs
	lookups = 0
	da, db := sk.Doc("a", "", a, nil), sk.Doc("b", "", a, nil)
	if p, ok := v.Verify(&da, &db, opt); !ok || p.Relation != verify.Duplicate {
		t.Errorf("a copy: %v %q, want duplicate", ok, p.Relation)
	}
	if lookups != 0 {
		t.Errorf("verifying a copy looked up %d fingerprints, want none", lookups)
	}
}

// words returns n distinct words: prefix0 prefix1 ...
func words(prefix string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return strings.Join(ws, " ")
}

// TestSiteChrome checks the recurring-text rule by site: recurring text
// two stories of one site share is that site's chrome even when it is
// most of a short story, but not when it is nearly all of both (one story
// twice); between articles of unknown sites it is chrome only below half
// of the smaller.
func TestSiteChrome(t *testing.T) {
	chrome := words("chrome", 60) // the site's header and footer
	sk := NewSketcher(DefaultOptions().Params)
	dfs := map[uint64]int{}
	for _, h := range sk.Sketch(chrome).Prints {
		dfs[h] = 5 // held by five articles: it recurs
	}
	story := words("story", 200)
	for _, h := range sk.Sketch(story).Prints {
		dfs[h] = 3 // a story carried three times recurs too
	}
	recurs := func(h uint64) (bool, bool) { return verify.RecursInArchive(dfs[h]), true }
	opt := DefaultOptions().Verify
	tests := []struct {
		name             string
		a, b             string
		sourceA, sourceB string
		urlA, urlB       string
		related          bool
	}{
		{"one site, chrome most of two short stories", chrome + " " + words("a", 30), chrome + " " + words("b", 35),
			"Valley Courier", "valley courier", "", "", false},
		{"one site by its URLs, the same", chrome + " " + words("a", 30), chrome + " " + words("b", 35),
			"", "", "https://valleycourier.example/a", "https://www.valleycourier.example/b", false},
		{"unknown sites, the same", chrome + " " + words("a", 30), chrome + " " + words("b", 35), "", "", "", "", true},
		{"unknown sites, chrome a third of each", chrome + " " + words("a", 120), chrome + " " + words("b", 130), "", "", "", "", false},
		{"two sites, chrome a third of each", chrome + " " + words("a", 120), chrome + " " + words("b", 130),
			"", "", "https://valleycourier.example/a", "https://harbordaily.example/b", false},
		{"one site, one story twice", chrome + " " + story, chrome + " " + story + " " + words("c", 5),
			"Valley Courier", "Valley Courier", "", "", true},
	}
	for _, tc := range tests {
		var v verify.Verifier
		da, db := sk.Doc("a", "", tc.a, recurs), sk.Doc("b", "", tc.b, recurs)
		da.Site, db.Site = verify.Site(tc.sourceA, tc.urlA), verify.Site(tc.sourceB, tc.urlB)
		p, ok := v.Verify(&da, &db, opt)
		if ok != tc.related {
			t.Errorf("%s (sites %q, %q): related %v (%s, %d copied of %d and %d words), want %v",
				tc.name, da.Site, db.Site, ok, p.Relation, p.CopiedWords(), da.Words(), db.Words(), tc.related)
		}
	}
}

// TestVersion checks which pairs of an article alone are verified again
// as versions of a story, and which of those lie in the story's text: a
// paragraph that recurs (in the versions of a story, or in chrome) is
// dropped by the recurring-text rule; without the rule the pair is a
// version when the two share a quotation of a sentence besides, and it is
// kept when the paragraph lies in the text the partner shares with other
// versions.
func TestVersion(t *testing.T) {
	para := words("para", 40) // recurs
	quote := `"` + words("quote", 20) + `," the judge said.`
	sk := NewSketcher(DefaultOptions().Params)
	rec := map[uint64]bool{}
	for _, h := range sk.Sketch(para).Prints {
		rec[h] = true
	}
	recurs := func(h uint64) (bool, bool) { return rec[h], true }
	opt := DefaultOptions().Verify
	tests := []struct {
		name     string
		a, b     string
		sameSite bool
		version  bool
	}{
		{"a recurring paragraph and a quotation", words("own", 300) + " " + para + " " + words("more", 20) + " " + quote, words("wire", 150) + " " + para + " " + words("next", 20) + " " + quote, false, true},
		{"a recurring paragraph alone", words("own", 300) + " " + para, words("wire", 150) + " " + para, false, false},
		{"a recurring paragraph and a stock phrase quoted", words("own", 300) + " " + para + " " + words("more", 20) + ` "` + words("quote", 6) + `," he said.`,
			words("wire", 150) + " " + para + " " + words("next", 20) + ` "` + words("quote", 6) + `," she said.`, false, false},
		{"one site, recurring text most of the smaller, as chrome is", words("own", 30) + " " + para, words("wire", 150) + " " + para, true, false},
		{"a paragraph that does not recur", words("own", 300) + " " + words("rare", 40) + " " + words("more", 20) + " " + quote, words("wire", 150) + " " + words("rare", 40) + " " + words("next", 20) + " " + quote, false, false},
	}
	for _, tc := range tests {
		var v verify.Verifier
		a, b := sk.Doc("a", "", tc.a, recurs), sk.Doc("b", "", tc.b, recurs)
		if tc.sameSite {
			a.Site, b.Site = "court wire", "court wire"
		}
		p, _ := v.Verify(&a, &b, opt)
		q, ok := Version(&v, &a, &b, p, opt)
		if ok != tc.version {
			t.Errorf("%s: version %v (first %s, %d copied, recurring %v), want %v", tc.name, ok, p.Relation, p.CopiedWords(), p.Recurring, tc.version)
			continue
		}
		if !ok {
			continue
		}
		if !q.Joins || q.CopiedWords() < 40 {
			t.Errorf("%s: verified again, %d copied, joins %v; want the paragraph copied, joining", tc.name, q.CopiedWords(), q.Joins)
		}
		// The paragraph is the story's text when the partner (B) shares
		// it with another version, not when it shares only its opening.
		at := 150 // the wire's words before the paragraph
		story := []align.Range{{Start: at, End: at + 40}}
		if !q.InStory(story, true) {
			t.Errorf("%s: the paragraph is not in the story %v", tc.name, story)
		}
		if q.InStory([]align.Range{{Start: 0, End: at}}, true) || q.InStory(nil, true) {
			t.Errorf("%s: the paragraph is in a story that holds none of it", tc.name)
		}
	}
}

// TestSiteChromeAndDuplicate scans short pages of one site under its
// menu, a block of related headlines (fixed words around each page's own)
// and its footer, one page twice (a page and its AMP copy, one family):
// the chrome is most of each page, and the copy's family shares it, but it
// recurs across the site's unrelated pages. Only the page and its copy are
// related, in a scan, and in a check of one page against the others.
func TestSiteChromeAndDuplicate(t *testing.T) {
	chrome := func(slot string, text string) string {
		var related []string
		for i := range 6 {
			related = append(related, words(fmt.Sprintf("related%d_", i), 4), words(fmt.Sprintf("%s%d_", slot, i), 5))
		}
		return words("menu", 30) + "\n\n" + text + "\n\n" + strings.Join(related, " ") + "\n\n" + words("footer", 30)
	}
	docs := []corpus.Doc{
		{ID: "site/story", Text: chrome("s", words("story", 70))},
		{ID: "site/story-amp", Text: chrome("s", words("story", 70))},
	}
	for i := range 5 {
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("site/brief%d", i), Text: chrome(fmt.Sprintf("b%d_", i), words(fmt.Sprintf("brief%d_", i), 40+i))})
	}
	for i := range docs {
		docs[i].Source = "Daily Site"
	}
	res, _ := scanFiles(t, 2, writeJSONL(t, docs))
	var got []string
	for _, p := range res.Pairs {
		got = append(got, p.A+"~"+p.B+" "+p.Relation)
	}
	if want := []string{"site/story~site/story-amp duplicate"}; !slices.Equal(got, want) {
		t.Errorf("scan: pairs %q, want %q", got, want)
	}

	opt := DefaultOptions()
	a, lsh := archiveOf(t, opt, docs[:len(docs)-1]...)
	r, err := checkDoc(a, NewSketcher(opt.Params), lsh, docs[len(docs)-1], opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.rows.Pairs) > 0 || r.checked.Verdict.Derives() {
		t.Errorf("check: pairs %+v, verdict %d; want the page unrelated to the site's others", r.rows.Pairs, r.checked.Verdict)
	}
}

// TestWireSlugs scans a wire service's snaps of unrelated stories, filed
// the same day: each starts with the service's slug line (the date, the
// page, the desk) and ends with a stock phrase of court reporting. Two
// snaps share those runs of words, and nothing else: no pair, however
// much of a short snap the runs make. A paper's rewrite of one snap, of
// another site, still relates to it.
func TestWireSlugs(t *testing.T) {
	snap := func(i int, time, catchline string) string {
		return "  ------------------------------------------------------------\n\n" +
			"    " + time + " 08/12/99: Page 1 (HHH) COURTS " + catchline + "\n" +
			"  ------------------------------------------------------------\n" +
			strings.ToUpper(words(fmt.Sprintf("head%d_", i), 5)) + "<\n" +
			"\x19By Brian Farmer, PA News<\n" +
			"\x19" + words(fmt.Sprintf("story%d_", i), 40) + "<\n" +
			"\x19The case was adjourned until tomorrow.<\n\x19end<\n"
	}
	var docs []corpus.Doc
	for i, c := range []string{"Thomas", "Zav", "Doctor", "Minibus", "Pool"} {
		docs = append(docs, corpus.Doc{ID: "pa/" + strings.ToLower(c), Source: "PA", Text: snap(i, fmt.Sprintf("1%d:0%d", i, i), c)})
	}
	// The paper keeps the story's words in runs, rewording between them.
	story := strings.Fields(words("story0_", 40))
	var rewrite []string
	for k := 0; k < 40; k += 10 {
		rewrite = append(rewrite, story[k:k+6]...)
		rewrite = append(rewrite, words(fmt.Sprintf("paper%d_", k), 3))
	}
	docs = append(docs, corpus.Doc{ID: "paper/thomas", Source: "Daily Paper", Text: strings.Join(rewrite, " ") + "\n\n" + words("own", 30)})

	res, _ := scanFiles(t, 2, writeJSONL(t, docs))
	var got []string
	for _, p := range res.Pairs {
		got = append(got, p.A+"~"+p.B)
	}
	if want := []string{"pa/thomas~paper/thomas"}; !slices.Equal(got, want) {
		t.Errorf("scan: pairs %q, want %q", got, want)
	}

	opt := DefaultOptions()
	a, lsh := archiveOf(t, opt, docs[1:5]...)
	r, err := checkDoc(a, NewSketcher(opt.Params), lsh, docs[0], opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.rows.Pairs) > 0 {
		t.Errorf("check: pairs %+v; want the snap unrelated to the others", r.rows.Pairs)
	}
}

// TestSiteFollowUp scans a wire service's story, papers that reprint it,
// and the service's later version of it, reworded in runs of six words
// with nothing verbatim of a passage's length: the runs recur, held by
// the papers too, but they are most of the later version, a site's own
// rewrite, not its chrome. The two versions are related, in a scan and in
// a check of the later one.
func TestSiteFollowUp(t *testing.T) {
	story := strings.Fields(words("story_", 200))
	var v2 []string
	for k := 0; k+6 <= len(story); k += 12 {
		v2 = append(v2, story[k:k+6]...)
		v2 = append(v2, words(fmt.Sprintf("upd%d_", k), 6))
	}
	docs := []corpus.Doc{
		{ID: "pa/v1", Source: "PA", Text: strings.Join(story, " ")},
		{ID: "pa/v2", Source: "PA", Text: strings.Join(v2, " ") + " " + words("new_", 20)},
	}
	for i := range 2 {
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("paper%d", i), Source: fmt.Sprintf("Paper %d", i), Text: docs[0].Text + " " + words(fmt.Sprintf("own%d_", i), 30)})
	}
	res, _ := scanFiles(t, 2, writeJSONL(t, docs))
	if !slices.ContainsFunc(res.Pairs, func(p report.Pair) bool { return p.A == "pa/v1" && p.B == "pa/v2" }) {
		t.Errorf("scan: pairs %+v, want pa/v1~pa/v2 among them", res.Pairs)
	}

	opt := DefaultOptions()
	a, lsh := archiveOf(t, opt, docs[0], docs[2], docs[3])
	r, err := checkDoc(a, NewSketcher(opt.Params), lsh, docs[1], opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(r.rows.Pairs, func(p report.Pair) bool { return p.B == "pa/v1" }) {
		t.Errorf("check: pairs %+v, want pa/v2~pa/v1 among them", r.rows.Pairs)
	}
}

// writeJSONL writes docs (id, source, text) as JSON Lines to a file of its
// own and returns its path.
func writeJSONL(t *testing.T, docs []corpus.Doc) string {
	t.Helper()
	var jsonl strings.Builder
	for _, d := range docs {
		b, err := json.Marshal(map[string]string{"id": d.ID, "source": d.Source, "text": d.Text})
		if err != nil {
			t.Fatal(err)
		}
		jsonl.Write(append(b, '\n'))
	}
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(path, []byte(jsonl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSiteFooter scans two pages of one site, and no third: each is a
// story of its own over the site's footer (a comment policy, "Follow us
// on ..."), which then recurs nowhere. The footer lies in the last
// quarter of both, so it is the site's chrome and relates nothing, in a
// scan and in a check. Pages of no known site sharing it stay related,
// as do a site's pages sharing a paragraph of the body besides, text at
// the end of one page only, a paragraph before the last quarter, and a
// site's later story that keeps the lead of its first.
func TestSiteFooter(t *testing.T) {
	footer := words("footer", 40)
	page := func(id, source, text string) corpus.Doc {
		return corpus.Doc{ID: id, Source: source, Text: text + "\n\n" + footer}
	}
	background := words("background", 25)
	lead := words("lead", 30)
	tests := []struct {
		name string
		docs []corpus.Doc
		want []string
	}{
		{"one site's two pages", []corpus.Doc{
			page("site/a", "Space Site", words("moon", 150)),
			page("site/b", "Space Site", words("mars", 160))}, nil},
		{"pages of no known site", []corpus.Doc{
			page("a", "", words("moon", 150)),
			page("b", "", words("mars", 160))}, []string{"a~b partial"}},
		{"a paragraph of the body besides", []corpus.Doc{
			page("site/a", "Space Site", words("moon", 80)+" "+background+" "+words("moon2_", 70)),
			page("site/b", "Space Site", words("mars", 90)+" "+background+" "+words("mars2_", 70))}, []string{"site/a~site/b partial"}},
		{"the footer at three quarters of both, exactly", []corpus.Doc{
			page("site/a", "Space Site", words("moon", 120)),
			page("site/b", "Space Site", words("mars", 120))}, nil},
		{"the footer at the end of one, at the start of the other", []corpus.Doc{
			page("site/a", "Space Site", words("moon", 150)),
			{ID: "site/b", Source: "Space Site", Text: footer + "\n\n" + words("mars", 160)}}, []string{"site/a~site/b partial"}},
		{"a paragraph in the last third, not the last quarter", []corpus.Doc{
			{ID: "site/a", Source: "Space Site", Text: words("moon", 100) + " " + background + " " + words("moon2_", 25)},
			{ID: "site/b", Source: "Space Site", Text: words("mars", 100) + " " + background + " " + words("mars2_", 25)}}, []string{"site/a~site/b partial"}},
		{"a later story keeping the lead", []corpus.Doc{
			page("site/a", "Space Site", lead+" "+words("moon", 150)),
			page("site/b", "Space Site", lead+" "+words("mars", 160))}, []string{"site/a~site/b partial"}},
	}
	for _, tc := range tests {
		res, _ := scanFiles(t, 2, writeJSONL(t, tc.docs))
		var got []string
		for _, p := range res.Pairs {
			got = append(got, p.A+"~"+p.B+" "+p.Relation)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: scan pairs %q, want %q", tc.name, got, tc.want)
		}
		opt := DefaultOptions()
		a, lsh := archiveOf(t, opt, tc.docs[0])
		r, err := checkDoc(a, NewSketcher(opt.Params), lsh, tc.docs[1], opt)
		if err != nil {
			t.Fatal(err)
		}
		if related := len(r.rows.Pairs) > 0; related != (tc.want != nil) {
			t.Errorf("%s: check pairs %+v, want related %v", tc.name, r.rows.Pairs, tc.want != nil)
		}
	}
}
