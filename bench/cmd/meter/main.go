// Command meter measures a wiretrace binary on a folder in the METER
// format (documents.csv, articles.csv, passages.csv, docs/<id>.txt: see
// the folder's README), via scan and via check, the way
// shared/tools/meter-dev-score does, and more finely.
//
// Usage:
//
//	meter [-bin PATH] [-mode scan|check|both] [-dump FILE] [-keep DIR] [-args "FLAGS"] [-oracle] DIR
//
// Every document becomes a JSON Lines record {"id","text","source",
// "published"} (PA copy published at midnight UTC of the date in its id,
// newspapers at 22:00). scan reads all of them (one run, with --out);
// check indexes the PA copy into an archive and checks the newspaper
// articles against it (one run for the articles report, one for the
// passages report, side by side). -args adds flags to scan, index and
// check, split at white space (no quoting). Without -bin, the repository
// that holds the current directory is built into a temporary directory.
//
// Printed per mode, for the articles of articles.csv (label wholly,
// partially or non):
//
//   - the reference scorer's line: cvF1 of copied+rewritten, cvF1 of
//     copied+rewritten+quoted, roleF1 and its per-label F1, the articles
//     covered by the output, the exit code;
//   - cvF1 of copied alone, of copied+rewritten and of
//     copied+rewritten+quoted (a share missing from the output is 0), and
//     the two thresholds fitted on all stories. cvF1: two thresholds
//     t1 < t2 on the grid 0, 0.02, ..., 1 (share >= t2 wholly, >= t1
//     partially, else non) fitted by macro-F1 on four fifths of the
//     stories, applied to the fifth; five folds by story (crc32 of
//     domain/date/catchline mod 5); the pooled predictions' macro-F1;
//   - the default roles as labels (copy and rewrite -> wholly,
//     copy+additions -> partially, the rest -> non): macro-F1, the F1 of
//     each label, and a confusion matrix of labels against roles;
//   - word-level precision and recall of derived words on the annotated
//     articles (those with passages in passages.csv): a word is derived in
//     the gold when at least half of its bytes lie in verbatim or rewrite
//     passages, and predicted derived when at least half lie in the
//     binary's passages of that article of kind shared or rewritten (and,
//     on the same line, of kind shared alone, and of kind shared,
//     rewritten or quote: METER's journalists mark a quotation a paper
//     took from the wire as verbatim, where wiretrace counts a shared
//     quotation as quoted). Words are found as in metric.go's
//     words: letter and digit runs, which is wiretrace's Unicode word
//     segmentation to within rare cases. passages.csv's offsets are
//     code points and are converted to bytes.
//
// -oracle runs no binary (and takes no other flag) and prints, for runs
// of 3 to 6 words, the cvF1 and the word precision and recall of a
// ceiling: an article's word is derived when it lies in a run of words
// its story's PA documents (articles.csv's pa_docs) hold (see oracle.go);
// and the same with the contract's rule for shared quotations.
//
// -keep DIR runs in DIR, new or empty, rather than a temporary directory,
// and leaves there the JSON Lines inputs, the built binary, the archive,
// and the reports: scan/ (scan's --out) and check/ (articles.csv and
// passages.jsonl).
//
// -dump FILE writes one tab-separated row per mode and article: mode,
// doc, label, words, copied, rewritten, quoted, role, source_doc (as the
// binary reported them) and the word-level tp, fp, fn of derived words
// (empty for an article without annotation).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("meter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("bin", "", "the wiretrace binary (default: build the repository that holds the current directory)")
	mode := fs.String("mode", "both", "scan, check or both")
	dump := fs.String("dump", "", "write a per-article TSV for error analysis to this file")
	extra := fs.String("args", "", "more flags for wiretrace scan, index and check, split at white space")
	orc := fs.Bool("oracle", false, "run no binary: print what word n-grams shared with each article's own PA copy (pa_docs) score")
	keep := fs.String("keep", "", "keep the runs' inputs and outputs in this new or empty directory rather than a temporary one")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: meter [-bin PATH] [-mode scan|check|both] [-dump FILE] [-keep DIR] [-args \"FLAGS\"] [-oracle] DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var modes []string
	switch *mode {
	case "scan", "check":
		modes = []string{*mode}
	case "both":
		modes = []string{"scan", "check"}
	default:
		fmt.Fprintf(stderr, "meter: -mode %q: want scan, check or both\n", *mode)
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if *orc {
		var other []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name != "oracle" {
				other = append(other, "-"+f.Name)
			}
		})
		if len(other) > 0 {
			fmt.Fprintf(stderr, "meter: -oracle runs no binary: %s does not apply\n", strings.Join(other, ", "))
			return 2
		}
		f, err := readFolder(fs.Arg(0))
		if err == nil {
			err = printOracle(stdout, newEvaluator(f))
		}
		if err != nil {
			fmt.Fprintf(stderr, "meter: %v\n", err)
			return 1
		}
		return 0
	}
	if err := measure(fs.Arg(0), *bin, modes, strings.Fields(*extra), *dump, *keep, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "meter: %v\n", err)
		return 1
	}
	return 0
}

func measure(dir, bin string, modes, extra []string, dump, keep string, stdout, stderr io.Writer) error {
	t0 := time.Now()
	f, err := readFolder(dir)
	if err != nil {
		return err
	}
	var tmp string
	if keep != "" {
		tmp, err = keepDir(keep)
	} else {
		tmp, err = os.MkdirTemp("", "meter")
		defer os.RemoveAll(tmp)
	}
	if err != nil {
		return err
	}
	if bin == "" {
		if bin, err = build(tmp); err != nil {
			return err
		}
	}
	t1 := time.Now()
	outs := make([]*output, len(modes))
	errs := make([]error, len(modes))
	var wg sync.WaitGroup
	for i, m := range modes {
		wg.Go(func() {
			if m == "scan" {
				outs[i], errs[i] = runScan(bin, f, tmp, extra)
			} else {
				outs[i], errs[i] = runCheck(bin, f, tmp, extra)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	t2 := time.Now()
	ev := newEvaluator(f)
	var results []*result
	for _, o := range outs {
		r := ev.evaluate(o)
		r.print(stdout)
		results = append(results, r)
	}
	if dump != "" {
		if err := writeDump(dump, f, results); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "meter: read and built in %.1fs, ran wiretrace in %.1fs, scored in %.1fs\n",
		t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), time.Since(t2).Seconds())
	return nil
}

// keepDir makes dir, or checks that it is an empty directory, so that
// nothing in it is left from another run, and returns its absolute path
// (the binary is built from the repository's root, not from here).
func keepDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(abs, 0o777); err != nil {
		return "", err
	}
	ents, err := os.ReadDir(abs)
	if err != nil {
		return "", err
	}
	if len(ents) > 0 {
		return "", fmt.Errorf("-keep %s: not empty (it holds %s)", dir, ents[0].Name())
	}
	return abs, nil
}

// build builds the wiretrace repository that holds the current directory
// into dir and returns the binary's path.
func build(dir string) (string, error) {
	root, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(root, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte("module github.com/wiretrace/wiretrace\n")) {
			break
		}
		up := filepath.Dir(root)
		if up == root {
			return "", errors.New("no wiretrace repository holds the current directory: give -bin")
		}
		root = up
	}
	bin := filepath.Join(dir, "wiretrace")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build in %s: %v\n%s", root, err, out)
	}
	return bin, nil
}

// A record of the JSON Lines input, in the reference scorer's field order.
type record struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Source    string `json:"source"`
	Published string `json:"published"`
}

// writeJSONL writes the documents that keep accepts to path.
func writeJSONL(path string, f *folder, keep func(d *document) bool) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for i := range f.docs {
		d := &f.docs[i]
		if !keep(d) {
			continue
		}
		pub, _ := published(d.date, d.role) // checked by readFolder
		if err := enc.Encode(record{d.id, d.text, d.source, pub}); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// execute runs the binary and returns its standard output and exit code;
// an exit code other than 0, 3 (some inputs skipped) and, when related is
// set, 1 (check found related articles) is an error that quotes standard
// error.
func execute(bin string, related bool, args ...string) ([]byte, int, error) {
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return nil, 0, err
	}
	if code != 0 && code != 3 && !(related && code == 1) {
		msg := strings.TrimSpace(errb.String())
		if len(msg) > 600 {
			msg = "..." + msg[len(msg)-600:]
		}
		return nil, code, fmt.Errorf("%s %s: exit %d: %s", bin, strings.Join(args, " "), code, msg)
	}
	return out.Bytes(), code, nil
}

// runScan runs scan on every document, with --out for the articles and
// passages in one run.
func runScan(bin string, f *folder, tmp string, extra []string) (*output, error) {
	in := filepath.Join(tmp, "all.jsonl")
	if err := writeJSONL(in, f, func(*document) bool { return true }); err != nil {
		return nil, err
	}
	out := filepath.Join(tmp, "scan")
	args := append(append([]string{"scan"}, extra...), "--quiet", "--out", out, in)
	_, code, err := execute(bin, false, args...)
	if err != nil {
		return nil, err
	}
	arts, err := os.ReadFile(filepath.Join(out, "articles.csv"))
	if err != nil {
		return nil, err
	}
	pass, err := os.ReadFile(filepath.Join(out, "passages.jsonl"))
	if err != nil {
		return nil, err
	}
	return parseOutput("scan", code, arts, pass, f)
}

// runCheck indexes the PA copy and checks the newspaper articles against
// it, the articles and the passages reports side by side.
func runCheck(bin string, f *folder, tmp string, extra []string) (*output, error) {
	pa, np := filepath.Join(tmp, "pa.jsonl"), filepath.Join(tmp, "np.jsonl")
	if err := writeJSONL(pa, f, func(d *document) bool { return d.role == "pa" }); err != nil {
		return nil, err
	}
	if err := writeJSONL(np, f, func(d *document) bool { return d.role != "pa" }); err != nil {
		return nil, err
	}
	db := filepath.Join(tmp, "pa.db")
	if _, _, err := execute(bin, false, append(append([]string{"index"}, extra...), "--quiet", "--db", db, pa)...); err != nil {
		return nil, err
	}
	var arts, pass []byte
	var code int
	var errA, errP error
	var wg sync.WaitGroup
	wg.Go(func() {
		arts, code, errA = execute(bin, true, append(append([]string{"check"}, extra...), "--quiet", "--format", "csv", "--db", db, np)...)
	})
	wg.Go(func() {
		pass, _, errP = execute(bin, true, append(append([]string{"check"}, extra...), "--quiet", "--report", "passages", "--db", db, np)...)
	})
	wg.Wait()
	if err := errors.Join(errA, errP); err != nil {
		return nil, err
	}
	// Kept with the inputs, as a scan's --out keeps its reports.
	out := filepath.Join(tmp, "check")
	if err := os.Mkdir(out, 0o777); err != nil {
		return nil, err
	}
	if err := errors.Join(os.WriteFile(filepath.Join(out, "articles.csv"), arts, 0o666),
		os.WriteFile(filepath.Join(out, "passages.jsonl"), pass, 0o666)); err != nil {
		return nil, err
	}
	return parseOutput("check", code, arts, pass, f)
}
