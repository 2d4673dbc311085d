package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// DirFiles are the files WriteDir writes, in the order it writes them.
var DirFiles = []string{"articles.csv", "pairs.csv", "families.csv", "passages.jsonl", "report.html"}

// CheckDir makes dir if it is missing and makes sure a file can be
// written in it, so that a long run finds out before it starts, not when
// it writes its reports.
func CheckDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	f, err := os.CreateTemp(dir, ".wiretrace-check-*~")
	if err != nil {
		return fmt.Errorf("report: cannot write in %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// WriteDir writes every report of a scan into dir (created if missing):
// articles.csv, pairs.csv, families.csv, passages.jsonl and report.html.
// Each file is written atomically: to a temporary file in dir, synced,
// then renamed over the final name, so a reader sees either the old file
// or the whole new one. Rows are written in the order given.
func WriteDir(dir string, d Data) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	// In the order of DirFiles.
	writers := []func(io.Writer) error{
		func(w io.Writer) error { return WriteArticles(w, CSV, d.Articles) },
		func(w io.Writer) error { return WritePairs(w, CSV, d.Pairs) },
		func(w io.Writer) error { return WriteFamilies(w, CSV, d.Families) },
		func(w io.Writer) error { return WritePassagesText(w, CSV, d.Passages, d.Text, Prefer(d.Articles)) },
		func(w io.Writer) error { return WriteHTML(w, d) },
	}
	for i, name := range DirFiles {
		if err := WriteFile(filepath.Join(dir, name), writers[i]); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile writes path atomically through write: to a temporary file in
// its directory, synced, then renamed over path.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*~")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
