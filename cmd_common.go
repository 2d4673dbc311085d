package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/report"
)

// shared holds the parameters every command takes.
type shared struct {
	set         pipeline.Settings
	workers     int
	quiet       bool
	verbose     bool
	maxBytes    int64
	inputFormat string
	cpuprofile  string
}

// register registers the flags of every command but check, which reads
// the sketching parameters from its archive. Their defaults are the
// pipeline's.
func (s *shared) register(fs *pflag.FlagSet) { s.registerFlags(fs, true) }

// registerJudging registers the flags of how pairs are judged and of the
// run itself.
func (s *shared) registerJudging(fs *pflag.FlagSet) { s.registerFlags(fs, false) }

func (s *shared) registerFlags(fs *pflag.FlagSet, sketching bool) {
	s.set = pipeline.DefaultSettings()
	s.set.Register(fs, sketching)
	fs.IntVar(&s.workers, "workers", runtime.NumCPU(), "parallel workers")
	fs.BoolVarP(&s.quiet, "quiet", "q", false, "no progress bar and no summary on stderr")
	fs.BoolVarP(&s.verbose, "verbose", "v", false, "print the chosen LSH bands and rows and their expected error rates on stderr")
	fs.Int64Var(&s.maxBytes, "max-bytes", 8<<20, "skip a document larger than this many bytes")
	fs.StringVar(&s.inputFormat, "input-format", "auto", "read every input as "+strings.Join(corpus.Formats[1:], ", ")+" (auto: by extension, and by content on standard input)")
	fs.StringVar(&s.cpuprofile, "cpuprofile", "", "write a CPU profile to this file")
}

// check validates the shared flags, naming the flag at fault.
func (s *shared) check() error {
	switch {
	case s.workers < 1:
		return usageErr("--workers must be at least 1, not %d", s.workers)
	case s.maxBytes < 1:
		return usageErr("--max-bytes must be at least 1, not %d", s.maxBytes)
	case s.quiet && s.verbose:
		return usageErr("--quiet and --verbose cannot be used together: --quiet silences what --verbose adds")
	}
	if err := s.set.Check(); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// options turns the flags into the pipeline's options.
func (s *shared) options() pipeline.Options {
	o := s.set.Options()
	o.Workers = s.workers
	return o
}

// startProfile starts CPU profiling when asked; the returned func stops it.
func (s *shared) startProfile() (func(), error) {
	if s.cpuprofile == "" {
		return func() {}, nil
	}
	f, err := os.Create(s.cpuprofile)
	if err != nil {
		return nil, usageErr("--cpuprofile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, usageErr("--cpuprofile: %v", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// newFlags makes a subcommand's flag set with prose usage.
func newFlags(e *env, name, synopsis, about string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: %s\n\n%s\n\nFlags:\n%s", synopsis, strings.TrimSpace(about), fs.FlagUsagesWrapped(80))
	}
	return fs
}

// parse parses args; --help prints usage (pflag calls fs.Usage) and stops
// with exit 0.
func parse(fs *pflag.FlagSet, args []string) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return true, nil // pflag has printed the usage
		}
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
			msg = "unknown flag --" + name
			if near := closestFlag(fs, name); near != "" {
				msg += "; did you mean --" + near + "?"
			}
		}
		return true, usageErr("%s (see 'wiretrace help %s')", msg, fs.Name())
	}
	return false, nil
}

// closestFlag returns the name of fs's flag nearest to name, by edit
// distance, if it is near enough to be a slip (at most a third of its
// letters, and at least one, changed); "" otherwise.
func closestFlag(fs *pflag.FlagSet, name string) string {
	best, bestD := "", 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := editDistance(name, f.Name)
		if d <= max(1, len(f.Name)/3) && (best == "" || d < bestD) {
			best, bestD = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes,
// counting a swap of two neighbours as one edit.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminal is a terminal's file as a report.Widther, so that tables fit
// its width.
type terminal struct{ *os.File }

// Width returns the terminal's width in columns, 0 if unknown.
func (t terminal) Width() int {
	w, _, err := term.GetSize(int(t.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// tableOut returns w, as a report.Widther when it is a terminal.
func tableOut(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return terminal{f}
	}
	return w
}

// bar is the progress bar on stderr: visible only when stderr is a
// terminal and --quiet is off. Each stage counts in its own unit, with its
// total when it is known; a stage's first second is not shown, so that
// its rate is measured over something (a bar drawn at once shows the rate
// of one step over a microsecond).
type bar struct {
	w       io.Writer
	visible bool
	pb      *progressbar.ProgressBar
	start   time.Time
	held    int64 // steps counted before the bar is first drawn
	hold    time.Duration
	now     func() time.Time
	// inputBytes is the size of the inputs, or 0 when it is not known
	// (standard input, compressed files): the reading stage then counts
	// bytes against it, not articles.
	inputBytes int64
	byBytes    bool // the stage counts bytes
}

func newBar(e *env, quiet bool) *bar {
	b := &bar{w: io.Discard, hold: time.Second, now: time.Now}
	if !quiet && isTerminal(e.stderr) {
		b.w, b.visible = e.stderr, true
	}
	return b
}

// stageUnits are what each stage of the pipeline counts.
var stageUnits = map[string]string{
	"reading":               "articles",
	"grouping fingerprints": "partitions",
	"verifying":             "pairs",
	"indexing":              "articles",
	"merging":               "segments",
}

func (b *bar) Stage(name string, total int64) {
	b.finish()
	unit := cmp.Or(stageUnits[name], "steps")
	b.start, b.held = b.now(), 0
	b.byBytes = name == "reading" && total < 0 && b.inputBytes > 0
	if b.byBytes {
		total = b.inputBytes
	}
	its := progressbar.OptionShowIts()
	if b.byBytes {
		its = progressbar.OptionShowBytes(true) // its rate in bytes a second
	}
	b.pb = progressbar.NewOptions64(total,
		its,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetVisibility(b.visible),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)
}

func (b *bar) Add(n int64) {
	if b.pb == nil || b.byBytes {
		return
	}
	b.add(n)
}

// Read counts bytes read, when the stage counts them.
func (b *bar) Read(n int64) {
	if b.pb == nil || !b.byBytes {
		return
	}
	b.add(n)
}

func (b *bar) add(n int64) {
	if b.now().Sub(b.start) < b.hold {
		b.held += n
		return
	}
	b.pb.Add64(b.held + n)
	b.held = 0
}

func (b *bar) finish() {
	if b.pb != nil {
		b.pb.Finish()
		b.pb = nil
	}
}

// inputBytes returns the size of files on disk, or 0 when it does not
// tell how much a reading stage reads: standard input, or a compressed
// file (its records are counted decompressed).
func inputBytes(files []string) int64 {
	var n int64
	for _, f := range files {
		st, err := os.Stat(f)
		if f == "-" || corpus.Compressed(f) || err != nil || !st.Mode().IsRegular() {
			return 0
		}
		n += st.Size()
	}
	return n
}

// openInputs opens the inputs of a command: a missing path is a usage
// error (exit 2) and nothing is read.
func openInputs(e *env, inputs []string, s *shared) (*corpus.Corpus, error) {
	if len(inputs) == 0 {
		return nil, usageErr("no INPUT given (use - for standard input)")
	}
	c, err := corpus.Open(inputs, corpus.Options{MaxBytes: s.maxBytes, Stdin: e.stdin, TempDir: e.tempDir, Format: s.inputFormat})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return c, nil
}

// printProblems names every problem on stderr and reports whether any
// document was skipped.
// Each is one line, "wiretrace: FILE:LINE: what", a warning's what
// starting "warning: " and a skipped document's ending "; skipped".
func printProblems(e *env, ps []corpus.Problem) (skipped int) {
	for _, p := range ps {
		fmt.Fprintf(e.stderr, "wiretrace: %s\n", problemLine(p))
		if p.Skipped {
			skipped++
		}
	}
	return skipped
}

// problemLine is a problem as printProblems prints it, without the
// "wiretrace: " before it.
func problemLine(p corpus.Problem) string {
	where := p.Path
	if p.Line > 0 {
		where = fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	msg := "unknown problem"
	if p.Err != nil {
		msg = cleanMessage(p.Err.Error(), p.Path)
	}
	if p.Skipped {
		if !strings.Contains(msg, "skipped") {
			msg += "; skipped"
		}
		return where + ": " + msg
	}
	msg = strings.TrimPrefix(msg, "warning: ")
	return where + ": warning: " + msg
}

// packagePrefixes are the names with which wiretrace's packages start
// their errors; a person reading a message needs none of them.
var packagePrefixes = []string{"corpus", "htmltext", "archive", "report", "pipeline", "shingle", "minhash", "verify", "family", "align"}

// cleanMessage drops package names ("corpus: ") from an error message,
// at its start and after each ": ", and a repetition of the file's path
// the line already names.
func cleanMessage(msg, path string) string {
	parts := strings.Split(msg, ": ")
	out := parts[:0]
	for _, part := range parts {
		if slices.Contains(packagePrefixes, part) || part == path && path != "" {
			continue
		}
		out = append(out, part)
	}
	if len(out) == 0 {
		return msg
	}
	return strings.Join(out, ": ")
}

// outFormat picks the format: table on a terminal, CSV otherwise.
func outFormat(e *env, flag string) (report.Format, error) {
	if flag == "" {
		if isTerminal(e.stdout) {
			return report.Table, nil
		}
		return report.CSV, nil
	}
	f, err := report.ParseFormat(flag)
	if err != nil {
		return f, usageErr("--format: %v", err)
	}
	return f, nil
}

// output is what a command's --format and --report flags choose.
type output struct {
	format report.Format
	which  string
}

// parseOutput validates --report against the reports a command has and
// picks the format.
func parseOutput(e *env, format, which string, reports ...string) (output, error) {
	if !slices.Contains(reports, which) {
		return output{}, usageErr("--report must be %s, not %q", strings.Join(reports, ", "), which)
	}
	f, err := outFormat(e, format)
	if err == nil && which == "passages" && f == report.CSV && format != "" {
		return output{}, usageErr("--report passages is JSON Lines, one object a passage (the form of passages.jsonl): --format csv does not apply; leave --format out, or use json or table")
	}
	return output{f, which}, err
}

// write writes the chosen report of rows to w. text, if not nil, gives
// the text of passages whose Text is empty (see report.WritePassagesText).
func (o output) write(w io.Writer, rows pipeline.RowSet, text func(doc string) (string, error)) error {
	switch o.which {
	case "pairs":
		return report.WritePairs(w, o.format, rows.Pairs)
	case "families":
		return report.WriteFamilies(w, o.format, rows.Families)
	case "passages":
		return report.WritePassagesText(w, o.format, rows.Passages, text, report.Prefer(rows.Articles))
	}
	return report.WriteArticles(w, o.format, rows.Articles)
}
