package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

var build struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// binary builds wiretrace once per test run, as a user would.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	build.once.Do(func() {
		if build.dir, build.err = os.MkdirTemp("", "wiretrace-e2e-"); build.err != nil {
			return
		}
		build.bin = filepath.Join(build.dir, "wiretrace")
		out, err := exec.Command("go", "build", "-o", build.bin, ".").CombinedOutput()
		if err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

type result struct {
	stdout, stderr string
	code           int
}

func exe(t *testing.T, bin, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var x *exec.ExitError
	if errors.As(err, &x) {
		code = x.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return result{out.String(), errb.String(), code}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEndToEnd(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	npr := read(t, "testdata/syndication/npr.txt")
	wyso := read(t, "testdata/syndication/wyso.txt")
	reprint := read(t, "testdata/syndication/reprint.txt")
	seed1 := read(t, "testdata/seeds/001_2bd0569d459188d0.txt")

	jsonl := func(id, text string) string {
		var b strings.Builder
		b.WriteString(`{"id":"` + id + `","source":"NPR","published":"2025-04-25","text":`)
		q, _ := jsonString(text)
		b.WriteString(q)
		b.WriteString("}\n")
		return b.String()
	}

	t.Run("files", func(t *testing.T) {
		r := exe(t, bin, "", "scan", "--format", "csv", "testdata/syndication/npr.txt", "testdata/syndication/wyso.txt")
		if r.code != 0 || !strings.Contains(r.stdout, "testdata/syndication/wyso.txt,testdata/syndication/npr.txt,copy,") {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, "2 articles") {
			t.Errorf("summary missing on stderr: %q", r.stderr)
		}
	})
	t.Run("directory", func(t *testing.T) {
		write(t, filepath.Join(dir, "d", "b", "wyso.txt"), wyso)
		write(t, filepath.Join(dir, "d", "a", "npr.md"), npr)
		write(t, filepath.Join(dir, "d", "notes.pdf"), "%PDF")
		d := filepath.Join(dir, "d")
		r := exe(t, bin, "", "scan", "--format", "csv", "--report", "pairs", d)
		// Ids are the paths as walked.
		pair := slash(d, "a", "npr.md") + "," + slash(d, "b", "wyso.txt") + ",duplicate,"
		if r.code != 0 || !strings.HasPrefix(r.stdout, "a,b,relation,") || !strings.Contains(r.stdout, pair) {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, "1 file ignored for its extension") {
			t.Errorf("ignored file not counted: %q", r.stderr)
		}
	})
	t.Run("jsonl and stdin", func(t *testing.T) {
		in := jsonl("npr", npr) + jsonl("reprint", reprint) + jsonl("other", seed1)
		r := exe(t, bin, in, "scan", "-q", "--format", "json", "--report", "families", "-")
		if r.code != 0 || !strings.Contains(r.stdout, `"members"`) || !strings.Contains(r.stdout, `"reprint"`) {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		if r.stderr != "" {
			t.Errorf("--quiet still wrote %q", r.stderr)
		}
	})
	t.Run("plain stdin", func(t *testing.T) {
		r := exe(t, bin, npr, "scan", "-q", "--format", "csv", "-", "testdata/syndication/wyso.txt")
		if r.code != 0 || !strings.Contains(r.stdout, "\n-,-,original,") {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("csv", func(t *testing.T) {
		csvText := "id,title,text\n" + "npr,\"Witkoff, Putin\"," + csvField(npr) + "\nwyso,WYSO," + csvField(wyso) + "\n"
		write(t, filepath.Join(dir, "c.csv"), csvText)
		r := exe(t, bin, "", "scan", "-q", "--format", "csv", filepath.Join(dir, "c.csv"))
		if r.code != 0 || !strings.Contains(r.stdout, "npr,npr,original,,") || !strings.Contains(r.stdout, `"Witkoff, Putin"`) {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("bad inputs", func(t *testing.T) {
		bad := filepath.Join(dir, "bad")
		write(t, filepath.Join(bad, "binary.txt"), "GIF89a\x00\x01\x02\x00")
		write(t, filepath.Join(bad, "latin1.txt"), "Caf\xe9 story: "+seed1)
		write(t, filepath.Join(bad, "empty.txt"), "")
		write(t, filepath.Join(bad, "lines.jsonl"), jsonl("npr", npr)+"{\"id\": \"broken\", \"text\": \n"+jsonl("wyso", wyso)+jsonl("npr", reprint))
		r := exe(t, bin, "", "scan", "--format", "csv", bad)
		if r.code != 3 {
			t.Errorf("exit %d, want 3\nstderr:\n%s", r.code, r.stderr)
		}
		for _, want := range []string{
			"binary.txt",    // skipped, named
			"lines.jsonl:2", // malformed line, by number
			"latin1.txt",    // replaced and warned
			"duplicate id \"npr\"",
			"lines.jsonl:1", // the first place of the duplicate id
		} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr does not name %q:\n%s", want, r.stderr)
			}
		}
		for _, want := range []string{"\nnpr,npr,original,", "\nwyso,npr,copy,", "\n" + slash(bad, "empty.txt") + ",,empty,", "\n" + slash(bad, "latin1.txt") + ",,independent,"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("stdout lacks %q: the other documents must still be reported:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("missing path", func(t *testing.T) {
		r := exe(t, bin, "", "scan", "testdata/seeds", filepath.Join(dir, "nope.txt"))
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "nope.txt") {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, the path named", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("usage", func(t *testing.T) {
		if r := exe(t, bin, "", "scan", "--bogus", "x"); r.code != 2 || !strings.Contains(r.stderr, "unknown flag --bogus") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
		if r := exe(t, bin, "", "scan", "--help"); r.code != 0 || !strings.Contains(r.stdout, "Example:") || !strings.Contains(r.stdout, "--min-passage") {
			t.Errorf("scan --help: exit %d, stdout %q", r.code, r.stdout)
		}
		if r := exe(t, bin, "", "help", "compare"); r.code != 0 || !strings.Contains(r.stdout, "wiretrace compare") {
			t.Errorf("help compare: exit %d, stdout %q", r.code, r.stdout)
		}
		if r := exe(t, bin, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "wiretrace ") {
			t.Errorf("version: exit %d, stdout %q", r.code, r.stdout)
		}
		if r := exe(t, bin, "", "scan", "--threshold", "2", "x"); r.code != 2 || !strings.Contains(r.stderr, "--threshold") {
			t.Errorf("bad --threshold: exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("deterministic", func(t *testing.T) {
		var first string
		for _, w := range []string{"1", "2", "7"} {
			r := exe(t, bin, "", "scan", "-q", "--workers", w, "--format", "json", "--report", "passages", "testdata/seeds", "testdata/syndication", "testdata/chrome")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if first == "" {
				first = r.stdout
			} else if r.stdout != first {
				t.Errorf("--workers %s gives other output than --workers 1", w)
			}
		}
	})
	t.Run("out dir", func(t *testing.T) {
		out := filepath.Join(dir, "out")
		r := exe(t, bin, "", "scan", "-q", "--out", out, "testdata/syndication")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		for _, f := range []string{"articles.csv", "pairs.csv", "families.csv", "passages.jsonl", "report.html"} {
			if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
				t.Errorf("%s: %v", f, err)
			}
		}
	})
}

func TestEndToEndHTML(t *testing.T) {
	bin := binary(t)
	r := exe(t, bin, "", "scan", "--format", "csv", "--report", "pairs", "testdata/html")
	if r.code != 0 {
		t.Errorf("exit %d, want 0: the page without an article is an empty one\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"wyso-search-empty.html: warning: no article text"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not name %q:\n%s", want, r.stderr)
		}
	}
	if a := exe(t, bin, "", "scan", "-q", "--format", "csv", "testdata/html/wyso-search-empty.html"); a.code != 0 ||
		!strings.Contains(a.stdout, "\ntestdata/html/wyso-search-empty.html,,empty,,0,") {
		t.Errorf("the page without an article: exit %d, want an empty article\n%s", a.code, a.stdout)
	}
	// One NPR story under two stations' pages is one text after extraction;
	// the windows-1252 page reads as its UTF-8 text.
	// The gzipped page is read by its magic bytes, as the page it holds.
	for _, want := range []string{
		"\ntestdata/html/northland-npr-witkoff.html,testdata/html/wyso-npr-witkoff.html,duplicate,",
		"\ntestdata/html/moscowtimes-1252.html,testdata/html/moscowtimes-1252.txt,duplicate,1.0000,",
		"\ntestdata/html/wyso-gzipped.html,testdata/html/wyso-npr-witkoff.html,duplicate,1.0000,",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("pairs lack %q:\n%s", want, r.stdout)
		}
	}
	// Another story under the same station chrome stays apart.
	if strings.Contains(r.stdout, "wyso-putin-envoy.html") {
		t.Errorf("wyso-putin-envoy.html is paired through its chrome:\n%s", r.stdout)
	}
	// Titles and dates come from the pages.
	r = exe(t, bin, "", "scan", "-q", "--format", "json", "testdata/html/wyso-npr-witkoff.html")
	if !strings.Contains(r.stdout, `"published": "2025-04-25T05:58:47-04:00"`) && !strings.Contains(r.stdout, `"published":"2025-04-25T05:58:47-04:00"`) {
		t.Errorf("published date not read from the page:\n%s", r.stdout)
	}
}

func TestEndToEndArchive(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "wire.db")
	r := exe(t, bin, "", "index", "--db", db, "testdata/seeds", "testdata/syndication/npr.txt")
	if r.code != 0 || !strings.Contains(r.stderr, "6 added") {
		t.Fatalf("index: exit %d\n%s", r.code, r.stderr)
	}
	if r = exe(t, bin, "", "index", "--db", db, "testdata/syndication/npr.txt"); r.code != 0 || !strings.Contains(r.stderr, "1 unchanged") {
		t.Errorf("index again: exit %d, want a no-op\n%s", r.code, r.stderr)
	}
	story := filepath.Join(t.TempDir(), "story.txt")
	write(t, story, "The first version of a story about a council meeting in Dayton.")
	exe(t, bin, "", "index", "-q", "--db", db, story)
	write(t, story, "The second version of a story about a council meeting in Dayton.")
	if r = exe(t, bin, "", "index", "--db", db, story); r.code != 3 || !strings.Contains(r.stderr, "--replace") {
		t.Errorf("index of an id with other text: exit %d, want 3 and a hint at --replace\n%s", r.code, r.stderr)
	}
	if r = exe(t, bin, "", "index", "--db", db, "--replace", story); r.code != 0 || !strings.Contains(r.stderr, "1 replaced") {
		t.Errorf("index --replace: exit %d\n%s", r.code, r.stderr)
	}
	// An article with no words is archived like any other (and never
	// matches), not a reason to stop the run.
	blank := filepath.Join(t.TempDir(), "blank.txt")
	write(t, blank, " \n")
	if r = exe(t, bin, "", "index", "--db", db, blank, story); r.code != 0 || !strings.Contains(r.stderr, "1 added, 1 unchanged") {
		t.Errorf("index of an empty article: exit %d, want 0 and it added\n%s", r.code, r.stderr)
	}
	r = exe(t, bin, "", "check", "-q", "--db", db, "--format", "csv", "testdata/syndication/local.txt", "testdata/syndication/reprint.txt")
	if r.code != 1 {
		t.Errorf("check of a reprint: exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"testdata/syndication/local.txt,testdata/syndication/npr.txt,copy+additions,testdata/syndication/npr.txt,",
		"testdata/syndication/reprint.txt,testdata/syndication/npr.txt,copy,testdata/syndication/npr.txt,",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, r.stdout)
		}
	}
	fresh := filepath.Join(t.TempDir(), "fresh.txt")
	write(t, fresh, "A council meeting in Dayton on Tuesday approved a new budget for the city parks, with money for three playgrounds and a pool.")
	if r = exe(t, bin, "", "check", "--db", db, fresh); r.code != 0 {
		t.Errorf("check of an unrelated article: exit %d, want 0\n%s", r.code, r.stderr)
	}
	// check takes the archive's parameters: an archive made with other
	// shingles and signatures needs no flags repeated.
	db4 := filepath.Join(t.TempDir(), "wire4.db")
	if r = exe(t, bin, "", "index", "-q", "--db", db4, "--shingle", "4", "--perm", "64", "--threshold", "0.7", "testdata/syndication/npr.txt"); r.code != 0 {
		t.Fatalf("index --shingle 4: exit %d\n%s", r.code, r.stderr)
	}
	r = exe(t, bin, "", "check", "-q", "--db", db4, "--format", "csv", "testdata/syndication/reprint.txt")
	if want := "testdata/syndication/reprint.txt,testdata/syndication/npr.txt,copy,"; r.code != 1 || !strings.Contains(r.stdout, want) {
		t.Errorf("check against an archive of 4-word shingles: exit %d, want 1 and %q\n%s%s", r.code, want, r.stdout, r.stderr)
	}
	if r = exe(t, bin, "", "check", "--db", db4, "--shingle", "4", fresh); r.code != 2 || !strings.Contains(r.stderr, "--shingle") {
		t.Errorf("check --shingle: exit %d, want 2 naming the flag\n%s", r.code, r.stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.db")
	write(t, bad, "not a database")
	if r = exe(t, bin, "", "check", "--db", bad, fresh); r.code != 2 || !strings.Contains(r.stderr, "bad.db") {
		t.Errorf("check against a text file: exit %d, want 2 naming it\n%s", r.code, r.stderr)
	}
	if r = exe(t, bin, "", "check", "--db", filepath.Join(t.TempDir(), "none.db"), fresh); r.code != 2 {
		t.Errorf("check against a missing archive: exit %d, want 2\n%s", r.code, r.stderr)
	}
}

// slash is the id of a file: its path joined and cleaned, with slashes.
func slash(elem ...string) string { return filepath.ToSlash(filepath.Join(elem...)) }

func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

func csvField(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// The README's example is true: the scan its set-up command runs prints
// the table the README shows, and the summary line it shows, but for the
// time.
func TestREADMEExample(t *testing.T) {
	readme := read(t, "README.md")
	const cmd = "go build -o wiretrace . && ./wiretrace "
	i := strings.Index(readme, cmd)
	if i < 0 {
		t.Fatalf("README has no set-up command %q", cmd)
	}
	line := readme[i+len(cmd) : i+strings.Index(readme[i:], "\n")]
	var args []string
	for _, f := range strings.Fields(line) {
		if strings.ContainsAny(f, "*?[") {
			m, err := filepath.Glob(f)
			if err != nil || len(m) == 0 {
				t.Fatalf("README's pattern %q matches nothing", f)
			}
			args = append(args, m...)
			continue
		}
		args = append(args, f)
	}
	const shows = "The scan prints:\n\n"
	j := strings.Index(readme, shows)
	if j < 0 {
		t.Fatalf("README does not show the scan's output")
	}
	var want []string
	for _, l := range strings.Split(readme[j+len(shows):], "\n") {
		if !strings.HasPrefix(l, "    ") {
			break
		}
		want = append(want, strings.TrimPrefix(l, "    "))
	}
	r := exe(t, binary(t), "", args...)
	if r.code != 0 {
		t.Fatalf("wiretrace %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	got := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	summary := want[len(want)-1]
	if strings.Join(got, "\n") != strings.Join(want[:len(want)-1], "\n") {
		t.Errorf("wiretrace %s prints\n%s\nbut the README shows\n%s", line, r.stdout, strings.Join(want[:len(want)-1], "\n"))
	}
	timing := regexp.MustCompile(`in [0-9.]+s, [0-9.]+ articles/s`)
	if g, w := timing.ReplaceAllString(strings.TrimSpace(r.stderr), "…"), timing.ReplaceAllString(summary, "…"); g != w {
		t.Errorf("summary %q, the README shows %q", g, w)
	}
}
