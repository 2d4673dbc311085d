package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// chromium finds a Chromium binary, or skips the test; with CI=true a
// missing Chromium fails it instead.
func chromium(t *testing.T) string {
	t.Helper()
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

// runChromium runs headless Chromium on page with the extra arguments and
// returns its standard output.
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

// TestBrowser opens report.html of a small family in headless Chromium
// and checks the DOM the browser built: the family and its highlighted,
// linked passages are there, and none of the scripts the hostile article
// carries ran. It leaves a screenshot, report.png, in the test's folder
// (kept with -test.v output naming it).
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(f, familyData(t)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	dom := runChromium(t, bin, page, "--dump-dom")
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		t.Fatalf("parsing the dumped DOM: %v", err)
	}
	var title string
	scripts, families, shared, quotes, unique, links := 0, 0, 0, 0, 0, 0
	ids := map[string]bool{}
	var hrefs []string
	walk(doc, func(n *html.Node) {
		switch {
		case n.Data == "title":
			title = textOf(n)
		case n.Data == "script":
			scripts++
		case n.Data == "details" && hasClass(n, "family"):
			families++
		}
		if v, ok := attr(n, "id"); ok {
			ids[v] = true
		}
		if n.Data == "a" && hasClass(n, "shared") {
			shared++
		}
		if hasClass(n, "quote") && n.Data != "i" {
			quotes++
		}
		if hasClass(n, "unique") {
			unique++
		}
		if h, ok := attr(n, "href"); ok && strings.HasPrefix(h, "#fam-") {
			links++
			hrefs = append(hrefs, h[1:])
		}
		if _, ok := attr(n, "data-injected"); ok {
			t.Errorf("<%s> has data-injected: an injected script ran", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has %s=%q in the live DOM", n.Data, a.Key, a.Val)
			}
		}
		switch n.Data {
		case "img", "svg", "textarea":
			t.Errorf("live DOM has an injected <%s>", n.Data)
		}
	})
	if title != "wiretrace report" {
		t.Errorf("document.title = %q, want %q (an injected script would change it)", title, "wiretrace report")
	}
	if scripts != 1 {
		t.Errorf("live DOM has %d script elements, want 1", scripts)
	}
	if families != 1 {
		t.Errorf("live DOM has %d family views, want 1", families)
	}
	if shared < 4 || quotes < 2 || unique < 3 {
		t.Errorf("live DOM highlights %d shared, %d quote, %d unique passages; want at least 4, 2, 3", shared, quotes, unique)
	}
	if links < 11 {
		t.Errorf("live DOM has %d links within families, want at least 11", links)
	}
	for _, h := range hrefs {
		if !ids[h] {
			t.Errorf("link #%s has no target in the live DOM", h)
		}
	}

	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, page, "--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars")
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot written: %v", err)
	} else {
		t.Logf("screenshot: %s (%d bytes)", shot, st.Size())
	}
	if dst := os.Getenv("WIRETRACE_SCREENSHOT"); dst != "" {
		b, err := os.ReadFile(shot)
		if err == nil {
			err = os.WriteFile(dst, b, 0o644)
		}
		if err != nil {
			t.Errorf("copying the screenshot to %s: %v", dst, err)
		}
	}
}

// TestBrowserCollapsed opens a report whose families are collapsed at a
// passage link (#fam-6-d0-0): the page's script must open that family,
// draw its texts from JSON with their highlights and links, and run none
// of the hostile article's markup.
func TestBrowserCollapsed(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, manyFamilies(t)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, bin, page+"#fam-6-d0-0", "--dump-dom")
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		t.Fatalf("parsing the dumped DOM: %v", err)
	}
	var title string
	open, drawn, shared, links := 0, 0, 0, 0
	walk(doc, func(n *html.Node) {
		if n.Data == "title" {
			title = textOf(n)
		}
		if n.Data == "details" && hasClass(n, "family") {
			if _, ok := attr(n, "open"); ok {
				open++
				walk(n, func(c *html.Node) {
					if c.Data == "article" {
						drawn++
					}
					if c.Data == "a" && hasClass(c, "shared") {
						shared++
						if h, _ := attr(c, "href"); strings.HasPrefix(h, "#fam-6-") {
							links++
						}
					}
				})
			}
		}
		if _, ok := attr(n, "data-injected"); ok {
			t.Errorf("<%s> has data-injected: an injected script ran", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has %s=%q in the live DOM", n.Data, a.Key, a.Val)
			}
			if a.Key == "href" && strings.HasPrefix(strings.ToLower(a.Val), "javascript:") {
				t.Errorf("<%s> links to %q", n.Data, a.Val)
			}
		}
		switch n.Data {
		case "img", "svg", "textarea":
			t.Errorf("live DOM has an injected <%s>", n.Data)
		}
	})
	if title != "wiretrace report" {
		t.Errorf("document.title = %q, want %q", title, "wiretrace report")
	}
	if open != 1 || drawn != 4 {
		t.Errorf("%d families open with %d articles drawn, want 1 with 4", open, drawn)
	}
	if shared < 4 || links < 4 {
		t.Errorf("drawn family has %d shared passages, %d linked within it; want at least 4 and 4", shared, links)
	}
}
