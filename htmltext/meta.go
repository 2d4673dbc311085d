package htmltext

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta is what the page says about itself, gathered in one walk of the
// document before anything is pruned.
type meta struct {
	ogTitle, title, canonical, ogURL, published, timeDatetime, siteName string
	metaDate                                                            string // <meta name="date"> and its kin
	h1                                                                  string // the first <h1>
	ld                                                                  jsonLD
}

// headlines are the spellings of the page's headline: its title (whole
// and less a site name), og:title, JSON-LD headline and first <h1>.
func (m meta) headlines() []string {
	return []string{m.title, stripSiteSuffix(m.title, m.siteName), m.ogTitle, m.ld.headline, m.h1}
}

// jsonLD is what the JSON-LD blocks of a page give, first value wins.
type jsonLD struct {
	headline, datePublished, publisher string
}

// maxJSONLD bounds the bytes of one JSON-LD block that are decoded.
const maxJSONLD = 1 << 20

func readMeta(doc *html.Node) meta {
	var m meta
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				m.readMetaTag(n)
			case atom.Title:
				if m.title == "" {
					m.title = collapse(textOf(n))
				}
			case atom.H1:
				if m.h1 == "" {
					m.h1 = collapse(textOf(n))
				}
			case atom.Link:
				if m.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					m.canonical = absURL(attr(n, "href"))
				}
			case atom.Time:
				if m.timeDatetime == "" {
					m.timeDatetime = attr(n, "datetime")
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					m.ld.read(textOf(n))
				}
				return
			case atom.Svg, atom.Style, atom.Template:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

func (m *meta) readMetaTag(n *html.Node) {
	key := attr(n, "property")
	if key == "" {
		key = attr(n, "name")
	}
	if key == "" {
		key = attr(n, "itemprop")
	}
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	set := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "og:title":
		set(&m.ogTitle, collapse(content))
	case "og:url":
		set(&m.ogURL, absURL(content))
	case "og:site_name":
		set(&m.siteName, collapse(content))
	case "article:published_time", "datepublished":
		set(&m.published, content)
	case "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
		"dcterms.date", "dcterms.issued", "article.published", "parsely-pub-date", "sailthru.date":
		set(&m.metaDate, content)
	}
}

// read takes the first headline, datePublished and publisher name found in
// one JSON-LD block: a single object, an array of them, or an @graph.
func (ld *jsonLD) read(src string) {
	if len(src) > maxJSONLD {
		return
	}
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(src)), &v) != nil {
		return
	}
	byID := map[string]map[string]any{}
	var objects []map[string]any
	var collect func(v any, depth int)
	collect = func(v any, depth int) {
		if depth > 3 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				collect(e, depth+1)
			}
		case map[string]any:
			objects = append(objects, x)
			if id, ok := x["@id"].(string); ok {
				byID[id] = x
			}
			if g, ok := x["@graph"]; ok {
				collect(g, depth+1)
			}
		}
	}
	collect(v, 0)
	for _, o := range objects {
		if ld.headline == "" {
			ld.headline = collapse(str(o["headline"]))
		}
		if ld.datePublished == "" {
			ld.datePublished = str(o["datePublished"])
		}
		if ld.publisher == "" {
			ld.publisher = collapse(name(o["publisher"], byID))
		}
	}
}

// str returns v if it is a string, or the first string of an array.
func str(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

// name returns the name of a JSON-LD thing given as a string, an object,
// a reference {"@id": ...} to an object elsewhere in the block, or an
// array of them.
func name(v any, byID map[string]map[string]any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		if n := str(x["name"]); n != "" {
			return n
		}
		if id, ok := x["@id"].(string); ok {
			if o, ok := byID[id]; ok {
				return str(o["name"])
			}
		}
	case []any:
		for _, e := range x {
			if n := name(e, byID); n != "" {
				return n
			}
		}
	}
	return ""
}

// fill sets the metadata fields of p from m, each from the first source
// that gives it.
func (m meta) fill(p *Page) {
	p.Source = first(m.siteName, m.ld.publisher)
	p.Title = first(m.ogTitle, stripSiteSuffix(m.title, p.Source), m.ld.headline)
	p.URL = first(m.canonical, m.ogURL)
	for _, d := range []string{m.published, m.ld.datePublished, m.metaDate, m.timeDatetime} {
		if p.Published = normaliseDate(d); p.Published != "" {
			break
		}
	}
}

func first(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// titleSeparators divide a <title> into the headline and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " : "}

// stripSiteSuffix removes a site name appended to a page title, as in
// "Headline | WYSO" or "Headline - NPR". The last part is taken for a site
// name when it equals the known one, or, when none is known, when it is at
// most four words and shorter than what precedes it.
func stripSiteSuffix(title, site string) string {
	cut, sep := -1, ""
	for _, s := range titleSeparators {
		if i := strings.LastIndex(title, s); i > cut {
			cut, sep = i, s
		}
	}
	if cut <= 0 {
		return title
	}
	head, tail := strings.TrimSpace(title[:cut]), strings.TrimSpace(title[cut+len(sep):])
	if head == "" {
		return title
	}
	if site != "" {
		if strings.EqualFold(tail, site) {
			return head
		}
		return title
	}
	if n := len(strings.Fields(tail)); n <= 4 && n < len(strings.Fields(head)) {
		return head
	}
	return title
}

// dateLayouts are the forms of dates met in page metadata, longest first.
var dateLayouts = []struct {
	layout string
	zoned  bool
	clock  bool
}{
	{time.RFC3339Nano, true, true},
	{"2006-01-02T15:04:05Z0700", true, true},
	{"2006-01-02T15:04Z07:00", true, true},
	{"2006-01-02 15:04:05Z07:00", true, true},
	{"2006-01-02 15:04:05 -0700", true, true},
	{time.RFC1123Z, true, true},
	{time.RFC1123, true, true},
	{"2006-01-02T15:04:05.999999999", false, true},
	{"2006-01-02T15:04", false, true},
	{"2006-01-02 15:04:05", false, true},
	{"2006-01-02 15:04", false, true},
	{"2006-01-02", false, false},
	{"2006/01/02", false, false},
	{"20060102", false, false},
}

// normaliseDate returns s as RFC 3339 when it gives a time with a zone,
// as YYYY-MM-DD when it gives a date (or a time without a zone), and ""
// when it is not a date in a known form.
func normaliseDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 8 || len(s) > 64 {
		return ""
	}
	for _, l := range dateLayouts {
		t, err := time.Parse(l.layout, s)
		if err != nil || t.Year() < 1000 || t.Year() > 9999 {
			continue
		}
		if l.zoned {
			return t.Format(time.RFC3339)
		}
		return t.Format(time.DateOnly)
	}
	return ""
}

// absURL returns u if it is an absolute http or https URL, else "".
func absURL(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the space-separated list s has tok, ignoring case.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// textOf returns the text below n.
func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

// collapse trims s and turns each run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
