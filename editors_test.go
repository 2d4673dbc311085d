package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/report"
)

// editedCopy writes testdata/syndication/npr.txt and a copy of it that
// says "ten people" for "nine people" and "Wednesday" for "Thursday" once,
// into a new folder, and returns the folder.
func editedCopy(t *testing.T) string {
	t.Helper()
	orig, err := os.ReadFile(filepath.Join("testdata", "syndication", "npr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(strings.Replace(string(orig), "nine people", "ten people", 1), "on Thursday. The strike", "on Wednesday. The strike", 1)
	dir := t.TempDir()
	for name, text := range map[string]string{"npr.txt": string(orig), "copy.txt": edited} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// flagged returns the edits as "op text/with-text flags".
func flagged(es []report.Edit) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Op+" "+e.Text+"/"+e.With.Text+" "+strings.Join(e.Flags, ","))
	}
	return out
}

var wantEdits = []string{"substituted Wednesday/Thursday date", "substituted ten/nine number"}

func TestCompareEdits(t *testing.T) {
	dir := editedCopy(t)
	out, errs, code := runCLI(t, "", "compare", "--format", "json", filepath.Join(dir, "copy.txt"), filepath.Join(dir, "npr.txt"))
	if code != 0 {
		t.Fatalf("compare: exit %d\n%s", code, errs)
	}
	var c struct {
		Rows []struct {
			Kind string          `json:"kind"`
			A    *report.Passage `json:"a"`
			B    *report.Passage `json:"b"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("compare --format json: %v\n%s", err, out)
	}
	if len(c.Rows) != 1 || c.Rows[0].A == nil {
		t.Fatalf("compare of a copy with two words changed: %d rows, want one shared passage", len(c.Rows))
	}
	if got := flagged(c.Rows[0].A.Edits); strings.Join(got, "|") != strings.Join(wantEdits, "|") {
		t.Errorf("compare edits = %q, want %q", got, wantEdits)
	}
	table, _, _ := runCLI(t, "", "compare", "--format", "table", filepath.Join(dir, "copy.txt"), filepath.Join(dir, "npr.txt"))
	// The table wraps cells: look for the pieces.
	for _, want := range []string{`edits: "Wednesday" for "Thursday" [date]`, `"ten"`, `for "nine" [number]`} {
		if !strings.Contains(table, want) {
			t.Errorf("compare table lacks %s:\n%s", want, table)
		}
	}
}

func TestPassagesEdits(t *testing.T) {
	dir := editedCopy(t)
	out, errs, code := runCLI(t, "", "scan", "-q", "--report", "passages", "--format", "csv", dir)
	if code != 0 {
		t.Fatalf("scan: exit %d\n%s", code, errs)
	}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var p report.Passage
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("passages.jsonl line %q: %v", line, err)
		}
		if !strings.HasSuffix(p.Doc, "copy.txt") || p.Kind != "shared" {
			continue
		}
		found = true
		if got := flagged(p.Edits); strings.Join(got, "|") != strings.Join(wantEdits, "|") {
			t.Errorf("passage edits = %q, want %q", got, wantEdits)
		}
		orig, _ := os.ReadFile(filepath.Join(dir, "npr.txt"))
		cp, _ := os.ReadFile(filepath.Join(dir, "copy.txt"))
		for _, e := range p.Edits {
			if string(cp[e.Start:e.End]) != e.Text || string(orig[e.With.Start:e.With.End]) != e.With.Text {
				t.Errorf("edit %+v: offsets do not slice the texts", e)
			}
		}
	}
	if !found {
		t.Fatalf("no shared passage of copy.txt in\n%s", out)
	}
}

// archiveOf indexes JSON Lines records into a new archive and returns its
// path.
func archiveOf(t *testing.T, jsonl string) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "wire.jsonl")
	if err := os.WriteFile(in, []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "wire.db")
	if _, errs, code := runCLI(t, "", "index", "-q", "--db", db, in); code != 0 {
		t.Fatalf("index: exit %d\n%s", code, errs)
	}
	return db
}

func TestShow(t *testing.T) {
	db := archiveOf(t, `{"id":"ap/1","title":"Strike on Kyiv","source":"AP","published":"2025-04-24","url":"https://example.org/ap/1","text":"Nine people died.\nRescuers searched the rubble \u001b[31mall night."}
{"id":"ap/2","text":"A second story."}
`)
	out, errs, code := runCLI(t, "", "show", "--db", db, "ap/1", "ap/2")
	if code != 0 {
		t.Fatalf("show: exit %d\n%s", code, errs)
	}
	want := "id: ap/1\ntitle: Strike on Kyiv\nsource: AP\npublished: 2025-04-24\nurl: https://example.org/ap/1\n\n" +
		"Nine people died.\nRescuers searched the rubble \uFFFD[31mall night.\n---\nid: ap/2\n\nA second story.\n"
	if out != want {
		t.Errorf("show ap/1 ap/2 =\n%q\nwant\n%q", out, want)
	}

	out, _, code = runCLI(t, "", "show", "--db", db, "--format", "json", "ap/1")
	var docs []report.Document
	if err := json.Unmarshal([]byte(out), &docs); err != nil || code != 0 {
		t.Fatalf("show --format json: exit %d, %v\n%s", code, err, out)
	}
	if len(docs) != 1 || docs[0].Title != "Strike on Kyiv" || docs[0].URL != "https://example.org/ap/1" || !strings.Contains(docs[0].Text, "\u001b[31m") {
		t.Errorf("show --format json = %+v, want ap/1 with its metadata and its text as archived", docs)
	}

	out, errs, code = runCLI(t, "", "show", "--db", db, "ap/2", "ap/9")
	if code != 3 || !strings.Contains(errs, `"ap/9" is not in the archive`) || !strings.Contains(out, "A second story.") {
		t.Errorf("show with a missing id: exit %d, stderr %q, stdout %q; want 3, the id named, the other shown", code, errs, out)
	}
	if _, _, code = runCLI(t, "", "show", "--db", db, "ap/9"); code != 2 {
		t.Errorf("show with no id found: exit %d, want 2", code)
	}
	for _, args := range [][]string{{"show", "ap/1"}, {"show", "--db", db}, {"show", "--db", db, "--format", "csv", "ap/1"}, {"show", "--db", db + ".missing", "ap/1"}} {
		if _, _, code := runCLI(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
