package archive

import (
	"database/sql"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCreateReopen(t *testing.T) {
	a, path := newArchive(t)
	batch := genBatch(testParams, 0, 20, 500, 40)
	res, err := a.Add(batch, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{Added: 20}); !reflect.DeepEqual(res, want) {
		t.Errorf("Add(20 new) = %+v, want %+v", res, want)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		open func() (*Archive, error)
	}{
		{"Create", func() (*Archive, error) { return Create(path, testParams) }},
		{"Open", func() (*Archive, error) { return Open(path, testParams) }},
		{"Open zero Params", func() (*Archive, error) { return Open(path, Params{}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.open()
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if got := b.Params(); got != testParams {
				t.Errorf("Params() = %+v, want %+v", got, testParams)
			}
			s, err := b.Stats()
			if err != nil {
				t.Fatal(err)
			}
			if s.Docs != 20 || s.SchemaVersion != SchemaVersion || s.Params != testParams || s.Bytes < 20*500 {
				t.Errorf("Stats() = %+v, want 20 docs, schema %d, %+v, at least 10000 bytes", s, SchemaVersion, testParams)
			}
			snap, err := b.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()
			for _, e := range batch {
				d, sig, err := b.Get(e.Doc.ID)
				if err != nil {
					t.Fatal(err)
				}
				if d != e.Doc || !slices.Equal(sig, e.Sig) {
					t.Errorf("Get(%q) = %+v, %d-value sig; want what was added", e.Doc.ID, d, len(sig))
				}
				if d, err := snap.Doc(e.Doc.ID); err != nil || d != e.Doc {
					t.Errorf("Snapshot.Doc(%q) = %+v, %v; want what was added", e.Doc.ID, d, err)
				}
			}
			if _, err := snap.Doc("nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Snapshot.Doc(%q) error = %v, want ErrNotFound", "nope", err)
			}
		})
	}
	if n := verify(t, path, byID(batch)); n != 20 {
		t.Errorf("verify: %d documents, want 20", n)
	}
}

func TestRefuseOtherParams(t *testing.T) {
	a, path := newArchive(t)
	a.Close()
	for _, tc := range []struct {
		name       string
		change     func(*Params)
		made, this string
	}{
		{"shingle", func(p *Params) { p.Shingle = 4 }, "--shingle 5", "--shingle 4"},
		{"perm", func(p *Params) { p.Perm = 64 }, "--perm 128", "--perm 64"},
		{"seed", func(p *Params) { p.Seed = 7 }, "hash seed 42", "hash seed 7"},
		{"bands", func(p *Params) { p.Bands = 16 }, "LSH bands (from --threshold) 20", "LSH bands (from --threshold) 16"},
		{"rows", func(p *Params) { p.Rows = 8 }, "LSH rows per band (from --threshold) 6", "LSH rows per band (from --threshold) 8"},
		{"window", func(p *Params) { p.Window = 8 }, "winnowing window 4", "winnowing window 8"},
	} {
		for _, open := range []struct {
			name string
			f    func(string, Params) (*Archive, error)
		}{{"Create", Create}, {"Open", Open}} {
			t.Run(tc.name+"/"+open.name, func(t *testing.T) {
				p := testParams
				tc.change(&p)
				b, err := open.f(path, p)
				if err == nil {
					b.Close()
					t.Fatalf("%s(%+v) on an archive made with %+v succeeded, want error", open.name, p, testParams)
				}
				want := "archive " + path + " was made with " + tc.made + "; this run has " + tc.this
				if err.Error() != want {
					t.Errorf("%s error = %q, want %q", open.name, err, want)
				}
			})
		}
	}
	t.Run("several", func(t *testing.T) {
		p := testParams
		p.Shingle, p.Perm = 3, 256
		_, err := Open(path, p)
		if err == nil || !strings.Contains(err.Error(), "--shingle 5, --perm 128; this run has --shingle 3, --perm 256") {
			t.Errorf("Open with two changed params: error %v, want both named", err)
		}
	})
}

// TestLead checks that the lead an archive is made with is the archive's:
// stored, read back whatever a later run asks, and 0 for an archive made
// before it was stored.
func TestLead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lead.db")
	p := testParams
	p.Lead = 80
	a, err := Create(path, p)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := Open(path, Params{Lead: 120}) // no parameters but a lead: the archive's
	if err != nil || b.Params() != p {
		t.Fatalf("Open with only a lead: %v, %+v; want the archive's %+v", err, b, p)
	}
	b.Close()
	for name, open := range map[string]func(string, Params) (*Archive, error){"Create": Create, "Open": Open} {
		for _, lead := range []int{0, 80, 120} {
			q := testParams
			q.Lead = lead
			b, err := open(path, q)
			if err != nil {
				t.Fatalf("%s asking lead %d: %v", name, lead, err)
			}
			if got := b.Params().Lead; got != 80 {
				t.Errorf("%s asking lead %d: lead %d, want the archive's 80", name, lead, got)
			}
			b.Close()
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM meta WHERE key = 'lead'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	old, err := Open(path, Params{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if got := old.Params(); got.Lead != 0 || got.Window != testParams.Window {
		t.Errorf("archive without a stored lead: %+v, want lead 0 and the rest as made", got)
	}
	if _, err := Create(filepath.Join(t.TempDir(), "x.db"), Params{Shingle: 5, Perm: 128, Bands: 20, Rows: 6, Window: 4, Lead: -1}); err == nil {
		t.Error("Create with lead -1 succeeded, want error")
	}
}

func TestInvalidParams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	for _, p := range []Params{{}, {Shingle: 5, Perm: 128, Bands: 20, Rows: 6}, {Shingle: -1, Perm: 128, Bands: 20, Rows: 6, Window: 4}} {
		if a, err := Create(path, p); err == nil {
			a.Close()
			t.Errorf("Create(%+v) succeeded, want error", p)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Create with invalid params left a file: Stat = %v", err)
	}
}

func TestUnknownSchemaVersion(t *testing.T) {
	for _, tc := range []struct{ version, want string }{
		{"1", `has schema version "1"; this wiretrace reads version 2 (index the articles again into a new file)`},
		{"3", `has schema version "3"; this wiretrace reads version 2`},
	} {
		t.Run(tc.version, func(t *testing.T) {
			a, path := newArchive(t)
			a.Close()
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, tc.version); err != nil {
				t.Fatal(err)
			}
			db.Close()
			for name, open := range map[string]func(string, Params) (*Archive, error){"Create": Create, "Open": Open} {
				b, err := open(path, testParams)
				if err == nil {
					b.Close()
					t.Fatalf("%s on schema version %s succeeded, want error", name, tc.version)
				}
				if !strings.HasSuffix(err.Error(), tc.want) {
					t.Errorf("%s error = %q, want it to end in %q", name, err, tc.want)
				}
			}
		})
	}
}

func TestOpenBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hello')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, tc := range []struct {
		name, path, want string
		create           bool // Create must refuse it too
	}{
		{"missing", filepath.Join(dir, "missing.db"), "does not exist", false},
		{"directory", dir, "is a directory", true},
		{"empty", write("empty.db", nil), "is empty", false},
		{"random bytes", write("random.db", random), "is not an SQLite database", true},
		{"text file", write("notes.txt", []byte(strings.Repeat("This is a text file, not a database.\n", 200))), "is not an SQLite database", true},
		{"other SQLite database", other, "is not a wiretrace archive", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.path)
			opens := map[string]func(string, Params) (*Archive, error){"Open": Open}
			if tc.create {
				opens["Create"] = Create
			}
			for name, open := range opens {
				a, err := open(tc.path, testParams)
				if err == nil {
					a.Close()
					t.Fatalf("%s(%q) succeeded, want error", name, tc.path)
				}
				if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
					t.Errorf("%s(%q) error = %q, want it to name the file and say %q", name, tc.path, err, tc.want)
				}
			}
			after, _ := os.ReadFile(tc.path)
			if string(before) != string(after) {
				t.Errorf("opening %q changed the file", tc.path)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open of a missing file created it: Stat = %v", err)
	}
}

// TestCorruptArchive damages an archive's pages: whatever then succeeds or
// fails, nothing panics, and a failure says the file is corrupt.
func TestCorruptArchive(t *testing.T) {
	a, path := newArchive(t)
	if _, err := a.Add(genBatch(testParams, 0, 200, 2000, 60), false); err != nil {
		t.Fatal(err)
	}
	a.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 8192; i < len(data); i++ { // keep the header and the first pages
		data[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path, testParams)
	if err != nil {
		if !strings.Contains(err.Error(), "corrupt") {
			t.Errorf("Open(corrupt) error = %q, want it to say corrupt", err)
		}
		return
	}
	defer b.Close()
	e := genEntry(testParams, 3, 2000, 60)
	var failed []error
	if _, err := b.Candidates(e.Keys, e.Prints, 0); err != nil {
		failed = append(failed, err)
	}
	if _, _, err := b.Get(e.Doc.ID); err != nil {
		failed = append(failed, err)
	}
	if _, err := b.Stats(); err != nil {
		failed = append(failed, err)
	}
	if len(failed) == 0 {
		t.Errorf("every query on an archive with random pages succeeded, want some to fail")
	}
	for _, err := range failed {
		if !strings.Contains(err.Error(), "corrupt") && !errors.Is(err, ErrNotFound) {
			t.Errorf("query on corrupt archive: error %q, want it to say corrupt", err)
		}
	}
}

func TestAddSemantics(t *testing.T) {
	a, path := newArchive(t)
	first := genBatch(testParams, 0, 10, 300, 30)
	if _, err := a.Add(first, false); err != nil {
		t.Fatal(err)
	}
	changed := genEntry(testParams, 100, 300, 30)
	changed.Doc.ID = first[3].Doc.ID

	t.Run("unchanged", func(t *testing.T) {
		res, err := a.Add(first, false)
		if want := (Result{Unchanged: 10}); err != nil || !reflect.DeepEqual(res, want) {
			t.Errorf("Add(same batch) = %+v, %v; want %+v", res, err, want)
		}
		res, err = a.Add(first, true)
		if want := (Result{Unchanged: 10}); err != nil || !reflect.DeepEqual(res, want) {
			t.Errorf("Add(same batch, replace) = %+v, %v; want %+v", res, err, want)
		}
	})
	t.Run("conflict", func(t *testing.T) {
		batch := []Entry{changed, genEntry(testParams, 50, 300, 30)}
		res, err := a.Add(batch, false)
		if want := (Result{Added: 1, Conflicts: []string{changed.Doc.ID}}); err != nil || !reflect.DeepEqual(res, want) {
			t.Errorf("Add(changed text) = %+v, %v; want %+v", res, err, want)
		}
		d, _, err := a.Get(changed.Doc.ID)
		if err != nil || d.Text != first[3].Doc.Text {
			t.Errorf("after refused change, Get(%q) text changed (err %v)", changed.Doc.ID, err)
		}
	})
	t.Run("replace", func(t *testing.T) {
		res, err := a.Add([]Entry{changed}, true)
		if want := (Result{Replaced: 1}); err != nil || !reflect.DeepEqual(res, want) {
			t.Errorf("Add(changed text, replace) = %+v, %v; want %+v", res, err, want)
		}
		d, sig, err := a.Get(changed.Doc.ID)
		if err != nil || d != changed.Doc || !slices.Equal(sig, changed.Sig) {
			t.Errorf("after replace, Get(%q) = %+v, %v; want the new document", changed.Doc.ID, d, err)
		}
		// The old document's own keys and prints are gone; the new ones find it.
		old := first[3]
		got, err := a.Candidates(old.Keys[2:], old.Prints[13:], 0)
		if err != nil || len(got) != 0 {
			t.Errorf("Candidates(old document's own keys) = %v, %v; want none", got, err)
		}
		got, err = a.Candidates(changed.Keys[2:], changed.Prints[13:], 0)
		want := []Candidate{{ID: changed.Doc.ID, Keys: 18, Prints: 17, Rare: 17}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Candidates(new document's own keys) = %v, %v; want %v", got, err, want)
		}
	})
	t.Run("same id twice in a batch", func(t *testing.T) {
		x, y := genEntry(testParams, 200, 300, 30), genEntry(testParams, 201, 300, 30)
		y.Doc.ID = x.Doc.ID
		res, err := a.Add([]Entry{x, x, y}, false)
		if want := (Result{Added: 1, Unchanged: 1, Conflicts: []string{x.Doc.ID}}); err != nil || !reflect.DeepEqual(res, want) {
			t.Errorf("Add(x, x, y same id) = %+v, %v; want %+v", res, err, want)
		}
		z, w := genEntry(testParams, 300, 300, 30), genEntry(testParams, 301, 300, 30)
		w.Doc.ID = z.Doc.ID
		res, err = a.Add([]Entry{z, w}, true)
		if want := (Result{Added: 1, Replaced: 1}); err != nil || !reflect.DeepEqual(res, want) {
			t.Errorf("Add(z, w same id, replace) = %+v, %v; want %+v", res, err, want)
		}
		if d, _, err := a.Get(z.Doc.ID); err != nil || d.Text != w.Doc.Text {
			t.Errorf("Get(%q) after z then w: err %v, text is not w's", z.Doc.ID, err)
		}
	})
	t.Run("invalid entry writes nothing", func(t *testing.T) {
		good, bad := genEntry(testParams, 400, 300, 30), genEntry(testParams, 401, 300, 30)
		bad.Sig = bad.Sig[:10]
		for _, batch := range [][]Entry{{good, bad}, {good, {Doc: Doc{Text: "no id"}, Sig: good.Sig, Keys: good.Keys}}} {
			if res, err := a.Add(batch, false); err == nil {
				t.Errorf("Add(batch with invalid entry) = %+v, nil; want error", res)
			}
		}
		if _, _, err := a.Get(good.Doc.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) after failed batch: err %v, want ErrNotFound", good.Doc.ID, err)
		}
	})
	// What the subtests leave: first with changed in place of first[3],
	// the document added beside the conflict, x, and w under z's id.
	w := genEntry(testParams, 301, 300, 30)
	w.Doc.ID = genEntry(testParams, 300, 300, 30).Doc.ID
	want := byID(first, []Entry{changed, genEntry(testParams, 50, 300, 30), genEntry(testParams, 200, 300, 30), w})
	if n := verify(t, path, want); n != 13 {
		t.Errorf("verify: %d documents, want 13", n)
	}
}

func TestCandidates(t *testing.T) {
	a, _ := newArchive(t)
	batch := genBatch(testParams, 0, 40, 300, 30) // stories 0..7, 5 documents each
	if _, err := a.Add(batch, false); err != nil {
		t.Fatal(err)
	}
	q := genEntry(testParams, 1000, 300, 30)  // story 200: nothing shared but boilerplate
	q.Keys[5] = batch[7].Keys[5]              // one key of doc 7
	q.Prints[20] = batch[12].Prints[20]       // one own print of doc 12
	q.Prints[21] = batch[12].Prints[21]       // and another
	q.Prints[22] = batch[21].Prints[4]        // a story print of story 4 (docs 20..24)
	q.Prints = append(q.Prints, q.Prints[20]) // a duplicate counts once

	for _, tc := range []struct {
		name    string
		maxDocs int
		want    []Candidate
	}{
		{"boilerplate ignored", 5, []Candidate{
			{ID: "doc-0000007", Keys: 1},
			{ID: "doc-0000012", Prints: 2, Rare: 2},
			{ID: "doc-0000020", Prints: 1}, {ID: "doc-0000021", Prints: 1}, {ID: "doc-0000022", Prints: 1},
			{ID: "doc-0000023", Prints: 1}, {ID: "doc-0000024", Prints: 1},
		}},
		{"story prints ignored too", 4, []Candidate{{ID: "doc-0000007", Keys: 1}, {ID: "doc-0000012", Prints: 2, Rare: 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.Candidates(q.Keys, q.Prints, tc.maxDocs)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Candidates(q, %d) = %v, %v; want %v", tc.maxDocs, got, err, tc.want)
			}
		})
	}
	t.Run("no limit", func(t *testing.T) {
		got, err := a.Candidates(nil, boilerplate[:1], 0)
		if err != nil || len(got) != 40 || got[0].ID != "doc-0000000" || got[39].ID != "doc-0000039" {
			t.Errorf("Candidates(boilerplate, 0) = %d candidates, %v; want all 40 in id order", len(got), err)
		}
	})
	t.Run("story keys", func(t *testing.T) {
		got, err := a.Candidates(batch[6].Keys, nil, 1)
		want := []Candidate{{ID: "doc-0000005", Keys: 2}, {ID: "doc-0000006", Keys: 20}, {ID: "doc-0000007", Keys: 2}, {ID: "doc-0000008", Keys: 2}, {ID: "doc-0000009", Keys: 2}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Candidates(keys of doc 6) = %v, %v; want %v", got, err, want)
		}
	})
	t.Run("PrintDocs", func(t *testing.T) {
		got, err := a.PrintDocs([]uint64{boilerplate[0], batch[12].Prints[20], batch[21].Prints[4], 99, 99})
		want := map[uint64]int{boilerplate[0]: 40, batch[12].Prints[20]: 1, batch[21].Prints[4]: 5, 99: 0}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("PrintDocs = %v, %v; want %v", got, err, want)
		}
	})
	t.Run("Get unknown", func(t *testing.T) {
		if _, _, err := a.Get("nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) error = %v, want ErrNotFound", "nope", err)
		}
	})
}

// An article with no words has no signature and no keys: it is stored,
// found by id, unchanged when added again, and never a candidate.
func TestAddEmpty(t *testing.T) {
	a, _ := newArchive(t)
	good := genEntry(testParams, 1, 300, 30)
	empty := Entry{Doc: Doc{ID: "empty.txt", Text: " \n"}}
	// A batch of it alone writes a segment with no postings.
	res, err := a.Add([]Entry{empty}, false)
	if want := (Result{Added: 1}); err != nil || !reflect.DeepEqual(res, want) {
		t.Fatalf("Add(empty) = %+v, %v; want %+v", res, err, want)
	}
	if res, err = a.Add([]Entry{good}, false); err != nil || !reflect.DeepEqual(res, Result{Added: 1}) {
		t.Fatalf("Add(good) = %+v, %v; want it added", res, err)
	}
	if res, err = a.Add([]Entry{empty}, false); err != nil || !reflect.DeepEqual(res, Result{Unchanged: 1}) {
		t.Errorf("Add(empty) again = %+v, %v; want it unchanged", res, err)
	}
	d, sig, err := a.Get(empty.Doc.ID)
	if err != nil || d != empty.Doc || len(sig) != 0 {
		t.Errorf("Get(%q) = %+v, %d signature values, %v; want the document, none", empty.Doc.ID, d, len(sig), err)
	}
	got, err := a.Candidates(good.Keys, good.Prints, 0)
	if err != nil || len(got) != 1 || got[0].ID != good.Doc.ID {
		t.Errorf("Candidates(good's keys) = %v, %v; want good alone", got, err)
	}
	half := good
	half.Sig = good.Sig[:1]
	if _, err := a.Add([]Entry{half}, true); err == nil {
		t.Error("Add(a signature of one value) succeeded; want an error")
	}
}
