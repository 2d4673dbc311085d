// Command floor times the work that any near-duplicate detector of
// wiretrace's kind must do on a corpus, and nothing else: a lower bound
// for `wiretrace scan` on the same machine.
//
// Usage:
//
//	floor [-again pairs.csv] corpus.jsonl
//
// Pass 1 reads every record with wiretrace's corpus reader and hashes its
// 5-word shingles with wiretrace's shingle package, once; no signature,
// no index, nothing kept. This is the floor of the comparison.
//
// With -again, pass 2 then reads again every article named in the a or b
// column of pairs.csv (a scan's --report pairs output, or a truth file)
// and makes its sorted shingle set, the least that verifying a pair
// exactly needs when memory may not hold the texts: no alignment, no
// grouping. The two passes together are the floor of a scan that verifies
// those pairs.
//
// It prints the articles, seconds, CPU seconds and articles per second of
// each pass and of both, on both cores (GOMAXPROCS workers).
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/internal/cputime"
	"github.com/wiretrace/wiretrace/shingle"
)

// hashSeed is wiretrace's word hash seed (pipeline.DefaultSeed).
const hashSeed uint64 = 0x77697265747261

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	again := fs.String("again", "", "pairs CSV (header with a and b) whose articles pass 2 reads again")
	k := fs.Int("shingle", 5, "words per shingle")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel workers")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: floor [-again pairs.csv] corpus.jsonl")
		return 2
	}
	if err := floor(fs.Arg(0), *again, *k, *workers, stdout); err != nil {
		fmt.Fprintf(stderr, "floor: %v\n", err)
		return 1
	}
	return 0
}

func floor(path, again string, k, workers int, stdout io.Writer) error {
	var want map[string]bool
	if again != "" {
		var err error
		if want, err = pairDocs(again); err != nil {
			return err
		}
	}
	c, err := corpus.Open([]string{path}, corpus.Options{})
	if err != nil {
		return err
	}
	defer c.Close()

	t0, cpu0 := time.Now(), cputime.Process()
	var mu sync.Mutex
	var locs []corpus.Loc
	var n int
	tokenizers := make(chan *worker, workers)
	for range workers {
		tokenizers <- &worker{tk: shingle.Tokenizer{Seed: hashSeed}}
	}
	err = c.Read(workers, func(_ int, d corpus.Doc) {
		w := <-tokenizers
		w.shingles(d.Text, k)
		tokenizers <- w
		mu.Lock()
		n++
		if want[d.ID] {
			locs = append(locs, d.Loc)
		}
		mu.Unlock()
	}, nil)
	if err != nil {
		return err
	}
	t1, cpu1 := time.Now(), cputime.Process()
	line(stdout, "pass 1: read and shingle", n, t1.Sub(t0), cpu1-cpu0)
	if again == "" {
		return nil
	}

	jobs := make(chan corpus.Loc, 256)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{tk: shingle.Tokenizer{Seed: hashSeed}}
			for l := range jobs {
				d, err := c.Reread(l)
				if err != nil {
					errs <- err
					continue
				}
				w.set(d.Text, k)
			}
		}()
	}
	for _, l := range locs {
		jobs <- l
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	t2, cpu2 := time.Now(), cputime.Process()
	line(stdout, "pass 2: read again, set", len(locs), t2.Sub(t1), cpu2-cpu1)
	line(stdout, "both passes", n, t2.Sub(t0), cpu2-cpu0)
	return nil
}

type worker struct {
	tk   shingle.Tokenizer
	toks shingle.Tokens
	shs  []uint64
}

func (w *worker) shingles(text string, k int) {
	w.tk.Tokenize(text, &w.toks)
	w.shs = shingle.Shingles(w.toks.Hashes, k, w.shs[:0])
}

func (w *worker) set(text string, k int) {
	w.shingles(text, k)
	shingle.Set(w.shs)
}

// pairDocs returns the ids in the a and b columns of a pairs CSV.
func pairDocs(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ca, cb := -1, -1
	for i, h := range head {
		switch h {
		case "a":
			ca = i
		case "b":
			cb = i
		}
	}
	if ca < 0 || cb < 0 {
		return nil, fmt.Errorf("%s: no a and b columns in the header", path)
	}
	ids := map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return ids, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if ca < len(rec) && cb < len(rec) {
			ids[rec[ca]], ids[rec[cb]] = true, true
		}
	}
}

func line(w io.Writer, name string, n int, wall, cpu time.Duration) {
	fmt.Fprintf(w, "%-26s %8d articles %7.2f s %7.2f CPU-s %8.0f articles/s\n",
		name, n, wall.Seconds(), cpu.Seconds(), float64(n)/wall.Seconds())
}
