package pipeline

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// planted writes a corpus of generated articles with planted relations
// and returns its path and the planted pairs (a < b) by kind.
func planted(t testing.TB, n int, seed uint64) (string, map[[2]string]string) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	var vocab []string
	for _, f := range []string{"000_007e2c2d65f4a228.txt", "002_5c712571f894106e.txt", "003_713ab721816cb750.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Fields(string(b)) {
			if strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
				vocab = append(vocab, w)
			}
		}
	}
	story := func(words int) []string {
		out := make([]string, words)
		for i := range out {
			out[i] = vocab[r.IntN(len(vocab))]
		}
		return out
	}
	text := func(ws []string) string {
		var b strings.Builder
		for i, w := range ws {
			if i > 0 {
				if i%60 == 0 {
					b.WriteString("\n\n")
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteString(w)
		}
		return b.String()
	}
	chrome := [][]string{story(40), story(60), story(30)}
	type rec struct{ ID, Text string }
	var recs []rec
	truth := map[[2]string]string{}
	plant := func(a, b, kind string) {
		if a > b {
			a, b = b, a
		}
		truth[[2]string{a, b}] = kind
	}
	for i := 0; len(recs) < n; i++ {
		id := fmt.Sprintf("s%04d", i)
		ws := story(200 + r.IntN(600))
		if r.IntN(3) == 0 { // under a site's chrome
			c := chrome[r.IntN(len(chrome))]
			ws = append(append(append([]string{}, c...), ws...), c...)
		}
		recs = append(recs, rec{id, text(ws)})
		switch r.IntN(6) {
		case 0:
			recs = append(recs, rec{id + "-copy", text(ws)})
			plant(id, id+"-copy", "duplicate")
		case 1:
			ed := append([]string{}, ws...)
			for j := range ed {
				if r.IntN(20) == 0 {
					ed[j] = vocab[r.IntN(len(vocab))]
				}
			}
			recs = append(recs, rec{id + "-edit", text(ed)})
			plant(id, id+"-edit", "duplicate")
		case 2:
			recs = append(recs, rec{id + "-reprint", text(ws[:len(ws)/3])})
			plant(id, id+"-reprint", "reprint")
		case 3:
			own := story(150)
			recs = append(recs, rec{id + "-local", text(append(append([]string{}, ws[:len(ws)/2]...), own...))})
			plant(id, id+"-local", "local")
		case 4:
			q := story(20)
			other := story(300)
			a := text(append(append([]string{"He", "said:", "\""}, q...), "\"")) + " " + text(ws)
			b := text(other) + " \"" + text(q) + "\" she was told."
			recs[len(recs)-1].Text = a
			recs = append(recs, rec{id + "-quoting", b})
			plant(id, id+"-quoting", "quotes")
		}
	}
	path := filepath.Join(t.TempDir(), "planted.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, x := range recs {
		if err := enc.Encode(map[string]string{"id": x.ID, "text": x.Text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, truth
}

func TestPlanted(t *testing.T) {
	path, truth := planted(t, 600, 1)
	res, c := scanFiles(t, 1, path)
	text := func(doc string) string {
		s, err := res.text(c, doc)
		if err != nil {
			t.Fatalf("text of %s: %v", doc, err)
		}
		return s
	}
	checkInvariants(t, res, text)

	got := map[[2]string]string{}
	for _, p := range res.Pairs {
		got[[2]string{p.A, p.B}] = p.Relation
	}
	for pair, kind := range truth {
		rel, ok := got[pair]
		switch {
		case !ok:
			t.Errorf("planted %s pair %v not found", kind, pair)
		case kind == "quotes" && rel != "quotes":
			t.Errorf("planted quotation pair %v: relation %s, want quotes", pair, rel)
		case kind == "local" && rel != "reprint" && rel != "partial":
			t.Errorf("planted local pair %v: relation %s, want reprint or partial", pair, rel)
		case kind != "quotes" && kind != "local" && rel != "duplicate" && rel != "reprint":
			t.Errorf("planted %s pair %v: relation %s", kind, pair, rel)
		}
	}
	for pair, rel := range got {
		if _, ok := truth[pair]; !ok {
			t.Errorf("pair %v (%s) was not planted: chrome or chance made a relation", pair, rel)
		}
	}

	for _, w := range []int{2, 4} {
		other, _ := scanFiles(t, w, path)
		if !reflect.DeepEqual(other.Articles, res.Articles) || !reflect.DeepEqual(other.Pairs, res.Pairs) ||
			!reflect.DeepEqual(other.Families, res.Families) || !reflect.DeepEqual(other.Passages, res.Passages) {
			t.Errorf("Scan with %d workers differs from 1 worker", w)
		}
	}
}
