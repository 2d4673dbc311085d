package htmltext

import (
	"strings"
	"testing"
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
