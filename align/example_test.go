package align_test

import (
	"fmt"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/shingle"
)

func Example() {
	a := `U.S. envoy Steve Witkoff met Russian President Vladimir Putin in St. Petersburg on Friday. "A war that should have never happened," Trump posted.`
	b := `Steve Witkoff met Russian President Vladimir Putin in Saint Petersburg on Friday, the Kremlin said. Trump wrote: "A war that should have never happened."`
	ta, tb := shingle.Tokenize(a, 1), shingle.Tokenize(b, 1)
	inA := align.Inside(ta.Spans, align.Quotes(a))
	inB := align.Inside(tb.Spans, align.Quotes(b))

	for _, m := range align.Passages(ta.Hashes, tb.Hashes, align.Options{MinWords: 6}) {
		start, end := ta.Spans[m.A.Start].Start, ta.Spans[m.A.End-1].End
		fmt.Printf("%-6s %d words, %d exact: %s\n", align.Classify(m, inA, inB, 6), m.A.Len(), m.Same, a[start:end])
	}
	// Output:
	// shared 12 words, 11 exact: Steve Witkoff met Russian President Vladimir Putin in St. Petersburg on Friday
	// quote  7 words, 7 exact: A war that should have never happened
}

func ExampleEdits() {
	wire := "Nine people died in the strike on Thursday, officials in Kyiv said."
	copy := "Ten people died in the strike on Wednesday, officials in the Ukrainian capital Kyiv said."
	a := align.Words{Text: copy, Tokens: shingle.Tokenize(copy, 1)}
	b := align.Words{Text: wire, Tokens: shingle.Tokenize(wire, 1)}
	for _, e := range align.Edits(a, b) {
		fmt.Printf("%s %q for %q %v\n", e.Op, copy[e.AByte.Start:e.AByte.End], wire[e.BByte.Start:e.BByte.End], e.Flags.Names())
	}
	// Output:
	// substituted "Ten" for "Nine" [number]
	// substituted "Wednesday" for "Thursday" [date]
	// inserted "the Ukrainian capital" for "" [name]
}
