package corpus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Doc is one article as read.
type Doc struct {
	ID        string // path relative to the directory given, the path as given, or the record's id
	Text      string // the text compared; for HTML, the extracted main text
	Title     string
	URL       string
	Source    string
	Published string // as given: RFC 3339 or YYYY-MM-DD; "" if unknown
	Loc       Loc
}

// Loc says where a document was read, so that it can be read again.
type Loc struct {
	File   int   // index into Corpus.Files()
	Line   int   // 1-based line where the record starts (1 for a whole file)
	Offset int64 // byte offset of the record in the file
	Length int64 // byte length of the record
}

// DefaultMaxBytes is the size over which a document is skipped when
// Options.MaxBytes is 0.
const DefaultMaxBytes = 8 << 20

// Options configure Open. The zero value reads with the defaults.
type Options struct {
	// MaxBytes is the size in bytes over which a document (a file, a JSON
	// line or a CSV record) is skipped; 0 means DefaultMaxBytes (8 MiB).
	MaxBytes int64
	// Stdin is read for the input "-" (nil means os.Stdin). It is copied
	// to a temporary file, so that its documents can be read again.
	Stdin io.Reader
	// TempDir is where standard input is copied; "" means os.TempDir().
	TempDir string
}

// Problem is a document that was skipped, or read with a warning. Path
// and Line name where: Path is a name from Corpus.Files() (or a directory
// that could not be walked) and Line the 1-based line of the record, 0
// for a whole file.
type Problem struct {
	Path    string
	Line    int
	Err     error
	Skipped bool // the document was not read; otherwise it was read and this is a warning
}

// Error returns "path:line: message", or "path: message" when Line is 0.
func (p Problem) Error() string {
	msg := "<nil>"
	if p.Err != nil {
		msg = p.Err.Error()
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, msg)
	}
	return fmt.Sprintf("%s: %s", p.Path, msg)
}

// Unwrap returns the underlying error.
func (p Problem) Unwrap() error { return p.Err }

// kind is how a file is read.
type kind uint8

const (
	kindText  kind = iota // one document, the file
	kindHTML              // one document, the text extracted from the page
	kindJSONL             // one document per non-blank line
	kindCSV               // one document per row after the header
)

// kindOf returns the kind of a file by its extension, and whether the
// extension is known.
func kindOf(name string) (kind, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text", ".md":
		return kindText, true
	case ".html", ".htm":
		return kindHTML, true
	case ".jsonl", ".ndjson":
		return kindJSONL, true
	case ".csv":
		return kindCSV, true
	}
	return kindText, false
}

// file is one file to read.
type file struct {
	name string // as listed by Files
	path string // opened: name, or the spool of a stream
	id   string // the id of a whole-file document
	kind kind
}

// Corpus is the set of files given as inputs, resolved by Open. Read
// reads its documents once, in order; Reread reads any one of them again.
// Reread, Files and Ignored are safe for concurrent use; Read is meant to
// be called once at a time.
type Corpus struct {
	files    []file
	ignored  int
	walkErrs []Problem // directories that could not be walked, reported by Read
	maxBytes int64
	spools   []string // temporary files, removed by Close

	mu      sync.Mutex
	headers map[int]*csvHeader // CSV headers by file index, once read
	handles handleCache
}

// Open resolves the inputs: files, directories (walked recursively in
// lexical order) and "-" for standard input, which is copied to a
// temporary file at once. A path that does not exist is an error naming
// it, and nothing is read; so is "-" given twice. In walked directories,
// files with an extension other than those of the formats read are left
// out and counted by Ignored; a file given by name is read as plain text
// whatever its extension.
func Open(inputs []string, opt Options) (*Corpus, error) {
	c := &Corpus{maxBytes: opt.MaxBytes, headers: map[int]*csvHeader{}}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultMaxBytes
	}
	c.handles.init()
	stdin := false
	for _, in := range inputs {
		if in == "-" {
			if stdin {
				c.Close()
				return nil, errors.New(`corpus: standard input ("-") given more than once`)
			}
			stdin = true
			if err := c.addStdin(opt); err != nil {
				c.Close()
				return nil, err
			}
			continue
		}
		if err := c.addPath(in, opt); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// addStdin copies standard input to a spool file and adds it as "-":
// JSON Lines when its first non-blank byte is '{', else one plain-text
// document with id "-".
func (c *Corpus) addStdin(opt Options) error {
	r := opt.Stdin
	if r == nil {
		r = os.Stdin
	}
	path, err := c.spool(r, opt.TempDir)
	if err != nil {
		return fmt.Errorf("corpus: reading standard input: %w", err)
	}
	k := kindText
	if isJSONLines(path) {
		k = kindJSONL
	}
	c.files = append(c.files, file{name: "-", path: path, id: "-", kind: k})
	return nil
}

// isJSONLines reports whether the first non-blank byte of a file, after a
// byte order mark, is '{'.
func isJSONLines(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	first := true
	for {
		n, err := f.Read(buf)
		b := buf[:n]
		if first && n > 0 {
			b = trimBOM(b)
			first = false
		}
		for _, ch := range b {
			switch ch {
			case ' ', '\t', '\r', '\n':
				continue
			case '{':
				return true
			default:
				return false
			}
		}
		if err != nil {
			return false
		}
	}
}

// spool copies r to a new temporary file and returns its path.
func (c *Corpus) spool(r io.Reader, dir string) (string, error) {
	f, err := os.CreateTemp(dir, "wiretrace-stdin-*")
	if err != nil {
		return "", err
	}
	c.spools = append(c.spools, f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// addPath adds a file argument or walks a directory.
func (c *Corpus) addPath(in string, opt Options) error {
	st, err := os.Stat(in)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("corpus: %s: %w", in, err)
	}
	switch {
	case st.IsDir():
		return c.walk(in)
	case st.Mode()&fs.ModeNamedPipe != 0:
		// A pipe (such as <(command) in a shell) can be read only once:
		// it is copied like standard input.
		f, err := os.Open(in)
		if err != nil {
			return fmt.Errorf("corpus: %s: %w", in, err)
		}
		path, err := c.spool(f, opt.TempDir)
		f.Close()
		if err != nil {
			return fmt.Errorf("corpus: reading %s: %w", in, err)
		}
		k, _ := kindOf(in)
		c.files = append(c.files, file{name: in, path: path, id: in, kind: k})
	default:
		k, _ := kindOf(in)
		c.files = append(c.files, file{name: in, path: in, id: in, kind: k})
	}
	return nil
}

// walk adds the files of a directory tree in lexical order. Symbolic
// links to files are read; links to directories are not followed, so
// that a loop cannot make the walk endless.
func (c *Corpus) walk(root string) error {
	start := root
	if st, err := os.Lstat(root); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		// A link given as the directory is followed: walk what it names.
		start = root + string(filepath.Separator)
	}
	return filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == start {
				return fmt.Errorf("corpus: %s: %w", root, unwrapPath(err))
			}
			c.walkErrs = append(c.walkErrs, Problem{Path: path, Err: unwrapPath(err), Skipped: true})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(path)
			if err != nil || !st.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		k, ok := kindOf(path)
		if !ok {
			c.ignored++
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = path
		}
		c.files = append(c.files, file{name: path, path: path, id: filepath.ToSlash(rel), kind: k})
		return nil
	})
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Files returns the names of the files to read, in reading order: paths
// as given or as found in a directory, "-" for standard input. Loc.File
// indexes it. The slice is the caller's.
func (c *Corpus) Files() []string {
	names := make([]string, len(c.files))
	for i, f := range c.files {
		names[i] = f.name
	}
	return names
}

// Ignored returns the number of files in walked directories left out for
// an extension of no format read.
func (c *Corpus) Ignored() int { return c.ignored }

// Close removes the copy of standard input and closes the files Reread
// keeps open. The Corpus cannot be read after.
func (c *Corpus) Close() error {
	var first error
	if err := c.handles.close(); err != nil {
		first = err
	}
	for _, p := range c.spools {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	c.spools = nil
	return first
}
