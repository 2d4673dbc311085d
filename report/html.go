package report

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed report.html.tmpl
var pageSource string

// pageTemplate is parsed once, when a page is first written, not at every
// start of the program; html/template escapes every value by context, and
// no input ever reaches the page as template.HTML, CSS, JS or URL.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report.html").Funcs(template.FuncMap{
		"pct": func(x float64) string { return percent(x) },
	}).Parse(pageSource))
})

// openFamilies is how many families a report may have for all of them to
// be shown open, their texts in the page's HTML. Larger reports show
// families collapsed, and each family's texts travel as JSON in a
// <script type="application/json"> that the page's script draws (with
// textContent, never as markup) when the family is opened: the browser
// then parses and lays out only the families opened, and a report of
// 10,000 articles opens in seconds.
const openFamilies = 5

// maxTextBytes bounds the article text a report.html embeds, in bytes.
// Families after the budget is spent are listed with their members and
// shares but without texts (passages.jsonl has every passage).
const maxTextBytes = 64 << 20

// WriteHTML writes report.html: one self-contained page (inline CSS and a
// few lines of inline JavaScript; nothing loaded from elsewhere) with an
// overview of the families, a view per family that sets the original
// beside its members with shared passages highlighted and linked, and
// the related pairs that lie outside families. Families are shown in the
// order of d.Families, members in the order of Family.Members (the
// original first). All input (texts, ids, titles, URLs) is escaped.
func WriteHTML(w io.Writer, d Data) error {
	p := buildPage(d)
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplate().Execute(bw, p); err != nil {
		return fmt.Errorf("report: report.html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: report.html: %w", err)
	}
	return nil
}

// page is what the template shows.
type page struct {
	Articles     int
	Families     int
	InFamilies   int
	Independents int
	Empty        int
	Open         bool // families shown open, texts in the HTML; else drawn from JSON when opened
	Rows         []familyRow
	Views        []familyView
	Pairs        []pairView
	Omitted      int // families shown without texts
}

type familyRow struct {
	Anchor   string
	Title    string
	Original string
	Size     int
	Span     string
	Sources  string
}

type familyView struct {
	Anchor  string
	Title   string
	Family  string
	Size    int
	Span    string
	Members []member
	Left    *docView   // the original
	Right   []*docView // the other members
	NoText  bool
	Index   int // in page.Views
}

// lazyFamily is what the page's JSON holds for one collapsed family.
type lazyFamily struct {
	Left  *docView   `json:"left"`
	Right []*docView `json:"right"`
}

// Lazy returns the texts of the collapsed families for the page's JSON,
// indexed like Views; families without texts are null.
func (p *page) Lazy() []*lazyFamily {
	out := make([]*lazyFamily, len(p.Views))
	for i, v := range p.Views {
		if !v.NoText {
			out[i] = &lazyFamily{v.Left, v.Right}
		}
	}
	return out
}

type member struct {
	Doc         string  `json:"doc"`
	Title       string  `json:"title,omitempty"`
	Role        string  `json:"role,omitempty"`
	SourceDoc   string  `json:"sourceDoc,omitempty"`
	Source      string  `json:"source,omitempty"`
	Published   string  `json:"published,omitempty"`
	Words       int     `json:"-"`
	Copied      float64 `json:"-"`
	Quoted      float64 `json:"-"`
	Independent float64 `json:"-"`
	URL         string  `json:"url,omitempty"`    // http(s) only
	RawURL      string  `json:"rawURL,omitempty"` // shown as text when not a link
}

type docView struct {
	member
	Anchor string `json:"anchor"`
	Segs   []seg  `json:"segs"`
	Err    string `json:"err,omitempty"`
}

// seg is a run of text drawn one way.
type seg struct {
	Text  string `json:"t"`
	Class string `json:"c,omitempty"` // "", "shared", "quote", "unique", "target"
	ID    string `json:"i,omitempty"` // anchor, "" if none
	Href  string `json:"h,omitempty"` // "#anchor" of the other side, "" if none
	Title string `json:"n,omitempty"`
}

type pairView struct {
	A, B                                string
	Relation                            string
	Jaccard, ContainmentA, ContainmentB float64
	SharedWords, QuotedWords            int
	Passages                            []pairPassage
}

type pairPassage struct {
	Kind, Text string
}

func buildPage(d Data) *page {
	arts := make(map[string]*Article, len(d.Articles))
	for i := range d.Articles {
		arts[d.Articles[i].Doc] = &d.Articles[i]
	}
	byDoc := make(map[string][]Passage)
	for _, ps := range d.Passages {
		byDoc[ps.Doc] = append(byDoc[ps.Doc], ps)
	}
	for doc, ps := range byDoc {
		byDoc[doc] = sortedPassages(ps)
	}
	p := &page{Articles: len(d.Articles), Families: len(d.Families), Open: len(d.Families) <= openFamilies}
	for _, a := range d.Articles {
		switch {
		case a.Role == "empty":
			p.Empty++
		case a.Family != "":
			p.InFamilies++
		case a.Role == "independent":
			p.Independents++
		}
	}
	budget := maxTextBytes
	for n, f := range d.Families {
		anchor := "fam-" + strconv.Itoa(n+1)
		docs := familyDocs(f)
		v := familyView{Index: n, Anchor: anchor, Family: f.Original, Size: f.Size, Span: span(f.FirstPublished, f.LastPublished)}
		sources := []string{}
		for _, doc := range docs {
			m := meta(d, arts, doc)
			v.Members = append(v.Members, m)
			if m.Source != "" && !slices.Contains(sources, m.Source) {
				sources = append(sources, m.Source)
			}
		}
		slices.Sort(sources)
		v.Title = v.Members[0].Title
		if v.Title == "" {
			v.Title = v.Members[0].Doc
		}
		texts := make([]string, len(docs))
		errs := make([]string, len(docs))
		// The texts are at least as long as their passages reach: a
		// family that cannot fit the budget is not read at all.
		least := 0
		for _, doc := range docs {
			if ps := byDoc[doc]; len(ps) > 0 {
				least += ps[len(ps)-1].End
			}
		}
		size := 0
		for k, doc := range docs {
			if least > budget {
				break // listed without texts below
			}
			if d.Text == nil {
				errs[k] = "text not available"
				continue
			}
			t, err := d.Text(doc)
			if err != nil {
				errs[k] = "text not available: " + err.Error()
				continue
			}
			texts[k] = t
			size += len(t)
		}
		if least > budget || size > budget {
			v.NoText = true
			p.Omitted++
		} else {
			budget -= size
			views := familyTexts(anchor, docs, texts, byDoc)
			for k := range views {
				views[k].member = v.Members[k]
				views[k].Err = errs[k]
			}
			v.Left, v.Right = views[0], views[1:]
		}
		p.Views = append(p.Views, v)
		p.Rows = append(p.Rows, familyRow{Anchor: anchor, Title: v.Title, Original: docs[0], Size: f.Size, Span: v.Span, Sources: list(sources, 3)})
	}
	// A pair's passages are cut from a's text where they come without
	// theirs; pairs come sorted by a, so each text is read once.
	texts := lastText{text: d.Text}
	for _, pr := range d.Pairs {
		fa, fb := familyOf(arts, pr.A), familyOf(arts, pr.B)
		if fa != "" && fa == fb {
			continue
		}
		v := pairView{A: pr.A, B: pr.B, Relation: pr.Relation, Jaccard: pr.Jaccard, ContainmentA: pr.ContainmentA, ContainmentB: pr.ContainmentB,
			SharedWords: pr.SharedWords, QuotedWords: pr.QuotedWords}
		for _, ps := range byDoc[pr.A] {
			if ps.Kind == "unique" || !slices.ContainsFunc(ps.With, func(w With) bool { return w.Doc == pr.B }) {
				continue
			}
			t := ps.Text
			if t == "" && d.Text != nil {
				if text, err := texts.get(pr.A); err == nil {
					if s, e, ok := clampRange(text, ps.Start, ps.End); ok {
						t = strings.Clone(text[s:e])
					}
				}
			}
			v.Passages = append(v.Passages, pairPassage{Kind: ps.Kind, Text: t})
		}
		p.Pairs = append(p.Pairs, v)
	}
	return p
}

// familyDocs lists a family's members, the original first.
func familyDocs(f Family) []string {
	orig := f.Original
	docs := []string{orig}
	for _, m := range f.Members {
		if m != orig && !slices.Contains(docs[1:], m) {
			docs = append(docs, m)
		}
	}
	return docs
}

func familyOf(arts map[string]*Article, doc string) string {
	if a := arts[doc]; a != nil {
		return a.Family
	}
	return ""
}

func meta(d Data, arts map[string]*Article, doc string) member {
	m := member{Doc: doc}
	if a := arts[doc]; a != nil {
		m = member{Doc: doc, Title: a.Title, Role: a.Role, SourceDoc: a.SourceDoc, Source: a.Source, Published: a.Published,
			Words: a.Words, Copied: a.Copied, Quoted: a.Quoted, Independent: a.Independent}
	}
	if d.URL != nil {
		u := d.URL(doc)
		if webURL(u) {
			m.URL = u
		} else {
			m.RawURL = u
		}
	}
	return m
}

// webURL reports whether u is an absolute http or https URL, the only
// kind the report makes into a link.
func webURL(u string) bool {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return false
	}
	s := strings.ToLower(pu.Scheme)
	return s == "http" || s == "https"
}

func span(first, last string) string {
	switch {
	case first == "" && last == "":
		return ""
	case first == last || last == "":
		return first
	case first == "":
		return last
	}
	return first + " – " + last
}

// list joins up to n items and says how many more there are.
func list(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + " +" + strconv.Itoa(len(items)-n)
}

// rng is a byte range [start, end) of one text, with what it is.
type rng struct {
	start, end int
	kind       string // shared, quote, unique
	href       string // anchor this range links to, "" if none
	title      string
	target     bool // another document links to its start
}

// familyTexts cuts the texts of a family's documents (the original first)
// into segments: each document's own passages are highlighted by kind,
// and each shared or quoted passage links to the same passage in the
// original (or, for a passage the original lacks, in another member, and
// for the original, in the first member that shares it). Every range a
// link points at starts a segment with an anchor. Offsets are clamped to
// the text and moved to rune boundaries; empty ranges are dropped.
func familyTexts(anchor string, docs, texts []string, byDoc map[string][]Passage) []*docView {
	index := make(map[string]int, len(docs))
	for k, doc := range docs {
		index[doc] = k
	}
	id := func(k, start int) string { return anchor + "-d" + strconv.Itoa(k) + "-" + strconv.Itoa(start) }
	ranges := make([][]rng, len(docs))
	targets := make([][]rng, len(docs))
	for k, doc := range docs {
		t := texts[k]
		for _, ps := range byDoc[doc] {
			s, e, ok := clampRange(t, ps.Start, ps.End)
			if !ok {
				continue
			}
			r := rng{start: s, end: e, kind: ps.Kind}
			switch ps.Kind {
			case "unique":
				r.title = "independent reporting"
			case "quote", "shared":
				r.title = "shared"
				if ps.Kind == "quote" {
					r.title = "quotation"
				}
				if w, j, ok := linkTarget(ps.With, k, index, texts); ok {
					ws, we, _ := clampRange(texts[j], w.Start, w.End)
					r.href = "#" + id(j, ws)
					switch {
					case ps.Kind == "quote":
						r.title += ", also in " + docs[j]
					case k == 0:
						r.title += " with " + docs[j]
					default:
						r.title = "copied from " + docs[j]
					}
					targets[j] = append(targets[j], rng{start: ws, end: we, kind: ps.Kind, target: true})
				}
			default:
				continue
			}
			ranges[k] = append(ranges[k], r)
		}
	}
	views := make([]*docView, len(docs))
	for k := range docs {
		views[k] = &docView{Anchor: anchor + "-d" + strconv.Itoa(k), Segs: segments(texts[k], ranges[k], targets[k], func(start int) string { return id(k, start) })}
	}
	return views
}

// linkTarget picks the other side a passage of document k links to: the
// original (document 0) if the passage is shared with it, else the first
// family member in With whose text is at hand.
func linkTarget(ws []With, k int, index map[string]int, texts []string) (With, int, bool) {
	best, bestJ := With{}, -1
	for _, w := range ws {
		j, ok := index[w.Doc]
		if !ok || j == k {
			continue
		}
		if _, _, ok := clampRange(texts[j], w.Start, w.End); !ok {
			continue
		}
		if bestJ < 0 || j < bestJ {
			best, bestJ = w, j
		}
	}
	return best, bestJ, bestJ >= 0
}

// clampRange clamps [start, end) to text and widens it to rune
// boundaries. ok is false when nothing is left.
func clampRange(text string, start, end int) (int, int, bool) {
	start = max(0, min(start, len(text)))
	end = max(0, min(end, len(text)))
	for start > 0 && start < len(text) && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	return start, end, start < end
}

// segments cuts text at the bounds of its own ranges and of the ranges
// other documents link to. Own ranges are drawn in the order given by
// start; where they overlap, the later one starts where the earlier ends.
// A linked-to range not covered by an own range is drawn as a target.
func segments(text string, own, targets []rng, id func(start int) string) []seg {
	if text == "" {
		return nil
	}
	slices.SortStableFunc(own, func(a, b rng) int { return cmp.Compare(a.start, b.start) })
	// Make own ranges disjoint.
	end := 0
	disjoint := own[:0:0]
	for _, r := range own {
		r.start = max(r.start, end)
		if r.start >= r.end {
			continue
		}
		disjoint = append(disjoint, r)
		end = r.end
	}
	cuts := []int{0, len(text)}
	for _, r := range disjoint {
		cuts = append(cuts, r.start, r.end)
	}
	isTarget := make(map[int]bool, len(targets))
	for _, r := range targets {
		cuts = append(cuts, r.start, r.end)
		isTarget[r.start] = true
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	slices.SortFunc(targets, func(a, b rng) int { return cmp.Compare(a.start, b.start) })
	segs := make([]seg, 0, len(cuts))
	last := 0      // where segs[len(segs)-1] starts
	oi, ti := 0, 0 // first own range that may cover the piece; first target not yet started
	reach := 0     // furthest end of the targets started so far
	for i := 0; i+1 < len(cuts); i++ {
		s, e := cuts[i], cuts[i+1]
		for oi < len(disjoint) && disjoint[oi].end <= s {
			oi++
		}
		for ti < len(targets) && targets[ti].start <= s {
			reach = max(reach, targets[ti].end)
			ti++
		}
		g := seg{Text: text[s:e]}
		starts := false
		if oi < len(disjoint) && disjoint[oi].start <= s {
			r := disjoint[oi]
			g.Class, g.Href, g.Title = r.kind, r.href, r.title
			starts = r.start == s
		} else if reach > s {
			g.Class, g.Title = "target", "shared with another member"
		}
		if isTarget[s] || starts && g.Href != "" {
			g.ID = id(s)
		}
		// Join a piece to the previous one when nothing tells them apart.
		if n := len(segs); n > 0 && g.ID == "" && !starts && segs[n-1].Class == g.Class && segs[n-1].Href == g.Href {
			segs[n-1].Text = text[last:e]
			continue
		}
		segs = append(segs, g)
		last = s
	}
	return segs
}
