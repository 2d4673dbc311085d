package family

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/shingle"
	"github.com/wiretrace/wiretrace/verify"
)

// doc makes a document of n one-byte words, word i at byte 2i.
func doc(id string, n int, published string) Info {
	return Info{ID: id, Published: published, Words: n, Start: 0, End: max(2*n-1, 0)}
}

func rng(s, e int) align.Range { return align.Range{Start: s, End: e} }

// spans are the spans of words laid out as doc lays them out.
func spans(n int) []shingle.Span {
	sp := make([]shingle.Span, n)
	for i := range sp {
		sp[i] = shingle.Span{Start: 2 * i, End: 2*i + 1}
	}
	return sp
}

// shared makes a pair whose passages are the given ranges of a and b.
// A pair of any relation but quotes joins its two articles.
func shared(a, b int, rel verify.Relation, ps ...verify.Passage) verify.Pair {
	p := verify.Pair{A: a, B: b, Relation: rel, Passages: ps, Joins: rel != verify.Quotes}
	for i, x := range ps {
		if x.Kind == align.Unique {
			p.Passages[i].Kind = align.Copied
		}
		p.Passages[i].AB = verify.SpanBounds(spans(x.A.End+1), x.A)
		p.Passages[i].BB = verify.SpanBounds(spans(x.B.End+1), x.B)
	}
	for _, x := range ps {
		p.SharedWords += x.A.End - x.A.Start
		if x.Kind == align.Quoted {
			p.QuotedWords += x.A.End - x.A.Start
		}
	}
	return p
}

func TestGroupRoles(t *testing.T) {
	opt := Defaults()
	// 0 the original (100 words), 1 a copy with a 5-word header, 2 a
	// reprint of its first third, 3 the top half plus 40 words of its own,
	// 4 a rewrite deriving 70 of 120 words, 60 of them reworded, 5 an independent sharing a
	// quotation with 0, 6 empty.
	docs := []Info{
		doc("orig", 100, ""), doc("copy", 105, ""), doc("reprint", 33, ""),
		doc("local", 90, ""), doc("rewrite", 120, ""), doc("other", 80, ""), doc("empty", 0, ""),
	}
	pairs := []verify.Pair{
		shared(0, 1, verify.Duplicate, verify.Passage{A: rng(0, 100), B: rng(5, 105)}),
		shared(0, 2, verify.Reprint, verify.Passage{A: rng(0, 33), B: rng(0, 33)}),
		shared(0, 3, verify.Reprint, verify.Passage{A: rng(0, 50), B: rng(0, 50)}),
		shared(0, 4, verify.Partial, verify.Passage{A: rng(50, 60), B: rng(10, 20)},
			verify.Passage{A: rng(60, 100), B: rng(20, 80), Kind: align.Rewritten}),
		shared(0, 5, verify.Quotes, verify.Passage{A: rng(90, 100), B: rng(0, 10), Kind: align.Quoted}),
		shared(1, 2, verify.Reprint, verify.Passage{A: rng(5, 38), B: rng(0, 33)}),
	}
	arts, fams := Group(docs, pairs, opt)

	want := []struct {
		role   Role
		family int
		source int
		copied int
		quoted int
	}{
		{Original, 0, -1, 100, 0},
		{Copy, 0, 0, 100, 0},
		{Copy, 0, 0, 33, 0},
		{Additions, 0, 0, 50, 0},
		{Rewrite, 0, 0, 10, 0},
		{Independent, -1, -1, 0, 10},
		{Empty, -1, -1, 0, 0},
	}
	for i, w := range want {
		a := arts[i]
		if a.Role != w.role || a.Family != w.family || a.Source != w.source || a.Copied != w.copied || a.Quoted != w.quoted {
			t.Errorf("doc %s: role %s family %d source %d copied %d quoted %d, want %s %d %d %d %d",
				docs[i].ID, a.Role, a.Family, a.Source, a.Copied, a.Quoted, w.role, w.family, w.source, w.copied, w.quoted)
		}
	}
	if len(fams) != 1 || fams[0].Original != 0 || len(fams[0].Members) != 5 || fams[0].Chained {
		t.Errorf("families = %+v, want one of 5 members named by doc 0, not chained", fams)
	}
}

func TestOriginal(t *testing.T) {
	opt := Defaults()
	tests := []struct {
		name string
		docs []Info
		want int
	}{
		{"earliest published", []Info{doc("a", 100, "2025-04-26"), doc("b", 100, "2025-04-25T12:00:00Z")}, 1},
		// A date alone is its whole day: a station's page dated
		// 2025-04-25 is not before the network's story stamped 16:22 that
		// day, so the story that holds the family's text with fewest
		// words of its own is the original.
		{"a date alone against a timestamp of its day", []Info{doc("station", 120, "2025-04-25"), doc("network", 100, "2025-04-25T16:22:00Z")}, 1},
		{"a timestamp the day before a date alone", []Info{doc("paper", 100, "2025-01-13"), doc("wire", 120, "2025-01-12T23:40:00Z")}, 1},
		{"a date beats none", []Info{doc("a", 100, ""), doc("b", 100, "2025-04-25")}, 1},
		{"fewest words of its own", []Info{doc("page", 120, ""), doc("story", 100, "")}, 1},
		{"prior first", []Info{doc("new", 100, "2020-01-01"), func() Info { d := doc("wire", 120, ""); d.Prior = true; return d }()}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := min(tt.docs[0].Words, tt.docs[1].Words)
			pairs := []verify.Pair{shared(0, 1, verify.Duplicate, verify.Passage{A: rng(0, n), B: rng(0, n)})}
			_, fams := Group(tt.docs, pairs, opt)
			if len(fams) != 1 || fams[0].Original != tt.want {
				t.Errorf("Group: families %+v, want original %d", fams, tt.want)
			}
		})
	}
}

func TestChained(t *testing.T) {
	// a is the earliest; b copies part of a and adds its own; c copies
	// only b's own part: c does not derive from a.
	docs := []Info{doc("a", 100, "2025-01-01"), doc("b", 100, "2025-01-02"), doc("c", 100, "2025-01-03")}
	pairs := []verify.Pair{
		shared(0, 1, verify.Reprint, verify.Passage{A: rng(0, 60), B: rng(0, 60)}),
		shared(1, 2, verify.Reprint, verify.Passage{A: rng(40, 100), B: rng(0, 60)}),
	}
	_, fams := Group(docs, pairs, Defaults())
	if len(fams) != 1 || !fams[0].Chained {
		t.Errorf("Group(a~b~c): %+v, want one chained family", fams)
	}
}

// Segments cover every word once, in order, maximal, each word labelled
// as an oracle labels it: a word is copied when some copied part covers
// it, else quoted when some quoted part does, else unique; and each
// segment links exactly the parts of its kind that overlap it.
func TestSegmentsCover(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 500 {
		n := 1 + r.IntN(300)
		var parts []part
		for range r.IntN(8) {
			s := r.IntN(n)
			e := s + 1 + r.IntN(n-s)
			kind := align.Copied
			if r.IntN(2) == 0 {
				kind = align.Quoted
			}
			parts = append(parts, part{mine: rng(s, e), kind: kind, link: Link{Doc: r.IntN(3), Words: rng(0, e-s)}})
		}
		in := doc("d", n, "")
		for i := range parts {
			parts[i].bounds = verify.SpanBounds(spans(n), parts[i].mine)
		}
		segs, copied, _, quoted := segments(&in, parts)
		// The oracle, word by word, from the parts alone.
		oracle := func(w int) string {
			kind := "unique"
			for _, p := range parts {
				if p.mine.Start <= w && w < p.mine.End {
					if p.kind == align.Copied {
						return "shared"
					}
					kind = "quote"
				}
			}
			return kind
		}
		wantCopied, wantQuoted := 0, 0
		for w := range n {
			switch oracle(w) {
			case "shared":
				wantCopied++
			case "quote":
				wantQuoted++
			}
		}
		if copied != wantCopied || quoted != wantQuoted {
			t.Fatalf("iter %d: copied %d quoted %d, want %d and %d", iter, copied, quoted, wantCopied, wantQuoted)
		}
		for i, s := range segs {
			for w := s.Words.Start; w < s.Words.End; w++ {
				if got, want := s.Kind.String(), oracle(w); got != want {
					t.Fatalf("iter %d: segment %d %v is %s, but word %d is %s", iter, i, s.Words, got, w, want)
				}
			}
			var links []Link
			for _, p := range parts {
				if s.Kind != align.Unique && p.kind == s.Kind && p.mine.Start < s.Words.End && p.mine.End > s.Words.Start && !slices.Contains(links, p.link) {
					links = append(links, p.link)
				}
			}
			if len(s.With) != len(links) {
				t.Fatalf("iter %d: segment %d %v links %d parts, want %d", iter, i, s.Words, len(s.With), len(links))
			}
			for _, l := range links {
				if !slices.Contains(s.With, l) {
					t.Fatalf("iter %d: segment %d %v lacks the link %+v", iter, i, s.Words, l)
				}
			}
		}
		at, c, q := 0, 0, 0
		for i, s := range segs {
			if s.Start != 2*s.Words.Start || s.End != 2*s.Words.End-1 {
				t.Fatalf("iter %d: segment %d of words %v has bytes [%d:%d], want [%d:%d]", iter, i, s.Words, s.Start, s.End, 2*s.Words.Start, 2*s.Words.End-1)
			}
			if s.Words.Start != at || s.Words.End <= s.Words.Start {
				t.Fatalf("iter %d: segment %d = %+v, want a non-empty run from %d", iter, i, s.Words, at)
			}
			if i > 0 && segs[i-1].Kind == s.Kind {
				t.Fatalf("iter %d: segments %d and %d both %s: not maximal", iter, i-1, i, s.Kind)
			}
			switch s.Kind {
			case align.Copied:
				c += s.Words.End - s.Words.Start
			case align.Quoted:
				q += s.Words.End - s.Words.Start
			}
			at = s.Words.End
		}
		if at != n || c != copied || q != quoted {
			t.Fatalf("iter %d: segments end at %d of %d words, copied %d/%d quoted %d/%d", iter, at, n, c, copied, q, quoted)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := func(s string) Span { sp, _ := ParseDate(s); return sp }
	tests := []struct {
		x, y   string
		before bool
	}{
		{"2025-04-24", "2025-04-25", true},
		{"2025-04-24", "2025-04-25T00:00:00Z", true},
		{"2025-04-25", "2025-04-25T16:22:00Z", false},
		{"2025-04-25T16:22:00Z", "2025-04-25", false},
		{"2025-04-25T16:22:00Z", "2025-04-25T16:22:00Z", false},
		{"2025-04-25T16:21:59Z", "2025-04-25T16:22:00Z", true},
		{"2025-04-25T23:00:00-02:00", "2025-04-26", false}, // 01:00 UTC on the 26th
		{"2025-04-25T20:00:00-02:00", "2025-04-26", true},  // 22:00 UTC on the 25th
	}
	for _, tt := range tests {
		if got := day(tt.x).Before(day(tt.y)); got != tt.before {
			t.Errorf("%s before %s = %v, want %v", tt.x, tt.y, got, tt.before)
		}
	}
	for _, s := range []string{"", "yesterday", "2025-13-01", "25/04/2025"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) ok, want not a date", s)
		}
	}
}

// TestRole checks the roles by shares: what a member derives, and how
// much of that is reworded, and whether it has a passage of its own.
func TestRole(t *testing.T) {
	o := Defaults()
	type seg struct {
		kind  align.Kind
		words int
	}
	own := func(n int) []seg { return []seg{{align.Unique, n}} }
	tests := []struct {
		name              string
		copied, rewritten int   // of 100 words, first
		rest              []seg // the rest, in order
		want              Role
	}{
		{"verbatim copy", 95, 0, own(5), Copy},
		{"copy under chrome lines", 75, 0, own(12), Copy},
		{"copy with a paragraph of its own", 60, 0, own(40), Additions},
		{"copy with a standfirst of its own", 60, 0, own(30), Copy},
		{"mostly copied, a paragraph of its own", 72, 0, own(28), Copy},
		{"reworded throughout", 20, 40, own(20), Rewrite},
		{"reworded, then its own reporting", 10, 20, own(60), Additions},
		{"reworded, no paragraph of its own", 10, 10, own(20), Rewrite},
		{"a sentence lifted, the rest its own", 3, 3, own(90), Additions},
		{"a few phrases", 2, 2, own(90), Independent},
		// A quotation the source has too does not end a passage of the
		// article's own: 20 + 20 unique words around it are one.
		{"copy, its own account around a quotation", 45, 0,
			[]seg{{align.Unique, 20}, {align.Quoted, 15}, {align.Unique, 20}}, Additions},
		{"copy, its own account cut by a copied run", 40, 0,
			[]seg{{align.Unique, 20}, {align.Copied, 5}, {align.Unique, 20}, {align.Quoted, 15}}, Copy},
		{"copy, chrome lines between quotations", 50, 0,
			[]seg{{align.Unique, 10}, {align.Quoted, 10}, {align.Unique, 10}, {align.Quoted, 10}, {align.Unique, 10}}, Copy},
		{"reworded, its own account cut by a rewritten run", 20, 15,
			[]seg{{align.Unique, 20}, {align.Rewritten, 5}, {align.Unique, 20}, {align.Quoted, 10}}, Rewrite},
		{"reworded, its own account around quotations", 25, 15,
			[]seg{{align.Unique, 20}, {align.Quoted, 10}, {align.Unique, 15}, {align.Quoted, 10}}, Additions},
	}
	for _, tt := range tests {
		a := Article{}
		at := 0
		for _, s := range append([]seg{{align.Copied, tt.copied}, {align.Rewritten, tt.rewritten}}, tt.rest...) {
			a.Segments = append(a.Segments, Segment{Words: rng(at, at+s.words), Kind: s.kind})
			at += s.words
			switch s.kind {
			case align.Copied:
				a.Copied += s.words
			case align.Rewritten:
				a.Rewritten += s.words
			case align.Quoted:
				a.Quoted += s.words
			}
		}
		d := doc("d", 100, "")
		if got := o.Role(&d, &a); got != tt.want {
			t.Errorf("%s: Role = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestSourceAcyclic checks on random families that every member's source
// is another member, earlier in the family's order, so that following
// sources from any member ends at the original.
func TestSourceAcyclic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	dates := []string{"", "2025-04-25", "2025-04-25T16:22:00Z", "2025-04-25T09:00:00Z", "2025-04-26", "2025-04-24T23:59:00Z"}
	for iter := range 300 {
		n := 2 + r.IntN(9)
		docs := make([]Info, n)
		for i := range docs {
			docs[i] = doc(string(rune('a'+i)), 100, dates[r.IntN(len(dates))])
		}
		var pairs []verify.Pair
		for a := range n {
			for b := a + 1; b < n; b++ {
				if b == a+1 || r.IntN(3) == 0 {
					pairs = append(pairs, shared(a, b, verify.Reprint, verify.Passage{A: rng(0, 60), B: rng(0, 60)}))
				}
			}
		}
		arts, fams := Group(docs, pairs, Defaults())
		if len(fams) != 1 {
			t.Fatalf("iter %d: %d families, want 1", iter, len(fams))
		}
		orig := fams[0].Original
		for m := range n {
			seen := map[int]bool{}
			for x := m; x != orig; x = arts[x].Source {
				if seen[x] || x < 0 || arts[x].Source == x {
					t.Fatalf("iter %d: following sources from %s cycles or stops at %d before the original %s: %+v", iter, docs[m].ID, x, docs[orig].ID, arts)
				}
				seen[x] = true
			}
		}
		if arts[orig].Source != -1 {
			t.Errorf("iter %d: the original has source %d", iter, arts[orig].Source)
		}
	}
}

// A join with nothing derived: a short report and a long one, earlier,
// share one sentence, which is a tenth of the short one (it joins them)
// and a hundredth of the long one. Whichever is the original, the other
// derives below Additions: no family, both independent, their shares
// against each other still counted.
func TestFamilyOfNone(t *testing.T) {
	for _, tt := range []struct {
		name         string
		short, long  string // published dates
		wantFamilies int
	}{
		{"the long one earlier: the short one derives from it", "2025-04-26", "2025-04-25", 1},
		{"the short one earlier: the long one derives nothing", "2025-04-25", "2025-04-26", 0},
	} {
		docs := []Info{doc("short", 100, tt.short), doc("long", 1000, tt.long)}
		pairs := []verify.Pair{shared(0, 1, verify.Partial, verify.Passage{A: rng(40, 50), B: rng(500, 510)})}
		arts, fams := Group(docs, pairs, Defaults())
		if len(fams) != tt.wantFamilies {
			t.Errorf("%s: %d families, want %d: %+v", tt.name, len(fams), tt.wantFamilies, arts)
			continue
		}
		if tt.wantFamilies > 0 {
			if arts[0].Role != Additions || arts[0].Source != 1 {
				t.Errorf("%s: the short one is %s from %d, want copy+additions from the long one", tt.name, arts[0].Role, arts[0].Source)
			}
			continue
		}
		for i, a := range arts {
			if a.Family != -1 || a.Role != Independent || a.Source != -1 || a.Copied != 10 {
				t.Errorf("%s: %s is %+v; want independent, in no family, 10 words copied", tt.name, docs[i].ID, a)
			}
		}
	}
}
