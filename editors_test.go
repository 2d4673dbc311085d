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
	out, errs, code := runCLI(t, "", "scan", "-q", "--report", "passages", dir)
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

// wireArchive indexes the NPR story, with its metadata, and two unrelated
// seeds into a new archive; it returns the archive and the story.
func wireArchive(t *testing.T) (db, npr string) {
	t.Helper()
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	npr = read("syndication/npr.txt")
	var b strings.Builder
	for _, r := range []map[string]string{
		{"id": "wire/npr", "title": "Trump envoy Witkoff meets Putin", "source": "NPR", "published": "2025-04-25", "url": "https://www.npr.org/2025/04/25/witkoff", "text": npr},
		{"id": "wire/other", "text": read("seeds/004_be08bd32e60089bb.txt")},
		{"id": "wire/third", "text": read("seeds/002_5c712571f894106e.txt")},
	} {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return archiveOf(t, b.String()), npr
}

// The paragraph a draft lifts: 32 words, none quoted.
const liftedPara = "Ukraine has rejected the idea of giving up Crimea or the other lands Russia has captured since launching its full-scale invasion of Ukraine in 2022, a refusal that has frustrated Trump."

func TestCheckVerdicts(t *testing.T) {
	db, npr := wireArchive(t)
	if !strings.Contains(npr, liftedPara) {
		t.Fatal("fixture: the NPR story lacks the paragraph")
	}
	own, err := os.ReadFile(filepath.Join("testdata", "seeds", "001_2bd0569d459188d0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inputs := map[string]string{
		"draft.txt":  string(own) + "\n\n" + liftedPara + "\n",
		"copy.txt":   npr,
		"own.txt":    string(own),
		"quotes.txt": string(own) + "\n\n\"I want to see if we can have a deal,\" Trump said.\n",
	}
	for name, text := range inputs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := func(name string) string { return filepath.Join(dir, name) }

	out, errs, code := runCLI(t, "", "check", "--db", db, "--format", "json", in("draft.txt"))
	if code != 1 {
		t.Errorf("check of a draft lifting a 32-word paragraph: exit %d, want 1\n%s", code, errs)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("check --format json: %v\n%s", err, out)
	}
	r := rows[0]
	for k, want := range map[string]string{"source_doc": "wire/npr", "source_title": "Trump envoy Witkoff meets Putin", "source_source": "NPR",
		"source_published": "2025-04-25", "source_url": "https://www.npr.org/2025/04/25/witkoff"} {
		if r[k] != want {
			t.Errorf("draft: %s = %v, want %q", k, r[k], want)
		}
	}
	if want := "wiretrace: 1 input checked: 1 derives from the archive, from 1 archived article\n"; errs != want {
		t.Errorf("summary = %q, want %q", errs, want)
	}

	// --fail-on chooses the level.
	for _, tt := range []struct {
		input, level string
		code         int
	}{
		{"draft.txt", "passage", 1}, {"draft.txt", "copy", 0}, {"draft.txt", "related", 1}, {"draft.txt", "never", 0},
		{"copy.txt", "duplicate", 1}, {"copy.txt", "reprint", 1}, {"copy.txt", "never", 0},
		{"own.txt", "related", 0}, {"own.txt", "passage", 0},
		{"quotes.txt", "passage", 0},
	} {
		if _, errs, code := runCLI(t, "", "check", "-q", "--db", db, "--fail-on", tt.level, in(tt.input)); code != tt.code {
			t.Errorf("check --fail-on %s %s: exit %d, want %d\n%s", tt.level, tt.input, code, tt.code, errs)
		}
	}

	// Several inputs: one summary.
	_, errs, code = runCLI(t, "", "check", "--db", db, "--format", "csv", in("copy.txt"), in("draft.txt"), in("own.txt"))
	if code != 1 || errs != "wiretrace: 3 inputs checked: 2 derive from the archive, from 1 archived article\n" {
		t.Errorf("check of three inputs: exit %d, stderr %q", code, errs)
	}
	if _, errs, _ := runCLI(t, "", "check", "-q", "--db", db, in("copy.txt")); errs != "" {
		t.Errorf("check -q wrote %q on stderr", errs)
	}

	// --report pairs names the archived article.
	out, _, _ = runCLI(t, "", "check", "-q", "--db", db, "--report", "pairs", "--format", "csv", in("draft.txt"))
	recs := table(t, out)
	p := recs[in("draft.txt")+" wire/npr"]
	if p == nil || p["b"] != "wire/npr" || p["b_title"] != "Trump envoy Witkoff meets Putin" || p["b_source"] != "NPR" ||
		p["b_published"] != "2025-04-25" || p["b_url"] != "https://www.npr.org/2025/04/25/witkoff" {
		t.Errorf("check --report pairs = %v, want the pair with wire/npr and its metadata", recs)
	}

	if _, errs, code := runCLI(t, "", "check", "--db", db, "--fail-on", "sometimes", in("draft.txt")); code != 2 || !strings.Contains(errs, "--fail-on") {
		t.Errorf("check --fail-on sometimes: exit %d, %q; want 2 naming the flag", code, errs)
	}
}

// An article checked under the id the archive holds it by is not a copy
// of itself: check says it is archived and judges it against the rest.
func TestCheckArchivedSelf(t *testing.T) {
	db, npr := wireArchive(t)
	for _, tt := range []struct {
		name, text, note string
	}{
		{"same text", npr, "wire/npr: archived under this id with the same text; checked against the other archived articles"},
		{"other text", strings.Replace(npr, "nine people", "ten people", 1), "wire/npr: archived under this id with other text (an earlier version); checked against the other archived articles"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			line, _ := json.Marshal(map[string]string{"id": "wire/npr", "text": tt.text})
			out, errs, code := runCLI(t, string(line)+"\n", "check", "--db", db, "--format", "csv", "-")
			if code != 0 || !strings.Contains(errs, tt.note) || !strings.Contains(errs, "1 input checked: 0 derive from the archive") {
				t.Errorf("check of wire/npr against its own archive: exit %d, stderr %q; want 0 and %q", code, errs, tt.note)
			}
			r := table(t, out)["wire/npr"]
			if r == nil || r["role"] != "independent" || r["source_doc"] != "" || r["copied"] != "0.0000" {
				t.Errorf("check row of wire/npr = %v, want independent, derived from nothing", r)
			}
		})
	}
}

// check --report passages carries the edits against the archived text.
func TestCheckEdits(t *testing.T) {
	db, npr := wireArchive(t)
	edited := strings.Replace(strings.Replace(npr, "nine people", "ten people", 1), "on Thursday. The strike", "on Wednesday. The strike", 1)
	dir := t.TempDir()
	in := filepath.Join(dir, "draft.txt")
	if err := os.WriteFile(in, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCLI(t, "", "check", "-q", "--db", db, "--report", "passages", "--format", "json", in)
	if code != 1 {
		t.Fatalf("check of an edited copy: exit %d, want 1\n%s", code, errs)
	}
	var ps []report.Passage
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatalf("check --report passages --format json: %v\n%s", err, out)
	}
	var got []string
	for _, p := range ps {
		for _, e := range p.Edits {
			if e.With.Doc != "wire/npr" || npr[e.With.Start:e.With.End] != e.With.Text || edited[e.Start:e.End] != e.Text {
				t.Errorf("edit %+v: not against wire/npr's text at its offsets", e)
			}
		}
		got = append(got, flagged(p.Edits)...)
	}
	if strings.Join(got, "|") != strings.Join(wantEdits, "|") {
		t.Errorf("check edits = %q, want %q", got, wantEdits)
	}
}
