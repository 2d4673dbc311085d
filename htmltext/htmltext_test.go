package htmltext

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

func readPage(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "html", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func extractPage(t testing.TB, name string) Page {
	t.Helper()
	p, err := Extract(readPage(t, name))
	if err != nil {
		t.Fatalf("Extract(%s) error: %v", name, err)
	}
	return p
}

// Strings of the WYSO page chrome and of the captions and credits of its
// figures: none may be in the text.
var wysoChrome = []string{
	"Play Live Radio", "Next Up", "0:00", "Available On Air Stations", "91.3 FM",
	"We use cookies", "Accept All Cookies", "Manage Preferences",
	"Our Community. Our Nation.", "Local News", "Arts & Culture", "Program Schedule", "Search WYSO",
	"Facebook", "Twitter", "LinkedIn", "Email",
	"More Stories from NPR", "Vatican announces",
	"Stay Connected", "Contact Us", "FCC Public Inspection File", "Privacy Policy", "© 2025 WYSO", "Yellow Springs",
	"Tags", "Loading...", "Published April 25", "Updated April 25",
	"is a foreign correspondent based in Kyiv", "[Copyright 2024 NPR]", "gtag", "dataLayer",
}

var nprCaptions = []string{
	"A Ukrainian woman looks at rescuers", "Anton Shtuka for NPR", "Getty Images",
	"Russian President Vladimir Putin greets U.S. special envoy", "Rescuers move to another section",
	"A family takes shelter in a local school basement", "covered with plastic body bag",
}

var northlandChrome = []string{
	"Listen Live", "On Air Now", "Give Now", "Member Sign In", "North Woods", "Weather & Road Conditions",
	"This website uses cookies", "Got it", "Learn more",
	"Share this story", "Share on Facebook", "Post on X", "Send by email", "Print",
	"NPR Top Stories", "By NPR", "The North Woods, in your inbox", "Filed under", "Most Read", "walleye",
	"Become a sustaining member", "Bemidji", "EEO Report", "All rights reserved", "Northland Public Radio",
	"Photo:", "_paq",
}

var moscowChrome = []string{
	"Independent News From Russia", "Arts and Life", "Podcasts", "Support The Moscow Times",
	"Related article", "Russia Frees", "Advertisement", "AP / TASS", "A Message from The Moscow Times",
	"Support us", "About us", "all rights reserved", "Steve Witkoff. ", "Ukraine war",
}

func TestExtractPages(t *testing.T) {
	tests := []struct {
		file                          string
		title, url, published, source string
		contains, notContains         []string
		firstParagraph, lastParagraph string
	}{
		{
			file:           "wyso-npr-witkoff.html",
			title:          "Trump envoy Witkoff meets Putin for another round of talks to end war in Ukraine",
			url:            "https://www.wyso.org/npr-news/2025-04-25/trump-envoy-witkoff-meets-putin-for-another-round-of-talks-to-end-war-in-ukraine",
			published:      "2025-04-25T05:58:47-04:00",
			source:         "WYSO",
			contains:       []string{`Zelenskyy says, "I don't see much pressure on Russia"`, "Russian general killed in a car bomb"},
			notContains:    append(slices.Clone(wysoChrome), nprCaptions...),
			firstParagraph: "MOSCOW and KYIV — Russian President Vladimir Putin welcomed White House envoy Steve Witkoff in Moscow on Friday for another round of talks focused on ending the war in Ukraine.",
			lastParagraph:  "Copyright 2025 NPR",
		},
		{
			file:           "northland-npr-witkoff.html",
			title:          "Trump envoy Witkoff meets Putin for another round of talks to end war in Ukraine",
			url:            "https://www.northlandpublicradio.org/npr-top-stories/2025-04-25/trump-envoy-witkoff-meets-putin-talks-ukraine",
			published:      "2025-04-25T16:22:05Z",
			source:         "Northland Public Radio",
			contains:       []string{"No one has claimed responsibility for the explosion."},
			notContains:    append(slices.Clone(northlandChrome), nprCaptions...),
			firstParagraph: "MOSCOW and KYIV — Russian President Vladimir Putin welcomed White House envoy Steve Witkoff in Moscow on Friday for another round of talks focused on ending the war in Ukraine.",
			lastParagraph:  "Copyright 2025 NPR",
		},
		{
			file:           "wyso-putin-envoy.html",
			title:          "Putin Meets US Envoy Steve Witkoff to Discuss Ukraine Peace Talks",
			url:            "https://www.wyso.org/world-news/2025-04-25/putin-meets-us-envoy-steve-witkoff-to-discuss-ukraine-peace-talks",
			published:      "2025-04-25T14:10:00-04:00",
			source:         "WYSO",
			contains:       []string{"“Ukraine will not legally recognise the occupation of Crimea. There is nothing to talk about. It is against our constitution.”"},
			notContains:    append(slices.Clone(wysoChrome), "Kremlin Press Office", "at the Kremlin on Thursday.\n", "Scroll to continue", "Staff Report"),
			firstParagraph: "In a major diplomatic development, Russian President Vladimir Putin held a high-level meeting with US Special Envoy Steve Witkoff at the Kremlin on Thursday, according to the Russian Ministry of Foreign Affairs.",
			lastParagraph:  "Whether this rare meeting will lead to tangible progress remains to be seen, but one thing is certain: the international community is closely watching how the US, Russia, and Ukraine navigate this delicate moment in history.",
		},
		{
			file:           "moscowtimes-1252.html",
			title:          "Trump Envoy Meets With Putin in St. Petersburg for Ukraine Talks",
			url:            "https://www.themoscowtimes.com/2025/04/11/trump-envoy-meets-with-putin-in-st-petersburg-for-ukraine-talks-a88689",
			published:      "2025-04-11T19:27:00+03:00",
			source:         "The Moscow Times",
			contains:       []string{"“senseless war”", "“breakthroughs” from the talks — Witkoff’s third"},
			notContains:    moscowChrome,
			firstParagraph: "U.S. special envoy Steve Witkoff wrapped up his latest talks with Russia’s Vladimir Putin on Friday, after President Donald Trump urged his Russian counterpart to move quicker to end what he said was the country’s “senseless war” with Ukraine.",
			lastParagraph:  "AFP contributed reporting.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := extractPage(t, tt.file)
			for _, f := range []struct{ name, got, want string }{
				{"Title", p.Title, tt.title},
				{"URL", p.URL, tt.url},
				{"Published", p.Published, tt.published},
				{"Source", p.Source, tt.source},
			} {
				if f.got != f.want {
					t.Errorf("Extract(%s).%s = %q, want %q", tt.file, f.name, f.got, f.want)
				}
			}
			if len(p.Warnings) != 0 {
				t.Errorf("Extract(%s).Warnings = %q, want none", tt.file, p.Warnings)
			}
			paras := strings.Split(p.Text, "\n\n")
			if paras[0] != tt.firstParagraph {
				t.Errorf("Extract(%s): first paragraph = %q, want %q", tt.file, paras[0], tt.firstParagraph)
			}
			if last := paras[len(paras)-1]; last != tt.lastParagraph {
				t.Errorf("Extract(%s): last paragraph = %q, want %q", tt.file, last, tt.lastParagraph)
			}
			for _, s := range tt.contains {
				if !strings.Contains(p.Text, s) {
					t.Errorf("Extract(%s).Text lacks %q", tt.file, s)
				}
			}
			for _, s := range tt.notContains {
				if strings.Contains(p.Text, s) {
					t.Errorf("Extract(%s).Text has chrome or caption %q", tt.file, s)
				}
			}
			if strings.Contains(p.Text, "\n\n\n") || strings.TrimSpace(p.Text) != p.Text {
				t.Errorf("Extract(%s).Text has stray blank lines or edge space", tt.file)
			}
		})
	}
}

// words splits s into lower-case words: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// jaccard5 is the Jaccard similarity of the sets of 5-word shingles of a
// and b.
func jaccard5(a, b string) float64 {
	set := func(s string) map[string]bool {
		w := words(s)
		m := map[string]bool{}
		for i := 0; i+5 <= len(w); i++ {
			m[strings.Join(w[i:i+5], " ")] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	inter := 0
	for k := range sa {
		if sb[k] {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

func TestJaccardHelper(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want float64
	}{
		{"same", "one two three four five six", "One, two; three four five six!", 1},
		{"disjoint", "one two three four five", "six seven eight nine ten", 0},
		{"half", "a b c d e f", "a b c d e g", 1.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jaccard5(tt.a, tt.b); got != tt.want {
				t.Errorf("jaccard5(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// The same story under two stations' chrome extracts to nearly the same
// text; two stories under the same chrome do not look alike.
func TestChromeMakesNoSimilarity(t *testing.T) {
	a := extractPage(t, "wyso-npr-witkoff.html").Text
	b := extractPage(t, "northland-npr-witkoff.html").Text
	c := extractPage(t, "wyso-putin-envoy.html").Text
	t.Logf("jaccard5(a, b) = %.4f, jaccard5(a, c) = %.4f", jaccard5(a, b), jaccard5(a, c))
	if j := jaccard5(a, b); j < 0.95 {
		t.Errorf("jaccard5(wyso-npr-witkoff, northland-npr-witkoff) = %.4f, want >= 0.95", j)
	}
	if j := jaccard5(a, c); j >= 0.1 {
		t.Errorf("jaccard5(wyso-npr-witkoff, wyso-putin-envoy) = %.4f, want < 0.1", j)
	}
}

// The windows-1252 page decodes to the words of the story as the seed
// gives it in UTF-8.
func TestWindows1252MatchesSeed(t *testing.T) {
	p := extractPage(t, "moscowtimes-1252.html")
	want := words(string(readPage(t, "moscowtimes-1252.txt")))
	got := words(p.Text)
	if !slices.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Fatalf("words(Extract(moscowtimes-1252.html).Text) differ from the seed at word %d: got %q, want %q",
			i, got[i:min(i+5, len(got))], want[i:min(i+5, len(want))])
	}
	if !utf8.ValidString(p.Text) || strings.ContainsRune(p.Text, utf8.RuneError) {
		t.Errorf("Extract(moscowtimes-1252.html).Text has invalid or replaced characters")
	}
}

func TestBadPages(t *testing.T) {
	tests := []struct {
		name     string
		raw      []byte
		wantErr  error
		contains string // in Text when no error is wanted
		warning  string // in a warning
	}{
		{"truncated mid-tag", readPage(t, "wyso-truncated.html"), nil,
			"Speaking at a news conference in Pretoria", "truncated"},
		{"truncated between tags", cutAfter(t, readPage(t, "wyso-npr-witkoff.html"), "Ramaphosa said he had spoken"), nil,
			"Ramaphosa said he had spoken", "truncated"},
		{"no article text", readPage(t, "wyso-search-empty.html"), ErrNoText, "", ""},
		{"gzip named .html", readPage(t, "wyso-gzipped.html"), ErrBinary, "", ""},
		{"empty", nil, ErrNoText, "", ""},
		{"white space", []byte(" \n\t "), ErrNoText, "", ""},
		{"tags only", []byte("<html><head></head><body><div></div></body></html>"), ErrNoText, "", ""},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary, "", ""},
		{"control bytes", bytes.Repeat([]byte{1, 2, 3, 'a', 'b', 4, 5, 6, 7, 8}, 100), ErrBinary, "", ""},
		{"unclosed tags", []byte("<html><body><article><p>The council voted on Tuesday to close the old bridge for repairs until <b>next spring<p>Residents said the detour would add <i>twenty minutes to their commute every day."),
			nil, "Residents said the detour would add twenty minutes", ""},
		{"600 nested unclosed divs", []byte("<html><head><title>Deep page</title></head><body>" + strings.Repeat("<div>", 600) +
			"<p>The council voted on Tuesday to close the old bridge for repairs until next spring, officials said.</p>"),
			nil, "The council voted on Tuesday to close the old bridge", "without its structure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract(tt.raw)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Extract(%s) error = %v, want %v", tt.name, err, tt.wantErr)
				}
				if p.Text != "" {
					t.Errorf("Extract(%s).Text = %q with an error, want \"\"", tt.name, p.Text)
				}
				return
			}
			if err != nil {
				t.Fatalf("Extract(%s) error: %v", tt.name, err)
			}
			if !strings.Contains(p.Text, tt.contains) {
				t.Errorf("Extract(%s).Text = %q, want it to contain %q", tt.name, p.Text, tt.contains)
			}
			if tt.warning != "" && !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, tt.warning) }) {
				t.Errorf("Extract(%s).Warnings = %q, want one about %q", tt.name, p.Warnings, tt.warning)
			}
		})
	}
}

// cutAfter returns page cut at the end of the paragraph that holds s.
func cutAfter(t *testing.T, page []byte, s string) []byte {
	t.Helper()
	i := bytes.Index(page, []byte(s))
	if i < 0 {
		t.Fatalf("%q not in the page", s)
	}
	j := bytes.Index(page[i:], []byte("</p>"))
	return page[:i+j+len("</p>")]
}

func TestNotTruncated(t *testing.T) {
	for name, raw := range map[string]string{
		"whole page": article("", "The council voted on Tuesday to close the old bridge for repairs until next spring."),
		"fragment":   "<p>The council voted on Tuesday to close the old bridge for repairs until next spring, officials said.</p>",
	} {
		p, err := Extract([]byte(raw))
		if err != nil || slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "truncated") }) {
			t.Errorf("Extract(%s) = %v, warnings %q; want no truncation warning", name, err, p.Warnings)
		}
	}
}

// The rules that leave out what is never article text, each on a page
// made for it.
func TestRules(t *testing.T) {
	body := "<p>The council voted on Tuesday to close the old bridge for repairs until next spring, officials said.</p>" +
		"<p>Residents said the detour would add twenty minutes to their commute every day of the week.</p>"
	page := func(head, before, after string) []byte {
		return []byte("<html><head>" + head + "</head><body><article>" + before + body + after + "</article></body></html>")
	}
	tests := []struct {
		name           string
		raw            []byte
		absent, within string // absent from the text; in the text
	}{
		{"h1 headline", page("<title>Bridge to close for repairs - The Daily</title>", "<h1>Bridge to close for repairs</h1>", ""), "Bridge to close", "The council voted"},
		{"headline as a paragraph", page(`<meta property="og:title" content="Bridge to close for repairs">`, "<p>Bridge to close for repairs</p>", ""), "Bridge to close", "The council voted"},
		{"a sentence like the headline stays", page("<title>Bridge to close</title>", "", "<p>Bridge to close, the council says, and many residents are not happy about it at all.</p>"), "", "Bridge to close, the council says"},
		{"list of links", page("", "", `<p>More news</p><ul><li><a href="/a">Mayor opens the new library downtown</a></li><li><a href="/b">School board meets on Friday</a></li></ul>`), "Mayor opens", "twenty minutes"},
		{"link in a sentence stays", page("", `<p>The <a href="/c">council</a> said the bridge has needed repairs for years, and the work will be paid by the state.</p>`, ""), "", "said the bridge has needed repairs"},
		{"byline with a date", page("", "<p>By Jane Doe - 11/18/19 11:04 PM EST</p>", ""), "Jane Doe", "The council voted"},
		{"updated line", page("", "<p>Updated 11:21 pm CST, Tuesday, November 19, 2019</p>", ""), "Updated", "The council voted"},
		{"a short sentence with a time stays", page("", "<p>At 8:30 a.m. the police closed the road.</p>", ""), "", "At 8:30 a.m. the police"},
		{"a sentence that starts with By stays", page("", "<p>By 5:00 p.m. Friday, the rally was over.</p>", ""), "", "By 5:00 p.m. Friday"},
		{"a sentence with a date and a time stays", page("", "<p>On Nov. 18, 2019, at 11:04 p.m., police arrived.</p>", ""), "", "police arrived"},
		{"updated at a time", page("", "<p>Updated at 1:23 p.m.</p>", ""), "Updated", "The council voted"},
		{"a bare URL", page("", "<p>https://daily.example/news/bridge</p>", ""), "https://", "The council voted"},
		{"no letters", page("", "<p>/*</p>", ""), "/*", "The council voted"},
		{"form around the page", []byte("<html><body><form method=post><div>" + body + "<p>A third paragraph of the story, about the bridge and its history.</p></div><input type=submit></form></body></html>"), "", "The council voted"},
		{"japanese", []byte("<html><body><article><p>先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が逮捕されたというニュースを耳にしました。</p></article></body></html>"), "", "商標法違反"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract(tt.raw)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if tt.absent != "" && strings.Contains(p.Text, tt.absent) {
				t.Errorf("Extract(%s).Text = %q, want no %q", tt.name, p.Text, tt.absent)
			}
			if !strings.Contains(p.Text, tt.within) {
				t.Errorf("Extract(%s).Text = %q, want %q in it", tt.name, p.Text, tt.within)
			}
		})
	}
}

func TestMetaDate(t *testing.T) {
	for _, tt := range []struct{ head, want string }{
		{`<meta name="date" content="2019-11-18">`, "2019-11-18"},
		{`<meta name="DC.date.issued" content="2019-11-18T10:00:00Z">`, "2019-11-18T10:00:00Z"},
		{`<meta property="article:published_time" content="2019-11-17T09:00:00Z"><meta name="date" content="2019-11-18">`, "2019-11-17T09:00:00Z"},
	} {
		p, err := Extract([]byte(article(tt.head, "The council voted on Tuesday to close the old bridge for repairs until next spring.")))
		if err != nil || p.Published != tt.want {
			t.Errorf("Extract with %s: Published %q, %v; want %q", tt.head, p.Published, err, tt.want)
		}
	}
}

// article wraps a paragraph of body text in a page with the given head.
func article(head, body string) string {
	return "<html><head>" + head + "<title>Bridge closes</title></head><body><article><h1>Bridge closes</h1><p>" +
		body + "</p><p>The council will meet again next month to hear from residents about the detour.</p></article></body></html>"
}

func TestCharsets(t *testing.T) {
	const story = "The caf\u00e9 owner said \u201cwe will stay open\u201d \u2014 whatever the council decides about the bridge."
	utf16 := func(s string, bigEndian bool) []byte {
		var b []byte
		if bigEndian {
			b = []byte{0xfe, 0xff}
		} else {
			b = []byte{0xff, 0xfe}
		}
		for _, r := range s {
			if r > 0xffff {
				panic("test text outside the BMP")
			}
			if bigEndian {
				b = append(b, byte(r>>8), byte(r))
			} else {
				b = append(b, byte(r), byte(r>>8))
			}
		}
		return b
	}
	win1252 := strings.NewReplacer("\u00e9", "\xe9", "\u201c", "\x93", "\u201d", "\x94", "\u2014", "\x97")
	tests := []struct {
		name     string
		raw      []byte
		want     string // in Text
		warnings int
	}{
		{"utf-8 declared", []byte(article(`<meta charset="utf-8">`, story)), story, 0},
		{"utf-8 undeclared", []byte(article("", story)), story, 0},
		{"utf-8 with BOM", []byte("\xef\xbb\xbf" + article("", story)), story, 0},
		{"windows-1252 http-equiv", []byte(win1252.Replace(article(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`, story))), story, 0},
		{"iso-8859-1 meta charset", []byte(win1252.Replace(article(`<meta charset="ISO-8859-1">`, story))), story, 0},
		{"windows-1252 undeclared", []byte(win1252.Replace(article("", story))), story, 1},
		{"utf-16le BOM", utf16(article("", story), false), story, 0},
		{"utf-16be BOM", utf16(article(`<meta charset="utf-16">`, story), true), story, 0},
		{"utf-8 with invalid bytes", []byte(article(`<meta charset="utf-8">`, "The caf\u00e9 \xff\xfe owner said \u201cwe will stay open\u201d \u2014 whatever the council decides.")),
			"caf\u00e9 \ufffd\ufffd owner said", 1},
		{"unknown charset", []byte(article(`<meta charset="x-klingon">`, story)), story, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract(tt.raw)
			if err != nil {
				t.Fatalf("Extract(%s) error: %v", tt.name, err)
			}
			if !strings.Contains(p.Text, tt.want) {
				t.Errorf("Extract(%s).Text = %q, want it to contain %q", tt.name, p.Text, tt.want)
			}
			if len(p.Warnings) != tt.warnings {
				t.Errorf("Extract(%s).Warnings = %q, want %d", tt.name, p.Warnings, tt.warnings)
			}
			if p.Title != "Bridge closes" {
				t.Errorf("Extract(%s).Title = %q, want %q", tt.name, p.Title, "Bridge closes")
			}
		})
	}
}

func TestPrune(t *testing.T) {
	const story = "<p>The county will close the old river bridge on Monday for six months of repairs.</p>" +
		"<p>Drivers will be sent over the highway bridge, a detour of about 20 minutes.</p>" +
		"<p>The council will meet again next month to hear from residents about the detour.</p>"
	tests := []struct {
		name     string
		body     string
		drop     string // not in the text
		keepText string // in the text
	}{
		{"figcaption", "<article><figure><img src=a.jpg><figcaption>The old bridge in March.</figcaption></figure>" + story + "</article>",
			"The old bridge in March.", "a detour of about 20 minutes"},
		{"caption class", `<article>` + story + `<div class="image-caption">The old bridge in March. <span class="photo-credit">J. Doe</span></div></article>`,
			"The old bridge in March.", "a detour of about 20 minutes"},
		{"credit class alone", `<article>` + story + `<p class="byline-credit">Photo by J. Doe</p></article>`,
			"Photo by J. Doe", "a detour of about 20 minutes"},
		{"cookie banner", `<div id="cookieConsent"><p>We use cookies to improve this site and to show you relevant advertising from partners.</p></div><article>` + story + `</article>`,
			"We use cookies", "a detour of about 20 minutes"},
		{"wrapper named for captions kept", `<div class="story with-captions">` + story + `<figure><figcaption>The old bridge in March.</figcaption></figure></div>`,
			"The old bridge in March.", "The county will close the old river bridge"},
		{"navigation role", `<div role="navigation"><p>Home News Sports Weather Opinion Obituaries Contact Subscribe</p></div><article>` + story + `</article>`,
			"Obituaries", "a detour of about 20 minutes"},
		{"hidden", `<article>` + story + `<p hidden>Sign in to keep reading this and all our other stories today.</p></article>`,
			"Sign in to keep reading", "a detour of about 20 minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract([]byte("<html><head><title>Bridge</title></head><body>" + tt.body + "</body></html>"))
			if err != nil {
				t.Fatalf("Extract(%s) error: %v", tt.name, err)
			}
			if strings.Contains(p.Text, tt.drop) {
				t.Errorf("Extract(%s).Text = %q, want no %q", tt.name, p.Text, tt.drop)
			}
			if !strings.Contains(p.Text, tt.keepText) {
				t.Errorf("Extract(%s).Text = %q, want %q in it", tt.name, p.Text, tt.keepText)
			}
		})
	}
}

func TestMetadataSources(t *testing.T) {
	const body = "<body><article><p>The council voted on Tuesday to close the old bridge for repairs until next spring, officials said.</p></article></body>"
	tests := []struct {
		name string
		head string
		want Page // Text is not compared
	}{
		{"og beats title", `<title>Other | Site</title><meta property="og:title" content="Bridge closes">`, Page{Title: "Bridge closes"}},
		{"title less site suffix", `<title>Bridge closes for repairs | WYSO</title>`, Page{Title: "Bridge closes for repairs"}},
		{"title less NPR suffix", `<title>Bridge closes for repairs - NPR</title>`, Page{Title: "Bridge closes for repairs"}},
		{"suffix equal to site name", `<title>Bridge closes - Valley Public Radio News</title><meta property="og:site_name" content="Valley Public Radio News">`,
			Page{Title: "Bridge closes", Source: "Valley Public Radio News"}},
		{"dash inside title kept", `<title>Bridge closes - and the detour is long</title>`, Page{Title: "Bridge closes - and the detour is long"}},
		{"canonical beats og:url", `<title>B</title><link rel="canonical" href="https://a.example/x"><meta property="og:url" content="https://b.example/y">`,
			Page{Title: "B", URL: "https://a.example/x"}},
		{"relative canonical ignored", `<title>B</title><link rel="canonical" href="/x"><meta property="og:url" content="https://b.example/y">`,
			Page{Title: "B", URL: "https://b.example/y"}},
		{"published_time beats JSON-LD", `<title>B</title><meta property="article:published_time" content="2025-04-25T09:00:00Z"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-01-01"}</script>`,
			Page{Title: "B", Published: "2025-04-25T09:00:00Z"}},
		{"JSON-LD date and publisher", `<title>B</title><script type="application/ld+json">[{"@type":"NewsArticle","datePublished":"2025-04-25T09:00:00.000+02:00","publisher":{"@type":"Organization","name":"Daily Example"}}]</script>`,
			Page{Title: "B", Published: "2025-04-25T09:00:00+02:00", Source: "Daily Example"}},
		{"JSON-LD publisher by @id", `<title>B</title><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","publisher":{"@id":"#org"}},{"@id":"#org","@type":"Organization","name":"Daily Example"}]}</script>`,
			Page{Title: "B", Source: "Daily Example"}},
		{"bad JSON-LD ignored", `<title>B</title><script type="application/ld+json">{"datePublished": </script>`, Page{Title: "B"}},
		{"date without zone", `<title>B</title><meta property="article:published_time" content="2025-04-25T09:00:00">`, Page{Title: "B", Published: "2025-04-25"}},
		{"date only", `<title>B</title><meta property="article:published_time" content="2025-04-25">`, Page{Title: "B", Published: "2025-04-25"}},
		{"unparsable date falls through", `<title>B</title><meta property="article:published_time" content="last Tuesday"><script type="application/ld+json">{"datePublished":"2025-04-24"}</script>`,
			Page{Title: "B", Published: "2025-04-24"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract([]byte("<html><head>" + tt.head + "</head>" + body + "</html>"))
			if err != nil {
				t.Fatalf("Extract(%s) error: %v", tt.name, err)
			}
			p.Text, p.Warnings = "", nil
			if fmt.Sprint(p) != fmt.Sprint(tt.want) {
				t.Errorf("Extract(%s) = %+v, want %+v", tt.name, p, tt.want)
			}
		})
	}
}

// Every page gives the same result on every call, also when called
// concurrently.
func TestDeterministic(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "html", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test pages: %v", err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, wantErr := Extract(raw)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				got, err := Extract(raw)
				if fmt.Sprint(got, err) != fmt.Sprint(want, wantErr) {
					t.Errorf("Extract(%s) differs between calls", filepath.Base(f))
				}
			})
		}
		wg.Wait()
	}
}

// A 20 MB page is read in bounded time and memory: what lies beyond the
// size bounds is dropped with a warning.
func TestLargePage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20 MB page")
	}
	page := readPage(t, "wyso-npr-witkoff.html")
	i := bytes.Index(page, []byte(`<div class="RichTextArticleBody`))
	j := bytes.Index(page, []byte(`<div class="ArticlePage-tags`))
	var b bytes.Buffer
	b.Write(page[:i])
	for n := 0; b.Len() < 20<<20; n++ {
		fmt.Fprintf(&b, "<p>Section %d of the report follows.</p>\n", n)
		b.Write(page[i:j])
	}
	b.Write(page[j:])
	p, err := Extract(b.Bytes())
	if err != nil {
		t.Fatalf("Extract(20 MB page) error: %v", err)
	}
	if !strings.Contains(p.Text, "Russian general killed in a car bomb") {
		t.Errorf("Extract(20 MB page).Text lacks the story")
	}
	if len(p.Text) > maxText+maxElements*2 {
		t.Errorf("len(Extract(20 MB page).Text) = %d, want at most %d", len(p.Text), maxText+maxElements*2)
	}
	if !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "only the first") }) {
		t.Errorf("Extract(20 MB page).Warnings = %q, want one about the size bound", p.Warnings)
	}
}

func FuzzExtract(f *testing.F) {
	// Small seeds only: the fuzzer minimizes every input that finds new
	// code, one byte at a time, and whole news pages take it hours.
	for _, name := range []string{"moscowtimes-1252.html", "wyso-search-empty.html"} {
		f.Add(readPage(f, name))
	}
	f.Add([]byte(article(`<meta charset="windows-1252">`, "caf\xe9 \x93quoted\x94 \x97 dash and more words here")))
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"))
	f.Add([]byte("<p>a<b>b<i>c</b>d</i>e"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"publisher":{"@id":"x"}},{"@id":"x","name":1}]}</script>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := Extract(raw)
		for _, s := range append([]string{p.Text, p.Title, p.URL, p.Published, p.Source}, p.Warnings...) {
			if !utf8.ValidString(s) {
				t.Fatalf("Extract(%q) gives invalid UTF-8 %q", raw, s)
			}
		}
		if err != nil && p.Text != "" {
			t.Fatalf("Extract(%q) gives text %q with error %v", raw, p.Text, err)
		}
		// Decoding can grow a byte to three (windows-1252 to UTF-8, an
		// invalid byte to U+FFFD); nothing else adds to the text.
		if len(p.Text) > 3*len(raw) {
			t.Fatalf("Extract(%q): len(Text) = %d > 3*len(raw)", raw, len(p.Text))
		}
		q, err2 := Extract(raw)
		if fmt.Sprint(p, err) != fmt.Sprint(q, err2) {
			t.Fatalf("Extract(%q) differs between calls", raw)
		}
		// The same page as a record's field, and served with a charset.
		for _, x := range []func() (Page, error){
			func() (Page, error) { return ExtractString(string(raw)) },
			func() (Page, error) { return ExtractCharset(raw, "iso-8859-1") },
			func() (Page, error) { return ExtractCharset(raw, string(raw[:min(len(raw), 12)])) },
		} {
			p, err := x()
			for _, s := range append([]string{p.Text, p.Title, p.URL, p.Published, p.Source}, p.Warnings...) {
				if !utf8.ValidString(s) {
					t.Fatalf("%q gives invalid UTF-8 %q", raw, s)
				}
			}
			if err != nil && p.Text != "" {
				t.Fatalf("%q gives text with error %v", raw, err)
			}
		}
	})
}

// A page of more tags than maxTags is parsed up to the last one allowed,
// with a warning, so that a page of bare tags costs no more than its
// bounds; nthTag finds the cut.
func TestMaxTags(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want int
	}{
		{"a<b<c", 1, 1}, {"a<b<c", 2, 3}, {"a<b<c", 3, -1}, {"", 1, -1},
	} {
		if got := nthTag(tt.s, tt.n); got != tt.want {
			t.Errorf("nthTag(%q, %d) = %d, want %d", tt.s, tt.n, got, tt.want)
		}
	}
	var b strings.Builder
	b.WriteString("<html><body><article><p>" + strings.Repeat("The council met on Tuesday to vote on the budget. ", 20) + "</p>")
	for range maxTags {
		b.WriteString("<i>x</i> ")
	}
	p, err := Extract([]byte(b.String()))
	if err != nil || !strings.Contains(p.Text, "The council met") {
		t.Fatalf("Extract of a page of many tags: %v, text %.60q", err, p.Text)
	}
	if !slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, "tags") }) {
		t.Errorf("no warning of the tags dropped: %q", p.Warnings)
	}
}
