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

func TestHTMLNoInjection(t *testing.T) {
	d := familyData(t)
	out, doc := renderHTML(t, d)
	scripts := 0
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "script":
			scripts++
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
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
					t.Errorf("<%s %s=%q>: want an anchor or an http(s) URL", n.Data, a.Key, a.Val)
				}
			}
		}
	})
	if scripts != 1 {
		t.Errorf("page has %d script elements, want 1 (its own)", scripts)
	}
	// The hostile strings are there, as text.
	for _, s := range []string{hostileID, `<img src=x onerror="document.title='INJECTED'">Envoy</textarea>`, "javascript:document.title='INJECTED'", `</textarea><svg onload=alert(1)>`} {
		if !strings.Contains(textOf(doc), s) {
			t.Errorf("page text lacks %q, shown as text", s)
		}
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
			links := 0
			walk(doc, func(n *html.Node) {
				if v, ok := attr(n, "href"); ok && !strings.HasPrefix(v, "#") {
					links++
					if v != tt.url {
						t.Errorf("link href = %q, want %q", v, tt.url)
					}
				}
			})
			want := 0
			if tt.link {
				want = 4 // one per family member
			}
			if links != want {
				t.Errorf("page has %d outside links for URL %q, want %d", links, tt.url, want)
			}
		})
	}
}

// TestHTMLTexts checks that every article of the family is shown whole,
// with its passages highlighted, and that every passage link points at
// an anchor of the page that starts the same text.
func TestHTMLTexts(t *testing.T) {
	d := familyData(t)
	_, doc := renderHTML(t, d)
	ids := map[string]*html.Node{}
	walk(doc, func(n *html.Node) {
		if v, ok := attr(n, "id"); ok {
			if ids[v] != nil {
				t.Errorf("id %q used twice", v)
			}
			ids[v] = n
		}
	})
	shown := map[string]string{} // doc id -> text shown
	walk(doc, func(n *html.Node) {
		if n.Data != "article" || !hasClass(n, "doc") {
			return
		}
		var id, text string
		walk(n, func(c *html.Node) {
			if hasClass(c, "id") && id == "" {
				id = textOf(c)
			}
			if hasClass(c, "text") {
				text = textOf(c)
			}
		})
		shown[id] = text
	})
	for _, a := range []string{origID, reprintID, partialID, hostileID} {
		want, _ := d.Text(a)
		if got, ok := shown[a]; !ok {
			t.Errorf("article %q not shown", a)
		} else if got != want {
			t.Errorf("article %q shown as %q, want its text %q", a, got, want)
		}
	}
	if _, ok := shown[indepID]; ok {
		t.Errorf("independent article %q shown in a family", indepID)
	}
	links, counts := 0, map[string]int{}
	walk(doc, func(n *html.Node) {
		for _, k := range []string{"shared", "quote", "unique"} {
			if hasClass(n, k) && (n.Data == "a" || n.Data == "span") {
				counts[k]++
			}
		}
		href, ok := attr(n, "href")
		if !ok || !strings.HasPrefix(href, "#") {
			return
		}
		target := ids[href[1:]]
		if target == nil {
			t.Errorf("link %q: no element with that id", href)
			return
		}
		if n.Data == "a" && (hasClass(n, "shared") || hasClass(n, "quote")) {
			links++
			// Both sides start with the same words.
			a, b := textOf(n), textOf(target)
			k := min(len(a), len(b), 40)
			if a[:k] != b[:k] {
				t.Errorf("link %q: passage %q points at %q", href, a[:k], b[:k])
			}
		}
	})
	// Passages of the four members that are shared or quoted within the family.
	if want := 11; links != want {
		t.Errorf("page has %d passage links, want %d", links, want)
	}
	for _, k := range []string{"shared", "quote", "unique"} {
		if counts[k] == 0 {
			t.Errorf("no %s passage highlighted", k)
		}
	}
	if counts["quote"] < 2 {
		t.Errorf("quote highlighted %d times, want on both sides", counts["quote"])
	}
}

func TestHTMLOverview(t *testing.T) {
	d := familyData(t)
	_, doc := renderHTML(t, d)
	var rows, pairs int
	walk(doc, func(n *html.Node) {
		if v, _ := attr(n, "id"); v == "family-table" {
			walk(n, func(c *html.Node) {
				if c.Data == "tr" && c.Parent.Data == "tbody" {
					rows++
				}
			})
		}
		if n.Data == "details" && hasClass(n, "pair") {
			pairs++
			if got := textOf(n); !strings.Contains(got, "Too many people are dying") {
				t.Errorf("pair outside families shows %q, want the shared quotation", got)
			}
		}
	})
	if rows != 1 {
		t.Errorf("family table has %d rows, want 1", rows)
	}
	if pairs != 1 {
		t.Errorf("%d pairs outside families shown with passages, want 1 (independent.txt, original.txt)", pairs)
	}
	text := textOf(doc)
	for _, s := range []string{"5articles read", "1families found", "1independent articles", "2025-04-11 – 2025-04-13"} {
		if !strings.Contains(text, s) {
			t.Errorf("page text lacks %q", s)
		}
	}
}

// TestHTMLBadOffsets feeds passages whose offsets are out of range,
// reversed or inside a UTF-8 sequence: the page is still written, shows
// the whole text, and stays valid UTF-8.
func TestHTMLBadOffsets(t *testing.T) {
	text := "Grüße aus Köln — «ça va» 東京 end"
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
			n := 0
			walk(doc, func(e *html.Node) {
				if hasClass(e, "text") {
					n++
					if got := textOf(e); got != text {
						t.Errorf("text shown as %q, want %q", got, text)
					}
				}
			})
			if n != 2 {
				t.Errorf("%d texts shown, want 2", n)
			}
		})
	}
}

func TestHTMLMissingText(t *testing.T) {
	d := familyData(t)
	d.Text = nil
	_, doc := renderHTML(t, d)
	if got := textOf(doc); !strings.Contains(got, "text not available") {
		t.Errorf("page without texts does not say so")
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
	if got := textOf(doc); !strings.Contains(got, "text not available: gone") {
		t.Errorf("page does not name the missing text")
	}
}

func TestHTMLEmpty(t *testing.T) {
	_, doc := renderHTML(t, Data{})
	if got := textOf(doc); !strings.Contains(got, "No families") {
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

// FuzzSegments checks that any ranges cut any text into segments that
// put it back together exactly, each segment valid UTF-8 if the text is.
func FuzzSegments(f *testing.F) {
	f.Add("Grüße aus Köln 東京", 0, 5, 3, 9, 7, 12)
	f.Add("", 0, 0, 0, 0, 0, 0)
	f.Add("abc", -1, 100, 2, 1, 1, 2)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2, s3, e3 int) {
		var own, targets []rng
		for _, r := range [][2]int{{s1, e1}, {s2, e2}} {
			if s, e, ok := clampRange(text, r[0], r[1]); ok {
				own = append(own, rng{start: s, end: e, kind: "shared", href: "#x"})
			}
		}
		if s, e, ok := clampRange(text, s3, e3); ok {
			targets = append(targets, rng{start: s, end: e, target: true})
		}
		segs := segments(text, own, targets, func(int) string { return "id" })
		var b strings.Builder
		for _, g := range segs {
			if g.Text == "" {
				t.Errorf("empty segment in %q", text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(g.Text) {
				t.Errorf("segment %q of %q is not valid UTF-8", g.Text, text)
			}
			b.WriteString(g.Text)
		}
		if b.String() != text {
			t.Errorf("segments join to %q, want %q", b.String(), text)
		}
	})
}

// manyFamilies repeats the fixture family until the report shows
// families collapsed, their texts drawn from JSON when opened.
func manyFamilies(t testing.TB) Data {
	d := familyData(t)
	for len(d.Families) <= openFamilies {
		d.Families = append(d.Families, d.Families[0])
	}
	return d
}

func TestHTMLCollapsed(t *testing.T) {
	out, doc := renderHTML(t, manyFamilies(t))
	var code, data int
	walk(doc, func(n *html.Node) {
		if n.Data == "details" && hasClass(n, "family") {
			if _, open := attr(n, "open"); open {
				t.Errorf("family %v shown open in a report of %d families", n.Attr, openFamilies+1)
			}
		}
		if n.Data != "script" {
			return
		}
		if typ, _ := attr(n, "type"); typ == "application/json" {
			data++
			var v []*lazyFamily
			if err := json.Unmarshal([]byte(textOf(n)), &v); err != nil {
				t.Fatalf("family texts are not JSON: %v", err)
			}
			if len(v) != openFamilies+1 || v[0] == nil || len(v[0].Right) != 3 {
				t.Fatalf("family texts hold %d families, want %d of 1+3 articles", len(v), openFamilies+1)
			}
			var b strings.Builder
			for _, g := range v[0].Left.Segs {
				b.WriteString(g.Text)
			}
			want, _ := familyData(t).Text(origID)
			if b.String() != want {
				t.Errorf("original's text in JSON = %q, want %q", b.String(), want)
			}
			return
		}
		code++
	})
	if code != 1 || data != 1 {
		t.Errorf("page has %d script and %d JSON elements, want 1 and 1", code, data)
	}
	if n := strings.Count(strings.ToLower(out), "</script"); n != 2 {
		t.Errorf("page closes %d script elements, want 2: input broke out of one", n)
	}
	if strings.Contains(out, "INJECTED") && strings.Contains(out, "<script>document.title") {
		t.Errorf("hostile script appears unescaped")
	}
}

// FuzzWriteHTML writes a family from arbitrary text, title, id and
// offsets, and checks the page never gains an element or attribute from
// them.
func FuzzWriteHTML(f *testing.F) {
	f.Add("<script>alert(1)</script> text", `<img src=x onerror=alert(1)>`, "id</textarea>", 0, 8, 3, 20)
	f.Add("Grüße 東京", "javascript:alert(1)", `"><svg onload=alert(1)>`, -1, 100, 5, 2)
	f.Fuzz(func(t *testing.T, text, title, id string, s1, e1, s2, e2 int) {
		if id == "b" {
			return
		}
		d := Data{
			Articles: []Article{{Doc: id, Family: id, Role: "original", Title: title}, {Doc: "b", Family: id, Role: "copy", SourceDoc: id, Title: title, Source: title}},
			Families: []Family{{Size: 2, Original: id, Members: []string{id, "b"}}},
			Passages: []Passage{
				{Doc: id, Start: s1, End: e1, Kind: "shared", With: []With{{Doc: "b", Start: s2, End: e2}}},
				{Doc: "b", Start: s2, End: e2, Kind: "quote", With: []With{{Doc: id, Start: s1, End: e1}}},
				{Doc: "b", Start: e2, End: e2 + 10, Kind: "unique"},
			},
			Text: func(string) (string, error) { return text, nil },
			URL:  func(string) string { return title },
		}
		var buf bytes.Buffer
		if err := WriteHTML(&buf, d); err != nil {
			t.Fatalf("WriteHTML: %v", err)
		}
		doc, err := html.Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		scripts := 0
		walk(doc, func(n *html.Node) {
			if n.Data == "script" {
				scripts++
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s> has %s=%q", n.Data, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && !strings.HasPrefix(a.Val, "#") && !webURL(a.Val) {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "img", "svg", "textarea", "iframe", "object", "embed":
				t.Errorf("page has a <%s> element", n.Data)
			}
		})
		if scripts != 1 {
			t.Errorf("page has %d script elements, want 1", scripts)
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
	if got := textOf(page); !strings.Contains(got, "shown without their texts") {
		t.Errorf("the page does not say that a family is shown without its texts")
	}
}
