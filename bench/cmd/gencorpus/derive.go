package main

import (
	"math"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// article is one generated article before it is written out.
type article struct {
	idx       int // position in the plan; the id is perm[idx]
	site      int
	title     string
	body      []string // paragraphs, without page chrome
	published time.Time
	cast      cast
	curly     bool
	parent    int    // family member it derives from, -1 for none
	kind      string // how it derives from parent
	text      string // rendered: chrome + body
	exact     bool   // text is the parent's text byte for byte
}

// Derivation kinds of a family member, as written in truth.csv.
const (
	kindExact     = "exact"     // the same text byte for byte
	kindChrome    = "chrome"    // the same body under another site's chrome
	kindPrefix    = "prefix"    // the first third or half, maybe with a line added
	kindAdditions = "additions" // the top of the story and paragraphs of its own
	kindQuote     = "quote"     // two independent articles quoting one statement
	kindIndirect  = "indirect"  // two members of a family, neither derived from the other
)

// editRates are the word edit rates of the edit kinds, named editNN for NN
// percent.
var editRates = []struct {
	kind string
	rate float64
}{{"edit01", 0.01}, {"edit05", 0.05}, {"edit10", 0.10}, {"edit20", 0.20}}

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// newArticle writes a fresh article.
func (l *lang) newArticle(r *rand.Rand, idx int) *article {
	a := &article{idx: idx, site: l.pickSite(r, -1), parent: -1, cast: l.newCast(r)}
	a.curly = l.sites[a.site].curly
	// Lengths are log-normal around 870 words, within 400..1,500.
	target := int(math.Exp(math.Log(870) + 0.32*r.NormFloat64()))
	target = max(400, min(1500, target))
	w := &writer{l: l, r: r, c: a.cast, curly: a.curly}
	a.body = w.body(target)
	a.title = w.title()
	a.published = epoch.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))).Truncate(time.Minute))
	return a
}

// pickSite picks a site other than not: half of all articles are on the
// chrome sites.
func (l *lang) pickSite(r *rand.Rand, not int) int {
	for {
		var s int
		if r.IntN(2) == 0 {
			s = r.IntN(l.chromeSites)
		} else {
			s = l.chromeSites + r.IntN(len(l.sites)-l.chromeSites)
		}
		if s != not {
			return s
		}
	}
}

// render sets a.text from its body and its site's chrome.
func (l *lang) render(a *article) {
	s := l.sites[a.site]
	ps := make([]string, 0, len(s.header)+len(a.body)+len(s.footer))
	ps = append(ps, s.header...)
	ps = append(ps, a.body...)
	ps = append(ps, s.footer...)
	a.text = strings.Join(ps, "\n\n")
}

// derive makes a new family member from parent p by a derivation drawn at
// random.
func (l *lang) derive(r *rand.Rand, idx int, p *article, pi int) *article {
	a := &article{idx: idx, parent: pi, cast: p.cast, title: p.title}
	a.published = p.published.Add(time.Duration(10+r.IntN(72*60)) * time.Minute)
	a.site = l.pickSite(r, p.site)
	a.curly = l.sites[a.site].curly
	w := &writer{l: l, r: r, c: a.cast, curly: a.curly}
	x := r.IntN(100)
	switch {
	case x < 15:
		a.kind, a.exact = kindExact, true
		a.text, a.curly = p.text, p.curly
		a.body = p.body
		return a
	case x < 55:
		e := editRates[(x-15)/10]
		a.kind = e.kind
		a.body = l.edit(r, p.body, e.rate)
	case x < 70:
		a.kind = kindPrefix
		n := len(p.body) / 3
		if r.IntN(2) == 0 {
			n = len(p.body) / 2
		}
		a.body = append([]string(nil), p.body[:max(1, n)]...)
		if r.IntN(2) == 0 {
			if r.IntN(2) == 0 {
				a.body = append(a.body, "This story was first published by "+l.sites[p.site].name+".")
			} else {
				a.body = append(a.body, w.sentence())
			}
		}
	case x < 85:
		a.kind = kindChrome
		// Another chrome site, whether or not the parent had chrome.
		for a.site = r.IntN(l.chromeSites); a.site == p.site; a.site = r.IntN(l.chromeSites) {
		}
		a.curly = l.sites[a.site].curly
		a.body = p.body
	default:
		a.kind = kindAdditions
		n := len(p.body) * (2 + r.IntN(2)) / 6 // a third to a half
		a.body = append([]string(nil), p.body[:max(1, n)]...)
		for i := 2 + r.IntN(4); i > 0; i-- {
			a.body = append(a.body, w.paragraph())
		}
		if r.IntN(2) == 0 {
			a.title = w.title()
		}
	}
	if a.curly != p.curly {
		a.body = restyle(a.body, a.curly)
	}
	return a
}

// edit substitutes, deletes or inserts words at rate, one edit per word
// at most, each kind equally likely.
func (l *lang) edit(r *rand.Rand, body []string, rate float64) []string {
	out := make([]string, len(body))
	for i, p := range body {
		toks := strings.Split(p, " ")
		res := make([]string, 0, len(toks)+len(toks)/8)
		for _, t := range toks {
			if r.Float64() >= rate {
				res = append(res, t)
				continue
			}
			switch r.IntN(3) {
			case 0: // substitute
				res = append(res, substitute(t, l.noun.pick(r)))
			case 1: // delete a plain word; substitute one that carries punctuation
				if isPlain(t) {
					continue
				}
				res = append(res, substitute(t, l.noun.pick(r)))
			default: // insert a word after this one
				ins := l.adj.pick(r)
				if r.IntN(2) == 0 {
					ins = pick(r, preps)
				}
				res = append(res, t, ins)
			}
		}
		if len(res) == 0 {
			res = append(res, l.noun.pick(r)+".")
		}
		out[i] = strings.Join(res, " ")
	}
	return out
}

// isPlain reports whether t is letters only.
func isPlain(t string) bool {
	for _, c := range t {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return t != ""
}

// substitute replaces the letters of token t by word, keeping the
// punctuation around them and a leading capital.
func substitute(t, word string) string {
	start := strings.IndexFunc(t, unicode.IsLetter)
	if start < 0 {
		return word
	}
	end := start
	for end < len(t) {
		c, n := utf8.DecodeRuneInString(t[end:])
		if !unicode.IsLetter(c) {
			break
		}
		end += n
	}
	if unicode.IsUpper(rune(t[start])) {
		word = capital(word)
	}
	return t[:start] + word + t[end:]
}

// restyle converts quotation marks and apostrophes to typographic ones
// (curly) or to straight ones, as a site's style would.
func restyle(body []string, curly bool) []string {
	out := make([]string, len(body))
	for i, p := range body {
		if !curly {
			out[i] = strings.NewReplacer("“", `"`, "”", `"`, "’", "'").Replace(p)
			continue
		}
		var b strings.Builder
		prev := ' '
		for _, c := range p {
			switch {
			case c == '"' && (prev == ' ' || prev == '(' || prev == '\n'):
				b.WriteString("“")
			case c == '"':
				b.WriteString("”")
			case c == '\'':
				b.WriteString("’")
			default:
				b.WriteRune(c)
			}
			prev = c
		}
		out[i] = b.String()
	}
	return out
}

// quotePair makes two independent articles that quote one statement of 15
// to 30 words, each in its own style.
func (l *lang) quotePair(r *rand.Rand, idx int) (*article, *article) {
	a, b := l.newArticle(r, idx), l.newArticle(r, idx+1)
	b.kind, b.parent = kindQuote, 0
	speaker := l.first.pick(r) + " " + l.last.pick(r)
	qw := &writer{l: l, r: r, c: l.newCast(r)}
	words := qw.words(30)[:15+r.IntN(16)]
	q := capital(strings.Join(words, " "))
	for _, x := range []*article{a, b} {
		w := &writer{l: l, r: r, c: x.cast, curly: x.curly}
		at := 1 + r.IntN(len(x.body))
		p := w.quote(q, speaker)
		x.body = append(x.body[:at], append([]string{p}, x.body[at:]...)...)
	}
	return a, b
}
