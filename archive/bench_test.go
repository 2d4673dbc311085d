package archive

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/wiretrace/wiretrace/internal/cputime"
)

// BenchmarkAdd indexes 10,000 articles of realistic size (5 KB of text, 128
// signature values, 20 band keys, 200 fingerprints) into a new archive, in
// batches of 500 and of 2,000, then merges them as index does, and reports
// articles per second and the archive's size per 1,000 articles.
func BenchmarkAdd(b *testing.B) {
	entries := genBatch(testParams, 0, 10000, 5000, 200)
	for _, batch := range []int{500, 2000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) { benchAdd(b, entries, batch) })
	}
}

func benchAdd(b *testing.B, entries []Entry, batch int) {
	n := len(entries)
	b.SetBytes(int64(n * 5000))
	var elapsed, cpu time.Duration
	var size int64
	runs := 0
	for b.Loop() {
		a, err := Create(filepath.Join(b.TempDir(), "bench.db"), testParams)
		if err != nil {
			b.Fatal(err)
		}
		start, cpu0 := time.Now(), cputime.Process()
		for i := 0; i < n; i += batch {
			if _, err := a.Add(entries[i:i+batch], false); err != nil {
				b.Fatal(err)
			}
		}
		if err := a.Merge(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += cputime.Process() - cpu0
		s, err := a.Stats()
		if err != nil {
			b.Fatal(err)
		}
		size = s.Bytes
		runs++
		a.Close()
	}
	b.ReportMetric(float64(n*runs)/elapsed.Seconds(), "articles/s")
	if cpu > 0 {
		b.ReportMetric(float64(n*runs)/cpu.Seconds(), "articles/cpu-s")
	}
	b.ReportMetric(float64(size)/float64(n/1000)/1e6, "MB/1k-articles")
}

// BenchmarkAddUnchanged measures a rerun of a finished job: every article is
// already stored.
func BenchmarkAddUnchanged(b *testing.B) {
	const n = 2000
	entries := genBatch(testParams, 0, n, 5000, 200)
	a, err := Create(filepath.Join(b.TempDir(), "bench.db"), testParams)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Add(entries, false); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n * 5000))
	for b.Loop() {
		if res, err := a.Add(entries, false); err != nil || res.Unchanged != n {
			b.Fatalf("Add(stored entries) = %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkCandidates builds a 100,000-article archive (2 KB of text each,
// to keep the build short; 20 keys and 200 fingerprints as in real use) in
// batches of 2,000, merged as index leaves them, and then measures what
// check does per input in one snapshot: Candidates, PrintDocs, then Get of
// every candidate. The query shares a story with five archived articles
// and holds the boilerplate fingerprints every article holds. The archive
// is open as check opens it, with Open.
func BenchmarkCandidates(b *testing.B) {
	const n, batch = 100000, 2000
	path := filepath.Join(b.TempDir(), "bench.db")
	a, err := Create(path, testParams)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i += batch {
		if _, err := a.Add(genBatch(testParams, i, batch, 2000, 200), false); err != nil {
			b.Fatal(err)
		}
	}
	if err := a.Merge(); err != nil {
		b.Fatal(err)
	}
	a.Close()
	if a, err = Open(path, testParams); err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	queries := make([]Entry, 64)
	for i := range queries {
		queries[i] = genEntry(testParams, n+i*1013, 2000, 200)
		story := genEntry(testParams, i*1567, 2000, 200)
		copy(queries[i].Keys[:2], story.Keys[:2])
		copy(queries[i].Prints[3:13], story.Prints[3:13])
	}
	i, found := 0, 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		s, err := a.Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		cands, err := s.Candidates(q.Keys, q.Prints, 64)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.PrintDocs(q.Prints); err != nil {
			b.Fatal(err)
		}
		for _, c := range cands {
			if _, _, err := s.Get(c.ID); err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
		found += len(cands)
	}
	b.ReportMetric(float64(found)/float64(b.N), "candidates/op")
}
