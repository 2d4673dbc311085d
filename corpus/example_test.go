package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/wiretrace/wiretrace/corpus"
)

func Example() {
	dir, _ := os.MkdirTemp("", "corpus-example")
	defer os.RemoveAll(dir)
	// A file's id is its path as given and walked: run from the
	// directory, the inputs are named as a user names them.
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)
	os.WriteFile(filepath.Join(dir, "wire.txt"), []byte("Officials said the bridge will reopen Monday."), 0o644)
	os.WriteFile(filepath.Join(dir, "feed.jsonl"), []byte(
		`{"id":"local-1","text":"The bridge will reopen Monday, officials said.","published":"2025-03-02"}`+"\n"+
			`{"id":"local-2","text":`+"\n"), 0o644)

	c, err := corpus.Open([]string{"./"}, corpus.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	var mu sync.Mutex
	var lines []string
	err = c.Read(2, func(seq int, d corpus.Doc) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf("%d %s %q", seq, d.ID, d.Text))
	}, func(p corpus.Problem) {
		// Problems name the file and line; the reading goes on.
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf("skipped=%v %s", p.Skipped, p.Error()))
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// 0 local-1 "The bridge will reopen Monday, officials said."
	// 2 wire.txt "Officials said the bridge will reopen Monday."
	// skipped=true feed.jsonl:2: malformed JSON line: unexpected end of JSON input (at byte 24)
}
