package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// A tiny METER-format folder: two stories of PA copy with newspaper
// articles that copy it whole, copy part of it, or are unrelated.
var (
	wireFire = "Firefighters in Leeds rescued forty-two residents from a burning tower block " +
		"early on Tuesday morning after a blaze broke out on the seventh floor. " +
		"Station manager Ruth Okafor told reporters the crews reached the building within " +
		"six minutes and that nobody had been seriously hurt. " +
		"The council said the block had passed a safety inspection in March and that " +
		"families would be housed in nearby hotels at a cost of £3,000 a night. " +
		"Detectives are treating the fire as accidental but have not ruled out arson."
	wireStar = "The actress Marguerite Llewellyn will star in a revival of the musical at the " +
		"Palladium next spring, producers announced on Thursday. " +
		"Rehearsals begin in January under the direction of Tomasz Brzezinski, who staged " +
		"the original production in Cardiff almost twenty years ago. " +
		"Tickets go on sale next week and the run is expected to last until the autumn, " +
		"when the company tours Glasgow, Belfast and Newcastle."
	ownFire = "Residents told our reporter they had complained for years about faulty wiring " +
		"in the corridors, and a tenants' group is now demanding an independent inquiry " +
		"into the landlord's maintenance record before anyone returns home."
	unrelated1 = "Orchard growers across Kent are bracing for a poor apple harvest after a wet " +
		"summer encouraged blight, with several farms expecting yields down by a third and " +
		"pickers already being turned away from the packing sheds near Maidstone."
	unrelated2 = "A rare albino hedgehog has been nursed back to health by volunteers at a " +
		"wildlife sanctuary in Norfolk, who plan to release the animal into a quiet garden " +
		"once the frosts have passed and insects return to the hedgerows."
)

type testDoc struct {
	id, role, domain, date, catchline, source, label, text string
	// passages: kind and code-point range; the rest is left unannotated.
	passages []testPassage
}

type testPassage struct {
	start, end int
	kind       string
}

func meterFolder(t *testing.T) (string, []testDoc) {
	t.Helper()
	// "£" and "’" make code-point and byte offsets differ in the annotated
	// articles.
	head := "LEEDS — "
	partial := head + wireFire[:strings.Index(wireFire, " The council")] + " " + ownFire
	n := utf8.RuneCountInString
	ds := []testDoc{
		{id: "pa_courts_01.03.00_fire_fire1", role: "pa", domain: "courts", date: "01.03.00", catchline: "fire", source: "PA", text: wireFire},
		{id: "np_courts_01.03.00_fire_fire10_times", role: "newspaper", domain: "courts", date: "01.03.00", catchline: "fire", source: "times", label: "wholly",
			text: wireFire, passages: []testPassage{{0, n(wireFire), "verbatim"}}},
		{id: "np_courts_01.03.00_fire_fire11_mail", role: "newspaper", domain: "courts", date: "01.03.00", catchline: "fire", source: "mail", label: "partially",
			text: partial, passages: []testPassage{{0, n(head), "new"}, {n(head), n(partial) - n(ownFire) - 1, "verbatim"}, {n(partial) - n(ownFire), n(partial), "new"}}},
		{id: "np_courts_01.03.00_fire_fire12_sun", role: "newspaper", domain: "courts", date: "01.03.00", catchline: "fire", source: "sun", label: "non",
			text: unrelated1, passages: []testPassage{{0, n(unrelated1), "new"}}},
		{id: "pa_showbiz_02.11.99_star_star1", role: "pa", domain: "showbiz", date: "02.11.99", catchline: "star", source: "PA", text: wireStar},
		{id: "np_showbiz_02.11.99_star_star20_mirror", role: "newspaper", domain: "showbiz", date: "02.11.99", catchline: "star", source: "mirror", label: "wholly", text: wireStar},
		{id: "np_showbiz_02.11.99_star_star21_express", role: "newspaper", domain: "showbiz", date: "02.11.99", catchline: "star", source: "express", label: "non", text: unrelated2},
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	var documents, articles, passages bytes.Buffer
	dw, aw, pw := csv.NewWriter(&documents), csv.NewWriter(&articles), csv.NewWriter(&passages)
	dw.Write([]string{"doc", "role", "domain", "date", "catchline", "source", "label", "n_chars"})
	aw.Write([]string{"doc", "domain", "date", "catchline", "newspaper", "label", "pa_docs", "n_passages"})
	pw.Write([]string{"doc", "start_char", "end_char", "kind"})
	for _, d := range ds {
		if err := os.WriteFile(filepath.Join(dir, "docs", d.id+".txt"), []byte(d.text), 0o644); err != nil {
			t.Fatal(err)
		}
		dw.Write([]string{d.id, d.role, d.domain, d.date, d.catchline, d.source, d.label, fmt.Sprint(n(d.text))})
		if d.role == "pa" {
			continue
		}
		var pa []string
		for _, p := range ds {
			if p.role == "pa" && p.catchline == d.catchline {
				pa = append(pa, p.id)
			}
		}
		aw.Write([]string{d.id, d.domain, d.date, d.catchline, d.source, d.label, strings.Join(pa, " "), fmt.Sprint(len(d.passages))})
		for _, p := range d.passages {
			pw.Write([]string{d.id, fmt.Sprint(p.start), fmt.Sprint(p.end), p.kind})
		}
	}
	for name, w := range map[string]*csv.Writer{"documents.csv": dw, "articles.csv": aw, "passages.csv": pw} {
		w.Flush()
		b := map[string]*bytes.Buffer{"documents.csv": &documents, "articles.csv": &articles, "passages.csv": &passages}[name]
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, ds
}

func TestReadFolder(t *testing.T) {
	dir, ds := meterFolder(t)
	f, err := readFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.docs) != len(ds) || len(f.articles) != 5 || len(f.gold) != 3 {
		t.Fatalf("read %d docs, %d articles, %d annotated, want %d, 5, 3", len(f.docs), len(f.articles), len(f.gold), len(ds))
	}
	// The partial article's verbatim passage is the wire's first sentences,
	// after "LEEDS — " (8 code points, 10 bytes).
	d := ds[2]
	g := f.gold[d.id]
	if g[1].kind != "verbatim" || g[1].start != len("LEEDS — ") || !strings.HasPrefix(wireFire, d.text[g[1].start:g[1].end]) ||
		!strings.HasSuffix(d.text[g[1].start:g[1].end], "seriously hurt.") {
		t.Errorf("verbatim passage = %+v, %q", g[1], d.text[g[1].start:g[1].end])
	}
	if got := d.text[g[2].start:g[2].end]; got != ownFire {
		t.Errorf("new passage = %q, want %q", got, ownFire)
	}
}

func TestReadFolderErrors(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"no column", "articles.csv", "doc,label\nx,wholly\n", `no column "domain"`},
		{"unknown article", "passages.csv", "doc,start_char,end_char,kind\nnp_x,0,1,verbatim\n", "passages.csv:2: passage of \"np_x\""},
		{"out of range", "passages.csv", "doc,start_char,end_char,kind\nnp_courts_01.03.00_fire_fire12_sun,0,100000,new\n", "passages.csv:2: characters 0:100000 outside"},
		{"unknown pa_docs", "articles.csv", "doc,domain,date,catchline,label,pa_docs\nnp_courts_01.03.00_fire_fire12_sun,courts,01.03.00,fire,non,pa_x\n", `articles.csv:2: pa_docs of "np_courts_01.03.00_fire_fire12_sun": "pa_x"`},
		{"bad label", "articles.csv", "doc,domain,date,catchline,label\nnp_courts_01.03.00_fire_fire12_sun,courts,01.03.00,fire,maybe\n", `articles.csv:2: label "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := meterFolder(t)
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := readFolder(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("readFolder: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// TestCommand builds wiretrace and runs the whole command on the tiny
// folder: both modes are scored, the verbatim copies come out as copies
// with every gold word found, the unrelated articles as independent with
// nothing found, and the word counts agree with wiretrace's.
func TestCommand(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build wiretrace")
	}
	dir, ds := meterFolder(t)
	bin := filepath.Join(t.TempDir(), "wiretrace")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dump := filepath.Join(t.TempDir(), "dump.tsv")
	keep := filepath.Join(t.TempDir(), "keep")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-bin", bin, "-dump", dump, "-keep", keep, dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, stderr.String())
	}
	for _, name := range []string{"all.jsonl", "pa.db", "scan/articles.csv", "check/articles.csv", "check/passages.jsonl"} {
		if _, err := os.Stat(filepath.Join(keep, name)); err != nil {
			t.Errorf("-keep: %v", err)
		}
	}
	if code := run([]string{"-bin", bin, "-keep", keep, dir}, io.Discard, &stderr); code != 1 || !strings.Contains(stderr.String(), "not empty") {
		t.Errorf("-keep of a used directory: run = %d, stderr %q", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"scan cvF1=", "check cvF1=", "covered=5/5", "scan words (3 articles, ", "check label\\role"} {
		if !strings.Contains(out, want) {
			t.Errorf("output has no %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 1+2*5 || lines[0] != "mode\tdoc\tlabel\twords\tcopied\trewritten\tquoted\trole\tsource_doc\ttp\tfp\tfn" {
		t.Fatalf("dump has %d lines, header %q", len(lines), lines[0])
	}
	text := map[string]string{}
	for _, d := range ds {
		text[d.id] = d.text
	}
	for _, l := range lines[1:] {
		c := strings.Split(l, "\t")
		mode, doc, role, source, tp, fp, fn := c[0], c[1], c[7], c[8], c[9], c[10], c[11]
		if want := fmt.Sprint(len(words(text[doc]))); c[3] != want {
			t.Errorf("%s %s: wiretrace counts %s words, words() %s", mode, doc, c[3], want)
		}
		switch doc {
		case "np_courts_01.03.00_fire_fire10_times":
			if role != "copy" || source != "pa_courts_01.03.00_fire_fire1" || fp != "0" || fn != "0" || tp != c[3] {
				t.Errorf("%s: the verbatim copy: %q", mode, c)
			}
		case "np_showbiz_02.11.99_star_star20_mirror":
			if role != "copy" || tp != "" {
				t.Errorf("%s: the unannotated copy: %q", mode, c)
			}
		case "np_courts_01.03.00_fire_fire12_sun":
			if role != "independent" || c[4] != "0.0000" || tp != "0" || fp != "0" || fn != "0" {
				t.Errorf("%s: the unrelated article: %q", mode, c)
			}
		case "np_courts_01.03.00_fire_fire11_mail":
			// Gold: the words of the wire's first two sentences.
			gold := len(words(wireFire[:strings.Index(wireFire, " The council")]))
			if atoi(t, tp)+atoi(t, fn) != gold || fp != "0" {
				t.Errorf("%s: the partial copy: %q, want tp+fn = %d, fp = 0", mode, c, gold)
			}
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRunErrors(t *testing.T) {
	dir, _ := meterFolder(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad mode", []string{"-mode", "both2", dir}, 2, `-mode "both2"`},
		{"no folder", []string{}, 2, "usage: meter"},
		{"missing folder", []string{"-bin", "/bin/true", filepath.Join(dir, "nope")}, 1, "documents.csv"},
		{"failing binary", []string{"-bin", "/bin/false", "-mode", "scan", dir}, 1, "exit 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), tt.code, tt.want)
			}
		})
	}
}

// TestOracle scores the tiny folder's ceiling: the verbatim copy and the
// wire's sentences in the partial article are found, every gold word of
// them, and the unrelated article's words are not.
func TestOracle(t *testing.T) {
	dir, _ := meterFolder(t)
	f, err := readFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := newEvaluator(f)
	for n := 3; n <= 6; n++ {
		_, c := oracle(e, n, false)
		// Gold derived words: all of fire10, the wire's part of fire11
		// (fire12 has none). "LEEDS" is new in fire11, and no run of
		// the wire holds it.
		if c.fn != 0 || c.fp != 0 || c.tp == 0 {
			t.Errorf("n=%d: %+v, want every derived word found and no other", n, c)
		}
	}
	var out bytes.Buffer
	if code := run([]string{"-oracle", dir}, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "oracle 3-grams of the story's PA copy: cvF1 ") {
		t.Errorf("run -oracle = %d, printed %q", code, out.String())
	}
}

// TestOracleQuotes: the oracle looks only at the article's own PA
// documents, and with quotes set it applies wiretrace's rule for shared
// quotations to each run of derived words: a run of 8 words or more with
// fewer than 8 outside the article's quotation marks is quoted; a shorter
// one is quoted when mostly inside them; a copy that runs through a
// quotation is derived whole.
func TestOracleQuotes(t *testing.T) {
	wire := `The minister said: "We will not give up on the talks." Officials met again on Friday in Geneva. ` +
		`Delegates from both sides said the "next round" would open in Vienna on Monday.`
	other := `Farmers in Kent expect a poor apple harvest after the wet spring.`
	quote := `The minister said: "We will not give up on the talks." `
	mid := `Officials met again on Friday in "Geneva. Delegates from both sides said" the `
	short1, short2 := `Officials met again on "Friday"`, `"in Vienna on Monday"`
	arts := []struct {
		id, text string
		verbatim []string // the gold's verbatim passages; the rest is new
	}{
		{"np_copy", wire, []string{wire}},                   // 32 words, 22 outside quotation marks
		{"np_quote", quote + other, []string{quote}},        // a run of 11, 3 outside
		{"np_mid", mid + "talks went well.", []string{mid}}, // a run of 13, 7 outside
		{"np_short", short1 + " for talks. Crowds cheered " + short2 + " when talks ended.",
			[]string{short1, short2}}, // runs of 5, 4 outside, and of 4, none outside
	}
	f := &folder{byID: map[string]*document{}, gold: map[string][]span{}}
	f.docs = []document{
		{id: "pa_x", role: "pa", text: wire},
		{id: "pa_y", role: "pa", text: other}, // no article lists it
	}
	for _, a := range arts {
		f.docs = append(f.docs, document{id: a.id, role: "newspaper", text: a.text})
		f.articles = append(f.articles, article{doc: a.id, label: "partially", group: "g", pa: []string{"pa_x"}})
		at := 0
		for _, v := range a.verbatim {
			i := strings.Index(a.text, v)
			f.gold[a.id] = append(f.gold[a.id], span{at, i, "new"}, span{i, i + len(v), "verbatim"})
			at = i + len(v)
		}
		f.gold[a.id] = append(f.gold[a.id], span{at, len(a.text), "new"})
	}
	for i := range f.docs {
		f.byID[f.docs[i].id] = &f.docs[i]
	}
	e := newEvaluator(f)
	if _, c := oracle(e, 3, false); c != (counts{tp: 32 + 11 + 13 + 5 + 4}) {
		t.Errorf("any shared words: %+v, want the 65 verbatim words derived and no other", c)
	}
	if _, c := oracle(e, 3, true); c != (counts{tp: 32 + 5, fn: 11 + 13 + 4}) {
		t.Errorf("with the quotation rule: %+v, want the copy and the run mostly outside quotation marks derived, the rest quoted", c)
	}
}

// TestOracleFlags: -oracle takes no flag of a binary's run.
func TestOracleFlags(t *testing.T) {
	dir, _ := meterFolder(t)
	var stderr bytes.Buffer
	if code := run([]string{"-oracle", "-mode", "scan", "-dump", "x.tsv", dir}, io.Discard, &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "-oracle runs no binary: -dump, -mode does not apply") {
		t.Errorf("run = %d, stderr %q", code, stderr.String())
	}
}

// TestKeepDir: -keep makes a new directory, named by its absolute path
// (the binary is built from the repository's root), and refuses one that
// holds anything.
func TestKeepDir(t *testing.T) {
	t.Chdir(t.TempDir())
	got, err := keepDir("runs")
	if err != nil || !filepath.IsAbs(got) || filepath.Base(got) != "runs" {
		t.Fatalf("keepDir(runs) = %q, %v, want an absolute path", got, err)
	}
	if got, err := keepDir("runs"); err != nil {
		t.Errorf("keepDir of an empty directory = %q, %v", got, err)
	}
	if err := os.WriteFile(filepath.Join("runs", "all.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := keepDir("runs"); err == nil || !strings.Contains(err.Error(), "not empty (it holds all.jsonl)") {
		t.Errorf("keepDir of a used directory: %v", err)
	}
}
