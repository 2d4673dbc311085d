package family_test

import (
	"fmt"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/verify"
)

// Two articles: a 100-word story and a page that carries all of it with
// 60 words of its own: a copy with additions.
func ExampleGroup() {
	docs := []family.Info{
		{ID: "story", Words: 100, End: 600},
		{ID: "page", Words: 160, End: 960},
	}
	pairs := []verify.Pair{{
		A: 0, B: 1, Relation: verify.Duplicate, SharedWords: 100, Joins: true,
		Passages: []verify.Passage{{
			A:    align.Range{Start: 0, End: 100},
			B:    align.Range{Start: 60, End: 160},
			Kind: align.Copied,
			AB:   verify.Bounds{Start: 0, End: 600, Prev: -1, Next: -1},
			BB:   verify.Bounds{Start: 360, End: 960, Prev: 358, Next: -1},
		}},
	}}
	arts, fams := family.Group(docs, pairs, family.Defaults())
	fmt.Println("family of", docs[fams[0].Original].ID)
	for i, a := range arts {
		fmt.Printf("%s: %s, %d of %d words copied\n", docs[i].ID, a.Role, a.Copied, docs[i].Words)
	}
	// Output:
	// family of story
	// story: original, 100 of 100 words copied
	// page: copy+additions, 100 of 160 words copied
}
