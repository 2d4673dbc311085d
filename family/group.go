package family

import (
	"slices"
	"sort"
	"time"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/internal/unionfind"
	"github.com/wiretrace/wiretrace/internal/work"
	"github.com/wiretrace/wiretrace/verify"
)

// Role is an article's role in articles.csv.
type Role string

// The roles of articles.csv.
const (
	Original    Role = "original"
	Copy        Role = "copy"
	Additions   Role = "copy+additions"
	Rewrite     Role = "rewrite"
	Independent Role = "independent"
	Empty       Role = "empty"
)

// Options are the thresholds of grouping. The zero value is not useful:
// start from Defaults.
//
// A member's role follows from its shares (see Options.Role): derived
// words are those copied or rewritten from its family.
type Options struct {
	// Copy is the copied share that makes a copy (--copy).
	Copy float64
	// Wholly is the derived share at which a member is wholly derived: a
	// copy or a rewrite (--wholly). A member with less derived text is
	// wholly derived too when it has no passage of its own of
	// MinOwnPassage words: what it adds is chrome and captions, not
	// reporting.
	Wholly float64
	// Additions is the derived share at which a member is partly derived,
	// copy+additions (--additions); below it, a member is independent.
	Additions float64
	// WhollyVerbatim is the derived share at which a member whose derived
	// text is mostly verbatim (see Reworded) is wholly derived, a copy,
	// even with passages of its own: a copy with a paragraph of its own
	// added (--wholly-verbatim).
	WhollyVerbatim float64
	// Reworded is the share of a wholly derived member's derived words,
	// rewritten rather than copied, that makes it a rewrite rather than a
	// copy.
	Reworded float64
	// MinOwnPassage is the length in words of a passage of its own, the
	// shortest that counts as reporting: about a paragraph, longer than
	// the lines of chrome, captions and bylines a page adds (--min-own).
	// Its words are unique ones that no copied or rewritten passage
	// interrupts; a shared quotation between them does not, however long.
	MinOwnPassage int
}

// Defaults returns the contract's thresholds. Wholly, Additions and
// MinOwnPassage are fitted on METER, journalists' labels of real wire
// reuse: copy and rewrite agree with "wholly derived", copy+additions
// with "partially". A paper that reprints the wire adds a sentence or
// two of its own (a standfirst, a line of background) that journalists
// do not count as its own reporting: of 25 to 50 words, 35 (about a
// paragraph of news prose) agrees best via scan and via check, where 40
// does as well (bench/README.md).
func Defaults() Options {
	return Options{Copy: 0.9, Wholly: 0.45, WhollyVerbatim: 0.7, Additions: 0.05, Reworded: 0.25, MinOwnPassage: 35}
}

// Info is what grouping needs of an article: no words, only counts.
type Info struct {
	ID        string
	Published string // RFC 3339 or YYYY-MM-DD as read; "" if unknown
	// Prior marks a document known to come before every document that is
	// not Prior (an archived article, when a new one is checked against
	// the archive): only a Prior document can be the original of a family
	// that has one.
	Prior bool
	Words int
	// Start and End are the byte offsets of its first word's start and
	// its last word's end.
	Start, End int
}

// Link is the other side of a shared segment: words of another document.
type Link struct {
	Doc        int // index into the docs
	Words      align.Range
	Start, End int // byte offsets into that document's text
}

// Segment is a maximal run of an article's words of one kind. The segments
// of an article cover all its words, in order, without overlap.
type Segment struct {
	Words      align.Range
	Start, End int        // byte offsets: the segment is text[Start:End]
	Kind       align.Kind // copied, rewritten, quoted or unique; its String is its name in passages.jsonl
	With       []Link     // for shared segments: where the other articles have them
}

// Article is the analysis of one document.
type Article struct {
	Family    int  // index of the original of its family; -1 outside families
	Role      Role // one of the Role constants
	Source    int  // index of the member it derives from; -1 if none
	Copied    int  // words in shared passages counted as copied
	Rewritten int  // words in rewritten passages
	Quoted    int  // words in shared passages counted as quoted
	Segments  []Segment
}

// Family is a connected group of documents joined by verified pairs.
type Family struct {
	Original int   // index of its original
	Members  []int // indexes, in the order of the docs given
	// Chained is set when some member has no verified pair with the
	// original: the members do not all derive from one text.
	Chained bool
}

// Group gathers verified pairs into families and gives every document its
// role, source and shares. pairs must have A < B and index docs. Articles
// are returned in the order of docs; families in the order of their first
// member. Group does not modify its arguments.
func Group(docs []Info, pairs []verify.Pair, opt Options) ([]Article, []Family) {
	return GroupWorkers(docs, pairs, opt, 1)
}

// GroupWorkers is Group with the shares of the documents worked out on
// workers goroutines (fewer than one means one). The result is the same
// for any number of workers.
func GroupWorkers(docs []Info, pairs []verify.Pair, opt Options, workers int) ([]Article, []Family) {
	n := len(docs)
	sets := unionfind.New(n)
	find := func(x int) int { return int(sets.Find(int32(x))) }
	byDoc := make([][]int, n) // pair indexes per document
	for i := range pairs {
		p := &pairs[i]
		byDoc[p.A] = append(byDoc[p.A], i)
		byDoc[p.B] = append(byDoc[p.B], i)
		if p.Joins {
			sets.Union(int32(p.A), int32(p.B))
		}
	}

	arts := make([]Article, n)
	groups := map[int][]int{}
	var roots []int
	root := make([]int, n) // find of each document, fixed from here on
	for i := range docs {
		r := find(i)
		root[i] = r
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}

	apart := make([]bool, n) // members of a family taken apart (see below)

	// Shares: against the family for members, against every partner for
	// the others. Each document's are its own work, done in blocks that
	// the workers take in turn.
	shares := func(i int) {
		arts[i] = Article{Family: -1, Source: -1, Role: Independent}
		if docs[i].Words == 0 {
			arts[i].Role = Empty
			return
		}
		inFamily := len(groups[root[i]]) > 1 && !apart[i]
		var parts []part
		for _, pi := range byDoc[i] {
			p := &pairs[pi]
			other := p.B
			if other == i {
				other = p.A
			}
			if inFamily && root[other] != root[i] {
				continue
			}
			for _, ps := range p.Passages {
				mine, theirs, mb, tb := ps.A, ps.B, ps.AB, ps.BB
				if p.B == i {
					mine, theirs, mb, tb = ps.B, ps.A, ps.BB, ps.AB
				}
				parts = append(parts, part{mine: mine, bounds: mb, kind: ps.Kind,
					link: Link{Doc: other, Words: theirs, Start: tb.Start, End: tb.End}})
			}
		}
		if len(byDoc[i]) > 0 {
			a := &arts[i]
			a.Segments, a.Copied, a.Rewritten, a.Quoted = segments(&docs[i], parts)
		}
	}
	const block = 1024
	nblocks := (n + block - 1) / block
	work.Each(nblocks, min(workers, nblocks), func(k, _ int) {
		for i := k * block; i < min((k+1)*block, n); i++ {
			shares(i)
		}
	})

	var fams []Family
	for _, r := range roots {
		members := groups[r]
		if len(members) < 2 {
			continue
		}
		orig := original(docs, arts, members)
		f := Family{Original: orig, Members: members}
		ord := order(docs, members, orig)
		for _, m := range members {
			arts[m].Family = orig
			if m == orig {
				arts[m].Role = Original
				continue
			}
			arts[m].Role = opt.Role(&docs[m], &arts[m])
			if arts[m].Role != Independent {
				arts[m].Source = source(pairs, byDoc[m], m, orig, ord)
			}
			if !hasPair(pairs, byDoc[m], m, orig) {
				f.Chained = true
			}
		}
		// A family in which no member derives from the others, below
		// Additions each (a long report that shares a sentence or two with
		// a short one, which the join counts against the short one), is
		// none: its members are independent, with shares against every
		// partner.
		if !slices.ContainsFunc(members, func(m int) bool {
			return m != orig && arts[m].Role != Independent && arts[m].Role != Empty
		}) {
			for _, m := range members {
				apart[m] = true
				shares(m)
			}
			continue
		}
		fams = append(fams, f)
	}
	return arts, fams
}

type part struct {
	mine   align.Range
	bounds verify.Bounds
	kind   align.Kind
	link   Link
}

// segments labels each word of d by the strongest part covering it and
// returns the maximal runs with their links, and the copied, rewritten and
// quoted word counts.
func segments(d *Info, parts []part) (segs []Segment, copied, rewritten, quoted int) {
	n := d.Words
	// Every run starts and ends where a part does, or at an end of the
	// text: the parts' bounds give the bytes there.
	startAt := map[int]int{0: d.Start}
	endAt := map[int]int{n: d.End}
	labelled := make([]align.Part, len(parts))
	for i, p := range parts {
		b := p.bounds
		startAt[p.mine.Start], endAt[p.mine.End] = b.Start, b.End
		if b.Prev >= 0 {
			endAt[p.mine.Start] = b.Prev
		}
		if b.Next >= 0 {
			startAt[p.mine.End] = b.Next
		}
		labelled[i] = align.Part{Range: p.mine, Kind: p.kind}
	}
	for _, r := range align.Runs(align.Cover(n, labelled)) {
		start, end := r.Start, r.End
		s := Segment{Words: r.Range, Kind: r.Kind, Start: startAt[start], End: endAt[end]}
		switch s.Kind {
		case align.Copied:
			copied += end - start
		case align.Rewritten:
			rewritten += end - start
		case align.Quoted:
			quoted += end - start
		}
		if s.Kind != align.Unique {
			seen := map[Link]bool{}
			for _, p := range parts {
				if p.kind == s.Kind && p.mine.Start < end && p.mine.End > start && !seen[p.link] {
					seen[p.link] = true
					s.With = append(s.With, p.link)
				}
			}
			sort.Slice(s.With, func(i, j int) bool {
				a, b := s.With[i], s.With[j]
				if a.Doc != b.Doc {
					return a.Doc < b.Doc
				}
				return a.Words.Start < b.Words.Start
			})
		}
		segs = append(segs, s)
	}
	return segs, copied, rewritten, quoted
}

// original picks the member the others derive from: a Prior member if
// there is one; then, of the members no other precedes (see Span.Before),
// the dated before the undated; then, among those holding nearly the most
// of the family's shared text (within a tenth of the most), the shortest,
// since copies add chrome and paragraphs of their own to what they take;
// then the first.
func original(docs []Info, arts []Article, members []int) int {
	first := members
	if prior := filter(members, func(m int) bool { return docs[m].Prior }); len(prior) > 0 {
		first = prior
	}
	// The earliest end of a dated member: a member that starts at or after
	// it is preceded by that one.
	var end time.Time
	dated := false
	for _, m := range first {
		if sp, ok := ParseDate(docs[m].Published); ok && (!dated || sp.End.Before(end)) {
			end, dated = sp.End, true
		}
	}
	if dated {
		first = filter(first, func(m int) bool {
			sp, ok := ParseDate(docs[m].Published)
			return ok && sp.Start.Before(end)
		})
	}
	most := 0
	for _, m := range first {
		most = max(most, derived(&arts[m]))
	}
	best := -1
	for _, m := range first {
		if best < 0 || better(docs, arts, most, m, best) {
			best = m
		}
	}
	return best
}

func filter(ms []int, keep func(int) bool) []int {
	var out []int
	for _, m := range ms {
		if keep(m) {
			out = append(out, m)
		}
	}
	return out
}

func derived(a *Article) int { return a.Copied + a.Rewritten }

// better breaks ties between members that no date orders.
func better(docs []Info, arts []Article, most, x, y int) bool {
	cx, cy := derived(&arts[x]), derived(&arts[y])
	nx, ny := 10*cx >= 9*most, 10*cy >= 9*most
	if nx != ny {
		return nx
	}
	if !nx && cx != cy {
		return cx > cy
	}
	return docs[x].Words < docs[y].Words
}

// Span is the time a published date stands for: an instant for a
// timestamp, the whole day for a date alone. End is exclusive.
type Span struct {
	Start, End time.Time
}

// Before reports whether s is wholly before t: a date alone is never
// before a timestamp of the same day, nor after it.
func (s Span) Before(t Span) bool { return !s.End.After(t.Start) }

// ParseDate reads a published date in RFC 3339 or YYYY-MM-DD form.
func ParseDate(s string) (Span, bool) {
	if s == "" {
		return Span{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return Span{t, t.Add(time.Nanosecond)}, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Span{t, t.AddDate(0, 0, 1)}, true
	}
	return Span{}, false
}

// Role gives a family member other than its original its role by its
// shares of copied and rewritten words (derived words are both):
//   - derived below Additions: independent;
//   - copied at least Copy: a copy;
//   - derived mostly verbatim (less than Reworded of it rewritten), where
//     what is not copied is the member's own: a copy when at least
//     WhollyVerbatim is derived or it has no passage of its own of
//     MinOwnPassage unique words, uninterrupted but by shared
//     quotations (what it adds is chrome and captions), else
//     copy+additions;
//   - derived reworded: a rewrite when at least Wholly is derived or it
//     has no passage of its own, else copy+additions. Rewording hides
//     some of what was taken, so Wholly is below what a verbatim copy
//     needs.
func (o Options) Role(d *Info, a *Article) Role {
	if d.Words == 0 {
		return Empty
	}
	w := float64(d.Words)
	copied, der := float64(a.Copied)/w, float64(derived(a))/w
	switch {
	case der < o.Additions:
		return Independent
	case copied >= o.Copy:
		return Copy
	}
	// A passage of its own: MinOwnPassage unique words that no copied or
	// rewritten passage interrupts. A quotation it shares does not: two
	// reports quoting one statement copy nothing (see align.Quoted), and
	// a paper's own account of a hearing is often built around the
	// quotations the wire has too.
	own, run := false, 0
	for _, s := range a.Segments {
		switch s.Kind {
		case align.Unique:
			run += s.Words.Len()
		case align.Quoted:
		default:
			run = 0
		}
		if run >= o.MinOwnPassage {
			own = true
			break
		}
	}
	if float64(a.Rewritten) < o.Reworded*float64(derived(a)) {
		if own && der < o.WhollyVerbatim {
			return Additions
		}
		return Copy
	}
	if der >= o.Wholly || !own {
		return Rewrite
	}
	return Additions
}

// order ranks the members of a family for source: the original first,
// then the dated by their start, then the undated, then by index. Every
// member's source comes before it in this order, so following sources
// never cycles.
func order(docs []Info, members []int, orig int) map[int]int {
	type key struct {
		m     int
		dated bool
		start time.Time
	}
	ks := make([]key, 0, len(members))
	for _, m := range members {
		sp, ok := ParseDate(docs[m].Published)
		ks = append(ks, key{m, ok, sp.Start})
	}
	sort.SliceStable(ks, func(i, j int) bool {
		x, y := ks[i], ks[j]
		switch {
		case (x.m == orig) != (y.m == orig):
			return x.m == orig
		case x.dated != y.dated:
			return x.dated
		case x.dated && !x.start.Equal(y.start):
			return x.start.Before(y.start)
		}
		return x.m < y.m
	})
	rank := make(map[int]int, len(ks))
	for i, k := range ks {
		rank[k.m] = i
	}
	return rank
}

// source picks the family member m derives from: of the members before it
// in rank that it shares copied or rewritten words with, the earliest, so
// that exact twins, which share their partners, point to the same source.
// With none, the original, which comes first.
func source(pairs []verify.Pair, mine []int, m, orig int, rank map[int]int) int {
	best := -1
	for _, pi := range mine {
		p := &pairs[pi]
		other := p.B
		if other == m {
			other = p.A
		}
		r, ok := rank[other]
		if !ok || r >= rank[m] || p.SharedWords == p.QuotedWords {
			continue
		}
		if best < 0 || r < rank[best] {
			best = other
		}
	}
	if best < 0 {
		return orig
	}
	return best
}

func hasPair(pairs []verify.Pair, mine []int, m, orig int) bool {
	for _, pi := range mine {
		if p := &pairs[pi]; p.A == orig || p.B == orig {
			return true
		}
	}
	return false
}
