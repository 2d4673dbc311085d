// Package extract compares wiretrace's HTML text extraction (go-readability
// after pruning page chrome) with go-trafilatura on the test pages of
// ../testdata/html. It lives in the bench module so that trafilatura never
// enters wiretrace's own dependencies.
//
//	cd bench && go test -bench . ./extract/
package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/wiretrace/wiretrace/htmltext"
)

var pages = []string{
	"wyso-npr-witkoff.html", "northland-npr-witkoff.html", "wyso-putin-envoy.html", "moscowtimes-1252.html",
}

// chrome are strings of the pages' chrome that no article text should hold.
var chrome = []string{
	"Play Live Radio", "Next Up", "cookies", "Advertisement", "Scroll to continue",
	"Support us", "A Message from The Moscow Times", "Related Stories", "Share", "Staff Report",
}

func read(b *testing.B, name string) []byte {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "html", name))
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

func BenchmarkExtractors(b *testing.B) {
	extractors := []struct {
		name string
		text func(raw []byte) string
	}{
		{"wiretrace", func(raw []byte) string {
			p, err := htmltext.Extract(raw)
			if err != nil {
				return ""
			}
			return p.Text
		}},
		{"trafilatura-precision", func(raw []byte) string {
			res, err := trafilatura.Extract(bytes.NewReader(raw), trafilatura.Options{
				ExcludeComments: true, HtmlDateMode: trafilatura.Disabled, Focus: trafilatura.FavorPrecision})
			if err != nil || res == nil {
				return ""
			}
			return res.ContentText
		}},
	}
	var raws [][]byte
	var size int64
	for _, name := range pages {
		raw := read(b, name)
		raws = append(raws, raw)
		size += int64(len(raw))
	}
	for _, ex := range extractors {
		b.Run(ex.name, func(b *testing.B) {
			b.SetBytes(size)
			var leaks, words int
			for b.Loop() {
				leaks, words = 0, 0
				for _, raw := range raws {
					text := ex.text(raw)
					words += len(strings.Fields(text))
					for _, c := range chrome {
						if strings.Contains(text, c) {
							leaks++
						}
					}
				}
			}
			n := float64(len(raws))
			b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(leaks)/n, "chrome/page")
			b.ReportMetric(float64(words)/n, "words/page")
		})
	}
}
