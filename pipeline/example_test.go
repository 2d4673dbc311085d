package pipeline_test

import (
	"fmt"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/pipeline"
)

func ExampleCompare() {
	story := "Russian President Vladimir Putin welcomed White House envoy Steve Witkoff in Moscow on Friday for another round of talks."
	a := corpus.Doc{ID: "wire", Text: story}
	b := corpus.Doc{ID: "paper", Text: "MOSCOW - " + story + " Local leaders said they hoped for peace."}
	c := pipeline.Compare(a, b, pipeline.DefaultOptions())
	fmt.Printf("%s: jaccard %.2f, wire in paper %.2f\n", c.Pair.Relation, c.Pair.Jaccard, c.Pair.ContainmentA)
	for _, p := range c.B {
		fmt.Printf("%s %q\n", p.Kind, p.Text)
	}
	// Output:
	// reprint: jaccard 0.65, wire in paper 1.00
	// unique "MOSCOW"
	// shared "Russian President Vladimir Putin welcomed White House envoy Steve Witkoff in Moscow on Friday for another round of talks"
	// unique "Local leaders said they hoped for peace"
}
