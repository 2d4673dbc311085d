package corpus

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wiretrace/wiretrace/htmltext"
)

// writeFiles creates files (name -> content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readAll reads c with the given workers and returns the documents by
// sequence number and the problems, sorted by place.
func readAll(t testing.TB, c *Corpus, workers int) (map[int]Doc, []Problem) {
	t.Helper()
	var mu sync.Mutex
	docs := map[int]Doc{}
	var problems []Problem
	err := c.Read(workers, func(seq int, d Doc) {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := docs[seq]; dup {
			t.Errorf("Read gave seq %d twice", seq)
		}
		docs[seq] = d
	}, func(p Problem) {
		problems = append(problems, p)
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	sortProblems(problems)
	return docs, problems
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Error(), b.Error()))
	})
}

// inOrder returns the documents sorted by sequence number.
func inOrder(docs map[int]Doc) []Doc {
	seqs := make([]int, 0, len(docs))
	for s := range docs {
		seqs = append(seqs, s)
	}
	slices.Sort(seqs)
	out := make([]Doc, len(seqs))
	for i, s := range seqs {
		out[i] = docs[s]
	}
	return out
}

// describe renders a problem as "skipped: path:line: message" or
// "warning: ...".
func describe(p Problem) string {
	if p.Skipped {
		return "skipped: " + p.Error()
	}
	return "warning: " + p.Error()
}

// noLoc returns d without its location.
func noLoc(d Doc) Doc {
	d.Loc = Loc{}
	return d
}

func TestRead(t *testing.T) {
	big := strings.Repeat("x", 9000)
	tests := []struct {
		name     string
		files    map[string]string
		inputs   []string // default: "."
		maxBytes int64
		want     []Doc    // without Loc
		problems []string // prefixes of describe(p), in order of place
	}{
		{
			name:  "plain text kinds",
			files: map[string]string{"a.txt": "Alpha.", "b.md": "# Beta", "c.text": "Gamma", "d.TXT": "Delta"},
			want:  []Doc{{ID: "a.txt", Text: "Alpha."}, {ID: "b.md", Text: "# Beta"}, {ID: "c.text", Text: "Gamma"}, {ID: "d.TXT", Text: "Delta"}},
		},
		{
			name:  "empty file is an empty document",
			files: map[string]string{"e.txt": ""},
			want:  []Doc{{ID: "e.txt"}},
		},
		{
			name:  "byte order mark stripped, line ends kept",
			files: map[string]string{"a.txt": "\uFEFFone\r\ntwo\n"},
			want:  []Doc{{ID: "a.txt", Text: "one\r\ntwo\n"}},
		},
		{
			name:     "invalid UTF-8 in text replaced with a warning",
			files:    map[string]string{"a.txt": "caf\xe9 \xff\xfe ok"},
			want:     []Doc{{ID: "a.txt", Text: "caf\uFFFD \uFFFD ok"}},
			problems: []string{"warning: a.txt: invalid UTF-8"},
		},
		{
			name:     "binary text file skipped",
			files:    map[string]string{"a.txt": "GIF89a\x00\x01", "b.txt": "fine"},
			want:     []Doc{{ID: "b.txt", Text: "fine"}},
			problems: []string{"skipped: a.txt: binary data"},
		},
		{
			name:     "text file over the limit skipped",
			files:    map[string]string{"a.txt": "0123456789", "b.txt": "012345678"},
			maxBytes: 9,
			want:     []Doc{{ID: "b.txt", Text: "012345678"}},
			problems: []string{"skipped: a.txt: document larger than 9 bytes"},
		},
		{
			name:     "file argument with another extension is plain text, with a note",
			files:    map[string]string{"notes.log": "log line"},
			inputs:   []string{"notes.log"},
			want:     []Doc{{ID: "notes.log", Text: "log line"}},
			problems: []string{"warning: notes.log: unknown extension: read as plain text"},
		},
		{
			name: "jsonl fields",
			files: map[string]string{"a.jsonl": `{"id":"a1","text":"Hello \"world\"\n\u00e9\ud83d\ude00","title":"T","url":"https://x.example/a","source":"Wire","published":"2024-05-01T10:00:00Z","tags":["x",{"y":1}]}` + "\n" +
				`{"id": 42, "text": "numeric id", "published": "2024-05-02"}` + "\n" +
				`{"id":-1.5e3,"text":""}`},
			want: []Doc{
				{ID: "a1", Text: "Hello \"world\"\n\u00e9\U0001F600", Title: "T", URL: "https://x.example/a", Source: "Wire", Published: "2024-05-01T10:00:00Z"},
				{ID: "42", Text: "numeric id", Published: "2024-05-02"},
				{ID: "-1.5e3"},
			},
		},
		{
			name:  "jsonl with CRLF, blank lines, BOM and no final newline",
			files: map[string]string{"a.ndjson": "\uFEFF{\"id\":\"a\",\"text\":\"x\"}\r\n\r\n   \n{\"id\":\"b\",\"text\":\"y\"}"},
			want:  []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}},
		},
		{
			name:  "jsonl keys match case-insensitively, last one wins",
			files: map[string]string{"a.jsonl": `{"ID":"a","Text":"x","text":"y"}`},
			want:  []Doc{{ID: "a", Text: "y"}},
		},
		{
			name: "malformed jsonl line skipped, the others read",
			files: map[string]string{"a.jsonl": `{"id":"a","text":"x"}` + "\n" + `{"id":"b","text":"y"` + "\n" +
				`["not","an","object"]` + "\n" + `{"id":"c","text":"z"}` + "\n"},
			want: []Doc{{ID: "a", Text: "x"}, {ID: "c", Text: "z"}},
			problems: []string{
				"skipped: a.jsonl:2: malformed JSON line",
				"skipped: a.jsonl:3: malformed JSON line: not an object",
			},
		},
		{
			name: "jsonl record without id or text skipped",
			files: map[string]string{"a.jsonl": `{"text":"no id"}` + "\n" + `{"id":"","text":"empty id"}` + "\n" +
				`{"id":"b"}` + "\n" + `{"id":"c","text":null}` + "\n" + `{"id":true,"text":"x"}` + "\n" +
				`{"id":"d","text":7}` + "\n" + `{"id":"e","text":"ok"}`},
			want: []Doc{{ID: "e", Text: "ok"}},
			problems: []string{
				"skipped: a.jsonl:1: record has no id",
				"skipped: a.jsonl:2: record has no id",
				`skipped: a.jsonl:3: record "b" has neither text nor html`,
				`skipped: a.jsonl:4: record "c" has neither text nor html`,
				"skipped: a.jsonl:5: id is not a string or a number",
				`skipped: a.jsonl:6: text of record "d" is not a string`,
			},
		},
		{
			name: "jsonl warnings: invalid date, non-string title, invalid UTF-8",
			files: map[string]string{"a.jsonl": `{"id":"a","text":"x","published":"yesterday"}` + "\n" +
				`{"id":"b","text":"y","title":5}` + "\n" + "{\"id\":\"c\",\"text\":\"bad \xff\xfe byte\"}\n"},
			want: []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}, {ID: "c", Text: "bad \uFFFD byte"}},
			problems: []string{
				`warning: a.jsonl:1: published date "yesterday" of record "a" is neither`,
				`warning: a.jsonl:2: title of record "b" is not a string`,
				"warning: a.jsonl:3: invalid UTF-8",
			},
		},
		{
			name: "jsonl line with a NUL byte skipped",
			files: map[string]string{"a.jsonl": `{"id":"a","text":"` + big + `"}` + "\n" +
				"{\"id\":\"b\",\"text\":\"\x00\"}\n" + `{"id":"c","text":"z"}`},
			want:     []Doc{{ID: "a", Text: big}, {ID: "c", Text: "z"}},
			problems: []string{"skipped: a.jsonl:2: binary data"},
		},
		{
			name:     "jsonl with a NUL byte at the start is a binary file",
			files:    map[string]string{"a.jsonl": "\x01\x00binary\n{\"id\":\"a\",\"text\":\"x\"}\n"},
			problems: []string{"skipped: a.jsonl: binary data"},
		},
		{
			name:     "corrupt gzip data",
			files:    map[string]string{"a.jsonl.gz": "\x1f\x8b\x08\x00compressed\n{\"id\":\"a\",\"text\":\"x\"}\n"},
			problems: []string{"skipped: a.jsonl.gz:1: corrupt gzip data"},
		},
		{
			name: "jsonl line over the limit skipped",
			files: map[string]string{"a.jsonl": `{"id":"a","text":"short"}` + "\r\n" +
				`{"id":"b","text":"` + big + `"}` + "\n" + `{"id":"c","text":"z"}` + "\n"},
			maxBytes: 100,
			want:     []Doc{{ID: "a", Text: "short"}, {ID: "c", Text: "z"}},
			problems: []string{"skipped: a.jsonl:2: document larger than 100 bytes"},
		},
		{
			name: "csv fields, quoted fields spanning lines, BOM and CRLF",
			files: map[string]string{"a.csv": "\uFEFF Id ,TEXT,title,url,source,published,extra\r\n" +
				"1,\"first \"\"line\"\"\r\nsecond line\",T1,https://x.example/1,Wire,2024-01-02,e\r\n" +
				"\r\n" +
				"2,plain,,,,,\r\n" +
				"3,short row\n"},
			want: []Doc{
				{ID: "1", Text: "first \"line\"\nsecond line", Title: "T1", URL: "https://x.example/1", Source: "Wire", Published: "2024-01-02"},
				{ID: "2", Text: "plain"},
				{ID: "3", Text: "short row"},
			},
		},
		{
			name:     "csv without an id column skipped as a whole",
			files:    map[string]string{"a.csv": "name,text\nx,y\n", "b.csv": "id,title\n1,t\n"},
			problems: []string{`skipped: a.csv:1: CSV header has no "id" column`, `skipped: b.csv:1: CSV header has no "id" column`},
		},
		{
			name:  "empty csv has no documents",
			files: map[string]string{"a.csv": ""},
		},
		{
			name: "malformed csv rows skipped, the others read",
			files: map[string]string{"a.csv": "id,text\n" +
				"1,bare \"quote\n" +
				"2,\"stray\"quote\n" +
				"3,ok\n" +
				"4,\"unclosed\nfield"},
			want: []Doc{{ID: "3", Text: "ok"}},
			problems: []string{
				"skipped: a.csv:2: malformed CSV record",
				"skipped: a.csv:3: malformed CSV record",
				"skipped: a.csv:5: malformed CSV record",
			},
		},
		{
			name: "csv row without id or text, and with a NUL byte",
			files: map[string]string{"a.csv": "id,text\n" + strings.Repeat("p,"+big[:100]+"\n", 100) +
				",no id\n" + "x\n" + "y,\"nul \x00 byte\"\n"},
			want: slices.Repeat([]Doc{{ID: "p", Text: big[:100]}}, 100),
			problems: []string{
				"skipped: a.csv:102: record has no id",
				`skipped: a.csv:103: record "x" has neither text nor html`,
				"skipped: a.csv:104: binary data",
			},
		},
		{
			name:     "csv invalid UTF-8 and record over the limit",
			files:    map[string]string{"a.csv": "id,text\n1,caf\xe9\n2,\"" + big + "\"\n3,ok\n"},
			maxBytes: 1000,
			want:     []Doc{{ID: "1", Text: "caf\uFFFD"}, {ID: "3", Text: "ok"}},
			problems: []string{"warning: a.csv:2: invalid UTF-8", "skipped: a.csv:3: document larger than 1000 bytes"},
		},
		{
			name:  "csv with text and html columns uses text where given",
			files: map[string]string{"a.csv": "id,html,text\n1,,the text\n"},
			want:  []Doc{{ID: "1", Text: "the text"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			t.Chdir(dir)
			inputs := tt.inputs
			if inputs == nil {
				inputs = []string{"."}
			}
			c, err := Open(inputs, Options{MaxBytes: tt.maxBytes})
			if err != nil {
				t.Fatalf("Open(%q) error: %v", inputs, err)
			}
			defer c.Close()
			docs, problems := readAll(t, c, 2)
			var got []Doc
			for _, d := range inOrder(docs) {
				got = append(got, noLoc(d))
				if r, err := c.Reread(d.Loc); err != nil || r != d {
					t.Errorf("Reread(%+v) = %+v, %v; want %+v", d.Loc, r, err, d)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Read docs =\n%+v\nwant\n%+v", got, tt.want)
			}
			if len(problems) != len(tt.problems) {
				t.Errorf("Read problems = %d, want %d", len(problems), len(tt.problems))
			}
			for i, p := range problems {
				want := ""
				if i < len(tt.problems) {
					want = tt.problems[i]
				}
				if got := describe(p); want == "" || !strings.HasPrefix(got, want) {
					t.Errorf("problem %d = %q, want prefix %q", i, got, want)
				}
			}
		})
	}
}

func TestReadSeqGaps(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.jsonl": "{\"id\":\"a\",\"text\":\"x\"}\n\nbad\n{\"id\":\"b\",\"text\":\"y\"}\n",
		"b.txt":   "z",
	})
	t.Chdir(dir)
	c, err := Open([]string{"."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	docs, _ := readAll(t, c, 1)
	got := map[int]string{}
	for s, d := range docs {
		got[s] = d.ID
	}
	// The blank line is no record; the malformed one leaves a gap.
	want := map[int]string{0: "a", 2: "b", 3: "b.txt"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Read seq -> id = %v, want %v", got, want)
	}
}

func TestOpenWalk(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b/z.txt":       "z",
		"b/a.md":        "a",
		"a.txt":         "top",
		"B.txt":         "upper",
		"b/c/d.html":    "",
		"b/skip.pdf":    "%PDF",
		".DS_Store":     "x",
		"b/c/notes.xml": "<x/>",
		"m.csv":         "id,text\n",
	})
	t.Chdir(dir)
	// a.txt is reached twice (walked, and named as ./a.txt), and read
	// once; its id is its path cleaned.
	c, err := Open([]string{"./", "./a.txt", "b/../a.txt"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	names := c.Files()
	want := []string{"B.txt", "a.txt", "b/a.md", "b/c/d.html", "b/z.txt", "m.csv"}
	if !slices.Equal(names, want) {
		t.Errorf("Files() = %q, want %q", names, want)
	}
	if got := c.Ignored(); got != 3 {
		t.Errorf("Ignored() = %d, want 3", got)
	}
	docs, problems := readAll(t, c, 2)
	var ids []string
	for _, d := range inOrder(docs) {
		ids = append(ids, d.ID)
	}
	wantIDs := []string{"B.txt", "a.txt", "b/a.md", "b/c/d.html", "b/z.txt"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("ids = %q, want %q", ids, wantIDs)
	}
	if len(problems) != 0 {
		t.Errorf("problems = %v, want none", problems)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "a"})
	tests := []struct {
		name   string
		inputs []string
		want   string
	}{
		{"missing file", []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "nope.txt")}, "nope.txt: no such file or directory"},
		{"stdin twice", []string{"-", "-"}, `standard input ("-") given more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Open(tt.inputs, Options{Stdin: strings.NewReader("x"), TempDir: t.TempDir()})
			if err == nil {
				c.Close()
				t.Fatalf("Open(%q) = nil error, want %q", tt.inputs, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) error = %q, want it to contain %q", tt.inputs, err, tt.want)
			}
		})
	}
}

func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not apply to root")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "a", "b.txt": "b"})
	if err := os.Chmod(filepath.Join(dir, "a.txt"), 0); err != nil {
		t.Fatal(err)
	}
	c, err := Open([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	docs, problems := readAll(t, c, 1)
	if len(docs) != 1 || len(problems) != 1 || !problems[0].Skipped || !errors.Is(problems[0].Err, os.ErrPermission) {
		t.Errorf("Read = %v, %v; want b.txt and a permission problem for a.txt", docs, problems)
	}
}

func TestStdin(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []Doc
	}{
		{"json lines", "\n  {\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n", []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}}},
		{"json lines after a BOM", "\uFEFF{\"id\":\"a\",\"text\":\"x\"}", []Doc{{ID: "a", Text: "x"}}},
		{"plain text", "Breaking: {not json}\n", []Doc{{ID: "-", Text: "Breaking: {not json}\n"}}},
		{"empty", "", []Doc{{ID: "-"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			c, err := Open([]string{"-"}, Options{Stdin: strings.NewReader(tt.input), TempDir: tmp})
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Files(); !slices.Equal(got, []string{"-"}) {
				t.Errorf("Files() = %q, want [-]", got)
			}
			docs, problems := readAll(t, c, 2)
			var got []Doc
			for _, d := range inOrder(docs) {
				got = append(got, noLoc(d))
				if r, err := c.Reread(d.Loc); err != nil || r != d {
					t.Errorf("Reread(%+v) = %+v, %v; want %+v", d.Loc, r, err, d)
				}
			}
			if !slices.Equal(got, tt.want) || len(problems) > 0 {
				t.Errorf("Read(stdin %q) = %+v, %v; want %+v", tt.input, got, problems, tt.want)
			}
			if err := c.Close(); err != nil {
				t.Errorf("Close() = %v", err)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("Close left %d files in the temporary directory", len(left))
			}
		})
	}
}

// A stream on standard input that breaks off keeps what came before: a
// truncated gzip of JSON Lines gives its whole records, then the problem
// (skipped, naming "-"); a plain text stream is read to just over
// --max-bytes, so that a small compressed stream of a huge text is one
// document too large, skipped, and never a huge file on disk.
func TestStdinBroken(t *testing.T) {
	var js bytes.Buffer
	for i := range 400 {
		fmt.Fprintf(&js, "{\"id\":\"r%d\",\"text\":\"record %d of a stream that breaks off %x\"}\n", i, i, i*7919)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(js.Bytes())
	w.Close()
	c, err := Open([]string{"-"}, Options{Stdin: bytes.NewReader(gz.Bytes()[:gz.Len()/2]), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	docs, problems := readAll(t, c, 2)
	broken := 0
	for _, p := range problems {
		if p.Path == "-" && p.Skipped && strings.Contains(p.Err.Error(), "broken off") {
			broken++
		}
	}
	if len(docs) < 50 || len(docs) >= 400 || broken != 1 {
		t.Errorf("half a gzip stream: %d records, problems %v; want the first records and one broken-off problem", len(docs), problems)
	}
	c.Close()

	huge := strings.Repeat("word ", 1000)
	c, err = Open([]string{"-"}, Options{Stdin: strings.NewReader(huge), TempDir: t.TempDir(), MaxBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(c.files[0].path); err != nil || st.Size() > 200 {
		t.Errorf("a plain text stream over --max-bytes spooled %d bytes (%v), want just over 100", st.Size(), err)
	}
	docs, problems = readAll(t, c, 1)
	if len(docs) != 0 || len(problems) != 1 || !problems[0].Skipped {
		t.Errorf("a plain text stream over --max-bytes: %d documents, problems %v; want it skipped", len(docs), problems)
	}
	c.Close()
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "a.jsonl", Line: 3, Err: errors.New("malformed")}, "a.jsonl:3: malformed"},
		{Problem{Path: "a.txt", Err: errors.New("binary")}, "a.txt: binary"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// mixedDir writes a directory of every kind of input, good and bad, and
// returns it.
func mixedDir(t testing.TB) string {
	dir := t.TempDir()
	files := map[string]string{}
	var jl, cs bytes.Buffer
	cs.WriteString("id,text,title,published\r\n")
	for i := range 300 {
		text := fmt.Sprintf("Story %d says \"%s\".\n%s", i, strings.Repeat("word ", i%50), strings.Repeat("é", i%7))
		switch i % 10 {
		case 3:
			fmt.Fprintf(&jl, "{\"id\":%d,\"text\":%q,\"extra\":[1,2]}\r\n", i, text)
		case 5:
			jl.WriteString("{broken\n\n")
		case 7:
			fmt.Fprintf(&jl, "{\"id\":\"j%d\",\"text\":\"bad \xff\",\"published\":\"2024-13-01\"}\n", i)
		default:
			fmt.Fprintf(&jl, "{\"id\":\"j%d\",\"text\":%q,\"title\":\"t\\u00e9%d\"}\n", i, text, i)
		}
		switch i % 9 {
		case 4:
			cs.WriteString("\"c" + fmt.Sprint(i) + "\",\"bad\"quote\r\n")
		default:
			fmt.Fprintf(&cs, "c%d,\"%s\",title %d,2024-02-%02d\r\n", i, strings.ReplaceAll(text, `"`, `""`), i, i%28+1)
		}
		if i%40 == 0 {
			files[fmt.Sprintf("texts/%03d.txt", i)] = text
		}
	}
	files["a.jsonl"] = jl.String()
	files["b.csv"] = cs.String()
	files["page.html"] = `<html><head><title>A page</title></head><body><article><p>` +
		strings.Repeat("An article paragraph with enough words to be extracted as text. ", 5) + `</p></article></body></html>`
	files["bin.txt"] = "\x00\x01"
	files["empty.md"] = ""
	writeFiles(t, dir, files)
	return dir
}

func TestRereadProperty(t *testing.T) {
	dir := mixedDir(t)
	c, err := Open([]string{dir}, Options{MaxBytes: 400})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	docs, problems := readAll(t, c, 3)
	if len(docs) < 400 {
		t.Fatalf("Read gave %d documents, want at least 400", len(docs))
	}
	kinds := map[string]int{}
	for _, d := range docs {
		kinds[filepath.Ext(c.Files()[d.Loc.File])]++
		r, err := c.Reread(d.Loc)
		if err != nil || r != d {
			t.Errorf("Reread(%+v) = %+v, %v; want %+v", d.Loc, r, err, d)
		}
	}
	for _, ext := range []string{".jsonl", ".csv", ".txt", ".md"} {
		if kinds[ext] == 0 {
			t.Errorf("no document read from a %s file", ext)
		}
	}
	for _, p := range problems {
		if p.Path == "" {
			t.Errorf("problem %q names no file", p.Error())
		}
	}
}

func TestReadWorkers(t *testing.T) {
	dir := mixedDir(t)
	var first map[int]Doc
	var firstProblems []string
	for _, w := range []int{1, 2, 8} {
		c, err := Open([]string{dir}, Options{MaxBytes: 400})
		if err != nil {
			t.Fatal(err)
		}
		docs, problems := readAll(t, c, w)
		c.Close()
		var ps []string
		for _, p := range problems {
			ps = append(ps, describe(p))
		}
		if first == nil {
			first, firstProblems = docs, ps
			continue
		}
		if fmt.Sprint(inOrder(docs)) != fmt.Sprint(inOrder(first)) || len(docs) != len(first) {
			t.Errorf("Read with %d workers gives other documents than with 1", w)
		}
		for s, d := range first {
			if docs[s] != d {
				t.Errorf("Read with %d workers: seq %d = %+v, want %+v", w, s, docs[s], d)
				break
			}
		}
		if !slices.Equal(ps, firstProblems) {
			t.Errorf("Read with %d workers: problems %q, want %q", w, ps, firstProblems)
		}
	}
}

func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"real/a.txt": "a", "other/b.txt": "b"})
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "link")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "other", "b.txt"), filepath.Join(dir, "real", "c.txt")); err != nil {
		t.Fatal(err)
	}
	// A loop, which must not be followed.
	if err := os.Symlink(dir, filepath.Join(dir, "real", "loop")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	c, err := Open([]string{"link"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	docs, problems := readAll(t, c, 1)
	var got []string
	for _, d := range inOrder(docs) {
		got = append(got, d.ID+"="+d.Text)
	}
	if want := []string{"link/a.txt=a", "link/c.txt=b"}; !slices.Equal(got, want) || len(problems) > 0 {
		t.Errorf("Read(link to dir) = %q, %v; want %q", got, problems, want)
	}
}

func TestHTML(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "testdata", "html", "wyso-npr-witkoff.html"))
	if err != nil {
		t.Skip("no HTML page to test with:", err)
	}
	want, err := htmltext.Extract(page)
	if err != nil {
		t.Skip("htmltext cannot read the page:", err)
	}
	rec, _ := json.Marshal(map[string]string{"id": "r1", "html": string(page), "title": "Given title"})
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"p.html": string(page), "r.jsonl": string(rec) + "\n"})
	t.Chdir(dir)
	c, err := Open([]string{"."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	docs, _ := readAll(t, c, 2)
	got := inOrder(docs)
	if len(got) != 2 {
		t.Fatalf("Read gave %d documents, want 2", len(got))
	}
	page1 := Doc{ID: "p.html", Text: want.Text, Title: want.Title, URL: want.URL, Source: want.Source, Published: want.Published}
	rec1 := page1
	rec1.ID, rec1.Title = "r1", "Given title"
	if noLoc(got[0]) != page1 {
		t.Errorf("HTML file read as %+v, want %+v", noLoc(got[0]), page1)
	}
	if noLoc(got[1]) != rec1 {
		t.Errorf("JSON record with html read as %+v, want %+v", noLoc(got[1]), rec1)
	}
	for _, d := range got {
		if r, err := c.Reread(d.Loc); err != nil || r != d {
			t.Errorf("Reread(%+v) = %+v, %v; want %+v", d.Loc, r, err, d)
		}
	}
}
