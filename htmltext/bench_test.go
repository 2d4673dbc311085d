package htmltext

import (
	"strings"
	"testing"

	readability "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// storyPages are the test pages that hold an article.
var storyPages = []string{
	"wyso-npr-witkoff.html", "northland-npr-witkoff.html", "wyso-putin-envoy.html", "moscowtimes-1252.html",
}

func BenchmarkExtract(b *testing.B) {
	for _, name := range storyPages {
		raw := readPage(b, name)
		b.Run(strings.TrimSuffix(name, ".html"), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if _, err := Extract(raw); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// extractor is one way to get a page's text from its pruned document.
type extractor struct {
	name string
	text func(doc *html.Node) string
}

func trafilaturaWith(opts trafilatura.Options) func(*html.Node) string {
	return func(doc *html.Node) string {
		res, err := trafilatura.ExtractDocument(doc, opts)
		if err != nil || res == nil || res.ContentNode == nil {
			return ""
		}
		return render(res.ContentNode)
	}
}

var extractors = []extractor{
	{"trafilatura-precision", trafilaturaWith(trafilatura.Options{ExcludeComments: true, HtmlDateMode: trafilatura.Disabled, Focus: trafilatura.FavorPrecision})},
	{"trafilatura-balanced", trafilaturaWith(trafilatura.Options{ExcludeComments: true, HtmlDateMode: trafilatura.Disabled})},
	{"trafilatura-defaults", trafilaturaWith(trafilatura.Options{})},
	{"trafilatura-fallback", trafilaturaWith(trafilatura.Options{ExcludeComments: true, EnableFallback: true})},
	{"readability", func(doc *html.Node) string {
		a, err := readability.FromDocument(doc, nil)
		if err != nil || a.Node == nil {
			return ""
		}
		return render(a.Node)
	}},
}

// BenchmarkLibraries compares the extraction libraries, and options of
// trafilatura, on the story pages, each page decoded and pruned as
// Extract does. Besides speed it reports quality: chrome/page counts the
// chrome and caption strings of the page found in the text, missing/page
// the paragraphs of the story not found in it (measured against what
// Extract gives, which the tests check by hand-written expectations).
func BenchmarkLibraries(b *testing.B) {
	type page struct {
		src    string
		chrome []string
		paras  []string
	}
	chrome := map[string][]string{
		"wyso-npr-witkoff.html":      append(append([]string{}, wysoChrome...), nprCaptions...),
		"northland-npr-witkoff.html": append(append([]string{}, northlandChrome...), nprCaptions...),
		"wyso-putin-envoy.html":      append(append([]string{}, wysoChrome...), "Kremlin Press Office", "Scroll to continue"),
		"moscowtimes-1252.html":      moscowChrome,
	}
	var pages []page
	var size int64
	for _, name := range storyPages {
		raw := readPage(b, name)
		src, _ := decode(raw)
		want, err := Extract(raw)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page{src, chrome[name], strings.Split(want.Text, "\n\n")})
		size += int64(len(raw))
	}
	for _, ex := range extractors {
		b.Run(ex.name, func(b *testing.B) {
			b.SetBytes(size)
			var leaks, missing int
			for b.Loop() {
				leaks, missing = 0, 0
				for _, p := range pages {
					doc, err := html.Parse(strings.NewReader(p.src))
					if err != nil {
						b.Fatal(err)
					}
					prune(doc)
					text := ex.text(doc)
					for _, s := range p.chrome {
						if strings.Contains(text, s) {
							leaks++
						}
					}
					for _, para := range p.paras {
						if !strings.Contains(text, para) {
							missing++
						}
					}
				}
			}
			n := float64(len(pages))
			b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(leaks)/n, "chrome/page")
			b.ReportMetric(float64(missing)/n, "missing/page")
		})
	}
}
