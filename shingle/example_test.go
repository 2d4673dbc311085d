package shingle_test

import (
	"fmt"

	"github.com/wiretrace/wiretrace/shingle"
)

func Example() {
	a := "Trump’s envoy met Putin in Moscow on Thursday."
	b := `"Trump's envoy met Putin in Moscow," officials said.`

	var tk shingle.Tokenizer // seed 0
	var ta, tb shingle.Tokens
	tk.Tokenize(a, &ta)
	tk.Tokenize(b, &tb)
	for i, s := range ta.Spans[:3] {
		if i > 0 {
			fmt.Print(" ")
		}
		fmt.Printf("%q", a[s.Start:s.End])
	}
	fmt.Println()

	sa := shingle.Set(shingle.Shingles(ta.Hashes, 3, nil))
	sb := shingle.Set(shingle.Shingles(tb.Hashes, 3, nil))
	fmt.Printf("shared %d of %d and %d shingles\n", shingle.Overlap(sa, sb), len(sa), len(sb))
	fmt.Printf("Jaccard %.2f, containment of a in b %.2f\n", shingle.Jaccard(sa, sb), shingle.Containment(sa, sb))
	fmt.Println(shingle.Normalize("“ＦＩＮＡＬ” — ﬁnal"))
	// Output:
	// "Trump’s" "envoy" "met"
	// shared 4 of 6 and 6 shingles
	// Jaccard 0.50, containment of a in b 0.67
	// "final" - final
}
