package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// chromium finds a Chromium binary, or skips the test; with CI=true a
// missing Chromium fails it instead.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium not found (chromium, chromium-browser or /usr/bin/chromium) and CI=true: install it to run the browser test")
	}
	t.Skip("Chromium not found (chromium, chromium-browser or /usr/bin/chromium); skipping the browser test")
	return ""
}

// runChromium runs headless Chromium on page (a file URL with its
// fragment) with the extra arguments and returns its standard output.
func runChromium(t *testing.T, bin, page string, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(context.Background(), bin, append(append(base, args...), "file://"+page)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// writePage writes the report of d into a new folder and returns its path.
func writePage(t *testing.T, d Data) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, d); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return page
}

// liveDOM opens page at fragment in headless Chromium and returns the DOM
// its script built, after checking that nothing an input carries ran or
// became markup.
func liveDOM(t *testing.T, bin, page, fragment string) *html.Node {
	t.Helper()
	dom := runChromium(t, bin, page+fragment, "--dump-dom", "--virtual-time-budget=2000")
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		t.Fatalf("parsing the dumped DOM: %v", err)
	}
	var title string
	walk(doc, func(n *html.Node) {
		if n.Data == "title" {
			title = textOf(n)
		}
		if _, ok := attr(n, "data-injected"); ok {
			t.Errorf("<%s> has data-injected: an injected script ran", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has %s=%q in the live DOM", n.Data, a.Key, a.Val)
			}
			if a.Key == "href" && !strings.HasPrefix(a.Val, "#") && !webURL(a.Val) {
				t.Errorf("<%s> links to %q", n.Data, a.Val)
			}
		}
		switch n.Data {
		case "img", "svg", "textarea", "iframe":
			t.Errorf("live DOM has an injected <%s>", n.Data)
		}
	})
	if title != "wiretrace report" {
		t.Errorf("document.title = %q, want %q (an injected script would change it)", title, "wiretrace report")
	}
	return doc
}

// screenshot writes a screenshot of page at fragment into the test's
// artifact directory (kept with go test -artifacts -outputdir DIR).
func screenshot(t *testing.T, bin, page, fragment, name string) {
	t.Helper()
	shot := filepath.Join(t.ArtifactDir(), name)
	runChromium(t, bin, page+fragment, "--screenshot="+shot, "--window-size=1400,2200", "--hide-scrollbars", "--virtual-time-budget=2000")
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot written: %v", err)
	} else {
		t.Logf("screenshot: %s (%d bytes)", shot, st.Size())
	}
}

// rowTexts returns, for each aligned row under n, its kind and the text
// of its left and right cells.
func rowTexts(n *html.Node) [][3]string {
	var out [][3]string
	walk(n, func(r *html.Node) {
		if r.Data != "div" || !hasClass(r, "row") || hasClass(r, "head") {
			return
		}
		var l, rt string
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case hasClass(c, "l"):
				l = textOf(c)
			case hasClass(c, "r"):
				rt = textOf(c)
			}
		}
		kind := strings.TrimSpace(strings.TrimPrefix(attrOr(r, "class"), "row"))
		out = append(out, [3]string{kind, l, rt})
	})
	return out
}

func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

// byID finds the element with the id.
func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) {
		if v, _ := attr(n, "id"); v == id && found == nil {
			found = n
		}
	})
	return found
}

// TestBrowser opens the fixture family (#fam-1) in headless Chromium and
// checks what the browser drew: each member beside the original in
// aligned rows, the reprint's copied paragraphs beside the same
// paragraphs of the original, its own paragraph on a row of its own, the
// paragraphs it leaves out collapsed; the independent article listed
// with the quotation it shares; and none of the hostile article's markup
// run.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	d := familyData(t)
	// The partial copy has no title, and its passage is rewritten, not
	// verbatim.
	d.Articles = slices.Clone(d.Articles)
	for i := range d.Articles {
		if d.Articles[i].Doc == partialID {
			d.Articles[i].Title = ""
		}
	}
	d.Passages = slices.Clone(d.Passages)
	for i := range d.Passages {
		if p := &d.Passages[i]; p.Doc == partialID && p.Kind == "shared" {
			p.Kind = "rewritten"
		}
	}
	page := writePage(t, d)
	doc := liveDOM(t, bin, page, "#fam-1")
	fam := byID(doc, "fam-1")
	if fam == nil {
		t.Fatal("no family drawn")
	}
	if _, open := attr(fam, "open"); !open {
		t.Fatal("#fam-1 did not open the family")
	}
	views := 0
	walk(fam, func(n *html.Node) {
		if n.Data == "section" && hasClass(n, "view") && attrOr(n, "id") != "" {
			views++
		}
	})
	if views != 3 {
		t.Errorf("%d members drawn beside the original, want 3", views)
	}
	rep := byID(doc, "fam-1-m"+itoa(1+slices.Index(familyDocs(d.Families[0])[1:], reprintID)))
	if rep == nil {
		t.Fatal("the reprint's view is missing")
	}
	rows := rowTexts(rep)
	same, own, cut := 0, 0, 0
	orig, _ := d.Text(origID)
	reprint, _ := d.Text(reprintID)
	for _, r := range rows {
		switch r[0] {
		case "pair":
			if r[1] == r[2] && strings.Contains(orig, r[1]) {
				same++
			}
		case "own":
			if r[1] != "" || !strings.Contains(reprint, strings.TrimSpace(r[2])) {
				t.Errorf("own row %q | %q", r[1], r[2])
			}
			own++
		case "cut":
			if r[2] != "" || !strings.Contains(r[1], "paragraphs of the original not in this article") {
				t.Errorf("cut row %q | %q", r[1], r[2])
			}
			cut++
		}
	}
	if same < 3 || own != 1 || cut < 1 {
		t.Errorf("reprint rows: %d the same on both sides, %d own, %d cut; want at least 3, 1, 1\n%q", same, own, cut, rows)
	}
	// Own reporting and copied text are marked in the member's cells.
	marks := map[string]int{}
	walk(rep, func(n *html.Node) {
		for _, k := range []string{"shared", "quote", "unique", "taken"} {
			if n.Data == "span" && hasClass(n, k) {
				marks[k]++
			}
		}
	})
	if marks["shared"] == 0 || marks["quote"] < 2 || marks["unique"] == 0 || marks["taken"] == 0 {
		t.Errorf("reprint marks %v: want copied, quoted (both sides), own and taken text", marks)
	}
	// Rewritten text is drawn apart from verbatim copy.
	part := byID(doc, "fam-1-m"+itoa(1+slices.Index(familyDocs(d.Families[0])[1:], partialID)))
	rewritten, verbatim := 0, 0
	walk(part, func(n *html.Node) {
		if n.Data == "span" && hasClass(n, "rewritten") {
			rewritten++
		}
		if n.Data == "span" && hasClass(n, "shared") {
			verbatim++
		}
	})
	if rewritten == 0 || verbatim != 0 {
		t.Errorf("partial copy: %d rewritten and %d verbatim passages drawn, want rewritten only", rewritten, verbatim)
	}
	// Without a title, the id names it once.
	var head string
	walk(part, func(n *html.Node) {
		if n.Data == "h4" && head == "" {
			head = textOf(n) + " | " + textOf(n.NextSibling)
		}
	})
	if strings.Count(head, partialID) != 1 {
		t.Errorf("partial copy's heading %q: want its id once", head)
	}
	indep := byID(doc, "indep-list")
	if got := textOf(indep); !strings.Contains(got, "Putin, US Envoy Hold 4-Hour Ukraine Talks") || !strings.Contains(got, "1 shared passages (1 quotations") {
		t.Errorf("independent list = %q, want the article and the quotation it shares", got)
	}
	screenshot(t, bin, page, "#fam-1", "family.png")
}

func itoa(i int) string { return string(rune('0' + i)) }

// TestBrowserEdits changes "Friday" to "Thursday" in the reprint: the
// browser shows the changed word marked and flagged on both sides of its
// row.
func TestBrowserEdits(t *testing.T) {
	bin := chromium(t)
	d := editedFamily(t)
	page := writePage(t, d)
	doc := liveDOM(t, bin, page, "#fam-1")
	var got []string
	walk(doc, func(n *html.Node) {
		if n.Data == "span" && hasClass(n, "ed") && hasClass(n, "date") {
			side := "r"
			for p := n.Parent; p != nil; p = p.Parent {
				if hasClass(p, "l") {
					side = "l"
				}
			}
			got = append(got, side+" "+textOf(n)+" "+attrOr(n, "title"))
		}
	})
	want := []string{`l Friday “Thursday” for “Friday” (changed date)`, `r Thursday “Thursday” for “Friday” (changed date)`}
	if !slices.Equal(got, want) {
		t.Errorf("marked edits in the live DOM = %q, want %q", got, want)
	}
	screenshot(t, bin, page, "#fam-1", "edits.png")
}

// TestBrowserFilter opens a report of several families with the filter
// set from the URL (#q=...): only the matching family and article are
// drawn, and the count says so.
func TestBrowserFilter(t *testing.T) {
	bin := chromium(t)
	d := familyData(t)
	// Five more families of two, each named for a city.
	for _, city := range []string{"Lisbon", "Oslo", "Dakar", "Quito", "Hanoi"} {
		a, b := "wire/"+city+".txt", "paper/"+city+".txt"
		d.Articles = append(d.Articles,
			Article{Doc: a, Family: a, Role: "original", Title: "Storm in " + city, Source: "Wire"},
			Article{Doc: b, Family: a, Role: "copy", SourceDoc: a, Title: "Storm hits " + city, Source: "Paper"})
		d.Families = append(d.Families, Family{Size: 2, Original: a, Members: []string{a, b}})
	}
	page := writePage(t, d)
	doc := liveDOM(t, bin, page, "#q=oslo")
	var families []string
	walk(byID(doc, "family-list"), func(n *html.Node) {
		if n.Data == "details" && hasClass(n, "family") {
			families = append(families, textOf(n.FirstChild))
		}
	})
	if len(families) != 1 || !strings.HasPrefix(families[0], "Storm in Oslo") {
		t.Errorf("families drawn under the filter \"oslo\": %q, want Storm in Oslo alone", families)
	}
	if got := textOf(byID(doc, "count")); got != "1 family, 0 independent articles, 0 pairs match" {
		t.Errorf("count = %q", got)
	}
	if got := textOf(byID(doc, "indep-list")); !strings.Contains(got, "Nothing matches the filter") {
		t.Errorf("independents under the filter: %q", got)
	}
	// Unfiltered, every family is listed.
	all := 0
	walk(byID(liveDOM(t, bin, page, ""), "family-list"), func(n *html.Node) {
		if n.Data == "details" && hasClass(n, "family") {
			all++
		}
	})
	if all != 6 {
		t.Errorf("%d families listed without a filter, want 6", all)
	}
	screenshot(t, bin, page, "#q=oslo", "filter.png")
}
