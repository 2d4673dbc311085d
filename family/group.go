package family

import (
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
type Options struct {
	Copy      float64 // copied share that makes a copy (--copy)
	Additions float64 // copied share that makes copy+additions, with a passage of its own (--additions)
	// MinOwnPassage is the length in words of a passage of its own that
	// makes a member with Additions copied copy+additions rather than a
	// copy (--min-passage).
	MinOwnPassage int
}

// Defaults returns the contract's thresholds.
func Defaults() Options {
	return Options{Copy: 0.9, Additions: 0.5, MinOwnPassage: 8}
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
	Kind       align.Kind // copied, quoted or unique; its String is its name in passages.jsonl
	With       []Link     // for copied and quoted segments: where the other articles have them
}

// Article is the analysis of one document.
type Article struct {
	Family   int  // index of the original of its family; -1 outside families
	Role     Role // one of the Role constants
	Source   int  // index of the member it derives from; -1 if none
	Copied   int  // words in shared passages counted as copied
	Quoted   int  // words in shared passages counted as quoted
	Segments []Segment
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

	// Shares: against the family for members, against every partner for
	// the others. Each document's are its own work, done in blocks that
	// the workers take in turn.
	shares := func(i int) {
		arts[i] = Article{Family: -1, Source: -1, Role: Independent}
		if docs[i].Words == 0 {
			arts[i].Role = Empty
			return
		}
		inFamily := len(groups[root[i]]) > 1
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
				kind := align.Copied
				if ps.Quoted {
					kind = align.Quoted
				}
				parts = append(parts, part{mine: mine, bounds: mb, kind: kind,
					link: Link{Doc: other, Words: theirs, Start: tb.Start, End: tb.End}})
			}
		}
		if len(byDoc[i]) > 0 {
			arts[i].Segments, arts[i].Copied, arts[i].Quoted = segments(&docs[i], parts)
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
		for _, m := range members {
			arts[m].Family = orig
			if m == orig {
				arts[m].Role = Original
				continue
			}
			arts[m].Role = role(&docs[m], &arts[m], opt)
			arts[m].Source = source(docs, pairs, byDoc[m], m, orig, find)
			if !hasPair(pairs, byDoc[m], m, orig) {
				f.Chained = true
			}
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
// returns the maximal runs with their links, and the copied and quoted
// word counts.
func segments(d *Info, parts []part) (segs []Segment, copied, quoted int) {
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
	return segs, copied, quoted
}

// original picks the member the others derive from: a Prior member if
// there is one; then the earliest published where dates are known; then,
// among the members holding nearly the most of the family's shared text
// (within a tenth of the most), the shortest, since copies add chrome and
// paragraphs of their own to what they take; then the first.
func original(docs []Info, arts []Article, members []int) int {
	most := 0
	for _, m := range members {
		most = max(most, arts[m].Copied)
	}
	best := -1
	for _, m := range members {
		if best < 0 || better(docs, arts, most, m, best) {
			best = m
		}
	}
	return best
}

func better(docs []Info, arts []Article, most, x, y int) bool {
	dx, dy := &docs[x], &docs[y]
	if dx.Prior != dy.Prior {
		return dx.Prior
	}
	tx, okx := ParseDate(dx.Published)
	ty, oky := ParseDate(dy.Published)
	if okx != oky {
		return okx
	}
	if okx && !tx.Equal(ty) {
		return tx.Before(ty)
	}
	nx, ny := 10*arts[x].Copied >= 9*most, 10*arts[y].Copied >= 9*most
	if nx != ny {
		return nx
	}
	if !nx && arts[x].Copied != arts[y].Copied {
		return arts[x].Copied > arts[y].Copied
	}
	return dx.Words < dy.Words
}

// ParseDate reads a published date in RFC 3339 or YYYY-MM-DD form.
func ParseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

func role(d *Info, a *Article, opt Options) Role {
	share := float64(a.Copied) / float64(d.Words)
	switch {
	case share >= opt.Copy:
		return Copy
	case share >= opt.Additions:
		for _, s := range a.Segments {
			if s.Kind == align.Unique && s.Words.End-s.Words.Start >= opt.MinOwnPassage {
				return Additions
			}
		}
		return Copy
	}
	return Rewrite
}

// source picks the family member m derives from: the one it shares the
// most copied words with, the original first on a tie.
func source(docs []Info, pairs []verify.Pair, mine []int, m, orig int, find func(int) int) int {
	best, bestWords := -1, -1
	for _, pi := range mine {
		p := &pairs[pi]
		other := p.B
		if other == m {
			other = p.A
		}
		if find(other) != find(m) {
			continue
		}
		w := 0
		for _, ps := range p.Passages {
			if ps.Quoted {
				continue
			}
			if p.A == m {
				w += ps.A.End - ps.A.Start
			} else {
				w += ps.B.End - ps.B.Start
			}
		}
		if w > bestWords || w == bestWords && (other == orig || best != orig && docs[other].ID < docs[best].ID) {
			best, bestWords = other, w
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
