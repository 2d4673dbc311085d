package align

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/shingle"
)

func wordsOf(text string) Words {
	return Words{Text: text, Tokens: shingle.Tokenize(text, 1)}
}

// shown is an edit as a test states it: "op a-words/b-words flags".
func shown(e Edit, a, b Words) string {
	at := a.Text[e.AByte.Start:e.AByte.End]
	bt := b.Text[e.BByte.Start:e.BByte.End]
	s := e.Op.String() + " " + strings.Join(strings.Fields(at), " ") + "/" + strings.Join(strings.Fields(bt), " ")
	if f := e.Flags.Names(); len(f) > 0 {
		s += " " + strings.Join(f, ",")
	}
	return s
}

func TestEdits(t *testing.T) {
	tests := []struct {
		name string
		a, b string // a the passage, b its counterpart (the source)
		want []string
	}{
		{"identical", p2, p2, nil},
		{"case and quotes only", `He said “no” to NATO.`, `he said "No" to nato.`, nil},
		{"changed number", strings.Replace(p3, "12 years", "11 years", 1), p3, []string{"substituted 11/12 number"}},
		{"number word", strings.Replace(p2, "nine children", "ten children", 1), p2, []string{"substituted ten/nine number"}},
		{"weekday", strings.Replace(p1, "on Friday", "on Thursday", 1), p1, []string{"substituted Thursday/Friday date"}},
		{"weekday found elsewhere in the passage", `It hit on Thursday. Talks ended Wednesday.`, `It hit on Wednesday. Talks ended Wednesday.`, []string{"substituted Thursday/Wednesday date"}},
		{"month name, not the verb", `The vote is set for May 4 in the capital.`, `The vote is set for June 4 in the capital.`, []string{"substituted May/June date"}},
		{"year", `The mill closed in 2019 after a fire.`, `The mill closed in 2021 after a fire.`, []string{"substituted 2019/2021 number,date"}},
		{"name", strings.Replace(p3, "Arthur Petrov", "Arthur Ivanov", 1), p3, []string{"substituted Ivanov/Petrov name"}},
		{"capital at a sentence start is no name", `The strike hit the port. Officials said nine died.`, `The strike hit the port. Police said nine died.`, []string{"substituted Officials/Police"}},
		{"dropped word", strings.Replace(p2, "deadly ", "", 1), p2, []string{"dropped /deadly"}},
		{"inserted words", strings.Replace(p2, "missile strike", "missile and drone strike", 1), p2, []string{"inserted and drone/"}},
		{"reordered attribution is not a changed name",
			`"We keep talking to the Americans," Putin said. "Nobody expects a breakthrough."`,
			`"We keep talking to the Americans," said Putin. "Nobody expects a breakthrough."`,
			[]string{"inserted Putin/", "dropped /Putin"}},
		{"two edits apart",
			strings.Replace(p1, "Friday", "Saturday", 1) + " " + strings.Replace(p2, "nine", "ten", 1),
			p1 + " " + p2,
			[]string{"substituted Saturday/Friday date", "substituted ten/nine number"}},
		{"at both ends", `Nine people died in the fire on Elm Street`, `Ten people died in the fire on Oak Street`,
			[]string{"substituted Nine/Ten number", "substituted Elm/Oak name"}},
		{"a stretch of a longer passage", p1 + " " + strings.Replace(p2, "nine", "ten", 1) + " " + p3, p2, []string{"substituted ten/nine number"}},
		{"all different", `alpha beta gamma`, `delta epsilon`, []string{"substituted alpha beta gamma/delta epsilon"}},
		{"empty counterpart", `alpha beta`, ``, []string{"inserted alpha beta/"}},
		{"empty passage", ``, `alpha beta`, []string{"dropped /alpha beta"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := wordsOf(tt.a), wordsOf(tt.b)
			var got []string
			for _, e := range Edits(a, b) {
				got = append(got, shown(e, a, b))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Edits(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// apply rebuilds a's word hashes, in the stretch b stands for, from b's
// and the edits: the edits say everything that differs.
func apply(a, b Words, edits []Edit) []uint64 {
	var out []uint64
	j := 0
	if len(edits) == 0 {
		return b.Tokens.Hashes
	}
	for _, e := range edits {
		out = append(out, b.Tokens.Hashes[j:e.B.Start]...)
		out = append(out, a.Tokens.Hashes[e.A.Start:e.A.End]...)
		j = e.B.End
	}
	return append(out, b.Tokens.Hashes[j:]...)
}

// checkEdits checks the invariants of Edits(a, b).
func checkEdits(t *testing.T, a, b Words, edits []Edit) {
	t.Helper()
	lo, hi := stretch(a.Tokens.Hashes, b.Tokens.Hashes)
	if len(edits) == 0 && !slices.Equal(a.Tokens.Hashes[lo:hi], b.Tokens.Hashes) {
		t.Fatalf("no edits, but a's words %d-%d differ from b's", lo, hi)
	}
	if got := apply(a, b, edits); len(edits) > 0 && !slices.Equal(got, a.Tokens.Hashes[lo:hi]) {
		t.Fatalf("applying the %d edits to b does not give a's words %d-%d", len(edits), lo, hi)
	}
	pa, pb := 0, 0
	for _, e := range edits {
		if e.A.Start < pa || e.B.Start < pb || e.A.End < e.A.Start || e.B.End < e.B.Start {
			t.Fatalf("edit %+v out of order or inverted", e)
		}
		wantOp := Substituted
		switch {
		case e.A.Len() == 0 && e.B.Len() == 0:
			t.Fatalf("empty edit %+v", e)
		case e.B.Len() == 0:
			wantOp = Inserted
		case e.A.Len() == 0:
			wantOp = Dropped
		}
		if e.Op != wantOp {
			t.Errorf("edit %+v has op %v, want %v", e, e.Op, wantOp)
		}
		if e.A.Len() > 0 && (e.AByte.Start != a.Tokens.Spans[e.A.Start].Start || e.AByte.End != a.Tokens.Spans[e.A.End-1].End) {
			t.Errorf("edit %+v: bytes do not bound its words in a", e)
		}
		if e.B.Len() > 0 && (e.BByte.Start != b.Tokens.Spans[e.B.Start].Start || e.BByte.End != b.Tokens.Spans[e.B.End-1].End) {
			t.Errorf("edit %+v: bytes do not bound its words in b", e)
		}
		if e.AByte.Start > e.AByte.End || e.AByte.End > len(a.Text) || e.BByte.Start > e.BByte.End || e.BByte.End > len(b.Text) {
			t.Errorf("edit %+v: bytes outside the texts", e)
		}
		pa, pb = e.A.End, e.B.End
	}
}

// TestEditsInvariants edits real paragraphs at random and checks that
// the edits found rebuild the passage from its counterpart, are ordered,
// and insert and drop no more words than were (the script is shortest).
func TestEditsInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 14))
	var base []string // one word each, so that made counts words
	all := wordsOf(p1 + " " + p2 + " " + p3)
	for _, sp := range all.Tokens.Spans {
		base = append(base, all.Text[sp.Start:sp.End])
	}
	for round := range 300 {
		ws := slices.Clone(base)
		made := 0
		for range r.IntN(12) {
			i := r.IntN(len(ws))
			switch r.IntN(3) {
			case 0:
				ws[i] = "changed"
				made += 2 // a word dropped and one inserted
			case 1:
				ws = slices.Delete(ws, i, i+1)
				made++
			default:
				ws = slices.Insert(ws, i, "added")
				made++
			}
		}
		a, b := wordsOf(strings.Join(ws, " ")), wordsOf(strings.Join(base, " "))
		edits := Edits(a, b)
		checkEdits(t, a, b, edits)
		words := 0
		for _, e := range edits {
			words += e.A.Len() + e.B.Len()
		}
		if words > made {
			t.Errorf("round %d: %d words inserted or dropped found, for %d made", round, words, made)
		}
	}
}

// TestEditsCap: passages too different for the edit search are one
// substitution of what lies between their common start and end.
func TestEditsCap(t *testing.T) {
	var x, y []string
	for i := range 3000 {
		x = append(x, "x"+strings.Repeat("a", i%7)+string(rune('a'+i%26)))
		y = append(y, "y"+strings.Repeat("b", i%5)+string(rune('a'+i%26)))
	}
	a := wordsOf("same start " + strings.Join(x, " ") + " same end")
	b := wordsOf("same start " + strings.Join(y, " ") + " same end")
	edits := Edits(a, b)
	checkEdits(t, a, b, edits)
	if len(edits) != 1 || edits[0].Op != Substituted || edits[0].A != (Range{2, 3002}) {
		t.Errorf("Edits of two 3,000-word passages without a word in common = %d edits, want one substitution of words 2-3002", len(edits))
	}
}

func FuzzEdits(f *testing.F) {
	f.Add(p1, strings.Replace(p1, "Friday", "Saturday", 1))
	f.Add(p3, strings.Replace(p3, "12", "eleven", 1))
	f.Add("a b c", "c b a")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, b := wordsOf(x), wordsOf(y)
		checkEdits(t, a, b, Edits(a, b))
	})
}

func BenchmarkEdits(b *testing.B) {
	text := strings.Repeat(p1+" "+p2+" "+p3+" ", 10)
	edited := strings.Replace(strings.Replace(text, "nine", "ten", 3), "Friday", "Thursday", 4)
	x, y := wordsOf(edited), wordsOf(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Edits(x, y)
	}
}
