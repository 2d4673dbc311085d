package main

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// zipf draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s,
// by binary search in a cumulative table. It is read-only after
// construction and safe for concurrent use; the randomness comes from the
// caller's generator.
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) zipf { return newZipfMandelbrot(n, s, 1) }

// newZipfMandelbrot draws rank k with probability proportional to
// 1/(k+v)^s: an offset v above 1 flattens the head, as for the content
// words of a language, whose most frequent ones are far rarer than "the".
func newZipfMandelbrot(n int, s, v float64) zipf {
	cdf := make([]float64, n)
	sum := 0.0
	for i := range cdf {
		sum += 1 / math.Pow(float64(i)+v, s)
		cdf[i] = sum
	}
	return zipf{cdf}
}

func (z zipf) pick(r *rand.Rand) int {
	return sort.SearchFloat64s(z.cdf, r.Float64()*z.cdf[len(z.cdf)-1])
}

// class is a word class: words in rank order and their Zipf law.
type class struct {
	words []string
	z     zipf
}

func (c *class) pick(r *rand.Rand) string { return c.words[c.z.pick(r)] }

// top picks among the k most frequent words only.
func (c *class) top(r *rand.Rand, k int) string { return c.words[c.z.pick(r)%k] }

// site is a publication. Chrome sites wrap every article in the same
// header and footer paragraphs.
type site struct {
	name           string
	header, footer []string // paragraphs of page chrome; empty for no chrome
	curly          bool     // typographic quotes and apostrophes
}

// lang is the synthetic language and the world of sites: a vocabulary of
// pseudo-words with realistic lengths and Zipfian frequencies, English
// function words, stock phrases and names. It is read-only after
// construction and safe for concurrent use.
type lang struct {
	noun, verb, adj, adv, first, last, place, phrase class
	sites                                            []site
	chromeSites                                      int // sites[:chromeSites] have chrome
}

// Function words and the small closed classes of English, in rough order
// of frequency so that the Zipf law over them is plausible.
var (
	dets     = []string{"the", "a", "its", "their", "this", "his", "her", "an", "that", "some", "every", "another", "no", "our"}
	preps    = []string{"of", "in", "to", "for", "on", "with", "at", "by", "from", "about", "after", "over", "into", "during", "against", "under", "between", "before", "without", "through", "since", "across", "near", "despite", "amid"}
	auxes    = []string{"has", "had", "will", "would", "could", "was", "is", "may", "might", "should", "did not", "does not", "has not", "would not", "is expected to", "plans to", "wants to", "has been", "had been"}
	conjs    = []string{"and", "but", "while", "as", "because", "although", "after", "before", "when", "if", "since", "so"}
	pronouns = []string{"he", "she", "they", "it", "we", "officials", "critics", "analysts", "residents", "lawmakers"}
	days     = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	months   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	times    = []string{"last week", "on %day", "earlier this month", "last year", "this year", "in %month", "late on %day", "early %day", "next week", "over the weekend", "in recent years", "for the first time"}
	saids    = []string{"said", "told reporters", "said in a statement", "told", "added", "said on %day", "wrote", "said in an interview", "noted", "argued"}
	// English stock phrases; more are made from the vocabulary.
	stock = []string{
		"according to the", "at the same time", "for the first time", "in a statement", "as well as", "more than",
		"at least", "in the wake of the", "on the other hand", "one of the most", "at the end of the", "in an interview",
		"did not respond to a request for comment", "declined to comment", "is expected to", "in recent years",
		"over the past year", "the president said on", "a spokesperson for the", "the head of the", "in the coming weeks",
		"the number of", "a series of", "as part of the", "in addition to", "the rest of the", "for the past",
		"in the first half of", "by the end of the year", "a member of the", "the United States", "the country's",
		"it was not clear", "said it would", "there is no", "it is not clear whether", "the latest in a",
		"on condition of anonymity", "people familiar with the matter", "a person familiar with the",
	}
	orgKinds   = []string{"Ministry", "Council", "Party", "Authority", "Group", "Bank", "Institute", "Agency", "Union", "Commission", "Foundation", "Court"}
	siteSuffix = []string{"Times", "Herald", "Post", "Gazette", "Tribune", "Daily", "News", "Observer", "Journal", "Courier", "Star", "Record", "Chronicle", "Ledger", "Register", "Dispatch", "Sentinel", "Press", "Review", "Beacon"}
	webWords   = []string{"Home", "News", "Sports", "Opinion", "Business", "Weather", "Obituaries", "Entertainment", "Lifestyle", "Politics", "Local", "World", "Subscribe", "Sign in", "Log in", "Newsletters", "e-Edition", "Podcasts", "Video", "Events", "Classifieds", "Jobs", "Contact us", "Menu", "Search", "Advertise", "Donate", "Live Radio", "Share", "Print", "Email", "Facebook", "Twitter", "Comments"}
)

// Letters of pseudo-words: syllable onsets, nuclei and codas, each list in
// rough order of frequency.
var (
	onsets = []string{"", "t", "s", "r", "n", "l", "d", "m", "c", "p", "b", "h", "f", "g", "w", "v", "k", "st", "tr", "pr", "br", "gr", "cr", "pl", "bl", "fl", "sh", "ch", "th", "sp", "sl", "dr", "fr", "cl", "j", "sc", "sn", "sw", "qu", "z", "wh", "gl", "sk", "y"}
	nuclei = []string{"a", "e", "i", "o", "u", "ea", "ai", "ou", "ee", "io", "ie", "oa", "y", "oo", "au"}
	codas  = []string{"", "", "n", "r", "s", "t", "l", "nd", "st", "m", "d", "nt", "ck", "ng", "rt", "ll", "ss", "x", "rd", "sh", "ct", "th"}
	nounSx = []string{"", "", "", "", "tion", "ment", "er", "ity", "ness", "ing", "ance", "ship", "ist", "age"}
	verbSx = []string{"ed", "ed", "ed", "es", "s", "ing", "ed", "ized", "ated"}
	adjSx  = []string{"", "", "al", "ous", "ive", "ic", "ful", "less", "able", "ent", "ish"}
)

// newLang builds the language and the sites from seed.
func newLang(seed uint64) *lang {
	r := rand.New(rand.NewPCG(seed, 0x6c616e67)) // "lang"
	seen := map[string]bool{}
	for _, list := range [][]string{dets, preps, auxes, conjs, pronouns, days, months} {
		for _, w := range list {
			seen[w] = true
		}
	}
	oz, nz, cz := newZipf(len(onsets), 0.9), newZipf(len(nuclei), 1.0), newZipf(len(codas), 0.9)
	word := func(rank int, suffixes []string) string {
		// Frequent words are short, as in English: one syllable at the
		// top ranks, up to four in the long tail.
		syl := 1
		switch {
		case rank < 150:
			syl = 1
		case rank < 2500:
			syl = 1 + r.IntN(2)
		case rank < 15000:
			syl = 2 + r.IntN(2)
		default:
			syl = 2 + r.IntN(3)
		}
		for {
			var b strings.Builder
			for i := 0; i < syl; i++ {
				b.WriteString(onsets[oz.pick(r)])
				b.WriteString(nuclei[nz.pick(r)])
				if i == syl-1 || r.IntN(3) == 0 {
					b.WriteString(codas[cz.pick(r)])
				}
			}
			if rank >= 300 && len(suffixes) > 0 {
				b.WriteString(suffixes[r.IntN(len(suffixes))])
			}
			w := b.String()
			if len(w) >= 2 && !seen[w] {
				seen[w] = true
				return w
			}
			if r.IntN(4) == 0 {
				syl++
			}
		}
	}
	mk := func(n int, suffixes []string, s, v float64, title bool) class {
		c := class{words: make([]string, n), z: newZipfMandelbrot(n, s, v)}
		for i := range c.words {
			w := word(i, suffixes)
			if title {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			c.words[i] = w
		}
		return c
	}
	l := &lang{
		noun:  mk(25000, nounSx, 1.05, 40, false),
		verb:  mk(9000, verbSx, 1.05, 20, false),
		adj:   mk(9000, adjSx, 1.05, 20, false),
		adv:   mk(2000, []string{"ly"}, 1.05, 5, false),
		first: mk(1500, nil, 0.9, 5, true),
		last:  mk(3000, nil, 0.8, 5, true),
		place: mk(1500, nil, 0.9, 5, true),
	}
	for i, w := range l.adv.words {
		if !strings.HasSuffix(w, "ly") {
			l.adv.words[i] = w + "ly"
		}
	}

	// Stock phrases: the English ones above, then ones made of frequent
	// words, so that common 5-word shingles recur across unrelated
	// articles the way "the president said on" does.
	phrases := append([]string(nil), stock...)
	for len(phrases) < 400 {
		var p string
		switch r.IntN(5) {
		case 0:
			p = pick(r, preps) + " the " + l.noun.top(r, 300) + " of the " + l.noun.top(r, 300)
		case 1:
			p = "the " + l.adj.top(r, 200) + " " + l.noun.top(r, 300) + " " + pick(r, preps)
		case 2:
			p = l.verb.top(r, 200) + " " + pick(r, preps) + " the " + l.noun.top(r, 300)
		case 3:
			p = "the " + l.noun.top(r, 300) + " " + pick(r, auxes) + " " + l.verb.top(r, 200)
		default:
			p = "a " + l.adj.top(r, 200) + " " + l.noun.top(r, 300) + " " + pick(r, preps) + " the"
		}
		phrases = append(phrases, p)
	}
	l.phrase = class{words: phrases, z: newZipf(len(phrases), 1.0)}

	// Sites: the first 20 carry page chrome on every article.
	const nSites, nChrome = 60, 20
	names := map[string]bool{}
	for len(l.sites) < nSites {
		name := "The " + l.place.words[r.IntN(300)] + " " + pick(r, siteSuffix)
		if names[name] {
			continue
		}
		names[name] = true
		s := site{name: name, curly: r.IntN(2) == 0}
		if len(l.sites) < nChrome {
			s.header, s.footer = l.chrome(r, name)
		}
		l.sites = append(l.sites, s)
	}
	l.chromeSites = nChrome
	return l
}

// chrome makes a site's header and footer: navigation, a subscription
// pitch and a copyright line, 50 to 150 words in all.
func (l *lang) chrome(r *rand.Rand, name string) (header, footer []string) {
	target := 50 + r.IntN(101)
	nav := func(n int) string {
		items := make([]string, n)
		for i := range items {
			if r.IntN(3) == 0 {
				w := l.noun.top(r, 2000)
				items[i] = strings.ToUpper(w[:1]) + w[1:]
			} else {
				items[i] = pick(r, webWords)
			}
		}
		return strings.Join(items, " · ")
	}
	header = []string{name, "Skip to main content · " + nav(4+r.IntN(8))}
	if r.IntN(2) == 0 {
		header = append(header, "Advertisement · Scroll to continue reading")
	}
	footer = []string{
		"Sign up for the " + name + " newsletter to get the " + l.adj.top(r, 300) + " " + l.noun.top(r, 500) + " delivered to your inbox every " + pick(r, days) + ".",
	}
	words := func() int {
		n := 0
		for _, p := range append(append([]string(nil), header...), footer...) {
			n += len(strings.Fields(p))
		}
		return n
	}
	for words() < target-15 {
		footer = append(footer, nav(3+r.IntN(6)))
	}
	footer = append(footer, "Copyright © 2024 "+name+". All rights reserved. This material may not be published, broadcast, rewritten or redistributed.")
	return header, footer
}

func isDet(s string) bool {
	for _, d := range dets {
		if s == d {
			return true
		}
	}
	return false
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// cast is who and what an article is about; its names recur through the
// article as they do in news.
type cast struct {
	people []string // full names
	orgs   []string
	place  string
}

func (l *lang) newCast(r *rand.Rand) cast {
	c := cast{place: l.place.pick(r)}
	for i := 1 + r.IntN(4); i > 0; i-- {
		c.people = append(c.people, l.first.pick(r)+" "+l.last.pick(r))
	}
	for i := 1 + r.IntN(2); i > 0; i-- {
		o := l.noun.pick(r)
		c.orgs = append(c.orgs, "the "+pick(r, orgKinds)+" of "+strings.ToUpper(o[:1])+o[1:])
	}
	return c
}

// writer builds one article's text from the grammar below, with a
// generator, a cast and a quotation style.
type writer struct {
	l     *lang
	r     *rand.Rand
	c     cast
	curly bool
	b     []string // words of the sentence being built
}

func (w *writer) add(s string) {
	if strings.Contains(s, "%") {
		s = strings.ReplaceAll(s, "%day", pick(w.r, days))
		s = strings.ReplaceAll(s, "%month", pick(w.r, months))
	}
	w.b = append(w.b, s)
}

func (w *writer) person() string {
	p := w.c.people[w.r.IntN(len(w.c.people))]
	if w.r.IntN(3) > 0 {
		if i := strings.LastIndexByte(p, ' '); i >= 0 {
			return p[i+1:] // news uses the last name after first mention
		}
	}
	return p
}

func (w *writer) np() {
	r := w.r
	switch x := r.IntN(20); {
	case x < 7:
		w.add(pick4(r, dets))
		w.add(w.l.noun.pick(r))
	case x < 11:
		w.add(pick4(r, dets))
		w.add(w.l.adj.pick(r))
		w.add(w.l.noun.pick(r))
	case x < 13:
		w.add("the")
		w.add(w.l.noun.pick(r))
		w.add("of")
		w.add(pick4(r, dets))
		w.add(w.l.noun.pick(r))
	case x < 15:
		w.add(w.person())
	case x < 16:
		w.add(w.c.orgs[r.IntN(len(w.c.orgs))])
	case x < 17:
		w.add(pick4(r, pronouns))
	case x < 18:
		w.add(number(r))
		w.add(w.l.noun.pick(r) + "s")
	case x < 19:
		w.add(w.c.place)
	default:
		w.add(w.l.adj.pick(r))
		w.add(w.l.noun.pick(r) + "s")
	}
}

func (w *writer) pp() {
	w.add(pick4(w.r, preps))
	w.np()
}

func (w *writer) clause() {
	r := w.r
	w.np()
	switch x := r.IntN(10); {
	case x < 3:
		w.add(w.l.verb.pick(r))
		w.np()
	case x < 5:
		w.add(pick4(r, auxes))
		w.add(w.l.verb.pick(r))
		w.np()
	case x < 6:
		w.add(w.l.adv.pick(r))
		w.add(w.l.verb.pick(r))
		w.pp()
	case x < 8:
		w.add(pick4(r, saids))
		if r.IntN(2) == 0 {
			w.add("that")
		}
		w.np()
		w.add(w.l.verb.pick(r))
		w.np()
	default:
		w.add(w.l.verb.pick(r))
		w.pp()
	}
	for r.IntN(3) == 0 {
		if r.IntN(3) == 0 {
			w.add(w.l.phrase.pick(r))
			w.np()
		} else {
			w.pp()
		}
	}
	if r.IntN(5) == 0 {
		w.add(pick(r, times))
	}
}

// words returns about n words of running text, without capitals or final
// punctuation.
func (w *writer) words(n int) []string {
	w.b = w.b[:0]
	for len(w.b) < n {
		if len(w.b) > 0 {
			w.add(pick4(w.r, conjs))
		}
		w.clause()
	}
	// Multi-word entries count as one above; split them now, and
	// drop a determiner after a phrase that ends in one.
	var out []string
	for _, s := range w.b {
		for _, f := range strings.Fields(s) {
			if n := len(out); n > 0 && isDet(f) && (out[n-1] == "the" || out[n-1] == "a" || out[n-1] == "an") {
				continue
			}
			out = append(out, f)
		}
	}
	for i := 0; i+1 < len(out); i++ {
		if out[i] == "a" || out[i] == "an" {
			out[i] = "a"
			if strings.IndexByte("aeiouAEIOU", out[i+1][0]) >= 0 {
				out[i] = "an"
			}
		}
	}
	return out
}

// sentence returns one sentence, a quotation ("...," Name said.) in about
// one of seven.
func (w *writer) sentence() string {
	r := w.r
	n := 8 + r.IntN(18) + r.IntN(10)
	ws := w.words(n)
	s := capital(strings.Join(ws, " "))
	if r.IntN(10) == 0 {
		// An apostrophe, typographic on curly sites.
		s += ", " + w.person() + w.apos() + "s " + w.l.noun.pick(r) + " " + pick(r, saids)
	}
	if r.IntN(7) == 0 {
		return w.quote(s, w.person())
	}
	return s + "."
}

func (w *writer) apos() string {
	if w.curly {
		return "’"
	}
	return "'"
}

// quote wraps text as a quotation attributed to who.
func (w *writer) quote(text, who string) string {
	open, close := `"`, `"`
	if w.curly {
		open, close = "“", "”"
	}
	switch w.r.IntN(3) {
	case 0:
		return open + text + "," + close + " " + who + " said."
	case 1:
		return who + " said: " + open + text + "." + close
	default:
		return open + text + "," + close + " said " + who + "."
	}
}

// paragraph returns one to three sentences, as in news copy.
func (w *writer) paragraph() string {
	n := 1 + w.r.IntN(3)
	s := make([]string, n)
	for i := range s {
		s[i] = w.sentence()
	}
	return strings.Join(s, " ")
}

// body returns paragraphs of about target words.
func (w *writer) body(target int) []string {
	var ps []string
	words := 0
	for words < target {
		p := w.paragraph()
		if len(ps) == 0 && w.r.IntN(5) < 2 {
			p = strings.ToUpper(w.c.place) + " — " + p // a dateline
		}
		ps = append(ps, p)
		words += countWords(p)
	}
	return ps
}

func (w *writer) title() string {
	return capital(strings.Join(w.words(5+w.r.IntN(6)), " "))
}

// pick4 favours the first entries of list, as function words are used.
func pick4(r *rand.Rand, list []string) string {
	i := r.IntN(len(list))
	if r.IntN(2) == 0 {
		i = r.IntN(min(4, len(list)))
	}
	return list[i]
}

func number(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return strconv.Itoa(2 + r.IntN(20))
	case 1:
		return strconv.Itoa(10 * (2 + r.IntN(99)))
	case 2:
		return strconv.Itoa(1000 * (1 + r.IntN(999)))
	default:
		return strconv.Itoa(2+r.IntN(9)) + "." + strconv.Itoa(r.IntN(10)) + " million"
	}
}

func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// countWords counts runs of non-space bytes, a cheap stand-in for words.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
