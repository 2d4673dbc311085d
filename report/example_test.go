package report_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/wiretrace/wiretrace/report"
)

func Example() {
	rows := []report.Article{
		{Doc: "ap.txt", Family: "ap.txt", Role: "original", Words: 120, Quoted: 0.1, Independent: 0.9, Title: "Envoy meets Putin", Source: "AP", Published: "2025-04-11", URL: "https://ap.example/envoy"},
		{Doc: "local.txt", Family: "ap.txt", Role: "copy+additions", SourceDoc: "ap.txt", Words: 150, Copied: 2.0 / 3, Quoted: 0.08, Independent: 0.2533, Title: "Envoy meets Putin, locals react", Source: "Dayton, Ohio"},
	}
	f, err := report.ParseFormat("csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteArticles(os.Stdout, f, rows); err != nil {
		fmt.Println(err)
	}
	// Output:
	// doc,family,role,source_doc,words,copied,rewritten,quoted,independent,title,source,published,url
	// ap.txt,ap.txt,original,,120,0.0000,0.0000,0.1000,0.9000,Envoy meets Putin,AP,2025-04-11,https://ap.example/envoy
	// local.txt,ap.txt,copy+additions,ap.txt,150,0.6667,0.0000,0.0800,0.2533,"Envoy meets Putin, locals react","Dayton, Ohio",,
}

func ExampleWriteHTML() {
	text := map[string]string{
		"ap.txt":    "Witkoff met Putin on Friday. The talks lasted four hours.",
		"local.txt": "Witkoff met Putin on Friday. Residents in Dayton said they hoped for peace.",
	}
	d := report.Data{
		Articles: []report.Article{
			{Doc: "ap.txt", Family: "ap.txt", Role: "original"},
			{Doc: "local.txt", Family: "ap.txt", Role: "copy+additions", SourceDoc: "ap.txt"},
		},
		Families: []report.Family{{Size: 2, Original: "ap.txt", Members: []string{"ap.txt", "local.txt"}}},
		Passages: []report.Passage{
			{Doc: "ap.txt", Start: 0, End: 28, Kind: "shared", With: []report.With{{Doc: "local.txt", Start: 0, End: 28}}},
			{Doc: "local.txt", Start: 0, End: 28, Kind: "shared", With: []report.With{{Doc: "ap.txt", Start: 0, End: 28}}},
			{Doc: "local.txt", Start: 29, End: 75, Kind: "unique"},
		},
		Text: func(doc string) (string, error) { return text[doc], nil },
	}
	var page strings.Builder
	if err := report.WriteHTML(&page, d); err != nil {
		fmt.Println(err)
		return
	}
	// The page's script draws the family from its data: local.txt's
	// paragraph beside ap.txt's, the copied sentence and its own marked.
	fmt.Println(strings.Contains(page.String(), `{"t":"Residents in Dayton said they hoped for peace.","c":"unique"}`))
	// Output: true
}

func ExampleWriteComparison() {
	a := []report.Passage{
		{Doc: "a.txt", Start: 0, End: 28, Kind: "shared", With: []report.With{{Doc: "b.txt", Start: 8, End: 36}}, Text: "Witkoff met Putin on Friday."},
	}
	b := []report.Passage{
		{Doc: "b.txt", Start: 0, End: 7, Kind: "unique", Text: "MOSCOW:"},
		{Doc: "b.txt", Start: 8, End: 36, Kind: "shared", With: []report.With{{Doc: "a.txt", Start: 0, End: 28}}, Text: "Witkoff met Putin on Friday."},
	}
	c := report.Comparison{A: "a.txt", B: "b.txt", Jaccard: 0.5, ContainmentA: 1, ContainmentB: 0.5, Relation: "reprint", Rows: report.AlignPassages(a, b)}
	if err := report.WriteComparison(os.Stdout, report.JSON, c); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"a":"a.txt","b":"b.txt","jaccard":0.5000,"containment_a":1.0000,"containment_b":0.5000,"relation":"reprint","rows":[
	// {"kind":"unique","a":null,"b":{"doc":"b.txt","start":0,"end":7,"words":0,"kind":"unique","with":[],"text":"MOSCOW:"}},
	// {"kind":"shared","a":{"doc":"a.txt","start":0,"end":28,"words":0,"kind":"shared","with":[{"doc":"b.txt","start":8,"end":36}],"text":"Witkoff met Putin on Friday."},"b":{"doc":"b.txt","start":8,"end":36,"words":0,"kind":"shared","with":[{"doc":"a.txt","start":0,"end":28}],"text":"Witkoff met Putin on Friday."}}
	// ]}
}
