package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wiretrace/wiretrace/shingle"
)

// gen writes a corpus of n articles and returns its records by id and the
// truth rows.
func gen(t *testing.T, n int, seed uint64, workers int) (string, map[string]record, [][]string) {
	t.Helper()
	dir := t.TempDir()
	if _, err := generate(config{N: n, Seed: seed, Workers: workers}, dir); err != nil {
		t.Fatalf("generate: %v", err)
	}
	f, err := os.Open(filepath.Join(dir, "corpus.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs := map[string]record{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	prev := ""
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("corpus line %d: %v", len(recs)+1, err)
		}
		if r.ID <= prev {
			t.Errorf("id %q after %q: lines not in id order", r.ID, prev)
		}
		prev = r.ID
		recs[r.ID] = r
	}
	if len(recs) != n {
		t.Fatalf("corpus has %d records, want %d", len(recs), n)
	}
	tf, err := os.Open(filepath.Join(dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer tf.Close()
	rows, err := csv.NewReader(tf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "a,b,kind,jaccard,containment_a,containment_b" {
		t.Fatalf("truth header = %q", got)
	}
	return dir, recs, rows[1:]
}

func TestDeterministic(t *testing.T) {
	read := func(dir string) string {
		var b bytes.Buffer
		for _, name := range []string{"corpus.jsonl", "truth.csv"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			b.Write(data)
		}
		return b.String()
	}
	d1, _, _ := gen(t, 300, 7, 1)
	d2, _, _ := gen(t, 300, 7, 3)
	d3, _, _ := gen(t, 300, 8, 2)
	if read(d1) != read(d2) {
		t.Errorf("seed 7 with 1 and 3 workers: outputs differ")
	}
	if read(d1) == read(d3) {
		t.Errorf("seeds 7 and 8 give the same output")
	}
}

// TestTruth recomputes every truth row from the texts and checks the
// planted structure: shares of articles in families, kinds, lengths.
func TestTruth(t *testing.T) {
	_, recs, rows := gen(t, 1500, 1, 2)
	set := func(id string) []uint64 {
		r, ok := recs[id]
		if !ok {
			t.Fatalf("truth names %q, not in the corpus", id)
		}
		toks := shingle.Tokenize(r.Text, hashSeed)
		return shingle.Set(shingle.Shingles(toks.Hashes, 5, nil))
	}
	kinds := map[string]int{}
	prefixC := 0.0
	seen := map[string]bool{}
	inPairs := map[string]bool{}
	for _, row := range rows {
		a, b, kind := row[0], row[1], row[2]
		if a >= b {
			t.Errorf("truth row %v: a >= b", row)
		}
		if seen[a+","+b] {
			t.Errorf("truth row %v repeated", row)
		}
		seen[a+","+b] = true
		inPairs[a], inPairs[b] = true, true
		kinds[kind]++
		sa, sb := set(a), set(b)
		want := []float64{shingle.Jaccard(sa, sb), shingle.Containment(sa, sb), shingle.Containment(sb, sa)}
		for i, w := range want {
			got, err := strconv.ParseFloat(row[3+i], 64)
			if err != nil || math.Abs(got-w) > 5.001e-7 {
				t.Errorf("truth row %v: column %d = %s, want %.6f", row, 3+i, row[3+i], w)
			}
		}
		switch kind {
		case kindExact:
			if recs[a].Text != recs[b].Text {
				t.Errorf("exact pair %s,%s: texts differ", a, b)
			}
		case kindQuote:
			if want[0] > 0.1 {
				t.Errorf("quote pair %s,%s: jaccard %.3f, want independent articles", a, b, want[0])
			}
		case kindChrome, "edit01":
			if want[0] < 0.5 {
				t.Errorf("%s pair %s,%s: jaccard %.3f, want >= 0.5", kind, a, b, want[0])
			}
		case kindPrefix:
			// The reprint of the first third or half lies within the
			// original but for chrome and an added line.
			prefixC += max(want[1], want[2])
		}
	}
	for _, k := range []string{kindExact, "edit01", "edit05", "edit10", "edit20", kindPrefix, kindChrome, kindAdditions, kindQuote, kindIndirect} {
		if kinds[k] == 0 {
			t.Errorf("no truth pair of kind %s in %v", k, kinds)
		}
	}
	if c := prefixC / float64(kinds[kindPrefix]); c < 0.75 {
		t.Errorf("prefix pairs: mean containment of the smaller %.3f, want >= 0.75", c)
	}
	share := float64(len(inPairs)) / float64(len(recs))
	if share < 0.45 || share > 0.7 {
		t.Errorf("%.2f of articles are in planted pairs, want about 0.55 (families and quote pairs)", share)
	}

	words, n := 0, 0
	for _, r := range recs {
		if _, err := time.Parse(time.RFC3339, r.Published); err != nil {
			t.Errorf("%s: published %q: %v", r.ID, r.Published, err)
		}
		if r.Title == "" || r.Source == "" || !strings.Contains(r.Text, "\n\n") {
			t.Errorf("%s: title %q, source %q, or no paragraphs", r.ID, r.Title, r.Source)
		}
		words += countWords(r.Text)
		n++
	}
	if mean := words / n; mean < 800 || mean > 1000 {
		t.Errorf("mean words = %d, want about 900", mean)
	}
}

func TestChromeRecurs(t *testing.T) {
	// Page chrome recurs across many unrelated articles of a site.
	_, recs, _ := gen(t, 600, 3, 2)
	firsts := map[string]int{}
	for _, r := range recs {
		if i := strings.Index(r.Text, "Skip to main content"); i >= 0 {
			firsts[r.Text[:i]]++
		}
	}
	if len(firsts) < 15 || len(firsts) > 20 {
		t.Errorf("%d sites with chrome, want about 20", len(firsts))
	}
	total := 0
	for head, n := range firsts {
		total += n
		if n < 2 {
			t.Errorf("chrome %q on %d articles, want many", head, n)
		}
	}
	if mean := total / max(1, len(firsts)); mean < 8 {
		t.Errorf("chrome on %d articles a site, want about 15 in 600", mean)
	}
}

func TestEditRate(t *testing.T) {
	l := newLang(1)
	r := newRand(5)
	body := []string{strings.Repeat("alpha beta gamma delta. ", 2500)}
	for _, e := range editRates {
		out := l.edit(r, body, e.rate)
		a, b := strings.Fields(body[0]), strings.Fields(out[0])
		// Insertions and deletions shift words; count the multiset
		// difference instead: a substitution counts 1, an insertion or
		// deletion 1/2, so about 2/3 of the rate is expected.
		got := float64(multisetDiff(a, b)) / float64(len(a))
		if got < e.rate*0.45 || got > e.rate*0.9 {
			t.Errorf("edit at %.2f: %.3f of words differ", e.rate, got)
		}
	}
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

func multisetDiff(a, b []string) int {
	m := map[string]int{}
	for _, w := range a {
		m[w]++
	}
	for _, w := range b {
		m[w]--
	}
	d := 0
	for _, v := range m {
		d += max(v, -v)
	}
	return d / 2
}

func TestRestyle(t *testing.T) {
	tests := []struct {
		name, in, want string
		curly          bool
	}{
		{"to curly", `He said: "It's here." "Yes," she said.`, "He said: “It’s here.” “Yes,” she said.", true},
		{"to straight", "“It’s here,” she said.", `"It's here," she said.`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := restyle([]string{tt.in}, tt.curly)[0]; got != tt.want {
				t.Errorf("restyle(%q, %v) = %q, want %q", tt.in, tt.curly, got, tt.want)
			}
			if shingle.Normalize(restyle([]string{tt.in}, tt.curly)[0]) != shingle.Normalize(tt.in) {
				t.Errorf("restyle(%q) changes the normalised text", tt.in)
			}
		})
	}
}
