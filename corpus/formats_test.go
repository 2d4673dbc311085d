package corpus

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

func gzipped(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func zstded(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// bzipped is twoRecords compressed by Python's bz2 module (Go has no
// bzip2 writer).
const bzipped = "425a68393141592653590b91ace9000030df80001050050010000288003fe5dcea2000542551e534d3400069ea7a41a93d08067a90d0da87a8c2a4d6c8f34510130184c10445900a5ced6d17c1f2051dea22af90fabd89b64acbde845e79c35724ea8a7035c943110892a161f8bb9229c284805c8d6748"

const twoRecords = `{"id":"a","text":"Officials said the bridge will reopen Monday."}` + "\n" + `{"id":"b","text":"Second record."}` + "\n"

// readDir opens inputs from dir with opt and returns the documents in
// order (each checked to read again the same), the problems and the
// corpus, closed at the end of the test.
func readDir(t *testing.T, dir string, opt Options, inputs ...string) ([]Doc, []string, *Corpus) {
	t.Helper()
	t.Chdir(dir)
	c, err := Open(inputs, opt)
	if err != nil {
		t.Fatalf("Open(%q): %v", inputs, err)
	}
	t.Cleanup(func() { c.Close() })
	docs, problems := readAll(t, c, 2)
	got := inOrder(docs)
	for _, d := range got {
		if r, err := c.Reread(d.Loc); err != nil || r != d {
			t.Errorf("Reread(%+v) = %+v, %v; want %+v", d.Loc, r, err, d)
		}
	}
	var ps []string
	for _, p := range problems {
		ps = append(ps, describe(p))
	}
	for i := range got {
		got[i] = noLoc(got[i])
	}
	return got, ps, c
}

// Every format reads the same compressed as plain, by extension and by
// magic bytes alone, and the spill of decompressed records is removed by
// Close.
func TestCompressed(t *testing.T) {
	bz, _ := hex.DecodeString(bzipped)
	table := "id;title;text\n1;A title;\"Text, with a comma\"\n2;;Another text\n"
	page := "<html><head><title>Bridge</title></head><body><article><p>Officials said the bridge will reopen Monday after three weeks of repairs, the city said.</p></article></body></html>"
	tests := []struct {
		name    string
		plain   string // file name and content of the uncompressed file
		content string
		files   map[string]string // compressed files that must read the same
	}{
		{"jsonl", "a.jsonl", twoRecords, map[string]string{
			"a.jsonl.gz": gzipped(t, twoRecords), "a.jsonl.zst": zstded(t, twoRecords), "a.jsonl.bz2": string(bz),
			"a.ndjson": gzipped(t, twoRecords), // by magic bytes only
		}},
		{"semicolon csv", "a.csv", table, map[string]string{"a.csv.gz": gzipped(t, table), "a.csv.zst": zstded(t, table)}},
		{"text", "a.txt", "Plain text.\n", map[string]string{"a.txt.gz": gzipped(t, "Plain text.\n"), "a.txt.zst": zstded(t, "Plain text.\n")}},
		{"html", "a.html", page, map[string]string{"a.html.gz": gzipped(t, page), "a.htm.zst": zstded(t, page)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tt.plain: tt.content})
			want, wantProblems, _ := readDir(t, dir, Options{}, tt.plain)
			if len(want) == 0 || len(wantProblems) > 0 {
				t.Fatalf("%s: %+v, %q; want documents and no problem", tt.plain, want, wantProblems)
			}
			for name, content := range tt.files {
				writeFiles(t, dir, map[string]string{name: content})
				tmp := t.TempDir()
				got, problems, c := readDir(t, dir, Options{TempDir: tmp}, name)
				for i := range got {
					if got[i].ID == name {
						got[i].ID = tt.plain // a whole-file document is named by its file
					}
				}
				if !slices.Equal(got, want) || len(problems) > 0 {
					t.Errorf("%s: %+v, %q; want %+v as %s gives", name, got, problems, want, tt.plain)
				}
				c.Close()
				if left, _ := os.ReadDir(tmp); len(left) > 0 {
					t.Errorf("%s: %d files left in the temporary directory after Close", name, len(left))
				}
			}
		})
	}
}

// Standard input is decompressed and its kind known by its content.
func TestStdinKinds(t *testing.T) {
	page := "<!DOCTYPE html><html><body><article><p>Officials said the bridge will reopen Monday after three weeks of repairs.</p></article></body></html>"
	tests := []struct {
		name, in string
		ids      []string
	}{
		{"jsonl.gz", gzipped(t, twoRecords), []string{"a", "b"}},
		{"jsonl.zst", zstded(t, twoRecords), []string{"a", "b"}},
		{"json array", `[{"id":"x","text":"one"},` + "\n" + `{"id":"y","text":"two"}]`, []string{"x", "y"}},
		{"csv", "id,text\nr1,one\nr2,two\n", []string{"r1", "r2"}},
		{"semicolon csv, gzipped", gzipped(t, "ID;Text\nr1;one\n"), []string{"r1"}},
		{"tsv", "id\ttext\nr1\tone \"quoted\" word\n", []string{"r1"}},
		{"html", page, []string{"-"}},
		{"text", "A text, with commas, id and text.", []string{"-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems, _ := readDir(t, t.TempDir(), Options{Stdin: strings.NewReader(tt.in)}, "-")
			var ids []string
			for _, d := range got {
				ids = append(ids, d.ID)
			}
			if !slices.Equal(ids, tt.ids) || len(problems) > 0 {
				t.Errorf("ids %q, problems %q; want %q and none", ids, problems, tt.ids)
			}
		})
	}
}

func TestTables(t *testing.T) {
	tests := []struct {
		name, file, content string
		format              string
		want                []Doc
		problems            []string
	}{
		{
			name: "semicolons", file: "a.csv", content: "\uFEFFid;text;url\n1;\"Ein Text; mit Semikolon\";https://x.example/1\n",
			want: []Doc{{ID: "1", Text: "Ein Text; mit Semikolon", URL: "https://x.example/1"}},
		},
		{
			name: "tabs in a .csv", file: "a.csv", content: "id\ttext\n1\tone, two\n",
			want: []Doc{{ID: "1", Text: "one, two"}},
		},
		{
			name: "tsv with bare quotes", file: "a.tsv", content: "id\ttitle\ttext\n1\tSay \"no\"\tHe said \"no\" twice.\n2\t\"Quoted\ttitle\"\tx\n",
			want: []Doc{{ID: "1", Title: `Say "no"`, Text: `He said "no" twice.`}, {ID: "2", Title: "Quoted\ttitle", Text: "x"}},
		},
		{
			name: "comma csv whose text has semicolons", file: "a.csv", content: "id,text\n1,a;b;c;d\n",
			want: []Doc{{ID: "1", Text: "a;b;c;d"}},
		},
		{
			name: "forced format", file: "a.dat", format: "tsv", content: "id\ttext\n1\tx\n",
			want: []Doc{{ID: "1", Text: "x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tt.file: tt.content})
			got, problems, _ := readDir(t, dir, Options{Format: tt.format}, tt.file)
			if !slices.Equal(got, tt.want) || !slices.Equal(problems, tt.problems) {
				t.Errorf("got %+v, %q; want %+v, %q", got, problems, tt.want, tt.problems)
			}
		})
	}
}

func TestJSONArray(t *testing.T) {
	tests := []struct {
		name, content string
		want          []Doc
		problems      []string
	}{
		{
			name:    "pretty printed",
			content: "[\n  {\n    \"id\": \"a\",\n    \"text\": \"one, [two] {three}\"\n  },\n  {\"id\": 2, \"text\": \"x\\\"]\", \"tags\": [1, {\"k\": []}]}\n]\n",
			want:    []Doc{{ID: "a", Text: "one, [two] {three}"}, {ID: "2", Text: `x"]`}},
		},
		{name: "empty", content: " [ ] "},
		{
			name:     "bad element named by its line",
			content:  "[{\"id\":\"a\",\"text\":\"x\"},\n\n 42,\n{\"id\":\"b\",\"text\":\"y\"}]",
			want:     []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}},
			problems: []string{"skipped: a.json:3: malformed JSON array element: not an object"},
		},
		{
			name:     "data after the array",
			content:  `[{"id":"a","text":"x"}] {"id":"b"}`,
			want:     []Doc{{ID: "a", Text: "x"}},
			problems: []string{"skipped: a.json:1: data after the end of the JSON array"},
		},
		{
			name:    "JSON Lines named .json",
			content: `{"id":"a","text":"x"}` + "\n" + `{"id":"b","text":"y"}` + "\n",
			want:    []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}},
		},
		{
			name:     "a comma left out",
			content:  "[{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"},\n{\"id\":\"c\",\"text\":\"z\"}]",
			want:     []Doc{{ID: "c", Text: "z"}},
			problems: []string{"skipped: a.json:1: malformed JSON array element: invalid character '{' after top-level value (at byte 23) (two elements without a comma between them? both are skipped)"},
		},
		{
			name:     "not closed",
			content:  `[{"id":"a","text":"x"}`,
			want:     []Doc{{ID: "a", Text: "x"}},
			problems: []string{"skipped: a.json:1: no closing ']' in the JSON array: the file may be truncated, its end lost"},
		},
		{
			name:    "unterminated",
			content: `[{"id":"a","text":"x"}, {"id":"b","text":"y`,
			want:    []Doc{{ID: "a", Text: "x"}},
			problems: []string{"skipped: a.json:1: malformed JSON array element: unexpected end of JSON input (at byte 20)",
				"skipped: a.json:1: no closing ']' in the JSON array: the file may be truncated, its end lost"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"a.json": tt.content})
			got, problems, _ := readDir(t, dir, Options{}, "a.json")
			if !slices.Equal(got, tt.want) || !slices.Equal(problems, tt.problems) {
				t.Errorf("got %+v, %q; want %+v, %q", got, problems, tt.want, tt.problems)
			}
		})
	}
}

// A file reached by two paths is read once; files of one name in two
// folders are two documents.
func TestIDs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a/story.txt": "one", "b/story.txt": "two"})
	got, _, _ := readDir(t, dir, Options{}, "a", "b", "./a/story.txt", "a//story.txt", filepath.Join(dir, "b", "story.txt"))
	want := []Doc{{ID: "a/story.txt", Text: "one"}, {ID: "b/story.txt", Text: "two"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestFormatOption(t *testing.T) {
	if _, err := Open(nil, Options{Format: "xml"}); err == nil || !strings.Contains(err.Error(), "jsonl") {
		t.Errorf("Open with Format xml: %v, want an error listing the formats", err)
	}
}

// A page in a record's field is text already: its <meta charset> is not
// applied again, and a warning about its bytes is given once.
func TestHTMLFieldDecodedOnce(t *testing.T) {
	page := `<html><head><meta charset="windows-1252"><title>T</title></head><body><article><p>WYSO’s reporters said the bridge will reopen Monday after three weeks of repairs.</p></article></body></html>`
	q, _ := json.Marshal(page)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.csv":   "id,html\na,\"" + strings.ReplaceAll(page, `"`, `""`) + "\"\nbad,\"<p>Caf\xe9 \xe9 reporters said the bridge will reopen Monday after three weeks of repairs.</p>\"\n",
		"b.jsonl": `{"id":"b","html":` + string(q) + "}\n",
	})
	got, problems, _ := readDir(t, dir, Options{}, "a.csv", "b.jsonl")
	var ids []string
	for _, d := range got {
		ids = append(ids, d.ID)
	}
	if want := []string{"a", "bad", "b"}; !slices.Equal(ids, want) {
		t.Errorf("documents %q, want %q", ids, want)
	}
	for _, d := range got {
		if d.ID != "bad" && !strings.Contains(d.Text, "WYSO’s reporters") {
			t.Errorf("%s: text %q, want WYSO’s as written", d.ID, d.Text)
		}
	}
	if want := []string{"warning: a.csv:3: invalid UTF-8 replaced with U+FFFD"}; !slices.Equal(problems, want) {
		t.Errorf("problems %q, want %q", problems, want)
	}
}

// A web archive: HTML responses are articles, named by their URI (a URI
// read before in the file by its record id); other records are counted
// in one note.
func TestWARC(t *testing.T) {
	resp := func(charset, body string) string {
		return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=" + charset + "\r\n\r\n" + body
	}
	latin := "<html><body><article><p>Caf\xe9 owners said the bridge will reopen Monday after three weeks of repairs.</p></article></body></html>"
	chunked := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(warcPage), warcPage)
	data := warcRecord("warcinfo", "", "urn:uuid:0", "software: test\r\n") +
		warcRecord("request", "https://a.example/1", "urn:uuid:1", "GET /1 HTTP/1.1\r\n\r\n") +
		warcRecord("response", "https://a.example/1", "urn:uuid:2", resp("utf-8", warcPage)) +
		warcRecord("response", "https://a.example/2", "urn:uuid:3", resp("iso-8859-1", latin)) +
		warcRecord("response", "https://a.example/img.png", "urn:uuid:4", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG") +
		warcRecord("response", "https://a.example/moved", "urn:uuid:5", "HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n") +
		warcRecord("response", "https://a.example/1", "urn:uuid:6", chunked)
	for _, name := range []string{"a.warc", "a.warc.gz"} {
		t.Run(name, func(t *testing.T) {
			content := data
			if strings.HasSuffix(name, ".gz") {
				content = gzipped(t, data)
			}
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{name: content})
			got, problems, _ := readDir(t, dir, Options{}, name)
			var ids []string
			for _, d := range got {
				ids = append(ids, d.ID+" "+d.URL+" "+d.Published)
				if d.Title != "Bridge" && d.ID != "https://a.example/2" {
					t.Errorf("%s: title %q, want Bridge", d.ID, d.Title)
				}
			}
			want := []string{
				"https://a.example/1 https://a.example/1 2024-03-01T10:00:00Z",
				"https://a.example/2 https://a.example/2 2024-03-01T10:00:00Z",
				"urn:uuid:6 https://a.example/1 2024-03-01T10:00:00Z",
			}
			if !slices.Equal(ids, want) {
				t.Errorf("documents %q, want %q", ids, want)
			}
			if len(got) == 3 && !strings.Contains(got[1].Text, "Café owners") {
				t.Errorf("text %q, want it decoded from ISO-8859-1", got[1].Text)
			}
			if wantP := []string{"warning: " + name + ": 4 records are not HTML responses (a request, metadata, a redirect, other media); left out"}; !slices.Equal(problems, wantP) {
				t.Errorf("problems %q, want %q", problems, wantP)
			}
		})
	}
}
