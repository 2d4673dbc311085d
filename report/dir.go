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
// articles.csv, pairs.csv, families.csv, passages.jsonl and report.html,
// as one set: see StageDir. Rows are written in the order given.
func WriteDir(dir string, d Data) error {
	commit, err := StageDir(dir, d)
	if err != nil {
		return err
	}
	return commit()
}

// StageDir writes every report of a scan into temporary files in dir
// (created if missing), each synced, and returns commit, which renames
// them over the reports' names, one after another with no other work
// between. Until commit, dir holds the reports of the run before, whole,
// and no new one: a run stopped while it writes leaves only its
// temporary files, named ".NAME.*~", to remove. On error, the temporary
// files are removed.
func StageDir(dir string, d Data) (commit func() error, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	// In the order of DirFiles.
	writers := []func(io.Writer) error{
		func(w io.Writer) error { return WriteArticles(w, CSV, d.Articles) },
		func(w io.Writer) error { return WritePairs(w, CSV, d.Pairs) },
		func(w io.Writer) error { return WriteFamilies(w, CSV, d.Families) },
		func(w io.Writer) error { return WritePassagesText(w, CSV, d.Passages, d.Text, Prefer(d.Articles)) },
		func(w io.Writer) error { return WriteHTML(w, d) },
	}
	var tmps []string
	defer func() {
		if err != nil {
			for _, t := range tmps {
				os.Remove(t)
			}
		}
	}()
	for i, name := range DirFiles {
		tmp, err := stage(filepath.Join(dir, name), writers[i])
		if err != nil {
			return nil, err
		}
		tmps = append(tmps, tmp)
	}
	return func() error {
		for i, name := range DirFiles {
			if err := os.Rename(tmps[i], filepath.Join(dir, name)); err != nil {
				for _, t := range tmps[i:] {
					os.Remove(t)
				}
				return fmt.Errorf("report: %w", err)
			}
		}
		return nil
	}, nil
}

// WriteFile writes path atomically through write: to a temporary file in
// its directory, synced, then renamed over path.
func WriteFile(path string, write func(io.Writer) error) error {
	tmp, err := stage(path, write)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// stage writes a temporary file beside path, ".NAME.*~", through write,
// synced and closed, and returns its name; on error it removes it.
func stage(path string, write func(io.Writer) error) (name string, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*~")
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return tmp.Name(), nil
}
