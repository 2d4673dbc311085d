package htmltext

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page is what a web page yields: its main text and metadata. Fields the
// page does not give are "".
type Page struct {
	Text      string // the article's main text, paragraphs separated by blank lines
	Title     string
	URL       string // canonical URL
	Published string // RFC 3339 or YYYY-MM-DD
	Source    string // site name
	// Warnings are problems that did not stop extraction (invalid bytes
	// replaced, an unknown charset), each a short sentence.
	Warnings []string
}

// Errors Extract wraps, to be told apart with errors.Is.
var (
	// ErrBinary means the input is not text: a compressed file, an image
	// or other binary data.
	ErrBinary = errors.New("binary data, not an HTML page")
	// ErrNoText means the page has no article text: only navigation and
	// other page chrome, or nothing at all.
	ErrNoText = errors.New("no article text")
)

// maxDepth bounds the nesting of elements. Deeper elements are flattened
// into their ancestor at this depth, so that no recursion (here or in the
// extraction library) can exhaust the stack on a hostile page.
const maxDepth = 256

// maxText and maxElements bound what of a page, once its chrome is
// pruned, goes to the extraction library, whose time grows with the square
// of a page's paragraph text. A long news article has some 50 KB of text
// in a few thousand elements; what lies beyond the bounds is dropped with
// a warning.
const (
	maxText     = 512 << 10 // bytes of text
	maxElements = 40000
)

// maxInput bounds the bytes of a page that are read at all; the rest is
// dropped with a warning.
const maxInput = 32 << 20

// maxTags bounds the tags of a page that are parsed: the parser keeps a
// node of some hundred bytes for each, so that a page of a few MB of bare
// tags ("<p>x <p>x ...") would take a hundred times its size. Five times
// maxElements, which the extraction reads at most; the rest is dropped
// with a warning.
const maxTags = 5 * maxElements

// minWords is the fewest words an article's text has. A page below it
// holds at most a line of chrome ("No results found.") and is reported as
// having no article text.
const minWords = 8

// Extract reads one page of bytes, in the charset it declares. It
// returns an error only when the page yields no usable text (binary data,
// no article text); it never panics. It is safe for concurrent use.
func Extract(raw []byte) (Page, error) { return extract(raw, "", nil) }

// ExtractCharset reads one page of bytes served with an HTTP Content-Type
// that names charset (it may be ""): as in browsers, a byte order mark
// wins over it, and it wins over the page's own declaration.
func ExtractCharset(raw []byte, charset string) (Page, error) {
	return extract(raw, charset, nil)
}

// ExtractString reads one page that is already a string (a field of a
// JSON or CSV record): the page's charset declaration is not applied to
// it again.
func ExtractString(page string) (Page, error) { return extract([]byte(page), "", &page) }

// extract reads a page: raw, in the charset it declares or the charset
// given, or src when it is already decoded.
func extract(raw []byte, charset string, decoded *string) (p Page, err error) {
	defer func() {
		// The extraction library is large; should it panic on some page,
		// that page is reported as unreadable rather than taking the
		// program down.
		if r := recover(); r != nil {
			p, err = Page{}, fmt.Errorf("htmltext: extraction failed: %v", r)
		}
	}()
	if _, bom := bomEncoding(raw); decoded != nil || bom == "" || bom == "utf-8" {
		if kind := sniffBinary(raw); kind != "" {
			return Page{}, fmt.Errorf("htmltext: %s: %w", kind, ErrBinary)
		}
	}
	var warnings []string
	if len(raw) > maxInput {
		raw = raw[:maxInput]
		warnings = append(warnings, fmt.Sprintf("page is larger than %d MB; only its first %d MB read", maxInput>>20, maxInput>>20))
	}
	var text string
	if decoded != nil {
		text = strings.ToValidUTF8((*decoded)[:len(raw)], "\uFFFD")
	} else {
		var w []string
		text, w = decode(raw, charset)
		warnings = append(warnings, w...)
	}
	src := text
	if i := nthTag(src, maxTags); i >= 0 {
		src = src[:i]
		warnings = append(warnings, fmt.Sprintf("page has more than %d tags; only the first %d read", maxTags, maxTags))
	} else if truncatedInTag(src) {
		warnings = append(warnings, "page ends inside a tag; it may be truncated")
	} else if truncatedDocument(src) {
		warnings = append(warnings, "page has no </body> or </html> end tag; it may be truncated")
	}
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// The parser refuses pages that nest more than 512 elements
		// (unclosed tags, most often); their text is read flat instead.
		warnings = append(warnings, fmt.Sprintf("page cannot be parsed (%v); read without its structure", err))
		doc, err = html.Parse(strings.NewReader(flatten(src)))
		if err != nil {
			return Page{}, fmt.Errorf("htmltext: %w", err)
		}
	}
	limitDepth(doc, maxDepth)

	m := readMeta(doc)
	m.fill(&p)
	p.Warnings = warnings
	prune(doc)
	if cut := limitSize(doc, maxText, maxElements); cut {
		p.Warnings = append(p.Warnings, fmt.Sprintf("page has more than %d KB of text or %d elements; only the first read", maxText>>10, maxElements))
	}

	parser := readability.NewParser()
	// JSON-LD was read above, and the library's reading of it changes
	// nothing of the text.
	parser.DisableJSONLD = true
	res, err := parser.ParseDocument(doc, nil)
	if err != nil || res.Node == nil {
		return p, fmt.Errorf("htmltext: %w", ErrNoText)
	}
	p.Text = render(res.Node, m.headlines())
	if countWords(p.Text) < minWords || !hasSentence(p.Text) {
		p.Text = ""
		return p, fmt.Errorf("htmltext: %w", ErrNoText)
	}
	return p, nil
}

// hasSentence reports whether text has a paragraph of at least
// minParagraph words: a page of short lines (a player, a menu, "No results
// found") holds no article.
func hasSentence(text string) bool {
	for _, para := range strings.Split(text, "\n\n") {
		if countWords(para) >= minParagraph {
			return true
		}
	}
	return false
}

// countWords counts the words of s: the runs of characters between
// spaces, where in the scripts written without spaces (Chinese, Japanese)
// every two characters count as a word, about the length of one.
func countWords(s string) int {
	n, cjk := 0, 0
	inWord, wordCJK := false, false // in a word; the word has CJK characters
	for _, r := range s {
		if unicode.IsSpace(r) {
			if inWord && !wordCJK {
				n++
			}
			inWord, wordCJK = false, false
			continue
		}
		inWord = true
		if r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			cjk++
			wordCJK = true
		}
	}
	if inWord && !wordCJK {
		n++
	}
	return n + (cjk+1)/2
}

// minParagraph is the fewest words of the longest paragraph of an article.
const minParagraph = 12

// flatten rewrites an HTML page as a flat one: its <head> elements that
// carry metadata are kept, its text is kept as paragraphs split where a
// block element starts or ends, and every other tag is dropped. Like
// limitSize, it stops after maxText bytes of text or maxElements blocks.
func flatten(src string) string {
	var b strings.Builder
	var text, blocks int
	b.WriteString("<!DOCTYPE html><html><head>")
	z := html.NewTokenizer(strings.NewReader(src))
	skip := atom.Atom(0) // inside a script or style: skip to its end tag
	for text <= maxText && blocks <= maxElements {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			if skip == 0 {
				b.WriteString(html.EscapeString(tok.Data))
				text += len(tok.Data)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case skip != 0:
			case tok.DataAtom == atom.Script || tok.DataAtom == atom.Style:
				if tt == html.StartTagToken {
					skip = tok.DataAtom
				}
			case tok.DataAtom == atom.Meta || tok.DataAtom == atom.Link:
				b.WriteString(tok.String())
			case tok.DataAtom == atom.Title:
				b.WriteString("<title>")
			case tok.DataAtom == atom.Br:
				b.WriteString("<br>")
			case blockElements[tok.Data]:
				b.WriteString("</p><p>")
				blocks++
			}
		case html.EndTagToken:
			switch {
			case tok.DataAtom == skip:
				skip = 0
			case skip != 0:
			case tok.DataAtom == atom.Title:
				b.WriteString("</title>")
			case blockElements[tok.Data]:
				b.WriteString("</p><p>")
				blocks++
			}
		}
	}
	return b.String()
}

// truncatedDocument reports whether s is a whole document (it has an
// <html> or <body> start tag) without an end tag of either: a page cut
// short between tags. A fragment (a record's html field that holds a few
// paragraphs) is never taken for a truncated page.
func truncatedDocument(s string) bool {
	const span = 64 << 10
	head, tail := s[:min(len(s), span)], s[max(0, len(s)-span):]
	return hasTag(head, "<html", "<body") && !hasTag(tail, "</html", "</body")
}

// hasTag reports whether s holds one of the tag openings a or b, in any
// case.
func hasTag(s, a, b string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0; {
		rest := s[i:]
		if len(rest) >= len(a) && strings.EqualFold(rest[:len(a)], a) || len(rest) >= len(b) && strings.EqualFold(rest[:len(b)], b) {
			return true
		}
		j := strings.IndexByte(rest[1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// truncatedInTag reports whether s ends inside a tag: its last '<' that
// opens a tag has no '>' after it.
func truncatedInTag(s string) bool {
	s = strings.TrimRight(s, " \t\r\n")
	i := strings.LastIndexByte(s, '<')
	if i < 0 || i+1 >= len(s) || strings.IndexByte(s[i:], '>') >= 0 {
		return false
	}
	c := s[i+1]
	return c == '/' || c == '!' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// limitDepth replaces the children of every element at depth max by the
// text they hold, without recursion.
func limitDepth(doc *html.Node, max int) {
	type item struct {
		n     *html.Node
		depth int
	}
	stack := []item{{doc, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth >= max && it.n.FirstChild != nil {
			var sb strings.Builder
			walkIter(it.n, func(c *html.Node) {
				if c.Type == html.TextNode {
					sb.WriteString(c.Data)
					sb.WriteByte(' ')
				}
			})
			for c := it.n.FirstChild; c != nil; c = it.n.FirstChild {
				it.n.RemoveChild(c)
			}
			it.n.AppendChild(&html.Node{Type: html.TextNode, Data: sb.String()})
			continue
		}
		for c := it.n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, item{c, it.depth + 1})
		}
	}
}

// limitSize removes everything after the point in doc where its text
// passes maxText bytes or its elements pass maxElems, and reports whether
// it removed anything.
func limitSize(doc *html.Node, maxText, maxElems int) bool {
	var text, elems int
	var last *html.Node
	walkIter(doc, func(n *html.Node) {
		if last != nil {
			return
		}
		switch n.Type {
		case html.TextNode:
			text += len(n.Data)
		case html.ElementNode:
			elems++
		}
		if text > maxText || elems > maxElems {
			last = n
		}
	})
	if last == nil {
		return false
	}
	if last.Type == html.TextNode {
		// Keep the part of the text within the bound, cut at a rune.
		keep := len(last.Data) - (text - maxText)
		for keep > 0 && !utf8.RuneStart(last.Data[keep]) {
			keep--
		}
		last.Data = last.Data[:max(keep, 0)]
	}
	for n := last; n != nil && n != doc; n = n.Parent {
		for s := n.NextSibling; s != nil; s = n.NextSibling {
			n.Parent.RemoveChild(s)
		}
	}
	if last.Type == html.ElementNode && last.Parent != nil {
		last.Parent.RemoveChild(last)
	}
	return true
}

// walkIter calls fn for n and every node below it, in document order,
// without recursion.
func walkIter(n *html.Node, fn func(*html.Node)) {
	for c := n; c != nil; {
		fn(c)
		if c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		for c != n && c.NextSibling == nil {
			c = c.Parent
		}
		if c == n {
			return
		}
		c = c.NextSibling
	}
}

// prunedElements never hold article text.
var prunedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Figcaption: true, atom.Dialog: true, atom.Nav: true, atom.Button: true,
	atom.Form: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Audio: true, atom.Video: true, atom.Canvas: true,
	atom.Aside: true, atom.Footer: true,
}

// prunedRoles are ARIA roles of page chrome.
var prunedRoles = map[string]bool{
	"navigation": true, "dialog": true, "alertdialog": true, "menu": true,
	"menubar": true, "complementary": true, "contentinfo": true, "search": true,
}

// prunedNameParts mark, in a class or id, captions and photo credits
// (which the article text must not include), cookie or consent banners
// (which extraction libraries sometimes take for the only text on a
// page), and the furniture around a story: bylines, ad slots, donation
// and newsletter appeals, share buttons, tag lists, related stories.
var prunedNameParts = []string{
	"caption", "credit", "cookie", "consent", "gdpr",
	"byline", "author", "adslot", "advert", "support", "donat", "promo",
	"newsletter", "subscribe", "share", "social", "tags", "related",
	"search", "breadcrumb", "sidebar", "footer", "masthead", "standfirst", "dek",
}

// prune removes from doc what is never article text, before the
// extraction library sees it.
func prune(doc *html.Node) {
	var doomed []*html.Node
	walkIter(doc, func(n *html.Node) {
		if n.Type == html.CommentNode {
			doomed = append(doomed, n)
		}
		if n.Type == html.ElementNode && n.DataAtom != atom.Html && n.DataAtom != atom.Body {
			switch isChrome(n) {
			case chrome:
				doomed = append(doomed, n)
			case wrapper:
				// The extraction library drops elements by the same
				// names; this one holds the article, so its names go.
				n.Attr = slices.DeleteFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "class" || a.Key == "id" })
			}
		}
	})
	// Removing a node whose ancestor is already removed is harmless.
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// What isChrome finds an element to be.
const (
	content = iota // possibly article text
	chrome         // never article text
	wrapper        // named like chrome, but holds paragraphs of text
)

func isChrome(n *html.Node) int {
	if n.DataAtom == atom.Form && paragraphs(n, 3) >= 3 {
		// A form around the whole page (ASP.NET pages are one): only its
		// controls are chrome.
		return content
	}
	if prunedElements[n.DataAtom] {
		return chrome
	}
	named := false
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return chrome
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return chrome
			}
		case "role":
			if prunedRoles[strings.ToLower(strings.TrimSpace(a.Val))] {
				return chrome
			}
		case "class", "id":
			v := strings.ToLower(a.Val)
			for _, part := range prunedNameParts {
				named = named || strings.Contains(v, part)
			}
		}
	}
	if !named {
		return content
	}
	// A caption or a banner holds a paragraph or two; an element named
	// so that holds more ("story with-captions") wraps the article.
	if paragraphs(n, 3) < 3 {
		return chrome
	}
	return wrapper
}

// paragraphs counts the <p> elements below n, up to limit.
func paragraphs(n *html.Node, limit int) int {
	count := 0
	walkIter(n, func(c *html.Node) {
		if count < limit && c.Type == html.ElementNode && c.DataAtom == atom.P {
			count++
		}
	})
	return count
}

// blockElements end a paragraph of the rendered text. The extraction
// library returns HTML with its own names for some blocks ("head",
// "list", "item", "quote"), which are listed too.
var blockElements = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true,
	"header": true, "footer": true, "aside": true, "figure": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "td": true, "th": true,
	"hr": true, "details": true, "summary": true, "body": true, "html": true,
	"head": true, "list": true, "item": true, "quote": true, "code": true,
}

// para is a paragraph rendered, with the bytes of its text that lie in
// links.
type para struct {
	text  string
	links int
}

// render returns the text below n: blocks become paragraphs separated by
// a blank line, white space within a paragraph collapses to single spaces,
// and a <br> becomes a line break. Paragraphs that are never article text
// are left out (see keep); headlines are the page's headline candidates.
func render(n *html.Node, headlines []string) string {
	var paras []para
	var cur strings.Builder
	links, inLink := 0, 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			paras = append(paras, para{s, links})
		}
		cur.Reset()
		links = 0
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			before := cur.Len()
			writeCollapsed(&cur, n.Data)
			if inLink > 0 {
				links += len(strings.TrimSpace(cur.String()[before:]))
			}
			return
		case html.ElementNode:
			if n.Data == "br" || n.Data == "lb" {
				trimTrailingSpace(&cur)
				cur.WriteByte('\n')
				return
			}
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.Data]
		if block {
			flush()
		}
		link := n.Type == html.ElementNode && n.DataAtom == atom.A
		if link {
			inLink++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if link {
			inLink--
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	heads := headlineSet{}
	for _, h := range headlines {
		if k := letters(h); k != "" {
			heads.keys = append(heads.keys, k)
			heads.longest = max(heads.longest, len(h))
		}
	}
	var out []string
	for _, p := range paras {
		lines := strings.Split(p.text, "\n")
		kept := lines[:0]
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" {
				kept = append(kept, l)
			}
		}
		text := strings.Join(kept, "\n")
		if keep(text, p.links, heads) {
			out = append(out, text)
		}
	}
	return strings.Join(out, "\n\n")
}

// keep reports whether a paragraph of the main content is article text.
// Left out are:
//   - the headline: a paragraph that is one of the page's headline
//     candidates (its title, og:title, JSON-LD headline, first <h1>),
//     letters and digits compared; a headline is never part of the text,
//     on any page, so that it never counts as an article's own words;
//   - a paragraph with no letter or digit ("/*", "|");
//   - a bare URL;
//   - a list of links: a paragraph of at most 25 words that is 80% or
//     more link text ("More from Sci-Tech", related stories);
//   - a dateline or byline: at most 15 words, not ending as a sentence
//     does, that start with "Updated", "Published", "Posted" or "Last
//     updated" and hold a date or a time, or start with "By" and hold a
//     date, or hold both a date and a time.
func keep(text string, links int, heads headlineSet) bool {
	if !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return false
	}
	if len(text) <= 2*heads.longest && slices.Contains(heads.keys, letters(text)) {
		return false
	}
	if !strings.ContainsAny(text, " \n") && (strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://")) {
		return false
	}
	words := countWords(text)
	if words <= 25 && links*5 >= len(text)*4 {
		return false
	}
	if words <= 15 && !sentenceEnd(text) {
		date, clock := dateRe.MatchString(text), clockRe.MatchString(text)
		switch {
		case date && clock, stampRe.MatchString(text) && (date || clock), byRe.MatchString(text) && date:
			return false
		}
	}
	return true
}

// sentenceEnd reports whether text ends as a sentence does: datelines
// and bylines do not.
func sentenceEnd(text string) bool {
	t := strings.TrimRight(text, ` "'”’)»`)
	return strings.HasSuffix(t, ".") && !strings.HasSuffix(t, ".m.") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

var (
	byRe    = regexp.MustCompile(`^(?i)by\b`)
	stampRe = regexp.MustCompile(`^(?i)(updated|published|posted|last updated|first published)\b`)
	clockRe = regexp.MustCompile(`(?i)\b\d{1,2}:\d{2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.|[a-z]{2,4}t\b)?`)
	dateRe  = regexp.MustCompile(`(?i)\b((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4})\b`)
)

// headlineSet holds the page's headline candidates as letters.
type headlineSet struct {
	keys    []string
	longest int // bytes of the longest candidate as written
}

// letters returns the letters and digits of s, lower-cased: what two
// spellings of one headline share.
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// writeCollapsed appends s to b with runs of white space as one space and
// no space at the start of a line.
func writeCollapsed(b *strings.Builder, s string) {
	space := b.Len() == 0 || endsWithSpace(b)
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		default:
			b.WriteRune(r)
			space = false
		}
	}
}

func endsWithSpace(b *strings.Builder) bool {
	s := b.String()
	return len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n')
}

func trimTrailingSpace(b *strings.Builder) {
	s := b.String()
	if t := strings.TrimRight(s, " "); len(t) != len(s) {
		b.Reset()
		b.WriteString(t)
	}
}

// nthTag returns the offset of the nth '<' of s (counted from one), or -1
// if s has no more than n-1.
func nthTag(s string, n int) int {
	at := 0
	for range n {
		i := strings.IndexByte(s[at:], '<')
		if i < 0 {
			return -1
		}
		at += i + 1
	}
	return at - 1
}
