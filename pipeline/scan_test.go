package pipeline

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/internal/shuffle"
	"github.com/wiretrace/wiretrace/report"
)

func scanFiles(t *testing.T, workers int, inputs ...string) (*Result, *corpus.Corpus) {
	t.Helper()
	c, err := corpus.Open(inputs, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	opt := DefaultOptions()
	opt.Workers = workers
	opt.TempDir = t.TempDir()
	res, err := Scan(c, opt)
	if err != nil {
		t.Fatal(err)
	}
	text := res.Text(c)
	for i := range res.Passages {
		p := &res.Passages[i]
		txt, err := text(p.Doc)
		if err != nil {
			t.Fatal(err)
		}
		p.Text = txt[p.Start:p.End]
	}
	return res, c
}

// checkInvariants checks what holds for any corpus: shares add up to one,
// an article's passages cover its words in order without overlap, every
// offset slices the text, pairs are ordered.
func checkInvariants(t *testing.T, res *Result, text func(doc string) string) {
	t.Helper()
	for _, a := range res.Articles {
		sum := a.Copied + a.Rewritten + a.Quoted + a.Independent
		if a.Words > 0 && math.Abs(sum-1) > 1e-9 {
			t.Errorf("%s: copied %.4f + rewritten %.4f + quoted %.4f + independent %.4f = %.6f, want 1", a.Doc, a.Copied, a.Rewritten, a.Quoted, a.Independent, sum)
		}
		if a.Copied < 0 || a.Rewritten < 0 || a.Quoted < 0 || a.Independent < -1e-9 {
			t.Errorf("%s: negative share %+v", a.Doc, a)
		}
	}
	last := map[string]int{}
	for _, p := range res.Passages {
		txt := text(p.Doc)
		if p.Start < 0 || p.End > len(txt) || p.Start >= p.End {
			t.Errorf("%s: passage [%d:%d] outside its text of %d bytes", p.Doc, p.Start, p.End, len(txt))
			continue
		}
		if p.Text != txt[p.Start:p.End] {
			t.Errorf("%s: passage text %q is not text[%d:%d]", p.Doc, p.Text, p.Start, p.End)
		}
		if end, ok := last[p.Doc]; ok && p.Start < end {
			t.Errorf("%s: passage [%d:%d] overlaps the one before, which ends at %d", p.Doc, p.Start, p.End, end)
		}
		last[p.Doc] = p.End
		for _, w := range p.With {
			wt := text(w.Doc)
			if w.Start < 0 || w.End > len(wt) || w.Start >= w.End {
				t.Errorf("%s: passage links to %s [%d:%d] outside its text", p.Doc, w.Doc, w.Start, w.End)
			}
		}
	}
	for _, p := range res.Pairs {
		if p.A >= p.B {
			t.Errorf("pair %s, %s: want a < b", p.A, p.B)
		}
	}
}

func TestScanInvariants(t *testing.T) {
	// Ids are paths as given: run from testdata, they are short.
	t.Chdir(filepath.Join("..", "testdata"))
	dir := "."
	res, c := scanFiles(t, 2, dir)
	texts := map[string]string{}
	text := func(doc string) string {
		if s, ok := texts[doc]; ok {
			return s
		}
		s, err := res.text(c, doc)
		if err != nil {
			t.Fatalf("text of %s: %v", doc, err)
		}
		texts[doc] = s
		return s
	}
	checkInvariants(t, res, text)
	// The reread text is the file's content.
	b, err := os.ReadFile(filepath.Join(dir, "syndication", "npr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if text("syndication/npr.txt") != string(b) {
		t.Errorf("text of syndication/npr.txt is not the file's")
	}
}

func TestScanWorkers(t *testing.T) {
	dir := filepath.Join("..", "testdata")
	want, _ := scanFiles(t, 1, dir)
	for _, w := range []int{2, 5} {
		got, _ := scanFiles(t, w, dir)
		got.locs, want.locs = nil, nil
		if !reflect.DeepEqual(got.Articles, want.Articles) || !reflect.DeepEqual(got.Pairs, want.Pairs) ||
			!reflect.DeepEqual(got.Passages, want.Passages) || !reflect.DeepEqual(got.Families, want.Families) {
			t.Errorf("Scan with %d workers differs from 1 worker", w)
		}
	}
}

func TestScanSyndication(t *testing.T) {
	t.Chdir(filepath.Join("..", "testdata", "syndication"))
	res, _ := scanFiles(t, 2, ".")
	roles := map[string]report.Article{}
	for _, a := range res.Articles {
		roles[a.Doc] = a
	}
	if len(res.Families) != 1 || res.Families[0].Original != "npr.txt" || res.Families[0].Size != 4 {
		t.Fatalf("families = %+v, want one of four named npr.txt", res.Families)
	}
	if a := roles["wyso.txt"]; a.Role != "copy" || a.Copied < 0.9 {
		t.Errorf("wyso.txt: %+v, want a copy with at least 90%% copied", a)
	}
	if a := roles["local.txt"]; a.Role != "copy+additions" {
		t.Errorf("local.txt: %+v, want copy+additions", a)
	}
	// The local paper's own two paragraphs are unique passages.
	var own []string
	for _, p := range res.Passages {
		if p.Doc == "local.txt" && p.Kind == "unique" && p.Words >= 8 {
			own = append(own, p.Text)
		}
	}
	if len(own) == 0 || !contains(own, "Halyna Moroz") || !contains(own, "refugee office") {
		t.Errorf("unique passages of local.txt = %q, want its two own paragraphs", own)
	}
}

func contains(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// countProgress counts what a scan reports, with no lock of its own: the
// race detector fails the test if a scan calls it from two goroutines at
// once.
type countProgress struct {
	stages []string
	steps  map[string]int64
	cur    string
}

func (p *countProgress) Stage(name string, _ int64) { p.stages, p.cur = append(p.stages, name), name }
func (p *countProgress) Add(n int64)                { p.steps[p.cur] += n }

// TestProgress checks that a scan reports its stages in order, one call
// at a time, with every fingerprint partition and candidate pair counted.
func TestProgress(t *testing.T) {
	c, err := corpus.Open([]string{"../testdata/seeds", "../testdata/syndication", "../testdata/chrome"}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	opt := DefaultOptions()
	opt.Workers = 3
	opt.TempDir = t.TempDir()
	p := &countProgress{steps: map[string]int64{}}
	opt.Progress = p
	res, err := Scan(c, opt)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"reading", "grouping fingerprints", "verifying"}; !slices.Equal(p.stages, want) {
		t.Errorf("stages %q, want %q", p.stages, want)
	}
	if got := p.steps["reading"]; got != int64(res.Stats.Docs) {
		t.Errorf("reading counted %d articles, want %d", got, res.Stats.Docs)
	}
	sp, err := shuffle.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Remove()
	if got, want := p.steps["grouping fingerprints"], int64(sp.Parts()); got != want {
		t.Errorf("grouping counted %d partitions, want %d", got, want)
	}
	if got := p.steps["verifying"]; got < int64(res.Stats.Candidates) {
		t.Errorf("verifying counted %d pairs, want at least the %d candidates", got, res.Stats.Candidates)
	}
}
