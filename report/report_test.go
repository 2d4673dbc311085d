package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/report/*.golden with the current output")

// golden compares got with testdata/report/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "report", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./report -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// Rows of a small scan, with the awkward values a report must survive.
var (
	testArticles = []Article{
		{Doc: "wire/ap-0411.txt", Family: "wire/ap-0411.txt", Role: "original", Words: 640, Copied: 0, Quoted: 0.0312, Independent: 0.9688, Title: "Witkoff meets Putin in St Petersburg", Source: "AP", Published: "2025-04-11", URL: "https://wire.example/2025/04/11/witkoff-putin?a=1,b=2"},
		{Doc: "site/dayton.html", Family: "wire/ap-0411.txt", Role: "copy+additions", SourceDoc: "wire/ap-0411.txt", Words: 290, Copied: 2.0 / 3, Quoted: 1.0 / 9, Independent: 2.0 / 9,
			Title: `Witkoff, Putin meet: "productive" talks` + "\nsecond line", Source: "Dayton, Ohio", Published: "2025-04-12T09:30:00Z"},
		{Doc: "site/köln.txt", Family: "wire/ap-0411.txt", Role: "copy", SourceDoc: "wire/ap-0411.txt", Words: 612, Copied: 0.99995, Quoted: 0.00005, Independent: math.Copysign(0, -1), Title: "Grüße aus Köln — 東京", Published: ""},
		{Doc: "blog/opinion.md", Role: "independent", Words: 1200, Copied: 0, Quoted: 0.0125, Independent: 0.9875, Title: "A very long opinion piece title that goes on and on well past what any terminal column should show", Source: "Blog"},
		{Doc: "empty.txt", Role: "empty", Words: 0},
	}
	testPairs = []Pair{
		{A: "blog/opinion.md", B: "wire/ap-0411.txt", Relation: "quotes", Jaccard: 0.0101, ContainmentA: 0.012, ContainmentB: 0.0231, QuotedWords: 15},
		{A: "site/dayton.html", B: "wire/ap-0411.txt", Relation: "reprint", Jaccard: 0.35124, ContainmentA: 0.91, ContainmentB: 0.37, SharedWords: 245, QuotedWords: 18},
		{A: "site/köln.txt", B: "wire/ap-0411.txt", Relation: "duplicate", Jaccard: 0.96, ContainmentA: 1, ContainmentB: 0.9545, SharedWords: 612},
	}
	testFamilies = []Family{
		{Size: 3, Original: "wire/ap-0411.txt", Members: []string{"wire/ap-0411.txt", "site/dayton.html", "site/köln.txt"}, FirstPublished: "2025-04-11", LastPublished: "2025-04-12T09:30:00Z"},
		{Size: 1, Original: "x"},
	}
	testPassages = []Passage{
		{Doc: "site/dayton.html", Start: 0, End: 120, Words: 20, Kind: "shared", With: []With{{Doc: "wire/ap-0411.txt", Start: 0, End: 120}}, Text: "U.S. envoy Steve Witkoff met with Russian President Vladimir Putin in St. Petersburg on Friday, amid growing pressure"},
		{Doc: "site/dayton.html", Start: 120, End: 180, Words: 11, Kind: "quote", With: []With{{Doc: "wire/ap-0411.txt", Start: 300, End: 360}, {Doc: "blog/opinion.md", Start: 5, End: 65}}, Text: `"Russia has to get moving," he said, <b>& "more"</b>`},
		{Doc: "site/dayton.html", Start: 180, End: 260, Words: 14, Kind: "unique", Text: "Local reaction:\tresidents in Dayton said\nthey hoped for a settlement."},
	}
)

func TestGolden(t *testing.T) {
	writers := []struct {
		name  string
		write func(*bytes.Buffer, Format) error
	}{
		{"articles", func(b *bytes.Buffer, f Format) error { return WriteArticles(b, f, testArticles) }},
		{"pairs", func(b *bytes.Buffer, f Format) error { return WritePairs(b, f, testPairs) }},
		{"families", func(b *bytes.Buffer, f Format) error { return WriteFamilies(b, f, testFamilies) }},
		{"passages", func(b *bytes.Buffer, f Format) error { return WritePassages(b, f, testPassages) }},
		{"comparison", func(b *bytes.Buffer, f Format) error {
			if f == CSV {
				return nil
			}
			return WriteComparison(b, f, testComparison())
		}},
	}
	ext := map[Format]string{Table: "txt", CSV: "csv", JSON: "json"}
	for _, w := range writers {
		for _, f := range []Format{Table, CSV, JSON} {
			if w.name == "comparison" && f == CSV {
				continue
			}
			name := w.name + "." + ext[f]
			if w.name == "passages" && f == CSV {
				name = "passages.jsonl"
			}
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := w.write(&buf, f); err != nil {
					t.Fatalf("write %s: %v", name, err)
				}
				golden(t, name+".golden", buf.Bytes())
				var again bytes.Buffer
				if err := w.write(&again, f); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
					t.Errorf("writing %s twice gave different output (err %v)", name, err)
				}
			})
		}
	}
	t.Run("report.html", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteHTML(&buf, familyData(t)); err != nil {
			t.Fatal(err)
		}
		golden(t, "report.html.golden", buf.Bytes())
	})
}

func testComparison() Comparison {
	a := []Passage{
		{Doc: "a.txt", Start: 0, End: 40, Words: 7, Kind: "shared", With: []With{{Doc: "b.txt", Start: 10, End: 50}}, Text: "Putin welcomed White House envoy Witkoff"},
		{Doc: "a.txt", Start: 40, End: 70, Words: 5, Kind: "unique", Text: "in Moscow on a cold Friday."},
		{Doc: "a.txt", Start: 70, End: 120, Words: 9, Kind: "quote", With: []With{{Doc: "b.txt", Start: 80, End: 130}}, Text: `"The discussions allowed the U.S. and Russia to further bring positions closer," Ushakov said.`},
	}
	b := []Passage{
		{Doc: "b.txt", Start: 0, End: 10, Words: 2, Kind: "unique", Text: "MOSCOW —"},
		{Doc: "b.txt", Start: 10, End: 50, Words: 7, Kind: "shared", With: []With{{Doc: "a.txt", Start: 0, End: 40}}, Text: "Putin welcomed White House envoy Witkoff"},
		{Doc: "b.txt", Start: 50, End: 80, Words: 6, Kind: "unique", Text: "for talks, the Kremlin said."},
		{Doc: "b.txt", Start: 80, End: 130, Words: 9, Kind: "quote", With: []With{{Doc: "a.txt", Start: 70, End: 120}}, Text: `"The discussions allowed the U.S. and Russia to further bring positions closer," Ushakov said.`},
	}
	return Comparison{A: "a.txt", B: "b.txt", Jaccard: 0.4123, ContainmentA: 0.5, ContainmentB: 0.4545, Relation: "partial", Rows: AlignPassages(a, b)}
}

func TestCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteArticles(&buf, CSV, testArticles); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("reading back articles CSV: %v", err)
	}
	if !reflect.DeepEqual(recs[0], articleColumns) {
		t.Errorf("header = %q, want %q", recs[0], articleColumns)
	}
	if len(recs) != len(testArticles)+1 {
		t.Fatalf("read %d records, want %d", len(recs), len(testArticles)+1)
	}
	for i, a := range testArticles {
		r := recs[i+1]
		if r[0] != a.Doc || r[9] != a.Title || r[10] != a.Source {
			t.Errorf("row %d read back as doc %q title %q source %q, want %q %q %q", i+1, r[0], r[9], r[10], a.Doc, a.Title, a.Source)
		}
	}
	var fam bytes.Buffer
	if err := WriteFamilies(&fam, CSV, testFamilies); err != nil {
		t.Fatal(err)
	}
	recs, err = csv.NewReader(&fam).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := recs[1][3], "wire/ap-0411.txt;site/dayton.html;site/köln.txt"; got != want {
		t.Errorf("members = %q, want %q", got, want)
	}
}

func TestFraction(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{0, "0.0000"},
		{1, "1.0000"},
		{1.0 / 3, "0.3333"},
		{2.0 / 3, "0.6667"},
		{0.99995, "1.0000"},
		{0.99994, "0.9999"},
		{math.Copysign(0, -1), "0.0000"},
		{-0.00001, "0.0000"},
		{0.12345, "0.1235"},
	}
	for _, tt := range tests {
		got, err := fraction(tt.x)
		if err != nil || got != tt.want {
			t.Errorf("fraction(%v) = %q, %v, want %q", tt.x, got, err, tt.want)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := fraction(x); err == nil {
			t.Errorf("fraction(%v) gave no error", x)
		}
		for _, f := range []Format{CSV, JSON} {
			if err := WriteArticles(&bytes.Buffer{}, f, []Article{{Doc: "a", Copied: x}}); err == nil || !strings.Contains(err.Error(), `"a"`) {
				t.Errorf("WriteArticles(%v) with copied %v: error %v, want one naming the row", f, x, err)
			}
		}
	}
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteArticles(&buf, JSON, testArticles); err != nil {
		t.Fatal(err)
	}
	var got []Article
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("articles JSON does not parse: %v", err)
	}
	if len(got) != len(testArticles) {
		t.Fatalf("read %d articles back, want %d", len(got), len(testArticles))
	}
	for i, a := range testArticles {
		want := a
		for _, p := range []*float64{&want.Copied, &want.Quoted, &want.Independent} {
			*p = math.Round(*p*1e4) / 1e4
		}
		if got[i] != want {
			t.Errorf("article %d read back as %+v, want %+v", i, got[i], want)
		}
	}
	if lines := strings.Count(buf.String(), "\n"); lines != len(testArticles)+2 {
		t.Errorf("articles JSON has %d lines, want one per record and two for the brackets", lines)
	}
	for _, f := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return WriteArticles(b, JSON, nil) },
		func(b *bytes.Buffer) error { return WritePairs(b, JSON, nil) },
		func(b *bytes.Buffer) error { return WriteFamilies(b, JSON, nil) },
		func(b *bytes.Buffer) error { return WritePassages(b, JSON, nil) },
	} {
		var b bytes.Buffer
		if err := f(&b); err != nil || b.String() != "[]\n" {
			t.Errorf("no rows as JSON = %q, %v, want \"[]\\n\"", b.String(), err)
		}
	}
	var p bytes.Buffer
	if err := WritePassages(&p, CSV, []Passage{{Doc: "a", Kind: "unique"}}); err != nil {
		t.Fatal(err)
	}
	if want := `{"doc":"a","start":0,"end":0,"words":0,"kind":"unique","with":[],"text":""}` + "\n"; p.String() != want {
		t.Errorf("passage line = %q, want %q", p.String(), want)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range []Format{Table, CSV, JSON} {
		got, err := ParseFormat(f.String())
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v, want %v", f.String(), got, err, f)
		}
	}
	for _, s := range []string{"", "CSV", "jsonl", "html", "table "} {
		if _, err := ParseFormat(s); err == nil {
			t.Errorf("ParseFormat(%q) gave no error", s)
		}
	}
	if err := WriteArticles(&bytes.Buffer{}, Format(9), nil); err == nil {
		t.Errorf("WriteArticles with Format(9) gave no error")
	}
	if err := WriteComparison(&bytes.Buffer{}, CSV, Comparison{}); err == nil {
		t.Errorf("WriteComparison with CSV gave no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, f := range []Format{Table, CSV, JSON} {
		if err := WriteArticles(failWriter{}, f, testArticles); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("WriteArticles(%v) to a failing writer: %v, want the write error", f, err)
		}
	}
	if err := WriteHTML(failWriter{}, familyData(t)); err == nil {
		t.Errorf("WriteHTML to a failing writer gave no error")
	}
}

func TestCell(t *testing.T) {
	tests := []struct {
		name, in string
		width    int
		want     string
	}{
		{"plain", "abc", 10, "abc"},
		{"spaces", "  a \t\n b  ", 0, "a b"},
		{"escape", "red \x1b[31mtext\x1b[0m", 0, "red [31mtext [0m"},
		{"bidi override", "abc\u202edef", 0, "abcdef"},
		{"cut", "abcdefghij", 5, "abcd…"},
		{"cut runes", "東京東京東京", 4, "東京東…"},
		{"exact", "abcde", 5, "abcde"},
		{"invalid utf8", "a\xffb", 0, "a\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cell(tt.in, tt.width); got != tt.want {
				t.Errorf("cell(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func TestAlignPassages(t *testing.T) {
	rows := testComparison().Rows
	var got []string
	for _, r := range rows {
		s := r.Kind + ":"
		if r.A != nil {
			s += r.A.Text[:5]
		}
		s += "|"
		if r.B != nil {
			s += r.B.Text[:5]
		}
		got = append(got, s)
	}
	want := []string{"unique:|MOSCO", "shared:Putin|Putin", "unique:in Mo|", "unique:|for t", `quote:"The |"The `}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AlignPassages rows = %q, want %q", got, want)
	}
	// Every passage appears exactly once, whatever the input order.
	for _, rev := range []bool{false, true} {
		pa := []Passage{{Doc: "a", Start: 0, End: 5}, {Doc: "a", Start: 5, End: 9, With: []With{{Doc: "b", Start: 0, End: 4}}}}
		pb := []Passage{{Doc: "b", Start: 0, End: 4}, {Doc: "b", Start: 4, End: 8}}
		if rev {
			pa[0], pa[1] = pa[1], pa[0]
			pb[0], pb[1] = pb[1], pb[0]
		}
		rows := AlignPassages(pa, pb)
		na, nb := 0, 0
		for _, r := range rows {
			if r.A != nil {
				na++
			}
			if r.B != nil {
				nb++
			}
		}
		if na != 2 || nb != 2 || len(rows) != 3 {
			t.Errorf("AlignPassages(reversed=%v) gave %d rows with %d A and %d B passages, want 3 rows, 2 and 2", rev, len(rows), na, nb)
		}
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "nested")
	d := familyData(t)
	if err := WriteDir(dir, d); err != nil {
		t.Fatalf("WriteDir: %v", err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := []string{"articles.csv", "families.csv", "pairs.csv", "passages.jsonl", "report.html"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("WriteDir wrote %q, want %q (and no temporary files)", names, want)
	}
	var buf bytes.Buffer
	if err := WriteArticles(&buf, CSV, d.Articles); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "articles.csv")); !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("articles.csv differs from WriteArticles CSV")
	}
	// A failing report leaves no temporary file behind and names the file.
	bad := d
	bad.Articles = []Article{{Doc: "nan", Copied: math.NaN()}}
	err = WriteDir(dir, bad)
	if err == nil || !strings.Contains(err.Error(), "articles.csv") {
		t.Errorf("WriteDir with a NaN share: %v, want an error naming articles.csv", err)
	}
	ents, _ = os.ReadDir(dir)
	if len(ents) != len(want) {
		t.Errorf("after a failed WriteDir the folder holds %d files, want %d", len(ents), len(want))
	}
	// A failure in a later report (passages.jsonl: a passage past its
	// text) leaves the earlier ones of the run before too: one set.
	old, _ := os.ReadFile(filepath.Join(dir, "articles.csv"))
	late := d
	late.Articles = append(slices.Clone(d.Articles), Article{Doc: "zz-new", Words: 1, Independent: 1})
	late.Passages = append(slices.Clone(d.Passages), Passage{Doc: "zz-new", Start: 0, End: 1 << 20, Words: 1, Kind: "unique", With: []With{}})
	late.Text = func(string) (string, error) { return "", errors.New("no text") }
	if err := WriteDir(dir, late); err == nil {
		t.Fatal("WriteDir with a passage whose text cannot be read: no error")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "articles.csv")); !bytes.Equal(got, old) {
		t.Errorf("a failed WriteDir replaced articles.csv")
	}
	// Staged, nothing is in place until the commit.
	commit, err := StageDir(dir, late0(d))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "articles.csv")); !bytes.Equal(got, old) {
		t.Errorf("StageDir replaced articles.csv before its commit")
	}
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "articles.csv")); bytes.Equal(got, old) {
		t.Errorf("the commit left the old articles.csv")
	}
	if ents, _ = os.ReadDir(dir); len(ents) != len(want) {
		t.Errorf("after the commit the folder holds %d files, want %d", len(ents), len(want))
	}
}

// late0 is d with one more independent article.
func late0(d Data) Data {
	d.Articles = append(slices.Clone(d.Articles), Article{Doc: "zz-new", Words: 1, Independent: 1})
	return d
}

// TestWritePassagesText checks that passages without text get theirs cut
// from their document's text, and their edits, each text asked for once,
// in every format, and that the output equals that of passages written
// with their text and edits.
func TestWritePassagesText(t *testing.T) {
	d := familyData(t)
	bare := slices.Clone(d.Passages)
	for i := range bare {
		bare[i].Text = ""
	}
	for _, f := range []Format{CSV, JSON, Table} {
		var want, got bytes.Buffer
		full := slices.Clone(d.Passages)
		if err := AddEdits(full, d.Text, nil); err != nil {
			t.Fatal(err)
		}
		if err := WritePassages(&want, f, full); err != nil {
			t.Fatal(err)
		}
		asked := map[string]int{}
		text := func(doc string) (string, error) {
			asked[doc]++
			return d.Text(doc)
		}
		if err := WritePassagesText(&got, f, bare, text, nil); err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		if got.String() != want.String() {
			t.Errorf("%v: passages with texts read again differ from passages with their texts:\n%s\nwant\n%s", f, got.String(), want.String())
		}
		for doc, n := range asked {
			if n != 1 {
				t.Errorf("%v: the text of %q was asked for %d times, want once", f, doc, n)
			}
		}
		if len(asked) == 0 {
			t.Errorf("%v: no text was asked for", f)
		}
		// A text that cannot be read fails the report and names the passage.
		fail := func(doc string) (string, error) {
			if doc == reprintID {
				return "", errors.New("file changed")
			}
			return d.Text(doc)
		}
		err := WritePassagesText(io.Discard, f, bare, fail, nil)
		if err == nil || !strings.Contains(err.Error(), "file changed") || !strings.Contains(err.Error(), reprintID) {
			t.Errorf("%v: with a text that cannot be read: %v, want an error naming %q", f, err, reprintID)
		}
	}
}

// Two unrelated articles: the relation is "none" in the table and in
// JSON alike, never an empty string a script has to know about.
func TestComparisonNone(t *testing.T) {
	c := Comparison{A: "a.txt", B: "b.txt"}
	for _, f := range []Format{Table, JSON} {
		var buf bytes.Buffer
		if err := WriteComparison(&buf, f, c); err != nil {
			t.Fatal(err)
		}
		want := "relation: none"
		if f == JSON {
			want = `"relation":"none"`
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%v: no %q in\n%s", f, want, buf.String())
		}
	}
}
