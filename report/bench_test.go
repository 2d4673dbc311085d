package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// synthetic builds the Data of a scan of n articles: families of four
// (an original and three members, each sharing two passages and a
// quotation with the original and adding one of its own) for four fifths
// of them, independents for the rest, every text about 3.5 KB.
func synthetic(n int) Data {
	para := strings.Repeat("Officials said on Friday that the talks would continue next week in the capital. ", 11) // ~900 bytes
	quote := `"We are making progress, but much remains to be done," the envoy said.`
	var d Data
	texts := map[string]string{}
	text := func(i int) string {
		own := fmt.Sprintf("Article %d reports from its own correspondent, with details of its own. ", i)
		return para + "\n" + quote + "\n" + para + "\n" + strings.Repeat(own, 20)
	}
	fams := n * 4 / 5 / 4
	for f := range fams {
		orig := fmt.Sprintf("site%03d/story-%05d.html", f%300, 4*f)
		fam := Family{Size: 4, Original: orig, FirstPublished: "2025-04-11", LastPublished: "2025-04-13"}
		for m := range 4 {
			doc := fmt.Sprintf("site%03d/story-%05d.html", (f+m)%300, 4*f+m)
			texts[doc] = text(4*f + m)
			fam.Members = append(fam.Members, doc)
			a := Article{Doc: doc, Family: orig, Role: "copy+additions", SourceDoc: orig, Words: 560, Copied: 0.55, Quoted: 0.05, Independent: 0.4,
				Title: fmt.Sprintf("Talks continue, officials say (%d)", 4*f+m), Source: fmt.Sprintf("Outlet %d", (f+m)%300), Published: "2025-04-12"}
			if m == 0 {
				a.Role, a.SourceDoc, a.Copied, a.Independent = "original", "", 0, 0.95
			}
			d.Articles = append(d.Articles, a)
			t := texts[doc]
			q := strings.Index(t, quote)
			p2 := q + len(quote) + 1
			with := func(start, end int) []With {
				if m == 0 {
					return []With{{Doc: fmt.Sprintf("site%03d/story-%05d.html", (f+1)%300, 4*f+1), Start: start, End: end}}
				}
				return []With{{Doc: orig, Start: start, End: end}}
			}
			d.Passages = append(d.Passages,
				Passage{Doc: doc, Start: 0, End: len(para), Words: 154, Kind: "shared", With: with(0, len(para)), Text: para},
				Passage{Doc: doc, Start: q, End: q + len(quote), Words: 13, Kind: "quote", With: with(q, q+len(quote)), Text: quote},
				Passage{Doc: doc, Start: p2, End: p2 + len(para), Words: 154, Kind: "shared", With: with(p2, p2+len(para)), Text: para},
				Passage{Doc: doc, Start: p2 + len(para) + 1, End: len(t), Words: 240, Kind: "unique", Text: t[p2+len(para)+1:]},
			)
			if m > 0 {
				d.Pairs = append(d.Pairs, Pair{A: orig, B: doc, Relation: "reprint", Jaccard: 0.6, ContainmentA: 0.6, ContainmentB: 0.6, SharedWords: 308, QuotedWords: 13})
			}
		}
		d.Families = append(d.Families, fam)
	}
	for i := 4 * fams; i < n; i++ {
		doc := fmt.Sprintf("indep/story-%05d.txt", i)
		texts[doc] = text(i)
		d.Articles = append(d.Articles, Article{Doc: doc, Role: "independent", Words: 560, Quoted: 0.02, Independent: 0.98, Title: "An independent story", Source: "Blog"})
		if i%2 == 0 {
			other := d.Families[i%fams].Original
			d.Pairs = append(d.Pairs, Pair{A: doc, B: other, Relation: "quotes", Jaccard: 0.01, ContainmentA: 0.02, ContainmentB: 0.02, QuotedWords: 13})
			q := strings.Index(texts[doc], quote)
			d.Passages = append(d.Passages, Passage{Doc: doc, Start: q, End: q + len(quote), Words: 13, Kind: "quote", With: []With{{Doc: other, Start: q, End: q + len(quote)}}, Text: quote})
		}
	}
	d.Text = func(doc string) (string, error) { return texts[doc], nil }
	return d
}

func BenchmarkWriteArticlesCSV(b *testing.B) {
	d := synthetic(10000)
	var buf bytes.Buffer
	if err := WriteArticles(&buf, CSV, d.Articles); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if err := WriteArticles(io.Discard, CSV, d.Articles); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWritePassagesJSONL(b *testing.B) {
	d := synthetic(10000)
	var buf bytes.Buffer
	if err := WritePassages(&buf, CSV, d.Passages); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if err := WritePassages(io.Discard, CSV, d.Passages); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteHTML writes report.html for scans of 100 and 10,000
// articles; the bytes/report metric is the size of the page.
func BenchmarkWriteHTML(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			d := synthetic(n)
			var buf bytes.Buffer
			if err := WriteHTML(&buf, d); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			for b.Loop() {
				if err := WriteHTML(io.Discard, d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/report")
		})
	}
}
