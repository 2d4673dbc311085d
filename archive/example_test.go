package archive_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/wiretrace/wiretrace/archive"
)

func Example() {
	dir, err := os.MkdirTemp("", "archive")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "wire.db")
	p := archive.Params{Shingle: 5, Perm: 4, Seed: 1, Bands: 2, Rows: 2, Window: 4}

	// index: the signatures, keys and fingerprints come from minhash.
	a, err := archive.Create(path, p)
	if err != nil {
		log.Fatal(err)
	}
	story := archive.Entry{
		Doc:    archive.Doc{ID: "ap-001", Text: "The council approved the budget on Tuesday.", Source: "AP"},
		Sig:    []uint32{11, 12, 13, 14},
		Keys:   []uint64{101, 102},
		Prints: []uint64{7001, 7002, 7003},
	}
	res, err := a.Add([]archive.Entry{story}, false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("added %d\n", res.Added)
	res, _ = a.Add([]archive.Entry{story}, false)
	fmt.Printf("again: unchanged %d\n", res.Unchanged)
	a.Close()

	// check: an archive made with other parameters is refused.
	if _, err := archive.Open(path, archive.Params{Shingle: 4, Perm: 4, Seed: 1, Bands: 2, Rows: 2, Window: 4}); err != nil {
		fmt.Println(filepath.Base(err.Error()))
	}
	a, err = archive.Open(path, p)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	cands, err := a.Candidates([]uint64{999, 102}, []uint64{7002, 8000}, 50)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range cands {
		doc, sig, err := a.Get(c.ID)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("candidate %s (%s): %d keys, %d prints shared; signature %v\n", c.ID, doc.Source, c.Keys, c.Prints, sig)
	}
	// Output:
	// added 1
	// again: unchanged 1
	// wire.db was made with --shingle 5; this run has --shingle 4
	// candidate ap-001 (AP): 1 keys, 1 prints shared; signature [11 12 13 14]
}
