// Command wiretrace finds news articles that derive from the same copy and
// tells, for each article, how much is copied and which passages are its
// own reporting. See README.md, or run wiretrace help.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		adaptMemory()
	}
	os.Exit(runMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes, as the contract gives them.
const (
	exitOK      = 0
	exitRelated = 1 // check: an input derives from the archive (at the level of --fail-on)
	exitUsage   = 2 // usage error, or nothing could be read
	exitSkipped = 3 // done, but some inputs were skipped
)

// exitError carries an exit code up to run.
type exitError struct {
	code int
	err  error // nil when the message was already printed
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// command is one subcommand.
type command struct {
	name string
	run  func(env *env, args []string) error
}

// env is what a command may use of the world: its streams and its name.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// tempDir is where the run's temporary files go; "" is the system's
	// (see runMain).
	tempDir string

	mu       sync.Mutex
	patterns []string // of files to remove when the run is stopped
}

func commands() []command {
	return []command{
		{"scan", runScan},
		{"compare", runCompare},
		{"index", runIndex},
		{"check", runCheck},
		{"show", runShow},
		{"version", runVersion},
		{"help", nil},
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(&env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

func runEnv(e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		mainUsage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help":
		if len(rest) == 0 {
			mainUsage(stdout)
			return exitOK
		}
		name, rest = rest[0], []string{"--help"}
	case "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return exitCode(e, c.run(e, rest))
		}
	}
	fmt.Fprintf(stderr, "wiretrace: unknown command %q\n", name)
	mainUsage(stderr)
	return exitUsage
}

func exitCode(e *env, err error) int {
	if err == nil {
		return exitOK
	}
	var x *exitError
	if errors.As(err, &x) {
		if x.err != nil {
			fmt.Fprintf(e.stderr, "wiretrace: %s\n", cleanMessage(x.err.Error(), ""))
		}
		return x.code
	}
	fmt.Fprintf(e.stderr, "wiretrace: %s\n", cleanMessage(err.Error(), ""))
	return exitUsage
}

func mainUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString(`wiretrace finds news articles that derive from the same copy and tells, for
each article, how much is copied and which passages are its own reporting.

Usage:
  wiretrace scan    [flags] INPUT...            batch: pairs, families, roles, passages
  wiretrace compare [flags] A B                 two articles, passage by passage
  wiretrace index   --db FILE [flags] INPUT...  add articles to an archive
  wiretrace check   --db FILE [flags] INPUT...  check articles against an archive
  wiretrace show    --db FILE ID...             print archived articles with their metadata
  wiretrace version

An INPUT is a file (.txt .md .html .jsonl .json .csv .tsv .warc, each
also compressed: .gz .zst .bz2), a directory, or - for standard input. Run 'wiretrace help CMD' for a command's flags and an
example.
`)
	io.WriteString(w, b.String())
}

func runVersion(e *env, args []string) error {
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprintln(e.stdout, "Usage: wiretrace version\n\nPrints the version of wiretrace and of Go it was built with.")
		return nil
	}
	fmt.Fprintln(e.stdout, version())
	return nil
}

func version() string {
	v := "(devel)"
	gov := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		gov = bi.GoVersion
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" {
			v += " " + rev[:min(12, len(rev))] + dirty
		}
	}
	return strings.TrimSpace("wiretrace " + v + " " + gov)
}
