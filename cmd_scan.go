package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/report"
)

func runScan(e *env, args []string) error {
	var s shared
	var format, which, out string
	fs := newFlags(e, "scan", "wiretrace scan [flags] INPUT...", `
Scan reads every article of the inputs, finds the pairs that are
near-duplicates, reprints or share passages, verifies each exactly, groups
them into families of copies and reports, for every article, its role and
how much of it is copied. An INPUT is a file, a directory (walked in
lexical order) or - for standard input.

Example:
  wiretrace scan --report pairs --format csv articles.jsonl > pairs.csv
  wiretrace scan --out report/ stories/`)
	s.register(fs)
	fs.StringVarP(&format, "format", "f", "", "table, csv or json (default: table on a terminal, else csv)")
	fs.StringVarP(&which, "report", "r", "articles", "articles, pairs, families or passages")
	fs.StringVarP(&out, "out", "o", "", "also write every report (CSV, JSONL and report.html) into this directory")
	if done, err := parse(fs, args); done {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	o, err := parseOutput(e, format, which, "articles", "pairs", "families", "passages")
	if err != nil {
		return err
	}
	stop, err := s.startProfile()
	if err != nil {
		return err
	}
	defer stop()

	c, err := openInputs(e, fs.Args(), &s)
	if err != nil {
		return err
	}
	defer c.Close()
	start := time.Now()
	opt := s.options()
	opt.TempDir = e.tempDir
	b := newBar(e, s.quiet)
	opt.Progress = b
	res, err := pipeline.Scan(c, opt)
	b.finish()
	if err != nil {
		return err
	}
	skipped := printProblems(e, res.Problems)
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "wiretrace: warning: %s\n", w)
	}
	if s.verbose {
		verboseLSH(e, res.Stats.LSH, s.threshold)
		fmt.Fprintf(e.stderr, "wiretrace: %d candidate pairs from the LSH index, %d from fingerprints; %d connected groups, the largest of %d articles\n",
			res.Stats.FromLSH, res.Stats.FromPrints, res.Stats.Groups, res.Stats.Largest)
		fmt.Fprintf(e.stderr, "wiretrace: %d candidate pairs verified, %d articles read again for them\n",
			res.Stats.Candidates, res.Stats.Prepared)
		for _, st := range res.Stats.Stages {
			fmt.Fprintf(e.stderr, "wiretrace: %-24s %7.2fs %7.2f CPU-s\n", st.Name, st.Seconds, st.CPU)
		}
	}
	if res.Stats.Docs == 0 {
		return usageErr("nothing could be read")
	}
	// Passage texts are read again one article at a time as they are
	// written, never all held at once.
	rows := pipeline.RowSet{Articles: res.Articles, Pairs: res.Pairs, Families: res.Families, Passages: res.Passages}
	if err := o.write(e.stdout, rows, res.Text(c)); err != nil {
		return err
	}
	if out != "" {
		e.removeOnExit(filepath.Join(out, ".*~"))
		d := report.Data{Articles: res.Articles, Pairs: res.Pairs, Families: res.Families, Passages: res.Passages, Text: res.Text(c), URL: res.URL,
			Run: runInfo(fs)}
		if err := report.WriteDir(out, d); err != nil {
			return err
		}
	}
	if !s.quiet {
		st := res.Stats
		secs := time.Since(start).Seconds()
		fmt.Fprintf(e.stderr, "wiretrace: %d articles (%s) in %.2fs, %.0f articles/s; %d candidate pairs, %d related, %d %s",
			st.Docs, size(st.Bytes), secs, float64(st.Docs)/secs, st.Candidates, st.Related, len(res.Families), plural(len(res.Families), "family", "families"))
		if skipped > 0 {
			fmt.Fprintf(e.stderr, "; %d skipped", skipped)
		}
		if st.Ignored > 0 {
			fmt.Fprintf(e.stderr, "; %d files ignored for their extension", st.Ignored)
		}
		fmt.Fprintln(e.stderr)
	}
	if skipped > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}

// runInfo names the run for report.html: the version, every flag that
// bears on the results with its value, in the order of the usage text,
// and the inputs as given.
func runInfo(fs *pflag.FlagSet) report.Run {
	r := report.Run{Version: version(), Inputs: fs.Args()}
	fs.VisitAll(func(f *pflag.Flag) {
		switch f.Name {
		case "workers", "quiet", "verbose", "cpuprofile", "format", "report", "out", "help":
			return
		}
		r.Parameters = append(r.Parameters, report.Parameter{Name: f.Name, Value: f.Value.String()})
	})
	return r
}

func verboseLSH(e *env, p minhash.Params, threshold float64) {
	fmt.Fprintf(e.stderr, "wiretrace: LSH for --threshold %.2f: %d bands of %d rows; expected false positives %.4f, false negatives %.4f (integrated over Jaccard)\n",
		threshold, p.Bands, p.Rows, p.FalsePositive, p.FalseNegative)
}

// size says a number of bytes for people.
func size(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
