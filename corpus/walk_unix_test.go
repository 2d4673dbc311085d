//go:build unix

package corpus

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// In a directory, a file of a known kind that cannot be read as one (a
// link to nothing, a named pipe) is named and skipped, never dropped
// unsaid; files of unknown kinds are counted as ignored.
func TestWalkUnreadable(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("A story."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "nothing"), filepath.Join(dir, "bad.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.xyz"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Open([]string{dir}, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	docs, problems := readAll(t, c, 1)
	var named []string
	for _, p := range problems {
		if p.Skipped {
			named = append(named, filepath.Base(p.Path))
		}
	}
	slices.Sort(named)
	if len(docs) != 1 || !slices.Equal(named, []string{"bad.txt", "pipe.txt"}) || c.Ignored() != 1 {
		t.Errorf("%d documents, skipped %q, %d ignored; want 1, bad.txt and pipe.txt, 1", len(docs), named, c.Ignored())
	}
}
