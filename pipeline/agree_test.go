package pipeline

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/report"
)

// TestAgreement checks that scan, check and compare judge a pair alike
// when nothing else is in play: for planted pairs of a generated corpus
// (copies, edited copies, reprints, local papers, shared quotations) and
// unrelated pairs, a scan of the two alone, a check of one against an
// archive of the other, and a compare of the two give the same relation,
// Jaccard, containments and shared and quoted words.
func TestAgreement(t *testing.T) {
	path, truth := planted(t, 120, 5)
	texts := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	var ids []string
	for sc.Scan() {
		var r struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		texts[r.ID] = r.Text
		ids = append(ids, r.ID)
	}
	f.Close()
	var pairs [][2]string
	for p := range truth {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	pairs = append(pairs[:min(len(pairs), 24)], [2]string{ids[0], ids[len(ids)-1]}, [2]string{ids[1], ids[len(ids)/2]})
	if testing.Short() {
		pairs = pairs[:8]
	}
	opt := DefaultOptions()
	planted, related := 0, 0 // planted pairs, and those the scan relates: the agreement is about something
	for _, p := range pairs {
		a := corpus.Doc{ID: p[0], Text: texts[p[0]]}
		b := corpus.Doc{ID: p[1], Text: texts[p[1]]}

		dir := t.TempDir()
		for _, d := range []corpus.Doc{a, b} {
			if err := os.WriteFile(filepath.Join(dir, d.ID+".txt"), []byte(d.Text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, _ := scanFiles(t, 1, filepath.Join(dir, a.ID+".txt"), filepath.Join(dir, b.ID+".txt"))
		var scanned report.Pair
		if len(res.Pairs) == 1 {
			scanned = res.Pairs[0]
		}

		arch, lsh := archiveOf(t, opt, b)
		r, err := checkDoc(arch, NewSketcher(opt.Params), lsh, a, opt)
		if err != nil {
			t.Fatal(err)
		}
		var checked report.Pair
		if len(r.rows.Pairs) == 1 {
			checked = r.rows.Pairs[0]
		}

		compared := Compare(a, b, opt).Pair

		type view struct {
			Relation                            string
			Jaccard, ContainmentA, ContainmentB float64
			Shared, Quoted                      int
		}
		// ContainmentA is a's, whichever way round the row names them: the
		// scan names the files, and orders them by path.
		see := func(p report.Pair) view {
			if p.Relation == "" {
				return view{}
			}
			ca, cb := p.ContainmentA, p.ContainmentB
			if strings.TrimSuffix(filepath.Base(p.B), ".txt") == a.ID {
				ca, cb = cb, ca
			}
			return view{p.Relation, p.Jaccard, ca, cb, p.SharedWords, p.QuotedWords}
		}
		s := see(scanned)
		if _, ok := truth[p]; ok {
			planted++
			if s.Relation != "" {
				related++
			}
		}
		if c := see(checked); c != s {
			t.Errorf("%s~%s (planted %q): check %+v, scan %+v", a.ID, b.ID, truth[p], c, s)
		}
		if c := see(compared); c != s {
			t.Errorf("%s~%s (planted %q): compare %+v, scan %+v", a.ID, b.ID, truth[p], c, s)
		}
	}
	if 2*related <= planted {
		t.Errorf("the scan relates %d of %d planted pairs, want most", related, planted)
	}
}

// TestAgreementShortPassage checks the agreement on real prose: two of
// the seed reports, into both of which a long quotation and, further on,
// one sentence of 9 to 12 words outside quotation marks are put. The
// quotation makes them candidates. A short passage counts as chrome's
// company only beside text that recurs (see verify's allRecur); here
// nothing recurs, and a scan, a check and a compare all relate the two
// alike, the same shares, some as partial by the sentence.
func TestAgreementShortPassage(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	x, y := read("001_2bd0569d459188d0.txt"), read("004_be08bd32e60089bb.txt")
	const quotation = `"We have made progress on the outline of an agreement, but there are still many details ` +
		`to settle before anyone can speak of a ceasefire that holds," the envoy told reporters.`
	opt := DefaultOptions()
	sentences := []string{
		"Officials in Geneva declined to name the next stop.",
		"The delegations agreed to meet again in Riyadh soon.",
		"Markets in Moscow rose slightly after the news broke.",
		"The envoy flew on to Oman for more talks.",
		"Neither side published a written account of the talks.",
		"The envoy flew on to Oman, where a second round is expected.",
	}
	related, partial := 0, 0
	for _, sentence := range sentences {
		put := func(text string) string {
			at := func(from int) int { return strings.Index(text[from:], "\n") + from }
			i, j := at(len(text)/3), at(2*len(text)/3)
			return text[:i] + "\n" + quotation + text[i:j] + "\n" + sentence + text[j:]
		}
		a := corpus.Doc{ID: "a", Text: put(x)}
		b := corpus.Doc{ID: "b", Text: put(y)}
		dir := t.TempDir()
		for _, d := range []corpus.Doc{a, b} {
			if err := os.WriteFile(filepath.Join(dir, d.ID+".txt"), []byte(d.Text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, _ := scanFiles(t, 1, filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"))
		arch, lsh := archiveOf(t, opt, b)
		r, err := checkDoc(arch, NewSketcher(opt.Params), lsh, a, opt)
		if err != nil {
			t.Fatal(err)
		}
		compared := Compare(a, b, opt).Pair
		see := func(ps []report.Pair) string {
			if len(ps) != 1 || ps[0].Relation == "" {
				return "no pair"
			}
			p := ps[0]
			return fmt.Sprintf("%s %.4f %d %d", p.Relation, p.Jaccard, p.SharedWords, p.QuotedWords)
		}
		s, c, m := see(res.Pairs), see(r.rows.Pairs), see([]report.Pair{compared})
		if c != s || m != s {
			t.Errorf("%q: scan %s, check %s, compare %s; want the same", sentence, s, c, m)
		}
		if len(res.Pairs) == 1 {
			related++
			if res.Pairs[0].Relation == "partial" {
				partial++
			}
		}
	}
	if related != len(sentences) || partial == 0 {
		t.Errorf("%d of %d pairs related, %d partial; want all related, some by the sentence", related, len(sentences), partial)
	}
}
