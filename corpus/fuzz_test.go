package corpus

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzFile reads data as a file of the given name and checks the
// invariants of Read: every document reads again the same, every problem
// names the file and (but for a binary file) a line, and every record is
// either a document or a skipped problem.
func fuzzFile(t *testing.T, name string, data []byte, maxBytes int64) (docs int, skipped int) {
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return fuzzRead(t, path, Options{MaxBytes: maxBytes, TempDir: t.TempDir()})
}

// fuzzRead reads one input and checks the invariants of fuzzFile.
func fuzzRead(t *testing.T, path string, opt Options) (docs int, skipped int) {
	c, err := Open([]string{path}, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	path = c.Files()[0]
	got, problems := readAll(t, c, 2)
	for seq, d := range got {
		r, err := c.Reread(d.Loc)
		if err != nil || r != d {
			t.Fatalf("seq %d: Reread(%+v) = %+v, %v; want %+v", seq, d.Loc, r, err, d)
		}
		if !utf8.ValidString(d.ID) || !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
			t.Fatalf("seq %d: document %+v is not valid UTF-8", seq, d)
		}
	}
	for _, p := range problems {
		if p.Path != path {
			t.Errorf("problem %q names %q, want %q", p.Error(), p.Path, path)
		}
		if p.Skipped && p.Line <= 0 && !errors.Is(p.Err, errBinary) {
			t.Errorf("problem %q has no line number", p.Error())
		}
		if p.Skipped {
			skipped++
		}
	}
	return len(got), skipped
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"x"}`+"\n"+`{"id":1,"text":"y\u00e9\ud800"}`), int64(0))
	f.Add([]byte("\uFEFF{\"id\":\"a\",\"html\":\"<p>Some words</p>\"}\r\n\r\nnot json\n{\"id\":\"b\",\"text\":\"\xff\",\"published\":\"x\"}"), int64(0))
	f.Add([]byte(`{"id":"a","text":"a long line over the limit"}`+"\n"+`{"ID":"b","Text":null,"text":"z","x":{"y":[1,true]}}`), int64(20))
	f.Add([]byte("{\"id\":\"a\",\"text\":\"\x00\"}\n"), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, maxBytes int64) {
		maxBytes = 1 + abs(maxBytes)%300
		docs, skipped := fuzzFile(t, "f.jsonl", data, maxBytes)
		if bytes.IndexByte(data[:min(len(data), sniffSize)], 0) >= 0 {
			return
		}
		// Every non-blank line is a document or a skipped problem.
		lines := 0
		for _, l := range bytes.Split(trimBOM(data), []byte("\n")) {
			if !blank(kindJSONL, l) {
				lines++
			}
		}
		if docs+skipped != lines {
			t.Errorf("%d documents and %d skipped for %d non-blank lines", docs, skipped, lines)
		}
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("id,text\n1,x\n2,\"multi\nline\"\n"), int64(0))
	f.Add([]byte("\uFEFFid,html,title,published\r\n1,<p>words</p>,t,2024-01-01\r\n\r\n2,\"a \"\"q\"\"\",,bad\r\n"), int64(0))
	f.Add([]byte("id,text\n1,bare\"quote\n2,\"stray\"x\n3,\"unclosed\n"), int64(10))
	f.Add([]byte("text\n1\n"), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, maxBytes int64) {
		maxBytes = 1 + abs(maxBytes)%300
		fuzzFile(t, "f.csv", data, maxBytes)
	})
}

func abs(x int64) int64 {
	if x < 0 {
		return -(x + 1)
	}
	return x
}

// FuzzDecodeFast checks that the hand-written JSON decoder gives what
// encoding/json gives, for every input it accepts.
func FuzzDecodeFast(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"x"}`,
		` { "id" : -0.5e+7 , "text" : "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800\u0041\udc00" , "tags" : "q" } `,
		`{"id":"a","text":"x","text":"y"}`,
		`{"Id":"a"}`,
		`{"id":01}`,
		`{"id":"a","text":"\ud800\ud800"}`,
		`{"id":"a",}`,
		`{}`,
		"{\"id\":\"a\",\"text\":\"tab\there\"}",
		`{"ſource":"x","id":"a"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = []byte(strings.ToValidUTF8(string(data), "\uFFFD"))
		var d decoder
		var fast, std fields
		if !d.decodeFast(data, &fast) {
			return
		}
		if err := decodeStd(data, &std); err != nil {
			t.Fatalf("decodeFast(%q) accepted what encoding/json refuses: %v", data, err)
		}
		if fast != std {
			t.Fatalf("decodeFast(%q) = %+v, encoding/json gives %+v", data, fast, std)
		}
	})
}

// FuzzSplitCSV checks that cutting a file into records with splitCSV and
// parsing each alone gives the records encoding/csv reads from the whole.
func FuzzSplitCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"a,\"b\nc\"\r\n\r\n\"x\"\"y\",z",
		"\"a\"\r",
		"a\r\rb\n\n\nc",
		"\"a\",\"b\"\r\n,\n",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(strings.ReplaceAll(s, ",", ";")), uint8(1))
		f.Add([]byte(strings.ReplaceAll(s, ",", "\t")), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, sep uint8) {
		dl := dialect{comma: commas[int(sep)%len(commas)]}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		r.Comma = rune(dl.comma)
		want, err := r.ReadAll()
		if err != nil {
			return // records are cut differently after a malformed one
		}
		var got [][]string
		var st csvState
		for rest := data; len(rest) > 0; {
			n, _ := splitCSV(&st, rest, dl)
			rec := rest[:n]
			rest = rest[n:]
			if blank(kindCSV, rec) {
				continue
			}
			cells, err := parseCSVRecord(rec, dl)
			if err != nil {
				t.Fatalf("record %q of %q: %v", rec, data, err)
			}
			got = append(got, cells)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("split %q = %q, encoding/csv reads %q", data, got, want)
		}
	})
}

// TestSplitCSVPieces checks splitCSV against records cut in arbitrary
// pieces: the state carries over from one piece to the next.
func TestSplitCSVPieces(t *testing.T) {
	data := []byte("id,text\n1,\"a\nb\"\"c\"\r\n2,plain\n3,\"x\"\r\n")
	var whole []int
	var st csvState
	for rest := data; len(rest) > 0; {
		n, _ := splitCSV(&st, rest, csvDialect)
		whole = append(whole, n)
		rest = rest[n:]
	}
	for size := 1; size <= len(data); size++ {
		var got []int
		st, cur := csvFieldStart, 0
		for pos := 0; pos < len(data); {
			piece := data[pos:min(pos+size, len(data))]
			n, done := splitCSV(&st, piece, csvDialect)
			cur += n
			pos += n
			if done || pos == len(data) {
				got = append(got, cur)
				cur = 0
			}
		}
		if !slices.Equal(got, whole) {
			t.Errorf("splitCSV in pieces of %d: records %v, want %v", size, got, whole)
		}
	}
}

// FuzzCSVFast checks that the hand-written CSV record parser gives what
// encoding/csv gives, for every record it accepts.
func FuzzCSVFast(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"1,\"first \"\"line\"\"\r\nsecond\",,x\r\n",
		"\"a\"\r",
		"a\r\rb\n\n\nc,",
		"\"a\",\"b\"\r\n,\n",
		"a,\"b\"c\n",
		"\"\"\n",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(strings.ReplaceAll(s, ",", ";")), uint8(1))
		f.Add([]byte(strings.ReplaceAll(s, ",", "\t")), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, sep uint8) {
		dl := dialect{comma: commas[int(sep)%len(commas)], lazy: sep&4 != 0}
		data = []byte(strings.ToValidUTF8(string(data), "\uFFFD"))
		var d decoder
		var st csvState
		for rest := data; len(rest) > 0; {
			n, _ := splitCSV(&st, rest, dl)
			rec := rest[:n]
			rest = rest[n:]
			if blank(kindCSV, rec) {
				continue
			}
			got, ok := d.parseCSVFast(rec, dl.comma)
			if !ok {
				continue
			}
			want, err := parseCSVRecord(rec, dl)
			if err != nil {
				t.Fatalf("parseCSVFast(%q) accepted what encoding/csv refuses: %v", rec, err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("parseCSVFast(%q) = %q, encoding/csv gives %q", rec, got, want)
			}
		}
	})
}

func FuzzJSONArray(f *testing.F) {
	f.Add([]byte("[\n {\"id\":\"a\",\"text\":\"x, [y] {z}\"},\n {\"id\":2,\"html\":\"<p>Some words here</p>\"}\n]\n"), int64(0))
	f.Add([]byte(`[{"id":"a","text":"x\"]"}, 42, , {"id":"b"}] trailing`), int64(0))
	f.Add([]byte(`[{"id":"a","text":"a text over the limit of bytes"},{"id":"b","text":"y"}`), int64(20))
	f.Add([]byte(`{"id":"a","text":"JSON Lines in a .json file"}`+"\n"), int64(0))
	f.Add([]byte(`[[[{"id":"a"}]]], "\\u00e9"]`), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, maxBytes int64) {
		maxBytes = 1 + abs(maxBytes)%300
		fuzzFile(t, "f.json", data, maxBytes)
	})
}

func FuzzTSV(f *testing.F) {
	f.Add([]byte("id\ttext\n1\tHe said \"no\".\n2\t\"quoted\ttab\"\n"), int64(0))
	f.Add([]byte("id;text;title\n1;\"a;b\";t\n"), int64(0))
	f.Add([]byte("ID\tHTML\r\n1\t<p>words of a page</p>\r\n2\t\"unclosed\n"), int64(10))
	f.Fuzz(func(t *testing.T, data []byte, maxBytes int64) {
		maxBytes = 1 + abs(maxBytes)%300
		fuzzFile(t, "f.tsv", data, maxBytes)
	})
}

// warcRecord is one WARC record, for tests.
func warcRecord(typ, uri, id, block string) string {
	return "WARC/1.1\r\nWARC-Type: " + typ + "\r\nWARC-Target-URI: " + uri + "\r\nWARC-Date: 2024-03-01T10:00:00Z\r\nWARC-Record-ID: <" + id +
		">\r\nContent-Type: application/http; msgtype=" + typ + "\r\nContent-Length: " + strconv.Itoa(len(block)) + "\r\n\r\n" + block + "\r\n\r\n"
}

const warcPage = "<html><head><title>Bridge</title></head><body><article><p>Officials said the bridge will reopen Monday after three weeks of repairs.</p></article></body></html>"

func FuzzWARC(f *testing.F) {
	resp := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n" + warcPage
	f.Add([]byte(warcRecord("request", "https://a.example/", "urn:uuid:1", "GET / HTTP/1.1\r\n\r\n")+warcRecord("response", "https://a.example/", "urn:uuid:2", resp)), int64(0))
	f.Add([]byte(warcRecord("response", "https://a.example/", "urn:uuid:2", resp)+warcRecord("response", "https://a.example/", "urn:uuid:3", resp)), int64(100))
	f.Add([]byte(warcRecord("response", "https://a.example/", "urn:uuid:2", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n5\r\n<p>ab\r\n0\r\n\r\n")), int64(0))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99\r\n\r\nshort"), int64(0))
	f.Add([]byte("not a warc\n"), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, maxBytes int64) {
		maxBytes = 1 + abs(maxBytes)%1000
		fuzzFile(t, "f.warc", data, maxBytes)
	})
}

// FuzzStdin reads anything as standard input, compressed or not: its
// kind is sniffed, and every reader must keep the invariants.
func FuzzStdin(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"x"}`, `[{"id":"a","text":"x"}]`, "id;text\n1;x\n", "id\ttext\n1\tx\n",
		"<!doctype html><p>Some words of a page here.</p>", "plain text", warcRecord("response", "u", "i", "HTTP/1.1 200 OK\r\n\r\n<html>x</html>"),
	} {
		f.Add([]byte(s))
		f.Add([]byte(gzipped(f, s)))
		f.Add([]byte(zstded(f, s)))
	}
	f.Add([]byte("\x1f\x8b\x08\x00garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Open([]string{"-"}, Options{Stdin: bytes.NewReader(data), TempDir: t.TempDir(), MaxBytes: 1000})
		if err != nil {
			return // a corrupt compressed stream cannot be copied
		}
		defer c.Close()
		docs, _ := readAll(t, c, 2)
		for seq, d := range docs {
			if r, err := c.Reread(d.Loc); err != nil || r != d {
				t.Fatalf("seq %d: Reread(%+v) = %+v, %v; want %+v", seq, d.Loc, r, err, d)
			}
		}
	})
}

// FuzzCompressed reads compressed files of records: a corrupt or
// truncated stream loses only what follows the damage, and every
// document reads again the same from the spill.
func FuzzCompressed(f *testing.F) {
	recs := `{"id":"a","text":"x \u0001 <b>&"}` + "\n" + `{"id":"b","text":"y","published":"2024-01-02","html":"<p>z</p>"}` + "\n"
	for _, s := range []string{gzipped(f, recs), zstded(f, recs), gzipped(f, recs)[:30], zstded(f, recs)[:20]} {
		f.Add([]byte(s), uint8(0))
	}
	f.Add([]byte(gzipped(f, "id;html;title\n1;<p>Some words of a page</p>;T\n")), uint8(1))
	f.Add([]byte(gzipped(f, `[{"id":"a","text":"x"},{"id":"b","html":"<p>Some words of a page</p>"}]`)), uint8(2))
	f.Add([]byte(gzipped(f, warcRecord("response", "https://a.example/", "urn:uuid:2", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"+warcPage))), uint8(3))
	bz, _ := hex.DecodeString(bzipped)
	f.Add(bz, uint8(0))
	names := []string{"f.jsonl.gz", "f.csv.gz", "f.json.gz", "f.warc.gz"}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		fuzzFile(t, names[int(kind)%len(names)], data, 0)
	})
}
