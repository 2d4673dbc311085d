package archive

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen opens files of arbitrary bytes as archives: Open and every query
// must return, with a result or an error, and never panic. The seeds are a
// real archive, its first page, and files that are not databases at all.
// The engine minimises new inputs of the archive's size slowly, with no
// executions counted meanwhile: run it with -fuzzminimizetime=10x.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.db")
	a, err := Create(path, testParams)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := a.Add(genBatch(testParams, 0, 5, 200, 10), false); err != nil {
		f.Fatal(err)
	}
	a.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:4096])
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte("id,text\n1,hello\n"))
	e := genEntry(testParams, 2, 200, 10)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := Open(path, Params{})
		if err != nil {
			return
		}
		defer a.Close()
		a.Candidates(e.Keys, e.Prints, 3)
		a.PrintDocs(e.Prints)
		a.Get(e.Doc.ID)
		a.Stats()
	})
}
