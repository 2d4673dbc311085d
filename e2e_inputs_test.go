package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func gz(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// column returns the values of a column of CSV output, by the first.
func column(t *testing.T, out, name string) map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	col := -1
	for i, h := range recs[0] {
		if h == name {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no column %q in %q", name, recs[0])
	}
	m := map[string]string{}
	for _, r := range recs[1:] {
		m[r[0]] = r[col]
	}
	return m
}

// The shapes corpora come in: compressed files, JSON arrays, TSV and
// semicolon CSV, compressed standard input; each read as the plain
// JSON Lines file gives the same articles.csv.
func TestEndToEndInputs(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	npr := read(t, "testdata/syndication/npr.txt")
	wyso := read(t, "testdata/syndication/wyso.txt")
	q := func(s string) string { j, _ := jsonString(s); return j }
	jsonl := `{"id":"npr","url":"https://npr.example/a","text":` + q(npr) + "}\n" +
		`{"id":"wyso","url":"https://wyso.example/b","text":` + q(wyso) + "}\n"
	write(t, filepath.Join(dir, "plain.jsonl"), jsonl)
	want := exe(t, bin, "", "scan", "-q", "--format", "csv", filepath.Join(dir, "plain.jsonl"))
	if want.code != 0 || column(t, want.stdout, "url")["npr"] != "https://npr.example/a" {
		t.Fatalf("plain JSON Lines: exit %d, url column wrong:\n%s%s", want.code, want.stdout, want.stderr)
	}
	tsvField := func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ").Replace(s) }
	files := map[string]string{
		"c.jsonl.gz": gz(t, jsonl),
		"c.json":     "[\n" + strings.Replace(strings.TrimSpace(jsonl), "\n", ",\n", 1) + "\n]\n",
		"c.csv.gz":   gz(t, "id;url;text\nnpr;https://npr.example/a;"+csvField(npr)+"\nwyso;https://wyso.example/b;"+csvField(wyso)+"\n"),
		"c.tsv":      "id\ttext\turl\nnpr\t" + tsvField(npr) + "\thttps://npr.example/a\nwyso\t" + tsvField(wyso) + "\thttps://wyso.example/b\n",
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			write(t, path, content)
			r := exe(t, bin, "", "scan", "-q", "--format", "csv", path)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			got := column(t, r.stdout, "role")
			if got["npr"] != "original" || got["wyso"] != "copy" {
				t.Errorf("roles %v, want npr original and wyso copy:\n%s", got, r.stdout)
			}
			if u := column(t, r.stdout, "url"); u["wyso"] != "https://wyso.example/b" {
				t.Errorf("url of wyso %q, want it from the input", u["wyso"])
			}
			if strings.HasSuffix(name, ".jsonl.gz") && r.stdout != want.stdout {
				t.Errorf("articles.csv of %s differs from that of the plain file:\n%s\nwant:\n%s", name, r.stdout, want.stdout)
			}
		})
	}
	t.Run("compressed stdin", func(t *testing.T) {
		r := exe(t, bin, gz(t, jsonl), "scan", "-q", "--format", "csv", "-")
		if r.code != 0 || r.stdout != want.stdout {
			t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", r.code, r.stdout, want.stdout, r.stderr)
		}
	})
	t.Run("csv on stdin", func(t *testing.T) {
		in := "id,text\nnpr," + csvField(npr) + "\nwyso," + csvField(wyso) + "\n"
		r := exe(t, bin, gz(t, in), "scan", "-q", "--format", "csv", "-")
		if got := column(t, r.stdout, "role"); r.code != 0 || got["wyso"] != "copy" {
			t.Errorf("exit %d, roles %v; want two articles read from the CSV\n%s", r.code, got, r.stderr)
		}
	})
	t.Run("input format", func(t *testing.T) {
		path := filepath.Join(dir, "export.dat")
		write(t, path, files["c.tsv"])
		r := exe(t, bin, "", "scan", "-q", "--input-format", "tsv", "--format", "csv", path)
		if got := column(t, r.stdout, "role"); r.code != 0 || got["wyso"] != "copy" {
			t.Errorf("--input-format tsv: exit %d, roles %v\n%s", r.code, got, r.stderr)
		}
		r = exe(t, bin, "", "scan", "--format", "csv", path)
		if !strings.Contains(r.stderr, "export.dat: warning: unknown extension: read as plain text") {
			t.Errorf("a file of unknown kind is read without a note: %q", r.stderr)
		}
		if r = exe(t, bin, "", "scan", "--input-format", "xml", path); r.code != 2 || !strings.Contains(r.stderr, "xml") {
			t.Errorf("--input-format xml: exit %d, %q; want 2 naming it", r.code, r.stderr)
		}
	})
	t.Run("same name in two folders", func(t *testing.T) {
		write(t, filepath.Join(dir, "x", "story.txt"), npr)
		write(t, filepath.Join(dir, "y", "story.txt"), wyso)
		x, y := filepath.Join(dir, "x"), filepath.Join(dir, "y")
		r := exe(t, bin, "", "scan", "-q", "--format", "csv", x, y, filepath.Join(x, ".", "story.txt"))
		roles := column(t, r.stdout, "role")
		if r.code != 0 || len(roles) != 2 || roles[slash(x, "story.txt")] != "original" || roles[slash(y, "story.txt")] != "copy" {
			t.Errorf("exit %d, roles %v; want both stories, each once\n%s", r.code, roles, r.stderr)
		}
	})
}

// A scan stopped by SIGINT or SIGTERM leaves no temporary file, says so
// on one line and exits 130 (143).
func TestEndToEndInterrupt(t *testing.T) {
	bin := binary(t)
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
		line string
	}{
		{syscall.SIGINT, 130, "wiretrace: interrupted\n"},
		{syscall.SIGTERM, 143, "wiretrace: terminated\n"},
	} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(bin, "scan", "-q", "-")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Standard input is being copied to the run's temporary
			// directory when the signal comes: wait until the copy is
			// there.
			w := bufio.NewWriter(stdin)
			for found := false; !found; {
				w.WriteString(`{"id":"a","text":"Some words of an article that is not done yet."}` + "\n")
				w.Flush()
				matches, _ := filepath.Glob(filepath.Join(tmp, "wiretrace-*", "wiretrace-stdin-*"))
				found = len(matches) > 0
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			stdin.Close()
			code := 0
			if x, ok := err.(*exec.ExitError); ok {
				code = x.ExitCode()
			}
			if code != tt.code || errb.String() != tt.line {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errb.String(), tt.code, tt.line)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("%d files left in TMPDIR: %v", len(left), left)
			}
		})
	}
}

// A web archive of two stations' pages of one story, compressed as
// Common Crawl ships it (one gzip member per record): the pages are one
// text, named by their URIs.
func TestEndToEndWARC(t *testing.T) {
	bin := binary(t)
	var warc strings.Builder
	record := func(typ, uri, block string) {
		var b strings.Builder
		fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2025-04-25T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:%d>\r\nContent-Type: application/http; msgtype=%s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
			typ, uri, warc.Len(), typ, len(block), block)
		warc.WriteString(gz(t, b.String()))
	}
	for _, p := range []string{"wyso-npr-witkoff.html", "northland-npr-witkoff.html"} {
		uri := "https://example.org/" + p
		record("request", uri, "GET /"+p+" HTTP/1.1\r\nHost: example.org\r\n\r\n")
		record("response", uri, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"+read(t, "testdata/html/"+p))
	}
	path := filepath.Join(t.TempDir(), "crawl.warc.gz")
	write(t, path, warc.String())
	r := exe(t, bin, "", "scan", "--format", "csv", "--report", "pairs", path)
	if r.code != 0 || !strings.Contains(r.stdout, "\nhttps://example.org/northland-npr-witkoff.html,https://example.org/wyso-npr-witkoff.html,duplicate,") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "2 records are not HTML responses") {
		t.Errorf("the request records are not counted: %q", r.stderr)
	}
	r = exe(t, bin, warc.String(), "scan", "-q", "--format", "csv", "-")
	if u := column(t, r.stdout, "url"); r.code != 0 || u["https://example.org/wyso-npr-witkoff.html"] != "https://example.org/wyso-npr-witkoff.html" {
		t.Errorf("web archive on standard input: exit %d, urls %v\n%s", r.code, u, r.stderr)
	}
}

// An index run stopped by SIGINT leaves an archive that the same command
// completes.
func TestEndToEndIndexInterrupt(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	seed := strings.Fields(read(t, "testdata/seeds/001_2bd0569d459188d0.txt"))
	var in strings.Builder
	const n = 30000
	for i := range n {
		// Each article is a window of the seed's words with its number.
		j := i % (len(seed) - 40)
		fmt.Fprintf(&in, `{"id":"a%05d","text":"Article %d: %s"}`+"\n", i, i, strings.ReplaceAll(strings.Join(seed[j:j+40], " "), `"`, `'`))
	}
	input, db := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "a.db")
	write(t, input, in.String())
	cmd := exec.Command(bin, "index", "-q", "--db", db, input)
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Wait until a batch is committed to the archive's log, then stop it.
	var err error
wait:
	for {
		select {
		case err = <-done:
			break wait
		default:
		}
		if st, e := os.Stat(db + "-wal"); e == nil && st.Size() > 0 {
			cmd.Process.Signal(syscall.SIGINT)
			err = <-done
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if x, ok := err.(*exec.ExitError); !ok || x.ExitCode() != 130 {
		t.Skipf("the index run ended before the signal (%v): nothing to check", err)
	}
	if errb.String() != "wiretrace: interrupted\n" {
		t.Errorf("stderr %q, want one line", errb.String())
	}
	if r := exe(t, bin, "", "index", "-q", "--db", db, input); r.code != 0 {
		t.Fatalf("index again: exit %d: %s", r.code, r.stderr)
	}
	r := exe(t, bin, "", "index", "--db", db, "--stats")
	if !strings.Contains(r.stdout, fmt.Sprintf("documents\t%d\n", n)) {
		t.Errorf("after the second run: %s, want %d documents", r.stdout, n)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "wiretrace-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Ids are unique within a run for index and check as for scan: the
// second record with an id is named with the first one's place, skipped
// (exit 3), and never replaces the first, with --replace or without.
func TestDuplicateIDsArchive(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "d.jsonl")
	write(t, in, `{"id":"x","text":"The council approved the budget for the city parks on Tuesday night."}
{"id":"y","text":"A storm closed the coastal road for the second time this winter."}
{"id":"x","text":"A second record under the first one's id, with other words."}
`)
	db := filepath.Join(dir, "a.db")
	want := `d.jsonl:3: duplicate id "x", first read at ` + filepath.ToSlash(in) + `:1`
	for _, args := range [][]string{{"index", "--db", db, in}, {"index", "--db", db, "--replace", in}} {
		r := exe(t, bin, "", args...)
		if r.code != 3 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "replaced") && !strings.Contains(r.stderr, "0 replaced") {
			t.Errorf("%v: exit %d, stderr %q; want 3 naming both places, nothing replaced", args, r.code, r.stderr)
		}
	}
	r := exe(t, bin, "", "show", "--db", db, "x")
	if !strings.Contains(r.stdout, "council approved") {
		t.Errorf("show x: %q, want the first record's text", r.stdout)
	}
	r = exe(t, bin, "", "check", "-q", "--db", db, "--format", "csv", in)
	if rows := strings.Count(r.stdout, "\nx,"); r.code != 3 || rows != 1 {
		t.Errorf("check: exit %d, %d rows for x; want 3 and one row\n%s%s", r.code, rows, r.stdout, r.stderr)
	}
}
