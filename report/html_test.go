package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

func renderHTML(t testing.TB, d Data) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, d); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	return buf.String(), doc
}

// walk calls f for every element of the tree.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	return strings.Contains(" "+v+" ", " "+class+" ")
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// parsed is what a page carries: its JSON blocks, decoded.
type parsed struct {
	list  listData
	texts map[string]familyTexts // by element id
	code  int                    // script elements that run
}

// pageOf parses the page's script elements: exactly one that runs (the
// page's own), one JSON list and a JSON block per family with texts.
func pageOf(t testing.TB, doc *html.Node) parsed {
	t.Helper()
	p := parsed{texts: map[string]familyTexts{}}
	walk(doc, func(n *html.Node) {
		if n.Data != "script" {
			return
		}
		typ, _ := attr(n, "type")
		if typ != "application/json" {
			p.code++
			return
		}
		id, _ := attr(n, "id")
		var err error
		if id == "list" {
			err = json.Unmarshal([]byte(textOf(n)), &p.list)
		} else {
			var ft familyTexts
			err = json.Unmarshal([]byte(textOf(n)), &ft)
			p.texts[id] = ft
		}
		if err != nil {
			t.Fatalf("script %q is not JSON: %v", id, err)
		}
	})
	return p
}

// joined is the text of paragraphs of segments, one paragraph a line.
func joined(ps [][]seg) []string {
	var out []string
	for _, p := range ps {
		var b strings.Builder
		for _, g := range p {
			b.WriteString(g.Text)
		}
		out = append(out, b.String())
	}
	return out
}

func paraTexts(text string) []string {
	var out []string
	for _, p := range paragraphs(text) {
		out = append(out, text[p.start:p.end])
	}
	return out
}

func TestHTMLNoInjection(t *testing.T) {
	d := familyData(t)
	out, doc := renderHTML(t, d)
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "img", "svg", "textarea", "iframe", "object", "embed", "style":
			if n.Data != "style" || n.Parent == nil || n.Parent.Data != "head" {
				t.Errorf("unexpected <%s> element in the page", n.Data)
			}
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s> has event handler attribute %s=%q", n.Data, a.Key, a.Val)
			}
			if a.Key == "href" || a.Key == "src" {
				t.Errorf("<%s %s=%q>: the page's own markup has no links", n.Data, a.Key, a.Val)
			}
		}
	})
	p := pageOf(t, doc)
	if p.code != 1 {
		t.Errorf("page has %d script elements that run, want 1 (its own)", p.code)
	}
	// The hostile strings are there, as data for textContent.
	var fam familyItem
	if len(p.list.Families) == 1 {
		fam = p.list.Families[0]
	}
	var hostile member
	for _, m := range fam.Members {
		if m.Doc == hostileID {
			hostile = m
		}
	}
	if hostile.Title != `<img src=x onerror="document.title='INJECTED'">Envoy</textarea><script>alert(1)</script>` ||
		hostile.Source != `</textarea><svg onload=alert(1)>` || hostile.URL != "" || hostile.RawURL != "javascript:document.title='INJECTED'" {
		t.Errorf("hostile member in the page's data = %+v, want its title, source and URL as text", hostile)
	}
	if n := strings.Count(strings.ToLower(out), "</script"); n != 2+len(p.texts) {
		t.Errorf("page closes %d script elements, want %d: input broke out of one", n, 2+len(p.texts))
	}
	if strings.Contains(out, "<script>document.title") || strings.Contains(out, "<img src=x") {
		t.Errorf("hostile markup appears unescaped")
	}
	if strings.Contains(out, "ZgotmplZ") {
		t.Errorf("page contains ZgotmplZ: a value reached an unsafe context")
	}
}

func TestHTMLURLs(t *testing.T) {
	tests := []struct {
		url  string
		link bool
	}{
		{"https://example.com/a?b=1&c=2", true},
		{"http://example.com/", true},
		{"HTTPS://EXAMPLE.COM/", true},
		{"javascript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"//example.com/x", false},
		{"/relative/path", false},
		{"vbscript:msgbox(1)", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := webURL(tt.url); got != tt.link {
				t.Errorf("webURL(%q) = %v, want %v", tt.url, got, tt.link)
			}
			d := familyData(t)
			d.URL = func(string) string { return tt.url }
			_, doc := renderHTML(t, d)
			p := pageOf(t, doc)
			for _, m := range append(p.list.Families[0].Members, p.list.Independents[0].member) {
				if tt.link && (m.URL != tt.url || m.RawURL != "") || !tt.link && (m.URL != "" || m.RawURL != tt.url) {
					t.Errorf("%s: url %q, raw %q; want %q as a link: %v", m.Doc, m.URL, m.RawURL, tt.url, tt.link)
				}
			}
		})
	}
}

// TestHTMLAligned checks the aligned rows of the family: every member
// paragraph is on the right once and in order, the original's
// paragraphs on the left at most once and in order, and a reprinted
// paragraph sits beside the original paragraph it copies.
func TestHTMLAligned(t *testing.T) {
	d := familyData(t)
	_, doc := renderHTML(t, d)
	p := pageOf(t, doc)
	ft, ok := p.texts["ft-1"]
	if !ok || len(p.list.Families) != 1 || !p.list.Families[0].Texts {
		t.Fatalf("no texts for the family: %v", p.texts)
	}
	otext, _ := d.Text(origID)
	oparas := paraTexts(otext)
	if len(ft.Views) != 3 {
		t.Fatalf("%d member views, want 3", len(ft.Views))
	}
	kinds := map[string]int{}
	for _, v := range ft.Views {
		if v.Err != "" {
			t.Errorf("%s: %s", v.Doc, v.Err)
			continue
		}
		mtext, _ := d.Text(v.Doc)
		var right, left []string
		for _, r := range v.Rows {
			kinds[r.Kind]++
			right = append(right, joined(r.Right)...)
			left = append(left, joined(r.Left)...)
			if r.Kind == "pair" && len(r.Left) != 1 {
				t.Errorf("%s: a pair row with %d original paragraphs", v.Doc, len(r.Left))
			}
			if r.Kind == "own" && len(r.Left) != 0 {
				t.Errorf("%s: own reporting beside original text", v.Doc)
			}
		}
		if want := paraTexts(mtext); !slices.Equal(right, want) {
			t.Errorf("%s: right column %q, want its paragraphs %q", v.Doc, right, want)
		}
		if !slices.Equal(left, oparas) {
			t.Errorf("%s: left column (pairs and cuts) %q, want the original's paragraphs in order", v.Doc, left)
		}
	}
	// The reprint copies the first paragraphs as they are: beside each
	// other, same text.
	rep := ft.Views[slices.IndexFunc(ft.Views, func(v memberView) bool { return v.Doc == reprintID })]
	same := 0
	for _, r := range rep.Rows {
		if r.Kind == "pair" && slices.Equal(joined(r.Left), joined(r.Right)) {
			same++
		}
	}
	if same < 3 {
		t.Errorf("reprint: %d rows with the same paragraph on both sides, want at least 3", same)
	}
	if kinds["pair"] == 0 || kinds["own"] == 0 || kinds["cut"] == 0 {
		t.Errorf("rows by kind %v: want pairs, own reporting and cut paragraphs", kinds)
	}
}

// TestHTMLEdits changes a day in the reprint (editedFamily): the changed
// words are marked on both sides, flagged.
func TestHTMLEdits(t *testing.T) {
	d := editedFamily(t)
	_, doc := renderHTML(t, d)
	ft := pageOf(t, doc).texts["ft-1"]
	var marks []string
	for _, v := range ft.Views {
		if v.Doc != reprintID {
			continue
		}
		for _, r := range v.Rows {
			for side, ps := range [][][]seg{r.Left, r.Right} {
				for _, p := range ps {
					for _, g := range p {
						if strings.Contains(" "+g.Class+" ", " ed ") {
							marks = append(marks, fmt.Sprintf("%d %s %s", side, g.Text, g.Class))
						}
					}
				}
			}
		}
	}
	want := []string{"0 Friday taken ed date", "1 Thursday shared ed date"}
	slices.Sort(marks)
	if !slices.Equal(marks, want) {
		t.Errorf("edit marks %q, want %q", marks, want)
	}
}

func TestHTMLOverview(t *testing.T) {
	d := familyData(t)
	out, doc := renderHTML(t, d)
	p := pageOf(t, doc)
	if len(p.list.Families) != 1 || len(p.list.Families[0].Members) != 4 || p.list.Families[0].Members[0].Doc != origID {
		t.Errorf("families %+v, want one of four, the original first", p.list.Families)
	}
	if len(p.list.Pairs) != 1 || len(p.list.Independents) != 1 {
		t.Fatalf("%d pairs outside families and %d independents, want 1 and 1", len(p.list.Pairs), len(p.list.Independents))
	}
	in := p.list.Independents[0]
	if in.Doc != indepID || len(in.Shares) != 1 || in.Shares[0].Kind != "quote" || in.Shares[0].With != origID ||
		!strings.Contains(in.Shares[0].Text, "Too many people are dying") {
		t.Errorf("independent %+v, want %s with the quotation it shares with %s", in, indepID, origID)
	}
	text := textOf(doc)
	for _, s := range []string{"5articles read", "1families found", "1independent articles"} {
		if !strings.Contains(text, s) {
			t.Errorf("page text lacks %q", s)
		}
	}
	if !strings.Contains(out, "2025-04-11 – 2025-04-13") {
		t.Errorf("page lacks the family's dates")
	}
}

func TestHTMLRun(t *testing.T) {
	d := familyData(t)
	d.Run = Run{Version: "wiretrace v1.2.3", Parameters: []Parameter{{"shingle", "5"}, {"min-passage", "8"}}, Inputs: []string{"wire/", "<b>local</b>.jsonl"}}
	out, doc := renderHTML(t, d)
	text := textOf(doc)
	for _, s := range []string{"Made by wiretrace v1.2.3 from 2 inputs with shingle 5, min-passage 8", "<b>local</b>.jsonl"} {
		if !strings.Contains(text, s) {
			t.Errorf("page text lacks %q", s)
		}
	}
	if strings.Contains(out, "<b>local") {
		t.Errorf("an input name reached the page as markup")
	}
}

// TestHTMLBadOffsets feeds passages whose offsets are out of range,
// reversed or inside a UTF-8 sequence: the page is still written, shows
// the whole text, and stays valid UTF-8.
func TestHTMLBadOffsets(t *testing.T) {
	text := "Grüße aus Köln — «ça va» 東京 end\nZweite Zeile 42."
	tests := []struct {
		name       string
		start, end int
	}{
		{"negative", -5, 4},
		{"past end", 10, 1000},
		{"reversed", 12, 3},
		{"empty", 7, 7},
		{"mid rune start", 3, 9},
		{"mid rune end", 0, 4},
		{"both far out", 500, 900},
		{"inside CJK", 33, 35},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Data{
				Articles: []Article{{Doc: "a", Family: "a", Role: "original"}, {Doc: "b", Family: "a", Role: "copy", SourceDoc: "a"}},
				Families: []Family{{Size: 2, Original: "a", Members: []string{"a", "b"}}},
				Passages: []Passage{
					{Doc: "a", Start: tt.start, End: tt.end, Kind: "shared", With: []With{{Doc: "b", Start: tt.end, End: tt.start}}},
					{Doc: "b", Start: tt.start, End: tt.end, Kind: "shared", With: []With{{Doc: "a", Start: tt.start, End: tt.end}}},
					{Doc: "b", Start: tt.start - 2, End: tt.end + 3, Kind: "unique"},
				},
				Text: func(string) (string, error) { return text, nil },
			}
			out, doc := renderHTML(t, d)
			if !utf8.ValidString(out) {
				t.Errorf("page is not valid UTF-8")
			}
			ft := pageOf(t, doc).texts["ft-1"]
			if len(ft.Views) != 1 {
				t.Fatalf("%d views, want 1", len(ft.Views))
			}
			var right []string
			for _, r := range ft.Views[0].Rows {
				right = append(right, joined(r.Right)...)
				for _, p := range append(slices.Clone(r.Left), r.Right...) {
					for _, g := range p {
						if !utf8.ValidString(g.Text) || g.Text == "" {
							t.Errorf("segment %q", g.Text)
						}
					}
				}
			}
			if want := paraTexts(text); !slices.Equal(right, want) {
				t.Errorf("text shown as %q, want %q", right, want)
			}
		})
	}
}

func TestHTMLMissingText(t *testing.T) {
	d := familyData(t)
	d.Text = nil
	_, doc := renderHTML(t, d)
	for _, v := range pageOf(t, doc).texts["ft-1"].Views {
		if v.Err != "text not available" {
			t.Errorf("%s: err %q, want the page to say its text is not available", v.Doc, v.Err)
		}
	}
	d = familyData(t)
	text := d.Text
	d.Text = func(doc string) (string, error) {
		if doc == partialID {
			return "", fmt.Errorf("gone")
		}
		return text(doc)
	}
	_, doc = renderHTML(t, d)
	found := false
	for _, v := range pageOf(t, doc).texts["ft-1"].Views {
		if v.Doc == partialID {
			found = v.Err == "text not available: gone"
		} else if v.Err != "" {
			t.Errorf("%s: err %q", v.Doc, v.Err)
		}
	}
	if !found {
		t.Errorf("page does not name the missing text")
	}
}

func TestHTMLEmpty(t *testing.T) {
	out, doc := renderHTML(t, Data{})
	p := pageOf(t, doc)
	if p.list.Families == nil || p.list.Independents == nil || p.list.Pairs == nil || len(p.list.Families) != 0 {
		t.Errorf("empty report's lists = %+v, want empty arrays", p.list)
	}
	if !strings.Contains(out, "No families") {
		t.Errorf("empty report does not say there are no families")
	}
}

func TestHTMLDeterministic(t *testing.T) {
	a, _ := renderHTML(t, familyData(t))
	for range 5 {
		if b, _ := renderHTML(t, familyData(t)); a != b {
			t.Fatalf("WriteHTML gave different output for the same data")
		}
	}
}

// FuzzPaint checks that any marks cut any paragraph into segments that
// put it back together exactly, each segment valid UTF-8 if the text is.
func FuzzPaint(f *testing.F) {
	f.Add("Grüße aus Köln 東京", 0, 20, 0, 5, 3, 9, 7, 12)
	f.Add("", 0, 0, 0, 0, 0, 0, 0, 0)
	f.Add("abc", 0, 3, -1, 100, 2, 1, 1, 2)
	f.Fuzz(func(t *testing.T, text string, ps, pe, s1, e1, s2, e2, s3, e3 int) {
		s, e, ok := clampRange(text, ps, pe)
		if !ok {
			return
		}
		marks := []mark{{s1, e1, "shared", ""}, {s2, e2, "unique", ""}, {s3, e3, "ed number", "x"}}
		var b strings.Builder
		for _, g := range paintRange(text, s, e, marks) {
			if g.Text == "" {
				t.Errorf("empty segment in %q", text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(g.Text) {
				t.Errorf("segment %q of %q is not valid UTF-8", g.Text, text)
			}
			b.WriteString(g.Text)
		}
		if b.String() != text[s:e] {
			t.Errorf("segments join to %q, want %q", b.String(), text[s:e])
		}
	})
}

// manyFamilies repeats the fixture family.
func manyFamilies(t testing.TB) Data {
	d := familyData(t)
	for len(d.Families) < 6 {
		d.Families = append(d.Families, d.Families[0])
	}
	return d
}

// FuzzWriteHTML writes a family from arbitrary text, title, id and
// offsets, and checks the page never gains an element or attribute from
// them, and that its data blocks stay JSON.
func FuzzWriteHTML(f *testing.F) {
	f.Add("<script>alert(1)</script> text", `<img src=x onerror=alert(1)>`, "id</textarea>", 0, 8, 3, 20)
	f.Add("Grüße 東京", "javascript:alert(1)", `"><svg onload=alert(1)>`, -1, 100, 5, 2)
	f.Add("a</script><script>alert(1)</script>", "<!--", "</SCRIPT", 0, 30, 0, 30)
	f.Fuzz(func(t *testing.T, text, title, id string, s1, e1, s2, e2 int) {
		if id == "b" {
			return
		}
		d := Data{
			Articles: []Article{{Doc: id, Family: id, Role: "original", Title: title}, {Doc: "b", Family: id, Role: "copy", SourceDoc: id, Title: title, Source: title}},
			Families: []Family{{Size: 2, Original: id, Members: []string{id, "b"}}},
			Passages: []Passage{
				{Doc: id, Start: s1, End: e1, Kind: "shared", With: []With{{Doc: "b", Start: s2, End: e2}}},
				{Doc: "b", Start: s2, End: e2, Kind: "shared", With: []With{{Doc: id, Start: s1, End: e1}}},
				{Doc: "b", Start: e2, End: e2 + 10, Kind: "unique"},
			},
			Text: func(string) (string, error) { return text, nil },
			URL:  func(string) string { return title },
			Run:  Run{Inputs: []string{title}},
		}
		var buf bytes.Buffer
		if err := WriteHTML(&buf, d); err != nil {
			t.Fatalf("WriteHTML: %v", err)
		}
		doc, err := html.Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s> has %s=%q", n.Data, a.Key, a.Val)
				}
				if a.Key == "href" || a.Key == "src" {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "img", "svg", "textarea", "iframe", "object", "embed":
				t.Errorf("page has a <%s> element", n.Data)
			}
		})
		p := pageOf(t, doc)
		if p.code != 1 || len(p.texts) != 1 {
			t.Errorf("page has %d script elements that run and %d family blocks, want 1 and 1", p.code, len(p.texts))
		}
		if len(p.list.Families) != 1 || p.list.Families[0].Members[1].Title != title {
			t.Errorf("the title did not come through the page's data as text")
		}
	})
}

// TestHTMLPassagesWithoutText checks that the page is the same when the
// passages come without their texts, as a scan gives them: the texts of
// families and of the passages of pairs outside families are read
// through Data.Text.
func TestHTMLPassagesWithoutText(t *testing.T) {
	for _, d := range []Data{familyData(t), manyFamilies(t)} {
		want, _ := renderHTML(t, d)
		bare := d
		bare.Passages = slices.Clone(d.Passages)
		for i := range bare.Passages {
			bare.Passages[i].Text = ""
		}
		got, _ := renderHTML(t, bare)
		if got != want {
			t.Errorf("the page of %d families differs when passages come without their texts", len(d.Families))
		}
		if !strings.Contains(got, "Too many people are dying") {
			t.Errorf("the quotation shared with %s is missing from the page", indepID)
		}
	}
}

// TestHTMLTextBudget checks that a family whose passages already reach
// past the page's text budget is listed without texts, and that its
// texts are not read at all.
func TestHTMLTextBudget(t *testing.T) {
	d := familyData(t)
	d.Passages = slices.Clone(d.Passages)
	for i := range d.Passages {
		if d.Passages[i].Doc == reprintID {
			d.Passages[i].End += maxTextBytes
		}
	}
	text := d.Text
	asked := map[string]bool{}
	d.Text = func(doc string) (string, error) {
		asked[doc] = true
		return text(doc)
	}
	_, page := renderHTML(t, d)
	for _, doc := range []string{reprintID, partialID, hostileID} {
		if asked[doc] {
			t.Errorf("the text of %s was read for a family past the budget", doc)
		}
	}
	p := pageOf(t, page)
	if len(p.texts) != 0 || p.list.Families[0].Texts {
		t.Errorf("a family past the budget has its texts in the page")
	}
	if got := textOf(page); !strings.Contains(got, "listed without their texts") {
		t.Errorf("the page does not say that a family is shown without its texts")
	}
}

// TestHTMLOther: a member's paragraph copied from another member, not from
// the original, is drawn as such, not as its own reporting.
func TestHTMLOther(t *testing.T) {
	texts := map[string]string{
		"a": "The wire story says the storm hit the coast at dawn on Monday.",
		"b": "The wire story says the storm hit the coast at dawn on Monday.\nA local paper adds that the pier was closed for the whole week after.\nIts own line.",
		"c": "A local paper adds that the pier was closed for the whole week after.",
	}
	span := func(doc, sub string) (int, int) {
		i := strings.Index(texts[doc], sub)
		return i, i + len(sub)
	}
	as, ae := span("a", texts["a"])
	bs, be := span("b", texts["a"])
	b2s, b2e := span("b", texts["c"])
	b3s, b3e := span("b", "Its own line.")
	cs, ce := span("c", texts["c"])
	d := Data{
		Articles: []Article{{Doc: "a", Family: "a", Role: "original"}, {Doc: "b", Family: "a", Role: "copy", SourceDoc: "a"}, {Doc: "c", Family: "a", Role: "copy", SourceDoc: "b"}},
		Families: []Family{{Size: 3, Original: "a", Members: []string{"a", "b", "c"}}},
		Passages: []Passage{
			{Doc: "a", Start: as, End: ae, Kind: "shared", With: []With{{Doc: "b", Start: bs, End: be}}},
			{Doc: "b", Start: bs, End: be, Kind: "shared", With: []With{{Doc: "a", Start: as, End: ae}}},
			{Doc: "b", Start: b2s, End: b2e, Kind: "shared", With: []With{{Doc: "c", Start: cs, End: ce}}},
			{Doc: "b", Start: b3s, End: b3e, Kind: "unique"},
			{Doc: "c", Start: cs, End: ce, Kind: "shared", With: []With{{Doc: "b", Start: b2s, End: b2e}}},
		},
		Text: func(doc string) (string, error) { return texts[doc], nil },
	}
	_, doc := renderHTML(t, d)
	views := pageOf(t, doc).texts["ft-1"].Views
	if len(views) != 2 || views[0].Doc != "b" {
		t.Fatalf("views %+v", views)
	}
	var kinds []string
	for _, r := range views[0].Rows {
		kinds = append(kinds, r.Kind)
	}
	if want := []string{"pair", "other", "own"}; !slices.Equal(kinds, want) {
		t.Errorf("rows of b: %q, want %q", kinds, want)
	}
}
