package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

// Exit codes of a run stopped by a signal: 128 and the signal's number,
// as shells report them.
const (
	exitInterrupted = 130 // SIGINT
	exitTerminated  = 143 // SIGTERM
)

// runMain runs the command line as the program does: with a temporary
// directory of its own for every file a run spills (the copy of standard
// input, decompressed records, fingerprint buckets), removed when the run
// ends, on every path. On SIGINT or SIGTERM the directory and the
// half-written files registered by the command are removed, one line
// goes to stderr, and the process exits with 130 (143 for SIGTERM). An
// archive being indexed stays consistent: each batch is one transaction,
// which SQLite rolls back if the process stops inside it.
func runMain(args []string, stdin io.Reader, stdout, stderr *os.File) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	dir, err := os.MkdirTemp("", "wiretrace-")
	if err == nil {
		e.tempDir = dir
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan int, 1)
	go func() { done <- runEnv(e, args) }()
	select {
	case code := <-done:
		signal.Stop(sigs)
		e.cleanup()
		return code
	case s := <-sigs:
		e.cleanup()
		if isTerminal(stderr) {
			io.WriteString(stderr, "\r\033[K") // over the progress bar
		}
		if s == syscall.SIGTERM {
			fmt.Fprintln(stderr, "wiretrace: terminated")
			return exitTerminated
		}
		fmt.Fprintln(stderr, "wiretrace: interrupted")
		return exitInterrupted
	}
}

// cleanup removes the run's temporary directory and the files registered
// with removeOnExit. It may run while the command's goroutines still
// write: the directory is first renamed, so that no new file can be made
// in it, then removed.
func (e *env) cleanup() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, pattern := range e.patterns {
		matches, _ := filepath.Glob(pattern)
		for _, p := range matches {
			os.Remove(p)
		}
	}
	e.patterns = nil
	if e.tempDir == "" {
		return
	}
	dir := e.tempDir
	gone := dir + ".removing"
	if os.Rename(dir, gone) == nil {
		dir = gone
	}
	for range 3 {
		if os.RemoveAll(dir) == nil {
			break
		}
	}
}

// removeOnExit registers files that a run stopped by a signal must not
// leave behind: half-written outputs, matched by a glob pattern when the
// run ends.
// uninterrupted runs f, which must be quick, so that cleanup on a signal
// waits for it to end: a few renames that make one set of files.
func (e *env) uninterrupted(f func() error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return f()
}

func (e *env) removeOnExit(pattern string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.patterns = append(e.patterns, pattern)
}
