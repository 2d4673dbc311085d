// Command compare finds candidate pairs of near-duplicate articles in a
// JSONL corpus with one of two public MinHash libraries, as a baseline for
// wiretrace's speed, memory, recall and precision.
//
// Usage:
//
//	compare -lib dgryski|ekzhu -in corpus.jsonl -out pairs.csv
//
// Both read the JSONL records ({"id","text",...}), turn each text into its
// set of 5-word shingles with wiretrace's shingle package (the same words,
// normalisation and shingle hashes as wiretrace), and sign each shingle,
// written as 8 little-endian bytes, with 128 permutations:
//
//   - dgryski: github.com/dgryski/go-minhash MinWise, with xxhash (seeded
//     twice) as its two hash functions; the library has no LSH, so the
//     signatures are banded here: a map from each band's xxhash to the
//     documents in it.
//   - ekzhu: github.com/ekzhu/minhash-lsh, its own Minhash (FNV-1a, through
//     go-minhash's MinWise) and its MinhashLSH (LSH forest, 32-bit hash
//     values), queried with every document after indexing them all.
//
// Both use the bands and rows that minhash-lsh picks for -threshold
// (minimising its integrated false positive and negative probabilities),
// so they differ only in their code. The candidate pairs, every pair of
// documents that share a band, are written unverified as CSV with the
// header a,b (a < b, sorted), for evalpairs. A summary goes to stderr.
package main

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	minwise "github.com/dgryski/go-minhash"
	minhashlsh "github.com/ekzhu/minhash-lsh"
	"github.com/wiretrace/wiretrace/shingle"
)

// hashSeed is wiretrace's word hash seed (pipeline.DefaultSeed).
const hashSeed uint64 = 0x77697265747261

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

type config struct {
	lib       string
	in, out   string
	perm      int
	shingle   int
	threshold float64
	workers   int
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.lib, "lib", "", "library: dgryski or ekzhu")
	fs.StringVar(&c.in, "in", "", "corpus, JSON Lines with id and text")
	fs.StringVar(&c.out, "out", "", "candidate pairs CSV to write (- for standard output)")
	fs.IntVar(&c.perm, "perm", 128, "MinHash permutations")
	fs.IntVar(&c.shingle, "shingle", 5, "words per shingle")
	fs.Float64Var(&c.threshold, "threshold", 0.5, "Jaccard threshold the LSH aims at")
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "parallel signing workers")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if (c.lib != "dgryski" && c.lib != "ekzhu") || c.in == "" || c.out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: compare -lib dgryski|ekzhu -in corpus.jsonl -out pairs.csv")
		return 2
	}
	if err := compare(c, stderr); err != nil {
		fmt.Fprintf(stderr, "compare: %v\n", err)
		return 1
	}
	return 0
}

func compare(c config, stderr io.Writer) error {
	start := time.Now()
	k, l := minhashlsh.NewMinhashLSH(c.perm, c.threshold).Params()
	ids, sigs, bytesRead, err := sign(c)
	if err != nil {
		return err
	}
	signed := time.Since(start)
	var pairs []uint64 // a<<32 | b, indexes into ids
	switch c.lib {
	case "dgryski":
		pairs = bandPairs(sigs, k, l)
	case "ekzhu":
		pairs = lshPairs(sigs, c.perm, c.threshold)
	}
	if err := writePairs(c.out, ids, pairs); err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stderr, "compare: %s: %d docs, %.1f MB, %d bands of %d rows, %d candidate pairs, signing %.1f s, total %.1f s, %.0f docs/s\n",
		c.lib, len(ids), float64(bytesRead)/1e6, l, k, len(pairs), signed.Seconds(), secs, float64(len(ids))/secs)
	return nil
}

// sign reads the corpus and signs every text, in parallel; signatures are
// in input order.
func sign(c config) (ids []string, sigs [][]uint64, n int64, err error) {
	f, err := os.Open(c.in)
	if err != nil {
		return nil, nil, 0, err
	}
	defer f.Close()
	type job struct {
		i    int
		text string
	}
	jobs := make(chan job, 64)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range max(1, c.workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSigner(c)
			for j := range jobs {
				sig := s.sign(j.text)
				mu.Lock()
				sigs[j.i] = sig
				mu.Unlock()
			}
		}()
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		n += int64(len(sc.Bytes()))
		var rec struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err = json.Unmarshal(sc.Bytes(), &rec); err != nil {
			err = fmt.Errorf("%s:%d: %w", c.in, line, err)
			break
		}
		mu.Lock()
		ids = append(ids, rec.ID)
		sigs = append(sigs, nil)
		mu.Unlock()
		jobs <- job{len(ids) - 1, rec.Text}
	}
	close(jobs)
	wg.Wait()
	if err == nil {
		if err = sc.Err(); err != nil {
			err = fmt.Errorf("%s: %w", c.in, err)
		}
	}
	return ids, sigs, n, err
}

// signer turns texts into signatures with one library; one per worker.
type signer struct {
	c    config
	tk   shingle.Tokenizer
	toks shingle.Tokens
	shs  []uint64
	buf  [8]byte
	h2   *xxhash.Digest
}

func newSigner(c config) *signer {
	return &signer{c: c, tk: shingle.Tokenizer{Seed: hashSeed}, h2: xxhash.NewWithSeed(0x9e3779b97f4a7c15)}
}

func (s *signer) sign(text string) []uint64 {
	s.tk.Tokenize(text, &s.toks)
	s.shs = shingle.Set(shingle.Shingles(s.toks.Hashes, s.c.shingle, s.shs[:0]))
	var push func([]byte)
	var sig func() []uint64
	switch s.c.lib {
	case "dgryski":
		h2 := func(b []byte) uint64 {
			s.h2.ResetWithSeed(0x9e3779b97f4a7c15)
			s.h2.Write(b)
			return s.h2.Sum64()
		}
		mw := minwise.NewMinWise(xxhash.Sum64, h2, s.c.perm)
		push, sig = mw.Push, mw.Signature
	default:
		m := minhashlsh.NewMinhash(1, s.c.perm)
		push, sig = m.Push, m.Signature
	}
	for _, h := range s.shs {
		binary.LittleEndian.PutUint64(s.buf[:], h)
		push(s.buf[:])
	}
	return slices.Clone(sig())
}

// bandPairs bands signatures into l bands of k rows and returns every
// pair of documents that share a band, sorted, without repeats.
func bandPairs(sigs [][]uint64, k, l int) []uint64 {
	var pairs []uint64
	buf := make([]byte, 8*k)
	for band := range l {
		buckets := make(map[uint64][]uint32, len(sigs))
		for i, sig := range sigs {
			for r := range k {
				binary.LittleEndian.PutUint64(buf[8*r:], sig[band*k+r])
			}
			h := xxhash.Sum64(buf)
			buckets[h] = append(buckets[h], uint32(i))
		}
		for _, docs := range buckets {
			for x := range docs {
				for y := x + 1; y < len(docs); y++ {
					pairs = append(pairs, uint64(docs[x])<<32|uint64(docs[y]))
				}
			}
		}
		slices.Sort(pairs)
		pairs = slices.Compact(pairs)
	}
	return pairs
}

// lshPairs indexes every signature in a MinhashLSH and queries each.
func lshPairs(sigs [][]uint64, perm int, threshold float64) []uint64 {
	lsh := minhashlsh.NewMinhashLSH(perm, threshold)
	for i, sig := range sigs {
		lsh.Add(uint32(i), sig)
	}
	lsh.Index()
	var pairs []uint64
	for i, sig := range sigs {
		for _, key := range lsh.Query(sig) {
			j := key.(uint32)
			if uint32(i) < j {
				pairs = append(pairs, uint64(i)<<32|uint64(j))
			}
		}
	}
	slices.Sort(pairs)
	return slices.Compact(pairs)
}

// writePairs writes pairs as CSV a,b with ids, a < b, sorted by ids.
func writePairs(path string, ids []string, pairs []uint64) error {
	rows := make([][2]string, len(pairs))
	for i, p := range pairs {
		a, b := ids[p>>32], ids[uint32(p)]
		if b < a {
			a, b = b, a
		}
		rows[i] = [2]string{a, b}
	}
	slices.SortFunc(rows, func(x, y [2]string) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	})
	var w io.Writer = os.Stdout
	var f *os.File
	if path != "-" {
		var err error
		if f, err = os.Create(path); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	cw := csv.NewWriter(w) // buffered
	cw.Write([]string{"a", "b"})
	for _, r := range rows {
		cw.Write(r[:])
	}
	if cw.Flush(); cw.Error() != nil {
		return fmt.Errorf("write %s: %w", path, cw.Error())
	}
	if f != nil {
		return f.Close()
	}
	return nil
}
