// Command gencorpus writes a synthetic news corpus with planted families of
// related articles, and the exact truth about every planted pair, for
// measuring wiretrace's speed, recall and precision.
//
// Usage:
//
//	gencorpus -n 100000 -seed 1 -out DIR
//
// It writes two files into DIR, each atomically (DIR/name~, then rename):
//
// corpus.jsonl: one JSON object a line, in id order:
//
//	{"id":"n0000042","text":"...","title":"...","source":"The Voran Times","published":"2024-03-05T14:20:00Z"}
//
// Texts are 400 to 1,500 words (mean about 900), paragraphs separated by
// a blank line ("\n\n"), sentences from a small English-like grammar over
// a Zipfian vocabulary of about 50,000 pseudo-words, English function
// words and stock phrases, quotations in typographic or straight double
// quotes. Half of all articles are on 20 of the 60 sites, whose page chrome
// (a header and a footer, 50 to 150 words) wraps every one of their
// articles.
//
// truth.csv: every planted related pair, a < b, sorted:
//
//	a,b,kind,jaccard,containment_a,containment_b
//
// jaccard is the exact Jaccard similarity of the two articles' sets of
// 5-word shingles, containment_a the share of a's shingles found in b,
// computed with wiretrace's own shingle package (so with its
// normalisation: NFKC, case folding, quote folding, UAX #29 words) and 6
// decimals. kind says how the pair was made: for a member derived
// directly from the other, its derivation (exact, edit01, edit05, edit10,
// edit20 for word edits at 1 to 20 percent, prefix, chrome, additions);
// indirect for two members of one family neither derived from the other
// (siblings, or a chain); quote for two independent articles that quote
// the same 15 to 30 word statement.
//
// About half of all articles are in families of 2 to 8 members: an
// original and members each derived from the original or, at times, from
// an earlier member. Everything follows from -seed: the same -n and -seed
// give byte-identical files for any -workers.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wiretrace/wiretrace/shingle"
)

// hashSeed is wiretrace's hash seed (pipeline.DefaultSeed). Jaccard and
// containment do not depend on it but through hash collisions; using the
// same seed makes the truth exactly what wiretrace computes.
const hashSeed uint64 = 0x77697265747261

// shingleWords is the shingle size, wiretrace's default --shingle.
const shingleWords = 5

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 20000, "number of articles")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	out := fs.String("out", "", "output directory (created if missing)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel workers (the output does not depend on it)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gencorpus -n N -seed S -out DIR\n\n"+
			"Writes DIR/corpus.jsonl, a synthetic news corpus of N articles with planted\n"+
			"families of copies, and DIR/truth.csv, every planted pair with its exact\n"+
			"5-word shingle Jaccard and containments.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *out == "" || *n < 1 || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "gencorpus: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "gencorpus: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	st, err := generate(config{N: *n, Seed: *seed, Workers: max(1, *workers)}, *out)
	if err != nil {
		fmt.Fprintf(stderr, "gencorpus: %v\n", err)
		return 1
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stderr, "gencorpus: %d articles, %.1f MB (%.0f bytes and %.0f words an article, %d..%d words), %d families holding %d articles, %d quote pairs, %d truth pairs (%d with jaccard >= 0.5 or containment >= 0.8), %.1f s, %.0f articles/s\n",
		st.Articles, float64(st.Bytes)/1e6, float64(st.Bytes)/float64(st.Articles), float64(st.Words)/float64(st.Articles), st.MinWords, st.MaxWords,
		st.Families, st.InFamilies, st.QuotePairs, st.Truth, st.Positive, secs, float64(st.Articles)/secs)
	return 0
}

type config struct {
	N       int
	Seed    uint64
	Workers int
}

// stats describes a generated corpus.
type stats struct {
	Articles, Families, InFamilies, QuotePairs, Truth, Positive int
	Bytes, Words                                                int64
	MinWords, MaxWords                                          int
}

type groupKind int

const (
	single groupKind = iota
	family
	quotes
)

// group is a unit of the plan: a lone article, a family, or a pair of
// articles sharing a quotation.
type group struct {
	kind  groupKind
	size  int
	first int // plan index of its first article
}

// familySizes weighs family sizes 2..8.
var familySizes = []int{30, 22, 16, 11, 9, 7, 5}

// plan draws the groups so that about half of all articles are in
// families and about 6% in quote pairs.
func plan(r *rand.Rand, n int) []group {
	total, mean := 0, 0.0
	for i, w := range familySizes {
		total += w
		mean += float64((i+2)*w) / 100
	}
	// Share of groups that are families: with q of groups quote pairs,
	// f*mean/(f*mean + 2q + 1-f-q) = 1/2.
	const q = 0.03
	f := 0.5 * (1 + q) / (mean - 0.5*(mean-1))
	var gs []group
	for at := 0; at < n; {
		g := group{kind: single, size: 1, first: at}
		switch x := r.Float64(); {
		case x < f:
			g.kind = family
			y := r.IntN(total)
			for i, w := range familySizes {
				if y < w {
					g.size = i + 2
					break
				}
				y -= w
			}
		case x < f+q:
			g.kind, g.size = quotes, 2
		}
		if at+g.size > n { // the last group is cut to fit
			g.size = n - at
			if g.size == 1 {
				g.kind = single
			}
		}
		gs = append(gs, g)
		at += g.size
	}
	return gs
}

// truthRow is one line of truth.csv.
type truthRow struct {
	a, b      string
	kind      string
	j, ca, cb float64
}

// record is one line of corpus.jsonl.
type record struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Published string `json:"published"`
}

func generate(cfg config, dir string) (stats, error) {
	var st stats
	master := rand.New(rand.NewPCG(cfg.Seed, 0x706c616e)) // "plan"
	l := newLang(cfg.Seed)
	groups := plan(master, cfg.N)
	perm := master.Perm(cfg.N)
	width := max(6, len(strconv.Itoa(cfg.N-1)))
	ids := make([]string, cfg.N)
	for i, p := range perm {
		ids[i] = fmt.Sprintf("n%0*d", width, p)
	}

	// Workers render groups; each group has its own generator, so the
	// output does not depend on the schedule. Lines are kept by id.
	lines := make([][]byte, cfg.N)
	type result struct {
		truth         []truthRow
		words         []int
		bytes         int64
		fam, inFam, q int
	}
	results := make([]result, cfg.Workers)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := &results[w]
			var tk shingle.Tokenizer
			tk.Seed = hashSeed
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			for gi := range next {
				g := groups[gi]
				r := rand.New(rand.NewPCG(cfg.Seed, uint64(gi)<<8|0x67))
				arts := makeGroup(l, r, g)
				switch g.kind {
				case family:
					res.fam++
					res.inFam += len(arts)
				case quotes:
					res.q++
				}
				res.truth = append(res.truth, truthOf(&tk, arts, ids)...)
				for _, a := range arts {
					buf.Reset()
					if err := enc.Encode(record{ids[a.idx], a.text, a.title, l.sites[a.site].name, a.published.Format(time.RFC3339)}); err != nil {
						panic(err) // strings always encode
					}
					lines[perm[a.idx]] = bytes.Clone(buf.Bytes())
					res.bytes += int64(len(a.text))
					res.words = append(res.words, countWords(a.text))
				}
			}
		}()
	}
	for gi := range groups {
		next <- gi
	}
	close(next)
	wg.Wait()

	var truth []truthRow
	st.MinWords = 1 << 30
	for _, res := range results {
		truth = append(truth, res.truth...)
		st.Bytes += res.bytes
		st.Families += res.fam
		st.InFamilies += res.inFam
		st.QuotePairs += res.q
		for _, w := range res.words {
			st.Words += int64(w)
			st.MinWords = min(st.MinWords, w)
			st.MaxWords = max(st.MaxWords, w)
		}
	}
	st.Articles = cfg.N
	slices.SortFunc(truth, func(x, y truthRow) int {
		if c := strings.Compare(x.a, y.a); c != 0 {
			return c
		}
		return strings.Compare(x.b, y.b)
	})
	st.Truth = len(truth)
	for _, t := range truth {
		if t.j >= 0.5 || max(t.ca, t.cb) >= 0.8 {
			st.Positive++
		}
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	err := writeAtomic(filepath.Join(dir, "corpus.jsonl"), func(w io.Writer) error {
		for _, line := range lines {
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	err = writeAtomic(filepath.Join(dir, "truth.csv"), func(w io.Writer) error {
		b := bufio.NewWriter(w)
		b.WriteString("a,b,kind,jaccard,containment_a,containment_b\n")
		for _, t := range truth {
			fmt.Fprintf(b, "%s,%s,%s,%.6f,%.6f,%.6f\n", t.a, t.b, t.kind, t.j, t.ca, t.cb)
		}
		return b.Flush()
	})
	return st, err
}

// makeGroup writes the articles of one group, rendered.
func makeGroup(l *lang, r *rand.Rand, g group) []*article {
	if g.kind == quotes {
		a, b := l.quotePair(r, g.first)
		l.render(a)
		l.render(b)
		return []*article{a, b}
	}
	arts := []*article{l.newArticle(r, g.first)}
	l.render(arts[0])
	for i := 1; i < g.size; i++ {
		// Most members derive from the original, some from an earlier
		// member (a copy of a copy).
		pi := 0
		if r.IntN(4) == 0 {
			pi = r.IntN(i)
		}
		a := l.derive(r, g.first+i, arts[pi], pi)
		if !a.exact {
			l.render(a)
		}
		arts = append(arts, a)
	}
	return arts
}

// truthOf returns every pair of the group's articles with its exact
// shingle measures.
func truthOf(tk *shingle.Tokenizer, arts []*article, ids []string) []truthRow {
	if len(arts) < 2 {
		return nil
	}
	sets := make([][]uint64, len(arts))
	var toks shingle.Tokens
	for i, a := range arts {
		tk.Tokenize(a.text, &toks)
		sets[i] = shingle.Set(shingle.Shingles(toks.Hashes, shingleWords, nil))
	}
	var rows []truthRow
	for i := range arts {
		for j := i + 1; j < len(arts); j++ {
			kind := kindIndirect
			switch {
			case arts[j].parent == i:
				kind = arts[j].kind
			case arts[i].parent == j:
				kind = arts[i].kind
			}
			x, y := i, j
			if ids[arts[y].idx] < ids[arts[x].idx] {
				x, y = y, x
			}
			rows = append(rows, truthRow{
				a: ids[arts[x].idx], b: ids[arts[y].idx], kind: kind,
				j:  shingle.Jaccard(sets[x], sets[y]),
				ca: shingle.Containment(sets[x], sets[y]),
				cb: shingle.Containment(sets[y], sets[x]),
			})
		}
	}
	return rows
}

// writeAtomic writes path through path~ and a rename, so that a reader
// never sees half a file.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp := path + "~"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(f, 1<<20)
	err = write(b)
	if err == nil {
		err = b.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
