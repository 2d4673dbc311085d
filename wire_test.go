package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Six outlets carry one 61-word wire brief, each under its own page
// chrome, and each also runs two stories of its own under that chrome.
// The six pages of the brief form one family whose original is the
// earliest published; the others are copies of it. The outlets' own
// stories relate to nothing: their chrome recurs across the unrelated
// stories of one site.
func TestGoldenBrief(t *testing.T) {
	const in = "testdata/brief/brief.jsonl"
	out := map[string]string{}
	for _, rep := range []string{"articles", "families"} {
		out[rep] = must(t)(runCLI(t, "", "scan", "-q", "--report", rep, in))
		golden(t, "brief."+rep+ext(rep), out[rep])
	}
	checkBrief(t, out["articles"], "valleycourier/senate-broadband", "")
}

// The same pages as plain files in one folder per outlet: no source, URL
// or date is known, yet the brief still makes one family, and chrome
// still relates nothing, since it is less than half of each story.
func TestBriefAsFiles(t *testing.T) {
	b, err := os.ReadFile("testdata/brief/brief.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct{ ID, Text string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, r.ID+".txt"), r.Text)
	}
	t.Chdir(dir)
	checkBrief(t, must(t)(runCLI(t, "", "scan", "-q", "--format", "csv", ".")), "", ".txt")
}

// The brief checked as an editor would: the archive holds the other
// five outlets' pages and the last outlet's own stories. Its brief page
// is a copy of the earliest archived brief (exit 1), related to the five
// briefs and not to its own site's stories, whose masthead and footer it
// shares; a new story of its own under that chrome relates to nothing
// (exit 0), since the chrome recurs across the site's archived pages.
func TestBriefCheck(t *testing.T) {
	bin := binary(t)
	b, err := os.ReadFile("testdata/brief/brief.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const id = "coastalobserver/senate-broadband"
	var archived, input []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.Contains(line, `"id": "`+id+`"`) {
			input = append(input, line)
		} else {
			archived = append(archived, line)
		}
	}
	if len(input) != 1 || len(archived) != 17 {
		t.Fatalf("%d input and %d archived records, want 1 and 17", len(input), len(archived))
	}
	arch, in := filepath.Join(dir, "archive.jsonl"), filepath.Join(dir, "brief.jsonl")
	write(t, arch, strings.Join(archived, "\n")+"\n")
	write(t, in, input[0]+"\n")
	db := filepath.Join(dir, "wire.db")
	if r := exe(t, bin, "", "index", "-q", "--db", db, arch); r.code != 0 {
		t.Fatalf("index: exit %d\n%s", r.code, r.stderr)
	}
	r := exe(t, bin, "", "check", "-q", "--db", db, "--format", "csv", in)
	rows := table(t, r.stdout)
	if got := rows[id]; r.code != 1 || got["role"] != "copy" || got["source_doc"] != "valleycourier/senate-broadband" {
		t.Errorf("check of the brief: exit %d, row %v; want 1, a copy of valleycourier/senate-broadband\n%s", r.code, got, r.stderr)
	}
	r = exe(t, bin, "", "check", "-q", "--db", db, "--report", "pairs", "--format", "csv", in)
	pairs := csv.NewReader(strings.NewReader(r.stdout))
	recs, err := pairs.ReadAll()
	if err != nil || len(recs) != 6 {
		t.Fatalf("check --report pairs: %d rows (%v), want a header and the five briefs:\n%s", len(recs), err, r.stdout)
	}
	for _, rec := range recs[1:] {
		if !strings.HasSuffix(rec[1], "/senate-broadband") {
			t.Errorf("the brief related to %s, not a page of the brief", rec[1])
		}
	}

	if r := exe(t, bin, "", "index", "-q", "--db", db, in); r.code != 0 {
		t.Fatalf("index of the brief: exit %d\n%s", r.code, r.stderr)
	}
	story, err := json.Marshal(map[string]string{
		"id": "coastalobserver/harbor", "source": "Coastal Observer", "published": "2025-03-12T09:00:00Z",
		"text": "COASTAL OBSERVER\nIndependent reporting for the southern coast\n\n" +
			"The harbor commission voted on Monday to dredge the north channel before the summer season, " +
			"after two fishing boats ran aground there in April. The work will close the channel for three weeks.\n\n" +
			"All content © Coastal Observer 2025. Share this story with a friend.",
	})
	if err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(dir, "harbor.jsonl")
	write(t, own, string(story)+"\n")
	r = exe(t, bin, "", "check", "-q", "--db", db, "--format", "csv", own)
	got := table(t, r.stdout)["coastalobserver/harbor"]
	if r.code != 0 || got["role"] != "independent" || got["copied"] != "0.0000" || got["source_doc"] != "" {
		t.Errorf("check of the outlet's own story: exit %d, row %v; want 0, independent, nothing copied\n%s", r.code, got, r.stderr)
	}
}

// checkBrief checks the articles of the brief scenario: the six brief
// pages in one family named by original (any of them when ""), the others
// copies of it; every own story independent with nothing copied.
func checkBrief(t *testing.T, out, original, suffix string) {
	t.Helper()
	rows := table(t, out)
	if len(rows) != 18 {
		t.Fatalf("%d articles, want 18:\n%s", len(rows), out)
	}
	family := ""
	for doc, r := range rows {
		if !strings.Contains(doc, "senate-broadband") {
			if r["role"] != "independent" || r["family"] != "" || num(t, r["copied"]) != 0 || num(t, r["rewritten"]) != 0 {
				t.Errorf("%s, an outlet's own story: role %q family %q copied %s rewritten %s, want independent, none, 0, 0",
					doc, r["role"], r["family"], r["copied"], r["rewritten"])
			}
			continue
		}
		if family == "" {
			family = r["family"]
		}
		if r["family"] == "" || r["family"] != family {
			t.Errorf("%s: family %q, want the brief's one family %q", doc, r["family"], family)
		}
		switch {
		case doc == r["family"]:
			if r["role"] != "original" {
				t.Errorf("%s names its family but is %q", doc, r["role"])
			}
		case r["role"] != "copy" || r["source_doc"] != family:
			t.Errorf("%s: role %q source %q, want a copy of %s", doc, r["role"], r["source_doc"], family)
		}
	}
	if original != "" && family != original+suffix {
		t.Errorf("the brief's family is %q, want %q, the earliest published", family, original+suffix)
	}
}

// A regional paper's rewrite of a wire story, published the next day:
// the wire story is the original (its timestamp is before the paper's
// whole day), and the paper derives from it, with its changed words shown
// as edits of its copied passages.
func TestGoldenRewrite(t *testing.T) {
	const in = "testdata/rewrite/rewrite.jsonl"
	out := map[string]string{}
	for _, rep := range []string{"articles", "passages"} {
		out[rep] = must(t)(runCLI(t, "", "scan", "-q", "--report", rep, in))
		golden(t, "rewrite."+rep+ext(rep), out[rep])
	}
	rows := table(t, out["articles"])
	paper, wire := rows["paper/ashby-flood"], rows["wire/ashby-flood"]
	if wire["role"] != "original" || paper["family"] != "wire/ashby-flood" || paper["source_doc"] != "wire/ashby-flood" {
		t.Errorf("wire %q, paper %q of family %q from %q; want the wire story the original and the paper's source",
			wire["role"], paper["role"], paper["family"], paper["source_doc"])
	}
	if r := paper["role"]; r != "copy" && r != "rewrite" {
		t.Errorf("paper: role %q, want wholly derived (copy or rewrite)", r)
	}
	if !strings.Contains(out["passages"], `"edits"`) {
		t.Errorf("no edits in the paper's passages:\n%s", out["passages"])
	}
}

// A paper takes a paragraph and a quotation of a wire story that the wire
// sent in three versions: the text recurs, in the versions of one story,
// not in chrome. The paper is in the story's family (see
// testdata/README.md). No pair is reported twice, at any --threshold.
func TestGoldenVersions(t *testing.T) {
	const in = "testdata/versions/versions.jsonl"
	out := must(t)(runCLI(t, "", "scan", "-q", "--report", "articles", in))
	golden(t, "versions.articles.csv", out)
	for _, th := range []string{"0.5", "0.15"} {
		pairs := must(t)(runCLI(t, "", "scan", "-q", "--threshold", th, "--report", "pairs", in))
		recs, err := csv.NewReader(strings.NewReader(pairs)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		seen := map[[2]string]bool{}
		for _, r := range recs[1:] {
			ab := [2]string{r[0], r[1]}
			if seen[ab] {
				t.Errorf("--threshold %s: pair %v reported twice:\n%s", th, ab, pairs)
			}
			seen[ab] = true
		}
	}
	rows := table(t, out)
	for _, id := range []string{"wire/hollins-2", "post/hollins-anger"} {
		if r := rows[id]; r["family"] != "wire/hollins-1" || r["source_doc"] == "" {
			t.Errorf("%s: family %q, source %q; want in the family of wire/hollins-1", id, r["family"], r["source_doc"])
		}
	}
	if r := rows["post/hollins-anger"]; r["role"] != "copy+additions" || r["copied"] == "0.0000" {
		t.Errorf("paper: role %q, copied %s; want copy+additions with the paragraph copied", r["role"], r["copied"])
	}
	// check finds the same against an archive of the first two versions.
	b, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	var wire, paper []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		switch {
		case strings.Contains(l, `"id": "wire/hollins-3"`):
		case strings.Contains(l, `"id": "wire/`):
			wire = append(wire, l)
		default:
			paper = append(paper, l)
		}
	}
	dir := t.TempDir()
	db, wirePath, paperPath := filepath.Join(dir, "wire.db"), filepath.Join(dir, "wire.jsonl"), filepath.Join(dir, "paper.jsonl")
	for path, lines := range map[string][]string{wirePath: wire, paperPath: paper} {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must(t)(runCLI(t, "", "index", "-q", "--db", db, wirePath))
	got, errs, code := runCLI(t, "", "check", "-q", "--fail-on", "never", "--db", db, paperPath)
	if code != 0 {
		t.Fatalf("check: exit %d\n%s", code, errs)
	}
	r := table(t, got)["post/hollins-anger"]
	if r["role"] != "copy+additions" || r["copied"] != rows["post/hollins-anger"]["copied"] {
		t.Errorf("check: paper role %q, copied %s; want copy+additions, copied %s as in the scan",
			r["role"], r["copied"], rows["post/hollins-anger"]["copied"])
	}
}
