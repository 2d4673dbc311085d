package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/pipeline"
)

// The command line as a person meets it: one test for each thing a
// careful Unix user expects of it.

// The progress bar counts each stage in its unit, shows its total when it
// has one, and is not drawn in a stage's first second, so that its first
// rate is measured over something.
func TestBarUnits(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	b := &bar{w: &buf, visible: true, hold: time.Second, now: func() time.Time { return clock }}
	b.Stage("reading", -1)
	b.Add(1)
	if buf.Len() != 0 {
		t.Errorf("the bar is drawn at once: %q", buf.String())
	}
	clock = clock.Add(2 * time.Second)
	b.Add(1)
	b.Stage("verifying", 10)
	clock = clock.Add(2 * time.Second)
	b.Add(4)
	b.finish()
	out := buf.String()
	for _, want := range []string{"reading", "articles/s", "verifying", "4/10", "pairs/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar lacks %q: %q", want, out)
		}
	}
	if strings.Contains(out, " it/s") || strings.Contains(out, " it ") {
		t.Errorf("bar counts in %q: %q", "it", out)
	}
}

// Reading the inputs whose size is known counts their bytes against it.
func TestBarBytes(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	b := &bar{w: &buf, visible: true, hold: time.Second, now: func() time.Time { return clock }, inputBytes: 4 << 20}
	b.Stage("reading", -1)
	clock = clock.Add(2 * time.Second)
	b.Add(1) // an article: not what this stage counts
	b.Read(1 << 20)
	b.finish()
	out := buf.String()
	for _, want := range []string{"reading", "1.0/4.2 MB", "B/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar lacks %q: %q", want, out)
		}
	}
	if strings.Contains(out, "articles/s") {
		t.Errorf("a bar of bytes counts articles too: %q", out)
	}
	if got := inputBytes([]string{"testdata/seeds/000_007e2c2d65f4a228.txt", "testdata/seeds/001_2bd0569d459188d0.txt"}); got <= 0 {
		t.Errorf("inputBytes of two seeds = %d, want their size", got)
	}
	for _, files := range [][]string{{"-"}, {"testdata/seeds/000_007e2c2d65f4a228.txt", "x.jsonl.gz"}, {"testdata/none.txt"}} {
		if got := inputBytes(files); got != 0 {
			t.Errorf("inputBytes(%q) = %d, want 0: unknown", files, got)
		}
	}
}

// The summary says one article, one pair, one family in the singular.
func TestSummaryPlurals(t *testing.T) {
	one := summary(pipeline.Stats{Docs: 1, Bytes: 20, Candidates: 1, Related: 1, Ignored: 1}, 1, 1, 2)
	for _, want := range []string{"1 article (20 bytes)", "0.5 articles/s", "verified 1 candidate pair:", "1 pair related, in 1 family", "1 skipped", "1 file ignored for its extension"} {
		if !strings.Contains(one, want) {
			t.Errorf("summary %q lacks %q", one, want)
		}
	}
	many := summary(pipeline.Stats{Docs: 3000, Bytes: 16_800_000, Candidates: 13917, Held: 2248, Related: 16165, Ignored: 2}, 398, 0, 2)
	for _, want := range []string{"3000 articles (16.8 MB)", "1500 articles/s", "verified 13917 candidate pairs and 2248 pairs held back as possible boilerplate: 16165 pairs related, in 398 families", "2 files ignored for their extension"} {
		if !strings.Contains(many, want) {
			t.Errorf("summary %q lacks %q", many, want)
		}
	}
}

// A problem is one line, "FILE:LINE: what", without package names or the
// path said twice, a warning marked as such and a skipped document so
// said once.
func TestProblemLines(t *testing.T) {
	tests := []struct {
		p    corpus.Problem
		want string
	}{
		{corpus.Problem{Path: "site/empty.html", Err: errors.New("htmltext: no article text"), Skipped: true}, "site/empty.html: no article text; skipped"},
		{corpus.Problem{Path: "a.jsonl", Line: 3, Err: errors.New("corpus: a.jsonl: malformed JSON line"), Skipped: true}, "a.jsonl:3: malformed JSON line; skipped"},
		{corpus.Problem{Path: "b.txt", Err: errors.New("invalid UTF-8 replaced with U+FFFD")}, "b.txt: warning: invalid UTF-8 replaced with U+FFFD"},
		{corpus.Problem{Path: "c.txt", Err: errors.New("warning: page may be truncated")}, "c.txt: warning: page may be truncated"},
		{corpus.Problem{Path: "d.csv", Line: 9, Err: errors.New("record skipped: no text"), Skipped: true}, "d.csv:9: record skipped: no text"},
	}
	for _, tt := range tests {
		if got := problemLine(tt.p); got != tt.want {
			t.Errorf("problemLine(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// A misspelt flag gets the closest flag as a suggestion; a flag like none
// gets none.
func TestFlagSuggestion(t *testing.T) {
	for _, tt := range []struct{ arg, want string }{
		{"--treshold", "unknown flag --treshold; did you mean --threshold?"},
		{"--min-pasage", "did you mean --min-passage?"},
		{"--wokrers", "did you mean --workers?"},
		{"--zzz", "unknown flag --zzz (see 'wiretrace help scan')"},
	} {
		_, errs, code := runCLI(t, "", "scan", tt.arg, "1", "testdata/seeds")
		if code != 2 || !strings.Contains(errs, tt.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("scan %s: exit %d, %q; want 2 and one line with %q", tt.arg, code, errs, tt.want)
		}
	}
}

// --out is checked before any work; with it, standard output gets no
// report unless one is asked for, and stderr says where the files went.
func TestOut(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(bad, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCLI(t, "", "scan", "--out", filepath.Join(bad, "dir"), "testdata/seeds")
	if code != 2 || out != "" || !strings.Contains(errs, "--out") || strings.Contains(errs, "articles (") {
		t.Errorf("--out under a file: exit %d, stdout %q, stderr %q; want 2 before reading", code, out, errs)
	}
	dir := filepath.Join(t.TempDir(), "report")
	out, errs, code = runCLI(t, "", "scan", "--out", dir, "testdata/syndication")
	if code != 0 || out != "" || !strings.Contains(errs, "into "+dir) {
		t.Errorf("--out: exit %d, stdout %q, stderr %q; want 0, nothing on stdout, where it wrote", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Error(err)
	}
	out, _, _ = runCLI(t, "", "scan", "-q", "--out", dir, "--report", "pairs", "testdata/syndication")
	if !strings.HasPrefix(out, "a,b,relation,") {
		t.Errorf("--out with --report pairs: stdout %q, want the pairs", out)
	}
}

// Passages are JSON Lines: asked for as CSV, they are refused, naming
// the flags; by default they come as JSON Lines.
func TestPassagesFormat(t *testing.T) {
	_, errs, code := runCLI(t, "", "scan", "--report", "passages", "--format", "csv", "testdata/seeds")
	if code != 2 || !strings.Contains(errs, "--report passages") || !strings.Contains(errs, "--format csv") {
		t.Errorf("--report passages --format csv: exit %d, %q; want 2 naming both", code, errs)
	}
	out := must(t)(runCLI(t, "", "scan", "-q", "--report", "passages", "testdata/seeds"))
	if !strings.HasPrefix(out, `{"doc":`) {
		t.Errorf("--report passages: %.40q..., want JSON Lines", out)
	}
}

// --quiet and --verbose contradict each other.
func TestQuietVerbose(t *testing.T) {
	for _, args := range [][]string{{"-q", "-v"}, {"--quiet", "--verbose"}} {
		_, errs, code := runCLI(t, "", append(append([]string{"scan"}, args...), "testdata/seeds")...)
		if code != 2 || !strings.Contains(errs, "--quiet") || !strings.Contains(errs, "--verbose") {
			t.Errorf("scan %v: exit %d, %q; want 2 naming both flags", args, code, errs)
		}
	}
}

// Help is printed once, to stdout, with exit 0.
func TestHelpOnce(t *testing.T) {
	for _, args := range [][]string{{"scan", "--help"}, {"help", "check"}, {"index", "-h"}, {"compare", "--help"}} {
		out, _, code := runCLI(t, "", args...)
		if code != 0 || strings.Count(out, "Usage:") != 1 {
			t.Errorf("%v: exit %d, %d usages printed, want 0 and 1", args, code, strings.Count(out, "Usage:"))
		}
	}
}

// compare reads standard input once: "-" for both A and B is a usage
// error, not a comparison with an empty B.
func TestCompareStdinTwice(t *testing.T) {
	_, errs, code := runCLI(t, "Putin met Witkoff in St Petersburg on Friday.", "compare", "-", "-")
	if code != 2 || !strings.Contains(errs, `"-"`) {
		t.Errorf("compare - -: exit %d, %q; want 2 naming standard input", code, errs)
	}
}

// index keeps articles; the flags of how pairs are judged are check's,
// refused by index and not listed in its help.
func TestIndexJudgingFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	_, errs, code := runCLI(t, "", "index", "--db", db, "--copy", "0.5", "testdata/seeds")
	if code != 2 || !strings.Contains(errs, "--copy") || !strings.Contains(errs, "check") {
		t.Errorf("index --copy: exit %d, %q; want 2 naming the flag and check", code, errs)
	}
	out, _, _ := runCLI(t, "", "index", "--help")
	if strings.Contains(out, "--min-own") || !strings.Contains(out, "--shingle") {
		t.Errorf("index --help lists the judging flags, or not the sketching ones:\n%s", out)
	}
}
