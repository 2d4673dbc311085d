package verify

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/shingle"
)

// doc prepares text as a scan does, without quotations or fingerprints.
func doc(id, text string) Doc {
	var tk shingle.Tokenizer
	d := Doc{ID: id}
	tk.Tokenize(text, &d.Tokens)
	d.Set = shingle.Set(shingle.Shingles(d.Tokens.Hashes, 5, nil))
	return d
}

// words returns n distinct words named prefix0, prefix1, ...
func words(prefix string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return strings.Join(ws, " ")
}

// TestJoins checks when a pair joins its articles into one family: a
// partial pair from Joins (15%) of the smaller article copied on, a reprint
// always, shared quotations never.
func TestJoins(t *testing.T) {
	opt := Defaults()
	tests := []struct {
		copied int // words of a's 100 that b carries
		rel    Relation
		joins  bool
	}{
		{14, Partial, false},
		{15, Partial, true},
		{100, Reprint, true},
	}
	for _, tt := range tests {
		a := doc("a", words("w", 100))
		b := doc("b", strings.Join(strings.Fields(words("w", 100))[:tt.copied], " ")+" "+words("x", 200-tt.copied))
		p, ok := Verify(&a, &b, opt)
		if !ok || p.Relation != tt.rel || p.Joins != tt.joins || p.CopiedWords() != tt.copied {
			t.Errorf("b copying %d of a's 100 words: %v %s, joins %v, copied %d; want %s, joins %v, copied %d",
				tt.copied, ok, p.Relation, p.Joins, p.CopiedWords(), tt.rel, tt.joins, tt.copied)
		}
	}
}
