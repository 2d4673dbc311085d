package archive

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/internal/hash64"
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
// integrity_check is ok; every document has a signature; segments cover
// ascending, disjoint ranges of documents; every bucket row of every run
// exists and holds, ascending, the hashes that map to it, with the counts
// the segment states; every posting belongs to a stored document or to a
// replaced one listed in dead; every stored document lies in a segment and
// is one of want (by id), with its signature and exactly its keys and
// prints; and no postings or spills row is left outside a segment. It
// returns the number of documents.
func verify(t testing.TB, path string, want map[string]Entry) int {
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
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var tables int
	if err := tx.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables == 0 {
		return 0 // made, but killed before the schema was committed
	}
	var orphans int
	if err := tx.QueryRow(`SELECT
		(SELECT count(*) FROM docs WHERE doc NOT IN (SELECT doc FROM signatures)) +
		(SELECT count(*) FROM signatures WHERE doc NOT IN (SELECT doc FROM docs)) +
		(SELECT count(*) FROM dead WHERE doc IN (SELECT doc FROM docs))`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Fatalf("%s: %d documents without signature, signatures without document, or stored documents marked dead", path, orphans)
	}
	live := map[int64]bool{}
	dead := map[int64]bool{}
	for q, m := range map[string]map[int64]bool{`SELECT doc FROM docs`: live, `SELECT doc FROM dead`: dead} {
		rows, err := tx.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var d int64
			if err := rows.Scan(&d); err != nil {
				t.Fatal(err)
			}
			m[d] = true
		}
		rows.Close()
	}

	segs, err := readSegments(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	var buckets, spills int64
	indexed := [2]map[int64][]uint64{{}, {}}
	covered := func(d int64) bool {
		for _, s := range segs {
			if s.lo <= d && d <= s.hi {
				return true
			}
		}
		return false
	}
	for i, s := range segs {
		if i > 0 && s.lo <= segs[i-1].hi {
			t.Errorf("segment %d covers documents %d..%d, overlapping the one before (..%d)", s.seg, s.lo, s.hi, segs[i-1].hi)
		}
		for kind, r := range s.runs {
			buckets += r.buckets
			var hashes, postings int64
			var last uint64
			for b := range r.buckets {
				var data []byte
				if err := tx.QueryRow(`SELECT data FROM postings WHERE id = ?`, r.base+b).Scan(&data); err != nil {
					t.Fatalf("segment %d %s: bucket %d (row %d): %v", s.seg, kindNames[kind], b, r.base+b, err)
				}
				for len(data) > 0 {
					e, rest, err := nextEntry(data, s.lo, nil)
					if err != nil {
						t.Fatalf("segment %d %s: bucket %d: %v", s.seg, kindNames[kind], b, err)
					}
					data = rest
					if bucketOf(e.h, r.buckets) != b || (hashes > 0 && e.h <= last) {
						t.Errorf("segment %d %s: hash %#x in bucket %d out of place", s.seg, kindNames[kind], e.h, b)
					}
					last = e.h
					docs := e.docs
					if e.n > inlineDocs {
						spills++
						if e.spill < s.spillLo || e.spill > s.spillHi {
							t.Errorf("segment %d: spill row %d outside its range %d..%d", s.seg, e.spill, s.spillLo, s.spillHi)
						}
						if docs, err = readSpill(ctx, tx, e, s.lo, nil); err != nil {
							t.Fatal(err)
						}
					}
					hashes++
					postings += int64(len(docs))
					for j, d := range docs {
						if d < s.lo || d > s.hi || (j > 0 && d <= docs[j-1]) {
							t.Errorf("segment %d (documents %d..%d): hash %#x lists document %d out of place", s.seg, s.lo, s.hi, e.h, d)
						}
						if !live[d] && !dead[d] {
							t.Errorf("segment %d: hash %#x lists document %d, neither stored nor replaced", s.seg, e.h, d)
						}
						if live[d] {
							indexed[kind][d] = append(indexed[kind][d], e.h)
						}
					}
				}
			}
			if hashes != r.hashes || postings != r.postings {
				t.Errorf("segment %d %s: %d hashes, %d postings; the segment row says %d, %d", s.seg, kindNames[kind], hashes, postings, r.hashes, r.postings)
			}
		}
	}
	var rowsN, spillsN int64
	if err := tx.QueryRow(`SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM spills)`).Scan(&rowsN, &spillsN); err != nil {
		t.Fatal(err)
	}
	if rowsN != buckets || spillsN != spills {
		t.Errorf("%d postings rows and %d spills rows; segments use %d and %d", rowsN, spillsN, buckets, spills)
	}
	for d := range dead {
		if !covered(d) {
			t.Errorf("replaced document %d is in no segment: its dead row should be gone", d)
		}
	}

	rows, err := tx.Query(`SELECT d.doc, d.id, s.sig FROM docs d JOIN signatures s ON s.doc = d.doc`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var doc int64
		var id string
		var sb []byte
		if err := rows.Scan(&doc, &id, &sb); err != nil {
			t.Fatal(err)
		}
		n++
		if !covered(doc) {
			t.Errorf("document %d lies in no segment", doc)
		}
		e, ok := want[id]
		if !ok {
			t.Errorf("document %d: id %q was never added", doc, id)
			continue
		}
		if sig := getU32s(sb); !slices.Equal(sig, e.Sig) {
			t.Errorf("document %q: signature of %d values, not the one added", id, len(sig))
		}
		if got, want := sorted(indexed[keyKind][doc]), mixed(e.Keys); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("document %q: %d keys indexed, %d added", id, len(got), len(want))
		}
		if got, want := sorted(indexed[printKind][doc]), mixed(e.Prints); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("document %q: %d prints indexed, %d added", id, len(got), len(want))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// byID indexes entries by id; a later entry with the same id wins.
func byID(batches ...[]Entry) map[string]Entry {
	m := map[string]Entry{}
	for _, b := range batches {
		for _, e := range b {
			m[e.Doc.ID] = e
		}
	}
	return m
}

// mixed returns the distinct hashes of v as the index keeps them, sorted.
func mixed(v []uint64) []uint64 {
	m := make([]uint64, len(v))
	for i, h := range v {
		m[i] = hash64.Mix(h)
	}
	return distinct(m)
}

func sorted(v []uint64) []uint64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v
}

// Get returns the archived document with the given id and its MinHash
// signature, for tests that check what was stored.
func (s *Snapshot) Get(id string) (Doc, []uint32, error) {
	var sig []byte
	d, err := s.read(id, func(st *stmts) *sql.Stmt { return st.get }, &sig)
	if err != nil {
		return Doc{}, nil, err
	}
	return d, getU32s(sig), nil
}

// Candidates is Snapshot.Candidates on a snapshot of its own, for tests.
func (a *Archive) Candidates(keys, prints []uint64, maxPrintDocs int) ([]Candidate, error) {
	s, err := a.Snapshot()
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Candidates(keys, prints, maxPrintDocs)
}

// PrintDocs is Snapshot.PrintDocs on a snapshot of its own.
func (a *Archive) PrintDocs(prints []uint64) (map[uint64]int, error) {
	s, err := a.Snapshot()
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.PrintDocs(prints)
}

// Get is Snapshot.Get on a snapshot of its own.
func (a *Archive) Get(id string) (Doc, []uint32, error) {
	s, err := a.Snapshot()
	if err != nil {
		return Doc{}, nil, err
	}
	defer s.Close()
	return s.Get(id)
}
