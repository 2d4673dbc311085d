package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Ids of the fixture family; hostileID is an id an attacker chose.
const (
	origID    = "original.txt"
	reprintID = "reprint.txt"
	partialID = "partial.txt"
	indepID   = "independent.txt"
	hostileID = `<script>document.title='INJECTED'</script>hostile"onmouseover="alert(1).txt`
)

// familyData builds the Data of a small scan by hand from
// testdata/report: a family of four (an original, a reprint with a local
// paragraph, a partial copy, and a hostile article whose id, title,
// source, URL and text try to inject markup) and an independent article
// that shares a quotation with the original.
func familyData(t testing.TB) Data {
	t.Helper()
	files := map[string]string{origID: "original.txt", reprintID: "reprint.txt", partialID: "partial.txt", indepID: "../seeds/002_5c712571f894106e.txt", hostileID: "hostile.txt"}
	texts := map[string]string{}
	for id, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "report", f))
		if err != nil {
			t.Fatal(err)
		}
		texts[id] = string(b)
	}
	para := func(doc string, i int) string { return strings.Split(texts[doc], "\n")[i] }
	var ps []Passage
	// pass adds the passage sub of doc, shared with the same text in each
	// of with.
	pass := func(doc, sub, kind string, with ...string) {
		t.Helper()
		i := strings.Index(texts[doc], sub)
		if i < 0 || sub == "" {
			t.Fatalf("fixture: %q not in %s", sub, doc)
		}
		p := Passage{Doc: doc, Start: i, End: i + len(sub), Words: len(strings.Fields(sub)), Kind: kind, Text: sub}
		for _, w := range with {
			j := strings.Index(texts[w], sub)
			if j < 0 {
				t.Fatalf("fixture: %q not in %s", sub, w)
			}
			p.With = append(p.With, With{Doc: w, Start: j, End: j + len(sub)})
		}
		ps = append(ps, p)
	}
	quote := `"Russia has to get moving. Too many people are dying, thousands a week, in a terrible and senseless war."`
	p2 := para(origID, 2)
	q := strings.Index(p2, quote)
	first := para(origID, 0)
	// The original: shared with each member, one quotation, the rest its own.
	pass(origID, first, "shared", reprintID, hostileID)
	pass(origID, para(origID, 1)+"\n"+p2[:q], "shared", reprintID)
	pass(origID, quote, "quote", reprintID)
	pass(origID, strings.Join(strings.Split(texts[origID], "\n")[3:6], "\n"), "shared", reprintID)
	pass(origID, strings.Join(strings.Split(texts[origID], "\n")[6:9], "\n"), "shared", partialID)
	pass(origID, strings.Join(strings.Split(texts[origID], "\n")[9:], "\n"), "unique")
	pass(origID, "Too many people are dying, thousands a week, in a terrible and senseless war", "quote", indepID)
	// The reprint: the first six paragraphs, then a paragraph of its own.
	pass(reprintID, first, "shared", origID)
	pass(reprintID, para(origID, 1)+"\n"+p2[:q], "shared", origID)
	pass(reprintID, quote, "quote", origID)
	pass(reprintID, strings.Join(strings.Split(texts[origID], "\n")[3:6], "\n"), "shared", origID)
	pass(reprintID, para(reprintID, 6), "unique")
	// The partial copy: two paragraphs of its own, then three copied.
	pass(partialID, texts[partialID][:strings.Index(texts[partialID], para(origID, 6))-2], "unique")
	pass(partialID, strings.Join(strings.Split(texts[origID], "\n")[6:9], "\n"), "shared", origID)
	// The hostile article: its own lines around a copied paragraph.
	pass(hostileID, para(hostileID, 0), "unique")
	pass(hostileID, first, "shared", origID)
	pass(hostileID, para(hostileID, 2), "unique")
	// The independent article quotes the same statement.
	pass(indepID, "Too many people are dying, thousands a week, in a terrible and senseless war", "quote", origID)

	articles := []Article{
		{Doc: indepID, Role: "independent", Words: 600, Copied: 0, Quoted: 0.02, Independent: 0.98, Title: "Putin, US Envoy Hold 4-Hour Ukraine Talks", Source: "Example Daily", Published: "2025-04-12"},
		{Doc: origID, Family: origID, Role: "original", Words: 640, Copied: 0, Quoted: 0.03, Independent: 0.97, Title: "Witkoff meets Putin in St Petersburg", Source: "Wire Service", Published: "2025-04-11"},
		{Doc: partialID, Family: origID, Role: "rewrite", SourceDoc: origID, Words: 190, Copied: 0.47, Quoted: 0, Independent: 0.53, Title: "Trump envoy wraps up talks with Putin", Source: "The Moscow Example", Published: "2025-04-11"},
		{Doc: reprintID, Family: origID, Role: "copy+additions", SourceDoc: origID, Words: 290, Copied: 0.84, Quoted: 0.07, Independent: 0.09, Title: "Witkoff, Putin meet as Trump urges ceasefire", Source: "Dayton Example", Published: "2025-04-12"},
		{Doc: hostileID, Family: origID, Role: "rewrite", SourceDoc: origID, Words: 80, Copied: 0.4, Quoted: 0, Independent: 0.6,
			Title: `<img src=x onerror="document.title='INJECTED'">Envoy</textarea><script>alert(1)</script>`, Source: `</textarea><svg onload=alert(1)>`, Published: "2025-04-13"},
	}
	return Data{
		Articles: articles,
		Pairs: []Pair{
			{A: hostileID, B: origID, Relation: "partial", Jaccard: 0.0712, ContainmentA: 0.4, ContainmentB: 0.05, SharedWords: 45},
			{A: indepID, B: origID, Relation: "quotes", Jaccard: 0.0103, ContainmentA: 0.02, ContainmentB: 0.018, QuotedWords: 14},
			{A: origID, B: partialID, Relation: "partial", Jaccard: 0.1021, ContainmentA: 0.14, ContainmentB: 0.47, SharedWords: 90},
			{A: origID, B: reprintID, Relation: "reprint", Jaccard: 0.3512, ContainmentA: 0.37, ContainmentB: 0.91, SharedWords: 245, QuotedWords: 18},
		},
		Families: []Family{{Size: 4, Original: origID, Members: []string{origID, hostileID, partialID, reprintID}, FirstPublished: "2025-04-11", LastPublished: "2025-04-13"}},
		Passages: ps,
		Text: func(doc string) (string, error) {
			s, ok := texts[doc]
			if !ok {
				return "", fmt.Errorf("no text for %q", doc)
			}
			return s, nil
		},
		URL: func(doc string) string {
			switch doc {
			case hostileID:
				return "javascript:document.title='INJECTED'"
			case origID:
				return "https://example.com/news/witkoff-putin?id=1&src=wire"
			}
			return ""
		},
	}
}

// editedFamily is familyData with "Friday" changed to "Thursday" in the
// reprint's first paragraph, which it copies from the original, and its
// passages moved to fit, without their texts.
func editedFamily(t testing.TB) Data {
	t.Helper()
	d := familyData(t)
	orig, _ := d.Text(origID)
	rep, _ := d.Text(reprintID)
	first := strings.Split(orig, "\n")[0]
	if !strings.Contains(first, "Friday") {
		t.Fatalf("fixture: the first paragraph lacks Friday: %q", first)
	}
	edited := strings.Replace(rep, first, strings.Replace(first, "Friday", "Thursday", 1), 1)
	if edited == rep {
		t.Fatalf("fixture: the reprint does not carry the first paragraph")
	}
	text := d.Text
	d.Text = func(doc string) (string, error) {
		if doc == reprintID {
			return edited, nil
		}
		return text(doc)
	}
	d.Passages = slices.Clone(d.Passages)
	for i := range d.Passages {
		// "Thursday" is two bytes longer than "Friday".
		if p := &d.Passages[i]; p.Doc == reprintID {
			if p.Start > 0 {
				p.Start += 2
			}
			p.End += 2
		}
		d.Passages[i].Text = ""
	}
	return d
}
