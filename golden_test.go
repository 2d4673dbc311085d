package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// runCLI runs wiretrace in-process and returns stdout, stderr and the
// exit code.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/name, or rewrites it under
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// table reads CSV output into rows keyed by the first column.
func table(t *testing.T, out string) map[string]map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	if len(recs) == 0 {
		t.Fatalf("no header in output")
	}
	rows := map[string]map[string]string{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		key := r[0]
		if recs[0][0] == "a" {
			key = r[0] + " " + r[1]
		}
		rows[key] = m
	}
	return rows
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return f
}

// The five seeds are about the same talks but none is a copy of another:
// no family, every article independent.
func TestGoldenSeeds(t *testing.T) {
	for _, rep := range []string{"articles", "pairs", "families", "passages"} {
		out, errs, code := runCLI(t, "", "scan", "-q", "--report", rep, "testdata/seeds") // not a terminal: CSV, and passages as JSON Lines
		if code != 0 {
			t.Fatalf("scan --report %s testdata/seeds: exit %d\n%s", rep, code, errs)
		}
		golden(t, "seeds."+rep+ext(rep), out)
	}
	out, _, _ := runCLI(t, "", "scan", "-q", "--format", "csv", "testdata/seeds")
	for doc, r := range table(t, out) {
		if r["role"] != "independent" || r["family"] != "" {
			t.Errorf("seed %s: role %q family %q, want independent in no family", doc, r["role"], r["family"])
		}
	}
}

// The NPR story, WYSO's page of it, a reprint of its first third and a
// local paper running its top with two paragraphs of its own.
func TestGoldenSyndication(t *testing.T) {
	for _, rep := range []string{"articles", "pairs", "families", "passages"} {
		out, errs, code := runCLI(t, "", "scan", "-q", "--report", rep, "testdata/syndication")
		if code != 0 {
			t.Fatalf("scan --report %s testdata/syndication: exit %d\n%s", rep, code, errs)
		}
		golden(t, "syndication."+rep+ext(rep), out)
	}
	out, _, _ := runCLI(t, "", "scan", "-q", "--format", "csv", "testdata/syndication")
	rows := table(t, out)
	// Ids are the files' paths as given and walked.
	const npr = "testdata/syndication/npr.txt"
	want := map[string]struct{ role, source string }{
		npr:                                {"original", ""},
		"testdata/syndication/wyso.txt":    {"copy", npr},
		"testdata/syndication/reprint.txt": {"copy", npr},
		"testdata/syndication/local.txt":   {"copy+additions", npr},
	}
	for doc, w := range want {
		r := rows[doc]
		if r == nil {
			t.Fatalf("no row for %s in\n%s", doc, out)
		}
		if r["role"] != w.role || r["source_doc"] != w.source || r["family"] != npr {
			t.Errorf("%s: role %q source %q family %q, want %q %q %q", doc, r["role"], r["source_doc"], r["family"], w.role, w.source, npr)
		}
		sum := num(t, r["copied"]) + num(t, r["quoted"]) + num(t, r["independent"])
		if sum < 0.9998 || sum > 1.0002 {
			t.Errorf("%s: shares add up to %.4f, want 1", doc, sum)
		}
	}
	pairs := table(t, must(t)(runCLI(t, "", "scan", "-q", "--format", "csv", "--report", "pairs", "testdata/syndication")))
	if p := pairs[npr+" testdata/syndication/wyso.txt"]; p == nil || p["relation"] != "duplicate" {
		t.Errorf("npr.txt wyso.txt: %v, want a duplicate", p)
	}
	if p := pairs[npr+" testdata/syndication/reprint.txt"]; p == nil || p["relation"] != "reprint" || num(t, p["containment_b"]) < 0.99 {
		t.Errorf("npr.txt reprint.txt: %v, want a reprint contained whole", p)
	}
}

// Three independent stories carried under one station's page chrome do
// not become related: the chrome is boilerplate.
func TestChromeIsBoilerplate(t *testing.T) {
	out, errs, code := runCLI(t, "", "scan", "-q", "--format", "csv", "--report", "pairs", "testdata/chrome")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if rows := table(t, out); len(rows) != 0 {
		t.Errorf("pairs under shared chrome = %v, want none", rows)
	}
}

// Seeds 002 and 003 share a lead phrase and two quotations of a post:
// related, but both independent, their shared words mostly quoted.
func TestSharedQuotations(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"002_5c712571f894106e.txt", "003_713ab721816cb750.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "seeds", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	pairs := table(t, must(t)(runCLI(t, "", "scan", "-q", "--format", "csv", "--report", "pairs", dir)))
	id := func(f string) string { return filepath.ToSlash(filepath.Join(dir, f)) }
	p := pairs[id("002_5c712571f894106e.txt")+" "+id("003_713ab721816cb750.txt")]
	if p == nil {
		t.Fatalf("seeds 002 and 003 not paired")
	}
	if p["relation"] != "partial" && p["relation"] != "quotes" {
		t.Errorf("relation %q, want partial or quotes", p["relation"])
	}
	if num(t, p["quoted_words"])*2 < num(t, p["shared_words"]) {
		t.Errorf("quoted %s of %s shared words, want most of them quoted", p["quoted_words"], p["shared_words"])
	}
	arts := table(t, must(t)(runCLI(t, "", "scan", "-q", "--format", "csv", dir)))
	for doc, r := range arts {
		if r["role"] != "independent" {
			t.Errorf("%s: role %q, want independent", doc, r["role"])
		}
	}
}

// ext is the extension of a report's file: passages are JSON Lines.
func ext(rep string) string {
	if rep == "passages" {
		return ".jsonl"
	}
	return ".csv"
}

// must returns a function that returns a run's stdout, and fails the test
// when the run exits non-zero: must(t)(runCLI(t, ...)).
func must(t *testing.T) func(out, errs string, code int) string {
	return func(out, errs string, code int) string {
		t.Helper()
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s", code, errs)
		}
		return out
	}
}

// The role thresholds are flags: with --copy and --wholly-verbatim 0.99
// the WYSO page, 95% of it the NPR story, is a copy with additions of its
// own (the chrome).
func TestRoleFlags(t *testing.T) {
	rows := table(t, must(t)(runCLI(t, "", "scan", "-q", "--format", "csv", "testdata/syndication")))
	const wyso = "testdata/syndication/wyso.txt"
	if r := rows[wyso]["role"]; r != "copy" {
		t.Fatalf("wyso.txt by default: role %q, want copy", r)
	}
	rows = table(t, must(t)(runCLI(t, "", "scan", "-q", "--format", "csv", "--copy", "0.99", "--wholly-verbatim", "0.99", "testdata/syndication")))
	if r := rows[wyso]["role"]; r != "copy+additions" {
		t.Errorf("wyso.txt with --copy and --wholly-verbatim 0.99: role %q, want copy+additions", r)
	}
	if _, errs, code := runCLI(t, "", "scan", "--wholly", "0.04", "testdata/syndication"); code != 2 || !strings.Contains(errs, "--additions") || !strings.Contains(errs, "--wholly") {
		t.Errorf("--wholly below --additions: exit %d, %q; want 2 naming both flags", code, errs)
	}
}
