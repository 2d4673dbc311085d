package corpus

import (
	"bufio"
	"bytes"
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
	// TempDir is where standard input and the records of compressed
	// files are copied; "" means os.TempDir().
	TempDir string
	// Format, when not "" or "auto", is the format of every input (one
	// of Formats), whatever its name: files in walked directories are
	// then all read, none left out for its extension.
	Format string
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
	kindCSV               // one document per row after the header; delimiter detected
	kindTSV               // as kindCSV, tab-separated unless the header says otherwise
	kindJSON              // one document per element of an array of objects
	kindWARC              // one document per HTTP response with an HTML body
)

// kindNames are the names of the kinds for --input-format and messages.
var kindNames = [...]string{kindText: "text", kindHTML: "html", kindJSONL: "jsonl", kindCSV: "csv", kindTSV: "tsv", kindJSON: "json", kindWARC: "warc"}

func (k kind) String() string { return kindNames[k] }

// records reports whether a file of kind k holds many documents, each
// read again by its offset.
func (k kind) records() bool { return k != kindText && k != kindHTML }

// table reports whether k is a table (CSV or TSV).
func (k kind) table() bool { return k == kindCSV || k == kindTSV }

// Formats are the values Options.Format takes: "auto" and the name of
// every kind of file read.
var Formats = []string{"auto", "text", "html", "jsonl", "json", "csv", "tsv", "warc"}

// parseFormat returns the kind a format names; auto is false for "" and
// "auto".
func parseFormat(s string) (k kind, forced bool, err error) {
	if s == "" || s == "auto" {
		return 0, false, nil
	}
	for k, name := range kindNames {
		if s == name {
			return kind(k), true, nil
		}
	}
	return 0, false, fmt.Errorf("unknown input format %q (want one of %s)", s, strings.Join(Formats, ", "))
}

// kindOf returns the kind of a file by its extension, after a
// compression extension, and whether the extension is known.
func kindOf(name string) (kind, bool) {
	switch strings.ToLower(filepath.Ext(stripCompression(name))) {
	case ".txt", ".text", ".md":
		return kindText, true
	case ".html", ".htm", ".xhtml":
		return kindHTML, true
	case ".jsonl", ".ndjson":
		return kindJSONL, true
	case ".json":
		return kindJSON, true
	case ".csv":
		return kindCSV, true
	case ".tsv", ".tab":
		return kindTSV, true
	case ".warc":
		return kindWARC, true
	}
	return kindText, false
}

// file is one file to read.
type file struct {
	name string // as listed by Files
	path string // opened: name, or the spool of a stream
	id   string // the id of a whole-file document
	kind kind
	// comp is the compression of a file of records, sniffed by Open:
	// the offsets of its records are offsets in the Corpus's spill.
	comp compression
	// noted is a note on how the file is read, reported by Read.
	noted string
	// broken is why a stream (standard input, a pipe) could not be read
	// to its end: what was read before is kept, and Read reports it as
	// a skipped part of the input.
	broken error
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
	tempDir  string
	format   kind // the kind of every file, when forced
	forced   bool
	seen     map[fileKey]bool // files added, so that one reached twice is read once
	spools   []string         // temporary files, removed by Close
	spill    spill            // decompressed records, written by Read

	mu      sync.Mutex
	headers map[int]*csvHeader // CSV headers by file index, once read
	repeats map[[2]int]bool    // web archive records whose URI came before: file, line
	handles handleCache
}

// Open resolves the inputs: files, directories (walked recursively in
// lexical order) and "-" for standard input, which is copied to a
// temporary file at once (decompressed, if it is compressed). A path
// that does not exist is an error naming it, and nothing is read; so is
// "-" given twice. A file's id and name is its path as given or walked,
// cleaned (./a//x.txt is a/x.txt); a file reached twice (named twice, or
// named and walked) is read once. In walked directories, files with an
// extension other than those of the formats read are left out and
// counted by Ignored; a file of another extension given by name is read
// as plain text, with a note.
func Open(inputs []string, opt Options) (*Corpus, error) {
	c := &Corpus{maxBytes: opt.MaxBytes, tempDir: opt.TempDir, headers: map[int]*csvHeader{}, seen: map[fileKey]bool{}}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultMaxBytes
	}
	var err error
	if c.format, c.forced, err = parseFormat(opt.Format); err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
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
		if err := c.addPath(in); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// addStdin copies standard input, decompressed, to a spool file and adds
// it as "-" of the kind its content shows (see sniffKind).
func (c *Corpus) addStdin(opt Options) error {
	r := opt.Stdin
	if r == nil {
		r = os.Stdin
	}
	path, broken, err := c.spool(r)
	if err != nil {
		return fmt.Errorf("corpus: reading standard input: %w", err)
	}
	k := c.format
	if !c.forced {
		k = sniffKind(path)
	}
	c.files = append(c.files, file{name: "-", path: path, id: "-", kind: k, broken: broken})
	return nil
}

// spool copies r, decompressed, to a new temporary file and returns its
// path. A stream that breaks off (a truncated or corrupt compressed
// stream, a read error) is kept up to the break, and broken says why; err
// is for a stream that cannot be read at all. A plain text stream, one
// document, is copied up to just over the largest document read
// (maxBytes), which it then is, and skipped as such: a small compressed
// stream of a huge text never fills the disk.
func (c *Corpus) spool(r io.Reader) (path string, broken, err error) {
	f, err := os.CreateTemp(c.tempDir, "wiretrace-stdin-*")
	if err != nil {
		return "", nil, err
	}
	c.spools = append(c.spools, f.Name())
	dr, _, err := decompress(r)
	if err != nil {
		f.Close()
		return "", nil, err
	}
	defer dr.Close()
	br := bufio.NewReader(dr)
	var src io.Reader = br
	if !c.forced && !startsRecords(br) || c.forced && !c.format.records() {
		src = io.LimitReader(br, c.maxBytes+int64(len(bom))+1)
	}
	if _, err := io.Copy(f, src); err != nil {
		broken = fmt.Errorf("broken off: %w; what came before is read", err)
	}
	if err := f.Close(); err != nil {
		return "", nil, err
	}
	return f.Name(), broken, nil
}

// startsRecords reports whether a stream starts, after blanks and a byte
// order mark, with "{" or "[", as JSON Lines or a JSON array do.
func startsRecords(br *bufio.Reader) bool {
	for n := 64; ; n *= 4 {
		b, err := br.Peek(n)
		t := bytes.TrimLeft(bytes.TrimPrefix(b, bom), " \t\r\n")
		if len(t) > 0 {
			return t[0] == '{' || t[0] == '['
		}
		if err != nil || n >= 1<<16 {
			return false
		}
	}
}

// addPath adds a file argument or walks a directory.
func (c *Corpus) addPath(in string) error {
	st, err := os.Stat(in)
	if err != nil {
		return fmt.Errorf("corpus: %s: %w", in, unwrapPath(err))
	}
	name := cleanPath(in)
	switch {
	case st.IsDir():
		return c.walk(in)
	case st.Mode()&fs.ModeNamedPipe != 0:
		// A pipe (such as <(command) in a shell) can be read only once:
		// it is copied like standard input.
		f, err := os.Open(in)
		if err != nil {
			return fmt.Errorf("corpus: %s: %w", in, unwrapPath(err))
		}
		path, broken, err := c.spool(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("corpus: reading %s: %w", in, err)
		}
		k, known := c.kindOf(name)
		if !known {
			k = sniffKind(path)
		}
		c.files = append(c.files, file{name: name, path: path, id: name, kind: k, broken: broken})
	default:
		if !c.first(in, st) {
			return nil
		}
		k, known := c.kindOf(name)
		f := file{name: name, path: in, id: name, kind: k}
		if !known {
			f.noted = "unknown extension: read as plain text (--input-format says what it is)"
		}
		c.add(f)
	}
	return nil
}

// kindOf returns the kind of the file name: the forced one, or the one
// its extension says.
func (c *Corpus) kindOf(name string) (kind, bool) {
	if c.forced {
		return c.format, true
	}
	return kindOf(name)
}

// add adds a file found on disk, sniffing the compression of a file of
// records.
func (c *Corpus) add(f file) {
	if f.kind.records() {
		f.comp = sniffFile(f.path)
	}
	c.files = append(c.files, f)
}

// first reports whether the file at path, of FileInfo st, is reached for
// the first time, and marks it.
func (c *Corpus) first(path string, st fs.FileInfo) bool {
	k := keyOf(path, st)
	if c.seen[k] {
		return false
	}
	c.seen[k] = true
	return true
}

// cleanPath is the id of a file at path: cleaned, with slashes.
func cleanPath(path string) string {
	return filepath.ToSlash(filepath.Clean(path))
}

// sniffFile returns the compression of the file at path by its magic
// bytes.
func sniffFile(path string) compression {
	f, err := os.Open(path)
	if err != nil {
		return compNone // reported when the file is read
	}
	defer f.Close()
	var head [magicSize]byte
	n, _ := io.ReadFull(f, head[:])
	return sniffCompression(head[:n])
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
			c.walkErrs = append(c.walkErrs, Problem{Path: cleanPath(path), Err: unwrapPath(err), Skipped: true})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		k, ok := c.kindOf(path)
		if !ok {
			c.ignored++
			return nil
		}
		// A file of a known kind that cannot be read as one (a link to
		// nothing, a pipe or device in the tree) is named, not dropped.
		st, err := os.Stat(path)
		switch {
		case err != nil:
			c.walkErrs = append(c.walkErrs, Problem{Path: cleanPath(path), Err: unwrapPath(err), Skipped: true})
			return nil
		case st.IsDir():
			c.walkErrs = append(c.walkErrs, Problem{Path: cleanPath(path), Err: errors.New("a link to a directory, not followed inside a directory"), Skipped: true})
			return nil
		case !st.Mode().IsRegular():
			c.walkErrs = append(c.walkErrs, Problem{Path: cleanPath(path), Err: errors.New("not a regular file"), Skipped: true})
			return nil
		case !c.first(path, st):
			return nil
		}
		name := cleanPath(path)
		c.add(file{name: name, path: path, id: name, kind: k})
		return nil
	})
}

// markRepeat marks the record of file i at line as one whose URI was
// read before in the file: its id is its WARC-Record-ID.
func (c *Corpus) markRepeat(i, line int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.repeats == nil {
		c.repeats = map[[2]int]bool{}
	}
	c.repeats[[2]int{i, line}] = true
}

func (c *Corpus) isRepeat(loc Loc) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.repeats[[2]int{loc.File, loc.Line}]
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
	c.mu.Lock()
	if err := c.spill.remove(); err != nil && first == nil {
		first = err
	}
	c.mu.Unlock()
	return first
}
