package main

import (
	"fmt"
	"time"

	"github.com/wiretrace/wiretrace/archive"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/report"
)

func runIndex(e *env, args []string) error {
	var s shared
	var db string
	var replace, stats bool
	fs := newFlags(e, "index", "wiretrace index --db FILE [flags] INPUT...", `
Index adds articles to an archive: one SQLite file holding each article's
metadata, text, signature and search keys, so that check can judge new
articles against it. Adding the same id with the same text again does
nothing; the same id with other text is refused unless --replace. Work is
committed in batches: a run that is stopped leaves a consistent archive,
and running the same command again completes it. --shingle, --perm and
--threshold are fixed when the archive is created.

Example:
  wiretrace index --db wire.db wire/2025-04/
  wiretrace index --db wire.db --stats`)
	s.register(fs)
	// The flags of how pairs are judged are check's: index only signs.
	var judging []string
	for _, f := range s.set.Flags() {
		if !f.Sketching() {
			judging = append(judging, f.Name)
			fs.MarkHidden(f.Name)
		}
	}
	fs.StringVar(&db, "db", "", "the archive file (created if missing)")
	fs.BoolVar(&replace, "replace", false, "replace an archived article whose id comes again with other text")
	fs.BoolVar(&stats, "stats", false, "print the archive's size and parameters and exit")
	if done, err := parse(fs, args); done {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	for _, name := range judging {
		if fs.Changed(name) {
			return usageErr("--%s says how check judges articles, not how index keeps them: give it to check", name)
		}
	}
	if db == "" {
		return usageErr("index needs --db FILE")
	}
	ap := s.options().ArchiveParams()
	if stats {
		a, err := archive.Open(db, ap)
		if err != nil {
			return usageErr("%v", err)
		}
		defer a.Close()
		return printStats(e, a)
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
	a, err := archive.Create(db, ap)
	if err != nil {
		return usageErr("%v", err)
	}
	defer a.Close()

	start := time.Now()
	b := newBar(e, s.quiet)
	opt := s.options()
	opt.Progress = b
	total, err := pipeline.Index(a, c, opt, replace)
	b.finish()
	if err != nil {
		return fmt.Errorf("index %s: %w", db, err)
	}
	skipped := printProblems(e, total.Problems)
	for _, id := range total.Conflicts {
		fmt.Fprintf(e.stderr, "wiretrace: %s: archived with other text; skipped (--replace replaces it)\n", id)
	}
	skipped += len(total.Conflicts)
	if !s.quiet {
		fmt.Fprintf(e.stderr, "wiretrace: %s: %d added, %d unchanged, %d replaced, %d skipped in %.2fs\n",
			db, total.Added, total.Unchanged, total.Replaced, skipped, time.Since(start).Seconds())
	}
	if total.Added+total.Unchanged+total.Replaced+len(total.Conflicts) == 0 && skipped > 0 {
		return usageErr("nothing could be read")
	}
	if skipped > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}

func printStats(e *env, a *archive.Archive) error {
	st, err := a.Stats()
	if err != nil {
		return err
	}
	p := st.Params
	fmt.Fprintf(e.stdout, "documents\t%d\nbytes\t%d\nschema_version\t%d\nshingle\t%d\nperm\t%d\nseed\t%d\nbands\t%d\nrows\t%d\nwindow\t%d\nlead\t%d\n",
		st.Docs, st.Bytes, st.SchemaVersion, p.Shingle, p.Perm, p.Seed, p.Bands, p.Rows, p.Window, p.Lead)
	return nil
}

func runCheck(e *env, args []string) error {
	var s shared
	var db, format, which, failOn string
	fs := newFlags(e, "check", "wiretrace check --db FILE [flags] INPUT...", `
Check judges each input article against an archive, as an editor would
before publishing: one row per input with its role, the archived article
it derives from (with that article's title, source, published date and
url) and its copied, quoted and independent shares. A summary on stderr
says how many inputs derive from the archive, and from how many archived
articles. The shingle size, signature length and search threshold are
the archive's, fixed when index created it. An input whose id the archive
holds is checked against the other archived articles, and stderr says so.

Check exits 1 when an input derives from the archive at the level
--fail-on names, or above (0 when none does):
  duplicate  a near-duplicate of an archived article
  reprint    contained in an archived article, or holding one
  copy       a copy or rewrite of archived articles
  passage    derived in part: a lifted passage of at least 20 words
             outside quotation marks copied from an archived article, or
             role copy+additions (the default)
  related    anything shared, quotations included
  never      exit 0 whatever is found

Example:
  wiretrace check --db wire.db draft.txt
  wiretrace check --db wire.db --fail-on reprint drafts/
  wiretrace check --db wire.db --report passages draft.txt`)
	s.registerJudging(fs)
	fs.StringVar(&db, "db", "", "the archive file")
	fs.StringVarP(&format, "format", "f", "", "table, csv or json (default: table on a terminal, else csv)")
	fs.StringVarP(&which, "report", "r", "articles", "articles, pairs or passages")
	fs.StringVar(&failOn, "fail-on", "passage", "exit 1 from this level on: duplicate, reprint, copy, passage, related or never")
	if done, err := parse(fs, args); done {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if db == "" {
		return usageErr("check needs --db FILE")
	}
	level, ok := failLevels[failOn]
	if !ok {
		return usageErr("--fail-on must be duplicate, reprint, copy, passage, related or never, not %q", failOn)
	}
	o, err := parseOutput(e, format, which, "articles", "pairs", "passages")
	if err != nil {
		return err
	}
	stop, err := s.startProfile()
	if err != nil {
		return err
	}
	defer stop()
	// The archive's own parameters: nothing is repeated from index.
	a, err := archive.Open(db, archive.Params{})
	if err != nil {
		return usageErr("%v", err)
	}
	defer a.Close()
	c, err := openInputs(e, fs.Args(), &s)
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := pipeline.Check(a, c, s.options())
	if err != nil {
		return err
	}
	skipped := printProblems(e, res.Problems)
	if len(res.Checked) == 0 {
		return usageErr("nothing could be read")
	}
	switch o.which {
	case "pairs":
		err = report.WriteCheckPairs(tableOut(e.stdout), o.format, res.Pairs)
	case "passages":
		err = report.WritePassages(tableOut(e.stdout), o.format, res.Rows.Passages)
	default:
		err = report.WriteCheckArticles(tableOut(e.stdout), o.format, res.Articles)
	}
	if err != nil {
		return err
	}
	fail := false
	derived := 0
	from := map[string]bool{}
	for _, ch := range res.Checked {
		switch ch.Self {
		case pipeline.SelfSame:
			fmt.Fprintf(e.stderr, "wiretrace: %s: archived under this id with the same text; checked against the other archived articles\n", ch.ID)
		case pipeline.SelfOther:
			fmt.Fprintf(e.stderr, "wiretrace: %s: archived under this id with other text (an earlier version); checked against the other archived articles\n", ch.ID)
		}
		fail = fail || ch.Verdict >= level
		if ch.Verdict.Derives() {
			derived++
			for _, f := range ch.From {
				from[f] = true
			}
		}
	}
	if !s.quiet {
		fmt.Fprintf(e.stderr, "wiretrace: %d %s checked: %d %s from the archive",
			len(res.Checked), plural(len(res.Checked), "input", "inputs"), derived, plural(derived, "derives", "derive"))
		if derived > 0 {
			fmt.Fprintf(e.stderr, ", from %d archived %s", len(from), plural(len(from), "article", "articles"))
		}
		if skipped > 0 {
			fmt.Fprintf(e.stderr, "; %d skipped", skipped)
		}
		fmt.Fprintln(e.stderr)
	}
	if fail {
		return &exitError{code: exitRelated}
	}
	if skipped > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}

// failLevels are the values of check --fail-on: the verdict from which
// check exits 1. never is above every verdict.
var failLevels = map[string]pipeline.Verdict{
	"duplicate": pipeline.Duplicated,
	"reprint":   pipeline.Reprinted,
	"copy":      pipeline.Copied,
	"passage":   pipeline.Lifted,
	"related":   pipeline.Related,
	"never":     pipeline.Duplicated + 1,
}
