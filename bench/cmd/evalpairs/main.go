// Command evalpairs scores reported pairs of related articles against the
// truth of a corpus made by gencorpus.
//
// Usage:
//
//	evalpairs -truth DIR/truth.csv -pairs PAIRS.csv
//
// truth.csv has the columns a,b,kind,jaccard,containment_a,containment_b
// (see gencorpus). The pairs file is CSV with a header naming at least the
// columns a and b, such as wiretrace's pairs.csv
// (a,b,relation,jaccard,containment_a,containment_b,shared_words,quoted_words);
// a relation column, if present, is broken down in the output. A pair is
// the same whichever way round it is written; repeats count once.
//
// Definitions:
//
//	positive  truth pairs with jaccard >= 0.5 or max(containment_a, containment_b) >= 0.8
//	recall    |reported ∩ positive| / |positive|
//	precision |reported ∩ truth| / |reported|
//
// A reported pair counts as correct when it is anywhere in the truth, also
// below the thresholds: a partial or quotes pair between planted quote
// sharers or distant family members is right, not a false positive.
//
// The output is one "name<TAB>value" line per measure: truth, positive,
// reported, correct, found, recall, precision; then recall by kind
// (recall.KIND found/positive) and precision by relation
// (precision.RELATION correct/reported).
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("evalpairs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	truthPath := fs.String("truth", "", "truth.csv written by gencorpus")
	pairsPath := fs.String("pairs", "", "reported pairs, CSV with columns a and b (- for standard input)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *truthPath == "" || *pairsPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: evalpairs -truth TRUTH.csv -pairs PAIRS.csv")
		return 2
	}
	truth, err := readTruth(*truthPath)
	if err != nil {
		fmt.Fprintf(stderr, "evalpairs: %v\n", err)
		return 1
	}
	var in io.Reader = os.Stdin
	if *pairsPath != "-" {
		f, err := os.Open(*pairsPath)
		if err != nil {
			fmt.Fprintf(stderr, "evalpairs: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	reported, err := readPairs(in)
	if err != nil {
		fmt.Fprintf(stderr, "evalpairs: %s: %v\n", *pairsPath, err)
		return 1
	}
	s := score(truth, reported)
	s.write(stdout)
	return 0
}

type pair struct{ a, b string }

func mkPair(a, b string) pair {
	if b < a {
		a, b = b, a
	}
	return pair{a, b}
}

type truthPair struct {
	kind     string
	positive bool
}

// readTruth reads truth.csv.
func readTruth(path string) (map[pair]truthPair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col, err := columns(head, "a", "b", "kind", "jaccard", "containment_a", "containment_b")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	truth := map[pair]truthPair{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return truth, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		var v [3]float64
		for i, name := range []string{"jaccard", "containment_a", "containment_b"} {
			if v[i], err = strconv.ParseFloat(rec[col[name]], 64); err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %w", path, line, name, err)
			}
		}
		truth[mkPair(rec[col["a"]], rec[col["b"]])] = truthPair{
			kind:     rec[col["kind"]],
			positive: v[0] >= 0.5 || max(v[1], v[2]) >= 0.8,
		}
	}
}

// readPairs reads a CSV of pairs with columns a, b and maybe relation; it
// returns each pair once, with its relation ("" without the column).
func readPairs(in io.Reader) (map[pair]string, error) {
	r := csv.NewReader(in)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err == io.EOF {
		return map[pair]string{}, nil // no output at all: no pairs
	}
	if err != nil {
		return nil, err
	}
	col, err := columns(head, "a", "b")
	if err != nil {
		return nil, err
	}
	rel, hasRel := -1, false
	for i, h := range head {
		if h == "relation" {
			rel, hasRel = i, true
		}
	}
	pairs := map[pair]string{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return pairs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) <= max(col["a"], col["b"], rel) {
			return nil, fmt.Errorf("line %d: %d fields", line, len(rec))
		}
		p := mkPair(rec[col["a"]], rec[col["b"]])
		if hasRel {
			pairs[p] = rec[rel]
		} else {
			pairs[p] = ""
		}
	}
}

func columns(head []string, names ...string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, n := range names {
		if _, ok := col[n]; !ok {
			return nil, fmt.Errorf("header %q has no column %q", head, n)
		}
	}
	return col, nil
}

// scores are the measures of one evaluation.
type scores struct {
	Truth, Positive, Reported, Correct, Found int
	// by kind of positive truth pair: found, positive
	kinds map[string][2]int
	// by reported relation: correct, reported
	relations map[string][2]int
}

func score(truth map[pair]truthPair, reported map[pair]string) scores {
	s := scores{Truth: len(truth), Reported: len(reported), kinds: map[string][2]int{}, relations: map[string][2]int{}}
	for p, t := range truth {
		if !t.positive {
			continue
		}
		s.Positive++
		k := s.kinds[t.kind]
		k[1]++
		if _, ok := reported[p]; ok {
			s.Found++
			k[0]++
		}
		s.kinds[t.kind] = k
	}
	for p, rel := range reported {
		r := s.relations[rel]
		r[1]++
		if _, ok := truth[p]; ok {
			s.Correct++
			r[0]++
		}
		s.relations[rel] = r
	}
	return s
}

// ratio is n/d, or 0 with nothing to divide: no pairs to find gives recall
// 0, not a perfect score.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func (s scores) write(w io.Writer) {
	fmt.Fprintf(w, "truth\t%d\npositive\t%d\nreported\t%d\ncorrect\t%d\nfound\t%d\n", s.Truth, s.Positive, s.Reported, s.Correct, s.Found)
	fmt.Fprintf(w, "recall\t%.4f\nprecision\t%.4f\n", ratio(s.Found, s.Positive), ratio(s.Correct, s.Reported))
	for _, k := range sortedKeys(s.kinds) {
		v := s.kinds[k]
		fmt.Fprintf(w, "recall.%s\t%.4f\t%d/%d\n", k, ratio(v[0], v[1]), v[0], v[1])
	}
	for _, k := range sortedKeys(s.relations) {
		v := s.relations[k]
		if k == "" {
			k = "all"
		}
		fmt.Fprintf(w, "precision.%s\t%.4f\t%d/%d\n", k, ratio(v[0], v[1]), v[0], v[1])
	}
}

func sortedKeys(m map[string][2]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
