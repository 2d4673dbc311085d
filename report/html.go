package report

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/wiretrace/wiretrace/shingle"
)

//go:embed report.html.tmpl
var pageSource string

// pageTemplate is parsed once, when a page is first written, not at every
// start of the program; html/template escapes every value by context, and
// no input ever reaches the page as template.HTML, CSS, JS or URL.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report.html").Parse(pageSource))
})

// maxTextBytes bounds the article text a report.html embeds, in bytes.
// Families after the budget is spent are listed with their members and
// shares but without texts (passages.jsonl has every passage).
const maxTextBytes = 32 << 20

// maxShareBytes bounds the text of the passages independent articles and
// pairs outside families show, in bytes.
const maxShareBytes = 8 << 20

// Run is what made a report: the program's version, its parameters and
// its inputs, shown on the page so that a reader knows how it was made.
// It holds no clock time: the same input gives the same page.
type Run struct {
	Version    string
	Parameters []Parameter // in the order given
	Inputs     []string
}

// Parameter is one setting of a run, as its flag names it.
type Parameter struct {
	Name, Value string
}

// WriteHTML writes report.html: one self-contained page (inline CSS and
// one inline script; nothing loaded from elsewhere) for a person. It
// shows the run that made it, counts, and a filter box over lists of the
// families, the independent articles with what they share, and the pairs
// outside families. A family opens to its members' shares and, for each
// member, its paragraphs beside the original's in aligned rows: copied,
// rewritten and quoted text and the member's own reporting marked, and
// the words an edit changed marked on both sides, flagged when they are
// numbers, names or dates. Families are listed in the order of
// d.Families.
//
// The lists and each family's texts travel as JSON in <script
// type="application/json"> elements that the page's script draws with
// textContent, never as markup, a page of rows at a time and a family's
// texts when it is opened: the browser parses and lays out only what is
// shown, so a report of 100,000 articles opens at once. All input
// (texts, ids, titles, URLs) is escaped; only http and https URLs become
// links.
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
	Run          Run
	Articles     int
	Families     int
	InFamilies   int
	Independents int
	Empty        int
	PairsOutside int
	Omitted      int // families shown without texts
	List         listData
	Texts        []familyTexts // of the families with texts, in list order
}

// listData is the page's JSON of what it lists.
type listData struct {
	Families     []familyItem `json:"families"`
	Independents []indepItem  `json:"independents"`
	Pairs        []pairItem   `json:"pairs"`
}

type familyItem struct {
	Anchor  string   `json:"anchor"`
	Title   string   `json:"title"`
	Doc     string   `json:"doc"` // the original
	Size    int      `json:"size"`
	Span    string   `json:"span,omitempty"`
	Sources string   `json:"sources,omitempty"`
	Members []member `json:"members"` // the original first
	Texts   bool     `json:"texts"`   // a familyTexts block has its texts
}

type member struct {
	Doc         string `json:"doc"`
	Title       string `json:"title,omitempty"`
	Role        string `json:"role,omitempty"`
	SourceDoc   string `json:"sourceDoc,omitempty"`
	Source      string `json:"source,omitempty"`
	Published   string `json:"published,omitempty"`
	Words       int    `json:"words"`
	Copied      frac   `json:"copied"`
	Rewritten   frac   `json:"rewritten"`
	Quoted      frac   `json:"quoted"`
	Independent frac   `json:"own"`
	URL         string `json:"url,omitempty"`    // http(s) only
	RawURL      string `json:"rawURL,omitempty"` // shown as text when not a link
}

// frac is a fraction in the page's JSON: 4 decimals at most, trailing
// zeros dropped; NaN and infinities are 0.
type frac float64

func (f frac) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	return strconv.AppendFloat(nil, math.Round(x*1e4)/1e4, 'f', -1, 64), nil
}

type indepItem struct {
	member
	Shares []share `json:"shares"`
}

// share is a passage an article shares with another outside families.
type share struct {
	Kind  string `json:"kind"`
	With  string `json:"with"`
	Words int    `json:"words"`
	Text  string `json:"text,omitempty"`
}

type pairItem struct {
	A            string  `json:"a"`
	B            string  `json:"b"`
	Relation     string  `json:"relation"`
	Jaccard      frac    `json:"jaccard"`
	ContainmentA frac    `json:"containmentA"`
	ContainmentB frac    `json:"containmentB"`
	SharedWords  int     `json:"sharedWords"`
	QuotedWords  int     `json:"quotedWords"`
	Shares       []share `json:"shares"`
}

// familyTexts is one family's texts in aligned rows: each member beside
// the original.
type familyTexts struct {
	ID    string       `json:"-"` // the element's id
	Views []memberView `json:"views"`
}

type memberView struct {
	Doc  string `json:"doc"`
	Err  string `json:"err,omitempty"`
	Rows []row  `json:"rows"`
}

// row is one aligned row: paragraphs of the original (left) and of the
// member (right). Kind is "pair" (a member paragraph beside the original
// paragraph it takes from), "own" (the member's own text), "other" (text
// copied from another member, not from the original), "moved" (taken from
// an original paragraph shown above), or "cut" (original paragraphs the
// member does not carry; N of them).
type row struct {
	Kind  string  `json:"k"`
	Left  [][]seg `json:"l,omitempty"` // paragraphs, each a run of segments
	Right [][]seg `json:"r,omitempty"`
	N     int     `json:"n,omitempty"`
}

// seg is a run of text drawn one way.
type seg struct {
	Text string `json:"t"`
	// Class is the passage kind ("shared", "rewritten", "quote",
	// "unique", "taken" for original text a member carries) and, for
	// words an edit changed, "ed" and the flags: "shared ed number".
	Class string `json:"c,omitempty"`
	Title string `json:"n,omitempty"` // what an edit changed, as a tooltip
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
	p := &page{Run: d.Run, Articles: len(d.Articles), Families: len(d.Families)}
	p.List.Families = []familyItem{}
	p.List.Independents = []indepItem{}
	p.List.Pairs = []pairItem{}
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
	var ed editor
	for n, f := range d.Families {
		docs := familyDocs(f)
		it := familyItem{Anchor: "fam-" + strconv.Itoa(n+1), Doc: docs[0], Size: f.Size, Span: span(f.FirstPublished, f.LastPublished)}
		var sources []string
		for _, doc := range docs {
			m := meta(d, arts, doc)
			it.Members = append(it.Members, m)
			if m.Source != "" && !slices.Contains(sources, m.Source) {
				sources = append(sources, m.Source)
			}
		}
		slices.Sort(sources)
		it.Sources = list(sources, 3)
		it.Title = cmp.Or(it.Members[0].Title, it.Members[0].Doc)
		// The page holds the original's text once beside each member, and
		// each member's. Texts are at least as long as their passages
		// reach: a family that cannot fit the budget is not read at all.
		least := 0
		for k, doc := range docs {
			if ps := byDoc[doc]; len(ps) > 0 {
				least += ps[len(ps)-1].End * weight(k, len(docs))
			}
		}
		texts := make([]string, len(docs))
		errs := make([]string, len(docs))
		size := 0
		for k, doc := range docs {
			if least > budget {
				break
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
			size += len(t) * weight(k, len(docs))
		}
		if least > budget || size > budget {
			p.Omitted++
		} else {
			budget -= size
			it.Texts = true
			p.Texts = append(p.Texts, alignFamily("ft-"+strconv.Itoa(n+1), docs, texts, errs, byDoc, &ed))
		}
		p.List.Families = append(p.List.Families, it)
	}

	// Independent articles and pairs outside families, with what they
	// share. A pair's passages are cut from a's text where they come
	// without theirs; pairs come sorted by a, so each text is read once.
	texts := lastText{text: d.Text}
	shareBudget := maxShareBytes
	shares := func(doc, with string) []share {
		out := []share{}
		for _, ps := range byDoc[doc] {
			if ps.Kind == "unique" || !slices.ContainsFunc(ps.With, func(w With) bool { return w.Doc == with }) {
				continue
			}
			t := ps.Text
			if t == "" && d.Text != nil && shareBudget > 0 {
				if text, err := texts.get(doc); err == nil {
					if s, e, ok := clampRange(text, ps.Start, ps.End); ok {
						t = strings.Clone(text[s:e])
					}
				}
			}
			if len(t) > shareBudget {
				t = ""
			}
			shareBudget -= len(t)
			out = append(out, share{Kind: ps.Kind, With: with, Words: ps.Words, Text: t})
		}
		return out
	}
	indep := map[string]int{} // index in List.Independents
	for _, a := range d.Articles {
		if a.Role == "independent" && a.Family == "" {
			indep[a.Doc] = len(p.List.Independents)
			p.List.Independents = append(p.List.Independents, indepItem{member: meta(d, arts, a.Doc), Shares: []share{}})
		}
	}
	for _, pr := range d.Pairs {
		fa, fb := familyOf(arts, pr.A), familyOf(arts, pr.B)
		if fa != "" && fa == fb {
			continue
		}
		p.PairsOutside++
		sa := shares(pr.A, pr.B)
		p.List.Pairs = append(p.List.Pairs, pairItem{A: pr.A, B: pr.B, Relation: pr.Relation, Jaccard: frac(pr.Jaccard),
			ContainmentA: frac(pr.ContainmentA), ContainmentB: frac(pr.ContainmentB), SharedWords: pr.SharedWords, QuotedWords: pr.QuotedWords, Shares: sa})
		if i, ok := indep[pr.A]; ok {
			p.List.Independents[i].Shares = append(p.List.Independents[i].Shares, sa...)
		}
		if i, ok := indep[pr.B]; ok {
			// The same passages, as a has them.
			for _, s := range sa {
				s.With = pr.A
				p.List.Independents[i].Shares = append(p.List.Independents[i].Shares, s)
			}
		}
	}
	return p
}

// weight is how many times the page holds the text of the k-th of n
// documents of a family: the original's (k = 0) beside each member.
func weight(k, n int) int {
	if k == 0 {
		return max(1, n-1)
	}
	return 1
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
			Words: a.Words, Copied: frac(a.Copied), Rewritten: frac(a.Rewritten), Quoted: frac(a.Quoted), Independent: frac(a.Independent)}
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

// para is a paragraph: the bytes [start, end) of a text, a line without
// its surrounding space.
type para struct{ start, end int }

// paragraphs returns the non-blank lines of text, trimmed; a line
// without a letter or digit belongs to the paragraph before it.
func paragraphs(text string) []para {
	var out []para
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '\n')
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		s, e := i, end
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		switch {
		case s < e && !hasWord(text[s:e]) && len(out) > 0:
			out[len(out)-1].end = e // a line without words ("/") joins the one before
		case s < e:
			out = append(out, para{s, e})
		}
		i = end + 1
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

// paraAt returns the index of the paragraph that holds byte x, or else
// the first after it (the last if none).
func paraAt(ps []para, x int) int {
	i := sort.Search(len(ps), func(i int) bool { return ps[i].end > x })
	return min(i, len(ps)-1)
}

// mark is a range of one text drawn one way.
type mark struct {
	start, end int
	class      string
	title      string
}

// alignFamily sets each member of a family beside the original (docs[0])
// in aligned rows. A member's paragraph goes beside the original's
// paragraph that holds the words its shared, rewritten or quoted passage
// with the original starts from (found by word, so edits do not move it);
// paragraphs of the original that no member paragraph takes from are
// collapsed into "cut" rows between. Edits are marked on both sides.
func alignFamily(id string, docs, texts, errs []string, byDoc map[string][]Passage, ed *editor) familyTexts {
	ft := familyTexts{ID: id}
	orig, otext := docs[0], texts[0]
	oparas := paragraphs(otext)
	var tk shingle.Tokenizer
	var otoks shingle.Tokens
	tk.Tokenize(otext, &otoks)
	for k := 1; k < len(docs); k++ {
		v := memberView{Doc: docs[k], Rows: []row{}}
		if errs[0] != "" || errs[k] != "" {
			v.Err = cmp.Or(errs[k], errs[0])
			ft.Views = append(ft.Views, v)
			continue
		}
		mtext := texts[k]
		var mtoks shingle.Tokens
		tk.Tokenize(mtext, &mtoks)
		// What the member's passages are and mark on each side.
		var mmarks, omarks []mark
		type link struct {
			p Passage
			w With
		}
		var links []link
		for _, ps := range byDoc[docs[k]] {
			s, e, ok := clampRange(mtext, ps.Start, ps.End)
			if !ok {
				continue
			}
			if !slices.Contains([]string{"unique", "quote", "shared", "rewritten"}, ps.Kind) {
				continue
			}
			// The page's script names kinds in tooltips; only edits
			// carry a title of their own.
			mmarks = append(mmarks, mark{s, e, ps.Kind, ""})
			if ps.Kind == "unique" {
				continue
			}
			w, ok := withIn(ps.With, orig)
			if !ok {
				continue
			}
			ws, we, ok := clampRange(otext, w.Start, w.End)
			if !ok {
				continue
			}
			ps.Start, ps.End, w.Start, w.End = s, e, ws, we
			links = append(links, link{ps, w})
			taken := "taken"
			if ps.Kind == "quote" {
				taken = "taken quote"
			}
			omarks = append(omarks, mark{ws, we, taken, ""})
			if hasEdits(ps.Kind) {
				for _, e := range ed.edits(&ps, mtext, w, otext) {
					flags := strings.Join(e.Flags, " ")
					ttl := editTitle(e)
					if e.End > e.Start {
						mmarks = append(mmarks, mark{e.Start, e.End, strings.TrimSpace("ed " + flags), ttl})
					}
					if e.With.End > e.With.Start {
						omarks = append(omarks, mark{e.With.Start, e.With.End, strings.TrimSpace("ed " + flags), ttl})
					}
				}
			}
		}
		// Each member paragraph goes beside the original paragraph that
		// holds the words its longest linked passage starts with there,
		// the first such place after the paragraphs placed so far (a
		// caption printed twice is matched in order).
		mparas := paragraphs(mtext)
		paint := func(text string, p para, marks []mark) []seg { return paintRange(text, p.start, p.end, marks) }
		last := -1
		cut := func(upto int) {
			if upto > last+1 {
				r := row{Kind: "cut", N: upto - last - 1}
				for j := last + 1; j < upto; j++ {
					r.Left = append(r.Left, paint(otext, oparas[j], omarks))
				}
				v.Rows = append(v.Rows, r)
			}
		}
		for _, mp := range mparas {
			right := paint(mtext, mp, mmarks)
			if !hasWord(mtext[mp.start:mp.end]) && len(v.Rows) > 0 {
				// A line without words (a lone "/") goes with the row before.
				r := &v.Rows[len(v.Rows)-1]
				r.Right = append(r.Right, right)
				continue
			}
			after := 0
			if last >= 0 {
				after = oparas[last].end
			}
			j, best := -1, 0
			for _, l := range links {
				s, e := max(mp.start, l.p.Start), min(mp.end, l.p.End)
				if e-s <= best {
					continue
				}
				if y, ok := locate(mtext, &mtoks, s, e, otext, &otoks, l.w, after); ok {
					best, j = e-s, paraAt(oparas, y)
				}
			}
			switch {
			case j < 0 && takes(mmarks, mp):
				// Copied, but from another member, not from the original.
				v.Rows = append(v.Rows, row{Kind: "other", Right: [][]seg{right}})
			case j < 0:
				v.Rows = append(v.Rows, row{Kind: "own", Right: [][]seg{right}})
			case j > last:
				cut(j)
				v.Rows = append(v.Rows, row{Kind: "pair", Left: [][]seg{paint(otext, oparas[j], omarks)}, Right: [][]seg{right}})
				last = j
			case j == last && len(v.Rows) > 0 && v.Rows[len(v.Rows)-1].Kind == "pair":
				r := &v.Rows[len(v.Rows)-1]
				r.Right = append(r.Right, right)
			default:
				v.Rows = append(v.Rows, row{Kind: "moved", Right: [][]seg{right}})
			}
		}
		cut(len(oparas))
		ft.Views = append(ft.Views, v)
	}
	return ft
}

// takes reports whether a copied or rewritten passage mark overlaps the
// paragraph p.
func takes(marks []mark, p para) bool {
	for _, m := range marks {
		if (m.class == "shared" || m.class == "rewritten") && m.start < p.end && m.end > p.start {
			return true
		}
	}
	return false
}

// withIn returns the longest of ws in doc.
func withIn(ws []With, doc string) (With, bool) {
	best, ok := With{}, false
	for _, w := range ws {
		if w.Doc == doc && (!ok || w.End-w.Start > best.End-best.Start) {
			best, ok = w, true
		}
	}
	return best, ok
}

// locate finds where the member's words mtext[s:e] (inside the passage
// linked to w) are in the original: the byte in otext where a run of
// three of their words is found inside w, the first place at or after
// byte after if there is one, else the first. It tries the words in
// turn, so an edited word does not lose the place.
func locate(mtext string, mt *shingle.Tokens, s, e int, otext string, ot *shingle.Tokens, w With, after int) (int, bool) {
	mi := sort.Search(len(mt.Spans), func(i int) bool { return mt.Spans[i].Start >= s })
	oi := sort.Search(len(ot.Spans), func(i int) bool { return ot.Spans[i].Start >= w.Start })
	oj := sort.Search(len(ot.Spans), func(i int) bool { return ot.Spans[i].Start >= w.End })
	const k = 3
	for t := 0; t < 12 && mi+t < len(mt.Spans) && mt.Spans[mi+t].End <= e; t++ {
		n := min(k, len(mt.Spans)-(mi+t))
		seed := mt.Hashes[mi+t : mi+t+n]
		first := -1
		for j := oi; j+n <= oj; j++ {
			if slices.Equal(ot.Hashes[j:j+n], seed) {
				if ot.Spans[j].Start >= after {
					return ot.Spans[j].Start, true
				}
				if first < 0 {
					first = ot.Spans[j].Start
				}
			}
		}
		if first >= 0 {
			return first, true
		}
	}
	return 0, false
}

// hasWord reports whether s holds a letter or a digit.
func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// editTitle says what an edit changed, for a tooltip.
func editTitle(e Edit) string {
	var s string
	switch e.Op {
	case "substituted":
		s = "“" + e.Text + "” for “" + e.With.Text + "”"
	case "inserted":
		s = "added: “" + e.Text + "”"
	default:
		s = "dropped: “" + e.With.Text + "”"
	}
	if len(e.Flags) > 0 {
		s += " (changed " + strings.Join(e.Flags, ", ") + ")"
	}
	return s
}

// paintRange cuts text[start:end] into segments by marks: each piece
// takes the class of the last passage mark covering it (kinds and
// "taken") and adds the classes of the edit marks covering it ("ed ...").
// Marks are clamped to the range and to rune boundaries.
func paintRange(text string, start, end int, marks []mark) []seg {
	cuts := []int{start, end}
	for _, m := range marks {
		s, e, ok := clampRange(text, m.start, m.end)
		if !ok || e <= start || s >= end {
			continue
		}
		cuts = append(cuts, max(s, start), min(e, end))
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []seg
	for i := 0; i+1 < len(cuts); i++ {
		s, e := cuts[i], cuts[i+1]
		var kind, edit, editT string
		for _, m := range marks {
			if m.start > s || m.end < e {
				continue
			}
			if strings.HasPrefix(m.class, "ed") {
				edit, editT = m.class, m.title
			} else {
				kind = m.class
			}
		}
		g := seg{Text: text[s:e], Class: strings.TrimSpace(kind + " " + edit), Title: editT}
		if n := len(out); n > 0 && out[n-1].Class == g.Class && out[n-1].Title == g.Title {
			out[n-1].Text += g.Text
			continue
		}
		out = append(out, g)
	}
	return out
}
