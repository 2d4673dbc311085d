package archive

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testParams are realistic: 128 permutations, 20 bands of 6 rows.
var testParams = Params{Shingle: 5, Perm: 128, Seed: 42, Bands: 20, Rows: 6, Window: 4}

// boilerplate are fingerprints that every generated document holds.
var boilerplate = []uint64{1 << 60, 1<<60 + 1, 1<<60 + 2}

// genEntry makes document i, deterministic in i: textBytes bytes of text,
// nPrints fingerprints. Documents of the same story (i/5) share their first
// two band keys and their first ten fingerprints; every document holds the
// boilerplate fingerprints. Everything else is unique to the document.
func genEntry(p Params, i, textBytes, nPrints int) Entry {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	story := uint64(i / 5)
	e := Entry{Doc: Doc{
		ID:        fmt.Sprintf("doc-%07d", i),
		Title:     fmt.Sprintf("Story %d", story),
		URL:       fmt.Sprintf("https://example.org/%d", i),
		Source:    "example",
		Published: "2024-05-01",
	}}
	var b strings.Builder
	b.Grow(textBytes + 16)
	for b.Len() < textBytes {
		b.WriteString(words[r.IntN(len(words))])
		b.WriteByte(' ')
	}
	e.Doc.Text = b.String()[:textBytes]
	e.Sig = make([]uint32, p.Perm)
	for j := range e.Sig {
		e.Sig[j] = r.Uint32()
	}
	e.Keys = make([]uint64, p.Bands)
	for j := range e.Keys {
		if j < 2 {
			e.Keys[j] = story<<8 | uint64(j)
		} else {
			e.Keys[j] = r.Uint64()
		}
	}
	e.Prints = append(make([]uint64, 0, nPrints), boilerplate...)
	for j := 0; len(e.Prints) < nPrints; j++ {
		if j < 10 {
			e.Prints = append(e.Prints, story<<8|uint64(j)|1<<40)
		} else {
			e.Prints = append(e.Prints, r.Uint64())
		}
	}
	return e
}

var words = strings.Fields(`the of and to in a is that for it as was with be by on not he
this are or his from at which but have an they you were her she there one all we their
council said minister police report year government city people new would state storm
officials election court market school river hospital tuesday percent million week`)

func genBatch(p Params, from, n, textBytes, nPrints int) []Entry {
	b := make([]Entry, n)
	for i := range b {
		b[i] = genEntry(p, from+i, textBytes, nPrints)
	}
	return b
}

func newArchive(t testing.TB) (*Archive, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	a, err := Create(path, testParams)
	if err != nil {
		t.Fatalf("Create(%q) = %v", path, err)
	}
	t.Cleanup(func() { a.Close() })
	return a, path
}

// verify checks the file's invariants with its own connection:
// integrity_check is ok, every document has a signature of perm values and
// exactly the keys and prints its signature row lists, and no row belongs
// to a document that is not stored. It returns the number of documents.
func verify(t testing.TB, path string, p Params) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("%s: integrity_check = %q, %v; want ok", path, ok, err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var orphans int
	if err := tx.QueryRow(`SELECT
		(SELECT count(*) FROM docs WHERE doc NOT IN (SELECT doc FROM signatures)) +
		(SELECT count(*) FROM signatures WHERE doc NOT IN (SELECT doc FROM docs)) +
		(SELECT count(*) FROM keys WHERE doc NOT IN (SELECT doc FROM docs)) +
		(SELECT count(*) FROM prints WHERE doc NOT IN (SELECT doc FROM docs))`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Fatalf("%s: %d rows without their document or signature", path, orphans)
	}
	index := func(q string) map[int64][]uint64 {
		m := map[int64][]uint64{}
		rows, err := tx.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var h, doc int64
			if err := rows.Scan(&h, &doc); err != nil {
				t.Fatal(err)
			}
			m[doc] = append(m[doc], uint64(h))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return m
	}
	keys, prints := index(`SELECT key, doc FROM keys`), index(`SELECT print, doc FROM prints`)
	rows, err := tx.Query(`SELECT doc, sig, keys, prints FROM signatures`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var doc int64
		var sb, kb, pb []byte
		if err := rows.Scan(&doc, &sb, &kb, &pb); err != nil {
			t.Fatal(err)
		}
		n++
		if len(sb) != 4*p.Perm {
			t.Errorf("document %d: signature of %d bytes, want %d", doc, len(sb), 4*p.Perm)
		}
		if k := getU64s(kb); len(k) != p.Bands {
			t.Errorf("document %d: %d keys listed, want %d", doc, len(k), p.Bands)
		}
		if got, want := sorted(keys[doc]), distinct(getU64s(kb)); !slices.Equal(got, want) {
			t.Errorf("document %d: keys table has %d keys, signature lists %d", doc, len(got), len(want))
		}
		if got, want := sorted(prints[doc]), distinct(getU64s(pb)); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("document %d: prints table has %d prints, signature lists %d", doc, len(got), len(want))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

func sorted(v []uint64) []uint64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v
}
