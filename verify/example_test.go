package verify_test

import (
	"fmt"

	"github.com/wiretrace/wiretrace/shingle"
	"github.com/wiretrace/wiretrace/verify"
)

// A wire story and a page that runs it with a sentence of its own.
func ExampleVerify() {
	prepare := func(id, text string) verify.Doc {
		var tk shingle.Tokenizer
		d := verify.Doc{ID: id}
		tk.Tokenize(text, &d.Tokens)
		d.Set = shingle.Set(shingle.Shingles(d.Tokens.Hashes, 5, nil))
		return d
	}
	story := "The city council voted on Tuesday to close the old harbour bridge for repairs that will take most of next year, the mayor's office said."
	a := prepare("wire", story)
	b := prepare("page", story+" Local traders fear the closure will cost them customers.")
	p, ok := verify.Verify(&a, &b, verify.Defaults())
	fmt.Println(ok, p.Relation, p.SharedWords, "words shared")
	// Output:
	// true reprint 25 words shared
}
