package main

import (
	"fmt"
	"path/filepath"
	"strings"
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
how much of it is copied. An INPUT is a file (.txt .md .html .jsonl .json
.csv .tsv .warc, each also gzip-, zstd- or bzip2-compressed), a directory
(walked in lexical order) or - for standard input; --input-format says
what every input is when names do not.

Example:
  wiretrace scan --report pairs --format csv articles.jsonl > pairs.csv
  wiretrace scan --out report/ stories/
  wiretrace scan --out report/ CC-NEWS-20240101.warc.gz`)
	s.register(fs)
	fs.StringVarP(&format, "format", "f", "", "table, csv or json (default: table on a terminal, else csv)")
	fs.StringVarP(&which, "report", "r", "articles", "articles, pairs, families or passages")
	fs.StringVarP(&out, "out", "o", "", "write every report (CSV, JSONL and report.html) into this directory, instead of one report to standard output")
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
	// With --out, standard output gets a report only when one is asked for.
	toStdout := out == "" || fs.Changed("format") || fs.Changed("report")
	if out != "" {
		if err := report.CheckDir(out); err != nil {
			return usageErr("--out: %v", err)
		}
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
	b.inputBytes = inputBytes(c.Files())
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
		verboseLSH(e, res.Stats.LSH, s.set.Threshold)
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
	if toStdout {
		if err := o.write(tableOut(e.stdout), rows, res.Text(c)); err != nil {
			return err
		}
	}
	if out != "" {
		e.removeOnExit(filepath.Join(out, ".*~"))
		d := report.Data{Articles: res.Articles, Pairs: res.Pairs, Families: res.Families, Passages: res.Passages, Text: res.Text(c), URL: res.URL,
			Run: runInfo(fs)}
		commit, err := report.StageDir(out, d)
		if err != nil {
			return err
		}
		// The reports are renamed into place as one set: an interrupt
		// waits for the renames, so that it never leaves some new
		// reports beside old ones.
		if err := e.uninterrupted(commit); err != nil {
			return err
		}
		if !s.quiet {
			fmt.Fprintf(e.stderr, "wiretrace: wrote %s into %s\n", strings.Join(report.DirFiles, ", "), out)
		}
	}
	if !s.quiet {
		st := res.Stats
		secs := time.Since(start).Seconds()
		fmt.Fprintln(e.stderr, "wiretrace: "+summary(st, len(res.Families), skipped, secs))
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

// summary is the line a scan ends with on stderr: what it read, how fast,
// what it verified and what it found.
func summary(st pipeline.Stats, families, skipped int, secs float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) in %.2fs, %s/s; verified %s",
		count(st.Docs, "article", "articles"), size(st.Bytes), secs, rate(float64(st.Docs)/secs), count(st.Candidates, "candidate pair", "candidate pairs"))
	if st.Held > 0 {
		fmt.Fprintf(&b, " and %s held back as possible boilerplate", count(st.Held, "pair", "pairs"))
	}
	fmt.Fprintf(&b, ": %s related, in %s", count(st.Related, "pair", "pairs"), count(families, "family", "families"))
	if skipped > 0 {
		fmt.Fprintf(&b, "; %d skipped", skipped)
	}
	if st.Ignored > 0 {
		fmt.Fprintf(&b, "; %s ignored for %s extension", count(st.Ignored, "file", "files"), plural(st.Ignored, "its", "their"))
	}
	return b.String()
}

// count says n things, in the singular for one.
func count(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }

// rate says a number of articles a second, with a decimal below ten.
func rate(r float64) string {
	if r < 10 {
		return fmt.Sprintf("%.1f articles", r)
	}
	return fmt.Sprintf("%.0f articles", r)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
