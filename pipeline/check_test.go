package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/archive"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/verify"
)

// archiveOf makes an archive holding docs.
func archiveOf(t *testing.T, opt Options, docs ...corpus.Doc) (*archive.Archive, minhash.Params) {
	t.Helper()
	lsh := minhash.Optimal(opt.Threshold, opt.Perm)
	a, err := archive.Create(filepath.Join(t.TempDir(), "a.db"), archive.Params{
		Shingle: opt.Shingle, Perm: opt.Perm, Seed: opt.Seed, Bands: lsh.Bands, Rows: lsh.Rows, Window: opt.Window})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	sk := NewSketcher(opt.Params)
	var batch []archive.Entry
	for _, d := range docs {
		x := sk.Sketch(d.Text)
		batch = append(batch, archive.Entry{Doc: archive.Doc{ID: d.ID, Text: d.Text, Source: d.Source, URL: d.URL}, Sig: x.Sig, Keys: lsh.Keys(x.Sig, nil), Prints: x.Prints})
	}
	if _, err := a.Add(batch, false); err != nil {
		t.Fatal(err)
	}
	return a, lsh
}

func seed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A paper takes seven paragraphs of a wire story of which the archive
// holds two versions. The paragraphs recur in the archive, but in versions
// of one story, not as chrome: the paper derives from the story.
func TestCheckVersions(t *testing.T) {
	opt := DefaultOptions()
	npr := seed(t, "syndication/npr.txt")
	paras := strings.Split(npr, "\n\n")
	update := strings.Join(paras[:len(paras)-3], "\n\n") + "\n\nThis story has been updated with the Kremlin's statement on the talks."
	archived := []corpus.Doc{
		{ID: "wire-1", Text: npr, Source: "NPR"},
		{ID: "wire-2", Text: update, Source: "NPR"},
		{ID: "other", Text: seed(t, "seeds/004_be08bd32e60089bb.txt"), Source: "Other Outlet"},
	}
	a, lsh := archiveOf(t, opt, archived...)
	own := seed(t, "seeds/001_2bd0569d459188d0.txt")
	paper := corpus.Doc{ID: "paper", Source: "Daily Paper",
		Text: strings.Join(paras[3:10], "\n\n") + "\n\n" + strings.Join(strings.Split(own, "\n\n")[4:], "\n\n")}
	r, err := checkDoc(a, NewSketcher(opt.Params), lsh, paper, opt)
	if err != nil {
		t.Fatal(err)
	}
	rows := r.rows
	if len(rows.Articles) != 1 {
		t.Fatalf("Check: %d article rows, want 1", len(rows.Articles))
	}
	art := rows.Articles[0]
	if art.Family == "" || art.SourceDoc == "" || art.Copied < 0.2 || art.Role == "independent" {
		t.Errorf("paper: %+v, want derived from the wire story", art)
	}
	if v := r.checked.Verdict; v >= Reprinted || !v.Derives() {
		t.Errorf("paper's verdict %d: want derived, but not a duplicate or reprint; it takes only part of the story", v)
	}
	for _, p := range rows.Pairs {
		if p.B == "other" {
			t.Errorf("paper paired with an unrelated archived story: %+v", p)
		}
	}
}

// An article that shares one sentence with an archived one, too short to
// hold two fingerprints, is no candidate in a scan; check judges it the
// same way.
func TestCheckAsScan(t *testing.T) {
	opt := DefaultOptions()
	other := seed(t, "seeds/004_be08bd32e60089bb.txt")
	sentence := "the delegations met for five hours behind closed doors on the second floor"
	input := seed(t, "seeds/001_2bd0569d459188d0.txt") + "\n\nOfficials said " + sentence + " of the palace."
	archived := seed(t, "seeds/002_5c712571f894106e.txt") + "\n\nAs before, " + sentence + ", aides said."

	a, lsh := archiveOf(t, opt, corpus.Doc{ID: "archived", Text: archived}, corpus.Doc{ID: "other", Text: other})
	r, err := checkDoc(a, NewSketcher(opt.Params), lsh, corpus.Doc{ID: "input", Text: input}, opt)
	if err != nil {
		t.Fatal(err)
	}
	rows := r.rows

	scanned := scanPairsOf(t, "input.txt", map[string]string{"input.txt": input, "archived.txt": archived, "other.txt": other})
	var checked []string
	for _, p := range rows.Pairs {
		checked = append(checked, p.A+"~"+p.B)
	}
	if len(checked) != len(scanned) {
		t.Errorf("check pairs %v, scan pairs of the input %v: want as many", checked, scanned)
	}
}

// A long input that takes one sentence of a short archived brief shares a
// single fingerprint with it. One is enough when the smaller of the two is
// short, in check as in a scan, however long the input.
func TestCheckShortCandidate(t *testing.T) {
	opt := DefaultOptions()
	sk := NewSketcher(opt.Params)
	brief := "The Senate on Tuesday approved a bill to extend funding for rural broadband programs through 2027, " +
		"sending the measure to the president's desk. The vote was 78-21. Supporters said the money would connect " +
		"about 2 million homes in remote areas. Critics said the program had been slow to spend what Congress gave it before."
	input := seed(t, "seeds/001_2bd0569d459188d0.txt") +
		"\n\nIn Washington, The Senate on Tuesday approved a bill to extend funding officials added."
	other := seed(t, "seeds/004_be08bd32e60089bb.txt")

	bs, is := sk.Sketch(brief), sk.Sketch(input)
	shared := 0
	for _, p := range is.Prints {
		if slices.Contains(bs.Prints, p) {
			shared++
		}
	}
	if bs.Words > verify.ShortWords || is.Words <= verify.ShortWords || shared != 1 {
		t.Fatalf("brief %d words, input %d, %d shared fingerprints: want a short brief, a long input and one", bs.Words, is.Words, shared)
	}

	a, lsh := archiveOf(t, opt, corpus.Doc{ID: "brief", Text: brief}, corpus.Doc{ID: "other", Text: other})
	snap, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := snap.Candidates(lsh.Keys(is.Sig, nil), is.Prints, opt.Verify.Recurring.MaxDocs)
	snap.Close()
	if want := []archive.Candidate{{ID: "brief", Prints: 1, Rare: 1}}; err != nil || !slices.Equal(cs, want) {
		t.Fatalf("archive candidates %+v, %v; want %+v", cs, err, want)
	}
	r, err := checkDoc(a, sk, lsh, corpus.Doc{ID: "input", Text: input}, opt)
	if err != nil {
		t.Fatal(err)
	}
	var checked []string
	for _, p := range r.rows.Pairs {
		checked = append(checked, p.A+"~"+p.B)
	}
	// The same when the archive holds the input already, as it is or in
	// an earlier form: its own copy is no third holder of the print.
	for _, self := range []string{input, strings.Replace(input, "officials added", "officials said", 1)} {
		a, lsh := archiveOf(t, opt, corpus.Doc{ID: "brief", Text: brief}, corpus.Doc{ID: "other", Text: other}, corpus.Doc{ID: "input", Text: self})
		r, err := checkDoc(a, sk, lsh, corpus.Doc{ID: "input", Text: input}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.rows.Pairs) != 1 || r.rows.Pairs[0].B != "brief" {
			t.Errorf("input archived as %q: check pairs %+v, want the brief", self[len(self)-20:], r.rows.Pairs)
		}
	}

	scanned := scanPairsOf(t, "input.txt", map[string]string{"input.txt": input, "brief.txt": brief, "other.txt": other})
	if !slices.Equal(scanned, []string{"brief.txt~input.txt"}) || !slices.Equal(checked, []string{"input~brief"}) {
		t.Errorf("check pairs %v, scan pairs of the input %v: want the input and the brief related in both", checked, scanned)
	}
}

// scanPairsOf scans files (name: text) as a user would, from their
// directory, and returns the pairs of file name, as "a~b".
func scanPairsOf(t *testing.T, name string, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	for n, text := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	res, _ := scanFiles(t, 1, ".")
	var pairs []string
	for _, p := range res.Pairs {
		if p.A == name || p.B == name {
			pairs = append(pairs, p.A+"~"+p.B)
		}
	}
	return pairs
}

// TestCheckCandidates checks which archived articles a check verifies: as
// in a scan, one shared fingerprint is enough only when no third article
// holds it, and, for a long input, when the archived article turns out
// short (decided once it is read).
func TestCheckCandidates(t *testing.T) {
	long, short := verify.ShortWords+1, verify.ShortWords
	tests := []struct {
		name  string
		c     archive.Candidate
		words int
		keep  bool
	}{
		{"the input's own id", archive.Candidate{ID: "in", Keys: 20, Prints: 30}, long, false},
		{"a band key", archive.Candidate{ID: "x", Keys: 1}, long, true},
		{"two fingerprints", archive.Candidate{ID: "x", Prints: 2}, long, true},
		{"one rare fingerprint, long input", archive.Candidate{ID: "x", Prints: 1, Rare: 1}, long, true},
		{"one recurring fingerprint, long input", archive.Candidate{ID: "x", Prints: 1}, long, false},
		{"one fingerprint, short input", archive.Candidate{ID: "x", Prints: 1}, short, true},
	}
	for _, tt := range tests {
		got := candidates([]archive.Candidate{tt.c}, "in", tt.words)
		if (len(got) == 1) != tt.keep {
			t.Errorf("%s: candidates %+v, want kept %v", tt.name, got, tt.keep)
		}
	}
}

// corpusOf opens docs, written as JSON Lines, as a corpus.
func corpusOf(t *testing.T, docs []corpus.Doc) *corpus.Corpus {
	t.Helper()
	c, err := corpus.Open([]string{writeJSONL(t, docs)}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// indexed indexes archived into a new archive made with params, as the
// index command does.
func indexed(t *testing.T, params archive.Params, archived []corpus.Doc) *archive.Archive {
	t.Helper()
	a, err := archive.Create(filepath.Join(t.TempDir(), "a.db"), params)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	opt := DefaultOptions()
	opt.Workers = 1
	if _, err := Index(a, corpusOf(t, archived), opt, false); err != nil {
		t.Fatal(err)
	}
	return a
}

// checkPairs indexes archived into a new archive made with params, checks
// input against it as the check command does, and returns the pairs, as
// "a~b".
func checkPairs(t *testing.T, params archive.Params, archived []corpus.Doc, input corpus.Doc) []string {
	t.Helper()
	opt := DefaultOptions()
	opt.Workers = 1
	r, err := Check(indexed(t, params, archived), corpusOf(t, []corpus.Doc{input}), opt)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, p := range r.Rows.Pairs {
		pairs = append(pairs, p.A+"~"+p.B)
	}
	return pairs
}

// A brief that takes nine words of a long story's lead shares no
// winnowed fingerprint with the story, but an archive keeps every
// shingle of a lead (verify.LeadWords) as a key, and a check of a long
// input looks its lead up too: the two are related whichever of them is
// archived, and not without the keys; a scan relates them too. A long
// article with the same nine words in its lead is not: two leads never
// meet by their keys.
func TestCheckLead(t *testing.T) {
	opt := DefaultOptions()
	story := strings.Fields(words("story_", 300))
	winnowed := NewSketcher(opt.Params)
	ws := winnowed.Sketch(strings.Join(story, " ")).Prints
	// A run of the lead none of whose shingles the story's winnowing keeps.
	at := -1
	for i := 10; i+9 <= verify.LeadWords && at < 0; i++ {
		run := winnowed.Sketch(strings.Join(story[i:i+9], " ")).Prints
		if !slices.ContainsFunc(run, func(h uint64) bool { _, ok := slices.BinarySearch(ws, h); return ok }) {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("every nine words of the lead hold a winnowed fingerprint: no case to test")
	}
	brief := words("brief_", 12) + " " + strings.Join(story[at:at+9], " ") + " " + words("end_", 10)
	docs := []corpus.Doc{
		{ID: "wire/story", Source: "Wire", Text: strings.Join(story, " ")},
		{ID: "paper/brief", Source: "Paper", Text: brief},
		{ID: "other", Source: "Other", Text: words("other_", 300)},
		// A long article with the same nine words in its lead.
		{ID: "paper/long", Source: "Paper", Text: words("long_", 12) + " " + strings.Join(story[at:at+9], " ") + " " + words("more_", 300)},
	}
	with, without := opt.ArchiveParams(), opt.ArchiveParams()
	without.Lead = 0
	if with.Lead != verify.LeadWords {
		t.Fatalf("archive parameters %+v, want a lead of %d words", with, verify.LeadWords)
	}
	for _, tc := range []struct {
		name     string
		archived []corpus.Doc
		input    corpus.Doc
		want     string
	}{
		{"brief checked", []corpus.Doc{docs[0], docs[2]}, docs[1], "paper/brief~wire/story"},
		{"story checked", []corpus.Doc{docs[1], docs[2]}, docs[0], "wire/story~paper/brief"},
	} {
		if got := checkPairs(t, with, tc.archived, tc.input); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%s: pairs %q, want %q", tc.name, got, tc.want)
		}
		if got := checkPairs(t, without, tc.archived, tc.input); len(got) > 0 {
			t.Errorf("%s, no lead keys: pairs %q, want none (the case needs the lead)", tc.name, got)
		}
	}

	// A scan relates the brief to the two long articles by the same keys,
	// and not the two long ones.
	files := map[string]string{}
	for _, d := range docs {
		files[strings.ReplaceAll(d.ID, "/", "-")+".txt"] = d.Text
	}
	if got, want := scanPairsOf(t, "paper-brief.txt", files), []string{"paper-brief.txt~paper-long.txt", "paper-brief.txt~wire-story.txt"}; !slices.Equal(got, want) {
		t.Errorf("scan: pairs of the brief %q, want %q", got, want)
	}
	if got := scanPairsOf(t, "paper-long.txt", files); slices.Contains(got, "paper-long.txt~wire-story.txt") {
		t.Errorf("scan: pairs of the long article %q, want none with the story", got)
	}

	// By their candidates: the story is one of the brief's, not of the
	// long article's.
	a := indexed(t, with, []corpus.Doc{docs[0], docs[2]})
	snap, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	params, _ := sketching(a)
	for _, in := range []struct {
		doc  corpus.Doc
		want bool
	}{{docs[1], true}, {docs[3], false}} {
		x := NewSketcher(params).Sketch(in.doc.Text)
		cs, err := snap.Candidates(nil, append(x.Prints, x.Keys(true)...), opt.Verify.Recurring.MaxDocs)
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.ContainsFunc(cs, func(c archive.Candidate) bool { return c.ID == "wire/story" }); got != in.want {
			t.Errorf("%s: the story among its candidates %v, want %v (%+v)", in.doc.ID, got, in.want, cs)
		}
	}
}

// TestHotCopy checks the test of a version's copied text: hot when most
// of its words that fingerprints cover are covered by hot ones only.
func TestHotCopy(t *testing.T) {
	// Fingerprints of three words each at 0, 3, 6 and 9; the odd ones hot.
	d := verify.Doc{Width: 3}
	for i := range 4 {
		d.Prints = append(d.Prints, verify.Print{Hash: uint64(i), Pos: int32(3 * i)})
	}
	hot := func(h uint64) bool { return h%2 == 1 }
	copied := func(kind align.Kind, start, end int) verify.Passage {
		return verify.Passage{Kind: kind, A: align.Range{Start: start, End: end}}
	}
	// Overlapping: a rare one at 0 and a hot one at 2 share word 2, which
	// is not hot.
	o := verify.Doc{Width: 3, Prints: []verify.Print{{Hash: 0, Pos: 0}, {Hash: 1, Pos: 2}}}
	for _, tc := range []struct {
		name string
		d    *verify.Doc
		ps   []verify.Passage
		want bool
	}{
		{"one hot fingerprint's words", &d, []verify.Passage{copied(align.Copied, 3, 6)}, true},
		{"one rare fingerprint's words", &d, []verify.Passage{copied(align.Copied, 0, 3)}, false},
		{"half and half", &d, []verify.Passage{copied(align.Copied, 0, 6)}, false},
		{"two hot of three", &d, []verify.Passage{copied(align.Copied, 3, 12)}, true},
		{"two passages, hot ones longer", &d, []verify.Passage{copied(align.Copied, 2, 6), copied(align.Copied, 9, 12)}, true},
		{"hot text rewritten, not copied", &d, []verify.Passage{copied(align.Rewritten, 3, 12)}, false},
		{"beyond the fingerprints", &d, []verify.Passage{copied(align.Copied, 12, 20)}, false},
		{"overlap: two hot of three", &o, []verify.Passage{copied(align.Copied, 2, 5)}, true},
		{"overlap: two hot of five", &o, []verify.Passage{copied(align.Copied, 0, 5)}, false},
	} {
		p := verify.Pair{Passages: tc.ps}
		if got := hotCopy(tc.d, &p, hot); got != tc.want {
			t.Errorf("%s: hot %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A page shares a site template's chrome, which every page of the archive
// holds, and one sentence with a wire story that the archive holds twice.
// The chrome recurs, and the two copies of the story hold it too, but it
// is no text of the story's versions: the page is related to neither.
func TestCheckHotChrome(t *testing.T) {
	opt := DefaultOptions()
	chrome := "Sign up for the Morning Brief newsletter to get the news delivered to your inbox every weekday. " +
		"Copyright 2024 All rights reserved. This material may not be published, broadcast, rewritten or redistributed."
	sentence := "the harbour authority said the new ferry terminal would open in the spring"
	var archived []corpus.Doc
	for i := range opt.Verify.Recurring.MaxDocs + 6 {
		archived = append(archived, corpus.Doc{ID: fmt.Sprintf("page%02d", i), Text: words(fmt.Sprintf("p%d_", i), 200) + "\n\n" + chrome})
	}
	story := words("story_", 150) + " Officials said " + sentence + ". " + words("more_", 150) + "\n\n" + chrome
	archived = append(archived, corpus.Doc{ID: "wire/1", Source: "Wire", Text: story}, corpus.Doc{ID: "wire/2", Source: "Wire", Text: story})
	input := corpus.Doc{ID: "page", Source: "Page", Text: words("own_", 200) + " As before, " + sentence + ", aides said. " + words("end_", 100) + "\n\n" + chrome}
	if got := checkPairs(t, opt.ArchiveParams(), archived, input); len(got) > 0 {
		t.Errorf("check: pairs %q, want none", got)
	}
}

// A site's short page is mostly the site's header. Every page of the site
// holds the header in its lead, more than MaxDocs of them, so it finds
// no candidates as a key, as it finds none as a fingerprint: a long page
// of the site checked is not related to the short one.
func TestCheckLeadHeader(t *testing.T) {
	opt := DefaultOptions()
	header := "The Harbour Gazette " + words("menu_", 37)
	var archived []corpus.Doc
	for i := range opt.Verify.Recurring.MaxDocs + 6 {
		archived = append(archived, corpus.Doc{ID: fmt.Sprintf("page%02d", i), Source: "The Harbour Gazette", Text: header + "\n\n" + words(fmt.Sprintf("p%d_", i), 200)})
	}
	archived = append(archived, corpus.Doc{ID: "short", Source: "The Harbour Gazette", Text: header + "\n\n" + words("short_", 8)})
	input := corpus.Doc{ID: "page", Source: "The Harbour Gazette", Text: header + "\n\n" + words("own_", 200)}
	if got := checkPairs(t, opt.ArchiveParams(), archived, input); len(got) > 0 {
		t.Errorf("check: pairs %q, want none", got)
	}
}

// TestJudge checks what a check does with an archived candidate sharing
// no band key, as a scan does with the pair: no candidate when it shares
// too few fingerprints; held back when too few are rare and all are fewer
// than half of the smaller's, and then verified only from three.
func TestJudge(t *testing.T) {
	long, short := verify.ShortWords+100, verify.ShortWords
	for _, tc := range []struct {
		name            string
		c               archive.Candidate
		words, winnowed [2]int
		verifyIt, held  bool
	}{
		{"a band key", archive.Candidate{Keys: 1}, [2]int{long, long}, [2]int{60, 60}, true, false},
		{"two rare", archive.Candidate{Prints: 2, Rare: 2}, [2]int{long, long}, [2]int{60, 60}, true, false},
		{"one rare, long articles", archive.Candidate{Prints: 1, Rare: 1}, [2]int{long, long}, [2]int{60, 60}, false, false},
		{"one rare, a short article", archive.Candidate{Prints: 1, Rare: 1}, [2]int{long, short}, [2]int{60, 30}, true, false},
		{"one recurring, a short article", archive.Candidate{Prints: 1}, [2]int{long, short}, [2]int{60, 30}, false, true},
		{"two recurring", archive.Candidate{Prints: 2}, [2]int{long, long}, [2]int{60, 40}, false, true},
		{"three, one rare", archive.Candidate{Prints: 3, Rare: 1}, [2]int{long, long}, [2]int{60, 40}, true, true},
		{"recurring, half of the smaller", archive.Candidate{Prints: 20}, [2]int{long, long}, [2]int{60, 40}, true, false},
		{"recurring, half of the smaller, the input's", archive.Candidate{Prints: 20}, [2]int{long, long}, [2]int{40, 60}, true, false},
	} {
		v, h := judge(tc.c, tc.words, tc.winnowed)
		if v != tc.verifyIt || h != tc.held {
			t.Errorf("%s: verify %v, held back %v; want %v, %v", tc.name, v, h, tc.verifyIt, tc.held)
		}
	}
}
