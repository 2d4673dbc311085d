// Command aeb measures wiretrace's HTML extraction on the ScrapingHub
// article-extraction benchmark: 181 real news pages with the article text a
// person wrote down (github.com/scrapinghub/article-extraction-benchmark).
//
// Usage:
//
//	aeb [-out DIR] [-worst N] [-rounds N] [-trafilatura] [-cpuprofile FILE] AEB_DIR
//
// With -rounds N every page is extracted N times and the round of least
// CPU time is reported (the machine may be shared).
//
// AEB_DIR holds html/<key>.html.gz, ground-truth.json and evaluate.py.
// aeb extracts every page with htmltext.Extract (and, with -trafilatura,
// with go-trafilatura as well), writes DIR/output/<name>.json in the
// benchmark's format ({"<key>": {"articleBody": "..."}}), prints the
// extraction time of each extractor (pages already decompressed in
// memory, one goroutine), then runs the benchmark's own evaluate.py in DIR
// and prints its table: token-level F1, precision and recall. With
// -worst N it also lists the N pages of lowest F1 by its own reckoning of
// the same metric (4-grams of \w+ tokens), for looking into.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/wiretrace/wiretrace/htmltext"
	"github.com/wiretrace/wiretrace/internal/cputime"
)

type body struct {
	ArticleBody string `json:"articleBody"`
}

func main() {
	out := flag.String("out", "", "directory for output/*.json (default: a temporary one)")
	worst := flag.Int("worst", 0, "list the N pages of lowest F1")
	traf := flag.Bool("trafilatura", false, "also extract with go-trafilatura")
	rounds := flag.Int("rounds", 1, "extract every page this many times; the fastest round is reported")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the extraction to this file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: aeb [-out DIR] [-worst N] [-rounds N] [-trafilatura] [-cpuprofile FILE] AEB_DIR")
		os.Exit(2)
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, "aeb:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(flag.Arg(0), *out, *worst, *rounds, *traf); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "aeb:", err)
		os.Exit(1)
	}
}

// extractor is a main-text extractor under test.
type extractor struct {
	name string
	fn   func(raw []byte) string
}

func run(dir, out string, worst, rounds int, traf bool) error {
	truth := map[string]body{}
	b, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return err
	}
	pages := map[string][]byte{}
	keys := make([]string, 0, len(truth))
	for key := range truth {
		raw, err := gunzip(filepath.Join(dir, "html", key+".html.gz"))
		if err != nil {
			return err
		}
		pages[key] = raw
		keys = append(keys, key)
	}
	sort.Strings(keys)
	if out == "" {
		if out, err = os.MkdirTemp("", "aeb-"); err != nil {
			return err
		}
		defer os.RemoveAll(out)
	}
	if err := os.MkdirAll(filepath.Join(out, "output"), 0o755); err != nil {
		return err
	}
	extractors := []extractor{{"wiretrace", func(raw []byte) string {
		p, _ := htmltext.Extract(raw)
		return p.Text
	}}}
	if traf {
		extractors = append(extractors, extractor{"go-trafilatura", func(raw []byte) string {
			r, err := trafilatura.Extract(bytes.NewReader(raw), trafilatura.Options{})
			if err != nil || r == nil {
				return ""
			}
			return r.ContentText
		}})
	}
	for _, x := range extractors {
		res := map[string]body{}
		var secs, cpu float64
		for r := range max(1, rounds) {
			start, startCPU := time.Now(), cputime.Process()
			for _, k := range keys {
				res[k] = body{x.fn(pages[k])}
			}
			s, c := time.Since(start).Seconds(), (cputime.Process() - startCPU).Seconds()
			if r == 0 || c < cpu {
				secs, cpu = s, c
			}
		}
		fmt.Printf("%-16s %d pages in %.2fs (%.2f CPU-s), %.0f pages per CPU-second\n", x.name, len(keys), secs, cpu, float64(len(keys))/cpu)
		j, err := json.Marshal(res)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, "output", x.name+".json"), j, 0o644); err != nil {
			return err
		}
		if worst > 0 && x.name == "wiretrace" {
			printWorst(keys, truth, res, worst)
		}
	}
	gt, err := filepath.Abs(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(out, "ground-truth.json"))
	if err := os.Symlink(gt, filepath.Join(out, "ground-truth.json")); err != nil {
		return err
	}
	script, err := filepath.Abs(filepath.Join(dir, "evaluate.py"))
	if err != nil {
		return err
	}
	cmd := exec.Command("python3", script, "--n-bootstrap", "200")
	cmd.Dir, cmd.Stdout, cmd.Stderr = out, os.Stdout, os.Stderr
	return cmd.Run()
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(r)
}

var token = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// prf is evaluate.py's precision, recall and F1 of one page: over
// 4-grams of tokens, counted with multiplicity.
func prf(truth, pred string) (p, r, f float64) {
	count := func(s string) map[string]int {
		t := token.FindAllString(s, -1)
		m := map[string]int{}
		for i := 0; i < max(1, len(t)-3); i++ {
			m[strings.Join(t[i:min(i+4, len(t))], " ")]++
		}
		return m
	}
	tm, pm := count(truth), count(pred)
	var tp, fp, fn float64
	for k, c := range pm {
		tp += float64(min(c, tm[k]))
		fp += float64(max(0, c-tm[k]))
	}
	for k, c := range tm {
		fn += float64(max(0, c-pm[k]))
	}
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func printWorst(keys []string, truth, res map[string]body, n int) {
	type row struct {
		key     string
		p, r, f float64
	}
	var rows []row
	for _, k := range keys {
		p, r, f := prf(truth[k].ArticleBody, res[k].ArticleBody)
		rows = append(rows, row{k, p, r, f})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].f < rows[j].f })
	for _, r := range rows[:min(n, len(rows))] {
		fmt.Printf("  %s  F1 %.3f  precision %.3f  recall %.3f\n", r.key, r.f, r.p, r.r)
	}
}
