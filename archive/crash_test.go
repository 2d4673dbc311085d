package archive

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The indexer job the helper process runs: docs documents in batches of
// batch, each with text of textBytes bytes and prints fingerprints.
const (
	indexerEnv = "WIRETRACE_ARCHIVE_INDEXER" // path of the archive
	jobEnv     = "WIRETRACE_ARCHIVE_JOB"     // "docs,batch"
	textBytes  = 500
	nPrints    = 40
)

// TestHelperIndexer is not a test: run by the tests below as a child
// process, it indexes a generated job into the archive named by the
// environment, as `wiretrace index` would. It prints "ready" once the archive
// is open, "batch A U" after each batch it adds A documents of and finds U
// unchanged, merges its segments, and prints "added A unchanged U" at the
// end.
func TestHelperIndexer(t *testing.T) {
	path := os.Getenv(indexerEnv)
	if path == "" {
		t.Skip("helper process for TestKillIndexer and TestConcurrentIndexRuns")
	}
	var docs, batch int
	if _, err := fmt.Sscanf(os.Getenv(jobEnv), "%d,%d", &docs, &batch); err != nil {
		t.Fatalf("%s=%q: %v", jobEnv, os.Getenv(jobEnv), err)
	}
	a, err := Create(path, testParams)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	fmt.Println("ready")
	var total Result
	for i := 0; i < docs; i += batch {
		res, err := a.Add(genBatch(testParams, i, min(batch, docs-i), textBytes, nPrints), false)
		if err != nil {
			t.Fatal(err)
		}
		total.Added += res.Added
		total.Unchanged += res.Unchanged
		if len(res.Conflicts) > 0 {
			t.Fatalf("conflicts: %v", res.Conflicts)
		}
		fmt.Printf("batch %d %d\n", res.Added, res.Unchanged)
	}
	if err := a.Merge(); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("added %d unchanged %d\n", total.Added, total.Unchanged)
}

// indexer starts the helper process on path.
func indexer(t *testing.T, path string, docs, batch int) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIndexer$", "-test.count=1", "-test.v=false")
	cmd.Env = append(os.Environ(), indexerEnv+"="+path, fmt.Sprintf("%s=%d,%d", jobEnv, docs, batch))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// summary waits for the helper process to finish and returns the summary
// line it printed.
func summary(t *testing.T, cmd *exec.Cmd, out *bufio.Scanner) string {
	t.Helper()
	var line string
	for out.Scan() {
		if strings.HasPrefix(out.Text(), "added ") {
			line = out.Text()
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("index run: %v", err)
	}
	return line
}

// TestKillIndexer kills an index run with SIGKILL at twenty moments: five
// from the start of the process, during startup and Create, then fifteen
// during Add, each after the run has added one or two batches, at a
// different fraction of the time the last batch took. After every kill the
// archive must pass integrity_check, hold only whole batches, and hold
// every document with its signature, keys and prints; a run of the same job
// then completes it.
func TestKillIndexer(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: killing indexer processes takes seconds")
	}
	docs, batch := 4000, 50
	if raceEnabled {
		docs, batch = 600, 20
	}
	job := byID(genBatch(testParams, 0, docs, textBytes, nPrints))
	path := filepath.Join(t.TempDir(), "killed.db")
	killed, partial, last, runs := 0, 0, 0, 0
	for i := range 20 {
		if last < docs {
			runs++ // a run with work left, which a kill should stop
		}
		cmd, out := indexer(t, path, docs, batch)
		var delay time.Duration
		if i < 5 {
			// From the start of the process: during startup and Create.
			delay = time.Duration(i*i) * time.Millisecond
		} else {
			out.Scan() // ready
			prev, took := time.Now(), time.Duration(0)
			for need := 1 + i%2; need > 0 && out.Scan(); {
				var added, unchanged int
				fmt.Sscanf(out.Text(), "batch %d %d", &added, &unchanged)
				if now := time.Now(); added > 0 {
					need--
					took, prev = now.Sub(prev), now
				} else {
					prev = now
				}
			}
			delay = took * time.Duration((i*7)%15) / 15
		}
		time.Sleep(delay)
		cmd.Process.Kill()
		for out.Scan() {
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) && !ee.Exited() {
			killed++
		} else if err != nil {
			t.Fatalf("kill %d: indexer failed on its own: %v", i, err)
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			continue // killed before the file was made
		}
		n := verify(t, path, job)
		if n%batch != 0 {
			t.Errorf("kill %d after %v: %d documents stored, want whole batches of %d", i, delay, n, batch)
		}
		if n < last {
			t.Errorf("kill %d: %d documents stored, fewer than the %d before", i, n, last)
		}
		if n > 0 && n < docs {
			partial++
		}
		last = n
	}
	t.Logf("%d of 20 runs killed, %d of them with work left; %d kills left a partial archive; %d documents before the last run", killed, runs, partial, last)
	if 4*killed < 3*runs || runs < 15 {
		t.Errorf("only %d of the %d runs with work left were killed before they finished; the job is too small to test anything", killed, runs)
	}
	if partial == 0 {
		t.Errorf("no kill left a partial archive")
	}

	cmd, out := indexer(t, path, docs, batch)
	if got, want := summary(t, cmd, out), fmt.Sprintf("added %d unchanged %d", docs-last, last); got != want {
		t.Errorf("final run printed %q, want %q", got, want)
	}
	if n := verify(t, path, job); n != docs {
		t.Errorf("after the final run: %d documents, want %d", n, docs)
	}
}

// TestConcurrentIndexRuns runs two index processes on the same new archive
// with the same job while this process reads from it; nothing may fail, and
// every document must be added exactly once.
func TestConcurrentIndexRuns(t *testing.T) {
	docs := 1500
	if raceEnabled {
		docs = 300
	}
	job := byID(genBatch(testParams, 0, docs, textBytes, nPrints))
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := Create(path, testParams)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	done := make(chan struct{})
	var reads int
	var readErr error
	var wg sync.WaitGroup
	wg.Go(func() { reads, readErr = readLoop(a, done) })

	type run struct {
		cmd *exec.Cmd
		out *bufio.Scanner
	}
	runs := []run{}
	for _, batch := range []int{50, 120} {
		cmd, out := indexer(t, path, docs, batch)
		runs = append(runs, run{cmd, out})
	}
	added := 0
	for i, r := range runs {
		last := summary(t, r.cmd, r.out)
		f := strings.Fields(last)
		if len(f) != 4 {
			t.Fatalf("index run %d printed %q", i, last)
		}
		n, _ := strconv.Atoi(f[1])
		added += n
	}
	close(done)
	wg.Wait()
	if readErr != nil {
		t.Errorf("reader, after %d reads: %v", reads, readErr)
	}
	if added != docs {
		t.Errorf("the two runs added %d documents, want %d", added, docs)
	}
	if n := verify(t, path, job); n != docs {
		t.Errorf("verify: %d documents, want %d", n, docs)
	}
	t.Logf("%d reads during the two runs", reads)
}

// readLoop does what check does, Candidates then Get of each candidate,
// until done is closed.
func readLoop(a *Archive, done <-chan struct{}) (int, error) {
	for i := 0; ; i++ {
		select {
		case <-done:
			return i, nil
		default:
		}
		q := genEntry(testParams, i%1500, textBytes, nPrints)
		cands, err := a.Candidates(q.Keys, q.Prints, 10)
		if err != nil {
			return i, err
		}
		for _, c := range cands {
			if _, _, err := a.Get(c.ID); err != nil {
				return i, err
			}
		}
	}
}

// TestConcurrentGoroutines shares one Archive between two writing goroutines
// and a reading one, and gives a second writer its own Archive on the file.
func TestConcurrentGoroutines(t *testing.T) {
	a, path := newArchive(t)
	b, err := Create(path, testParams)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	done := make(chan struct{})
	var reads int
	var readErr error
	var rg sync.WaitGroup
	rg.Go(func() { reads, readErr = readLoop(a, done) })

	docs, batch := 600, 30
	if raceEnabled {
		docs = 150
	}
	job := byID(genBatch(testParams, 0, docs, textBytes, nPrints))
	results := make([]Result, 3)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for w, arch := range []*Archive{a, a, b} {
		wg.Go(func() {
			for i := 0; i < docs; i += batch {
				res, err := arch.Add(genBatch(testParams, i, batch, textBytes, nPrints), false)
				if err != nil {
					errs[w] = err
					return
				}
				results[w].Added += res.Added
				results[w].Unchanged += res.Unchanged
			}
		})
	}
	wg.Wait()
	close(done)
	rg.Wait()
	if err := errors.Join(append(errs, readErr)...); err != nil {
		t.Fatal(err)
	}
	if added := results[0].Added + results[1].Added + results[2].Added; added != docs {
		t.Errorf("three writers added %d documents, want %d (%+v)", added, docs, results)
	}
	if n := verify(t, path, job); n != docs {
		t.Errorf("verify: %d documents, want %d", n, docs)
	}
	t.Logf("%d reads", reads)
}
