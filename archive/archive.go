package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// SchemaVersion is the version of the file format written by this package,
// stored in the meta table as schema_version. Archives of any other version
// are refused. Version 1 kept one B-tree row per key and fingerprint;
// version 2 keeps them in segments of hash buckets.
const SchemaVersion = 2

// unstoredHashVersion is the hash version of an archive that stores none:
// archives made before the version was stored hashed with version 1.
const unstoredHashVersion = 1

// The file format.
//
// An archive is an SQLite 3 database in WAL journal mode, with 8 KB pages
// when this package creates it, and these tables:
//
//	meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID
//	    One row per setting, values in decimal: schema_version (2),
//	    hash_version (hash64.Version: the word, shingle and MinHash hashes
//	    the signatures, keys and fingerprints were made with), and the
//	    parameters the archive was made with: shingle, perm, seed (uint64),
//	    bands, rows, window. They are written once, when the file is created.
//	    An archive without hash_version was made before it was stored, with
//	    hash version 1: it is read as version 1, and the next index run
//	    writes the row.
//
//	docs(doc INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, title, url,
//	     source, published, text TEXT, hash BLOB)
//	    One row per document. doc is the document number by which the other
//	    tables refer to it, never reused: a replaced document gets a new
//	    one. id is the document's id as read (unique); hash is the SHA-256
//	    of text, which tells a document indexed again from a changed one.
//
//	signatures(doc INTEGER PRIMARY KEY, sig BLOB)
//	    One row per document: its MinHash signature, perm uint32s
//	    little-endian.
//
//	segments(seg INTEGER PRIMARY KEY, lo, hi,
//	         key_base, key_buckets, key_hashes, key_postings,
//	         print_base, print_buckets, print_hashes, print_postings,
//	         spill_lo, spill_hi)
//	    The search index: one row per segment, the postings (hash,
//	    document) of the documents lo..hi, every band key in one run and
//	    every fingerprint in another. A hash h is kept as m, the MurmurHash3
//	    finaliser of h (a bijection, which spreads LSH keys, whose top bits
//	    are their band, evenly). A run of b buckets starting at base puts
//	    m in bucket floor(m·b / 2^64), the postings row base+i for bucket
//	    i, so a lookup computes which row to read; b is chosen for about
//	    80 hashes a bucket. _hashes and _postings count what the
//	    run holds. spill_lo..spill_hi are the ids of the spill rows written
//	    with the segment (0, 0 if none).
//
//	postings(id INTEGER PRIMARY KEY, data BLOB)
//	    One row per bucket: for each hash in the bucket, by ascending m,
//	    m (8 bytes, little-endian), the number n of documents holding it
//	    (uvarint), then, if n <= 64, the documents ascending as uvarint
//	    differences (the first from the segment's lo), else the uvarint id
//	    of the spills row that lists them so. Empty buckets are empty rows.
//
//	spills(id INTEGER PRIMARY KEY, data BLOB)
//	    The document lists of hashes held by more than 64 documents of a
//	    segment (boilerplate), so that buckets stay small.
//
//	dead(doc INTEGER PRIMARY KEY)
//	    Documents replaced since their segment was written. Lookups ignore
//	    their postings; merging the segment drops them and their rows here.
//
// Each batch appends a segment, and the newest segments are merged into one
// as soon as together they hold three times the postings of an older one
// (that one included), so there are O(log n) segments, each posting is
// rewritten O(log n) times, and no write touches a page of older data.
// A document, its signature row and its postings are written in one
// transaction, so they are present together or not at all.
const schema = `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE docs (
	doc       INTEGER PRIMARY KEY AUTOINCREMENT,
	id        TEXT NOT NULL UNIQUE,
	title     TEXT NOT NULL,
	url       TEXT NOT NULL,
	source    TEXT NOT NULL,
	published TEXT NOT NULL,
	text      TEXT NOT NULL,
	hash      BLOB NOT NULL
);
CREATE TABLE signatures (
	doc INTEGER PRIMARY KEY,
	sig BLOB NOT NULL
);
CREATE TABLE segments (
	seg            INTEGER PRIMARY KEY,
	lo             INTEGER NOT NULL,
	hi             INTEGER NOT NULL,
	key_base       INTEGER NOT NULL,
	key_buckets    INTEGER NOT NULL,
	key_hashes     INTEGER NOT NULL,
	key_postings   INTEGER NOT NULL,
	print_base     INTEGER NOT NULL,
	print_buckets  INTEGER NOT NULL,
	print_hashes   INTEGER NOT NULL,
	print_postings INTEGER NOT NULL,
	spill_lo       INTEGER NOT NULL,
	spill_hi       INTEGER NOT NULL
);
CREATE TABLE postings (
	id   INTEGER PRIMARY KEY,
	data BLOB NOT NULL
);
CREATE TABLE spills (
	id   INTEGER PRIMARY KEY,
	data BLOB NOT NULL
);
CREATE TABLE dead (
	doc INTEGER PRIMARY KEY
);
`

// busyTimeout is how long, in milliseconds, a statement waits for a lock
// held by another connection before SQLite reports the file busy; Add then
// retries the whole batch up to busyRetries times.
const (
	busyTimeout = 10000
	busyRetries = 10
)

// Params are the settings that make signatures and keys comparable. They are
// fixed when an archive is created.
type Params struct {
	Shingle     int    // words per shingle
	Perm        int    // signature length, in uint32 values
	Seed        uint64 // hash seed
	Bands, Rows int    // LSH bands and rows per band the keys were made with
	Window      int    // winnowing window of the fingerprints, in shingles
	// Lead is the number of words at the start of a long article whose
	// every shingle the archive keeps as a key, besides the fingerprints
	// (0: none; see pipeline.LeadKeys). It is the archive's:
	// stored when the archive is created, 0 for one made before it was
	// stored, and taken from the archive on opening, never compared.
	Lead int
}

// fields lists the parameters in a fixed order with the names a user knows
// them by, for storage and for error messages.
func (p Params) fields() []param {
	return []param{
		{"shingle", "--shingle", strconv.Itoa(p.Shingle)},
		{"perm", "--perm", strconv.Itoa(p.Perm)},
		{"seed", "hash seed", strconv.FormatUint(p.Seed, 10)},
		{"bands", "LSH bands (from --threshold)", strconv.Itoa(p.Bands)},
		{"rows", "LSH rows per band (from --threshold)", strconv.Itoa(p.Rows)},
		{"window", "winnowing window", strconv.Itoa(p.Window)},
	}
}

type param struct{ key, name, value string }

func (p Params) validate() error {
	if p.Lead < 0 {
		return fmt.Errorf("archive: invalid parameters: lead %d, want at least 0", p.Lead)
	}
	for _, f := range p.fields() {
		if f.key == "seed" {
			continue
		}
		if n, _ := strconv.Atoi(f.value); n < 1 {
			return fmt.Errorf("archive: invalid parameters: %s %s, want at least 1", f.name, f.value)
		}
	}
	return nil
}

// Archive is an open archive file. Its methods are safe for concurrent use
// by multiple goroutines, and several processes may use the same file at
// once.
type Archive struct {
	path   string
	db     *sql.DB
	params Params
	st     *stmts

	mu       sync.Mutex
	firstDoc int64 // the lowest document number Add stored, 0 if none
}

// Create opens the archive at path, creating the file and its schema if
// needed. An existing archive made with other parameters is refused with an
// error naming both values. p must have every field but Seed at least 1.
func Create(path string, p Params) (*Archive, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("archive: %s is a directory", path)
	}
	a, err := open(path, p, true)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Open opens an existing archive. A missing file, a file that is not an
// SQLite database, a corrupt one, or an SQLite database that is not an
// archive is an error. The parameters are compared as in Create, except that
// the zero Params accepts those stored in the archive (see Archive.Params).
func Open(path string, p Params) (*Archive, error) {
	if p.Lead = 0; p != (Params{}) { // Lead is the archive's, whatever p says
		if err := p.validate(); err != nil {
			return nil, err
		}
	}
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("archive: %s does not exist: %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("archive: %s is a directory", path)
	}
	if fi.Size() == 0 {
		return nil, fmt.Errorf("archive: %s is empty, not an archive", path)
	}
	return open(path, p, false)
}

// dsn builds the driver's data source name: an SQLite URI filename with the
// per-connection pragmas. Writes begin IMMEDIATE, so a writer takes the
// write lock before reading anything and never has to abort on a stale
// snapshot.
//
// An archive is created with 8 KB pages, which halve the system calls that
// write and checkpoint the write-ahead log, and hold an article's text
// without an overflow page. Opened with Create, to index, it gets a page
// cache of 16 MB: writes append, so more would not save reads, and freeing
// 64 MB at Close took half a second. Opened with Open, to check, it gets
// one of 16 pages. A check reads each page it needs about once, so a
// larger cache would only take fresh memory, and a fresh page of memory
// costs more to fault in than an SQLite page costs to read again.
func dsn(path string, create bool) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	s := "file:" + r.Replace(path) + "?_txlock=immediate" +
		"&_pragma=busy_timeout(" + strconv.Itoa(busyTimeout) + ")" +
		"&_pragma=synchronous(NORMAL)"
	if create {
		s += "&_pragma=page_size(8192)&_pragma=cache_size(-16384)"
	} else {
		s += "&_pragma=cache_size(16)&mode=rw"
	}
	return s
}

func open(path string, p Params, create bool) (*Archive, error) {
	db, err := sql.Open("sqlite", dsn(path, create))
	if err != nil {
		return nil, fmt.Errorf("archive: %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	a := &Archive{path: path, db: db}
	if err := a.init(p, create); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// init creates the schema if asked and missing, checks the schema version
// and parameters, switches the file to WAL mode and prepares the statements.
func (a *Archive) init(p Params, create bool) error {
	ctx := context.Background()
	var stored map[string]string
	err := retry(func() error {
		var opts *sql.TxOptions
		if !create {
			opts = &sql.TxOptions{ReadOnly: true}
		}
		tx, err := a.db.BeginTx(ctx, opts)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var tables int
		var hasMeta bool
		rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			tables++
			hasMeta = hasMeta || name == "meta"
		}
		if err := rows.Close(); err != nil {
			return err
		}
		switch {
		case !hasMeta && (tables > 0 || !create):
			return errNotArchive
		case !hasMeta:
			if _, err := tx.ExecContext(ctx, schema); err != nil {
				return err
			}
			st := [][2]string{{"schema_version", strconv.Itoa(SchemaVersion)}, {"hash_version", strconv.Itoa(hash64.Version)}}
			for _, f := range p.fields() {
				st = append(st, [2]string{f.key, f.value})
			}
			st = append(st, [2]string{"lead", strconv.Itoa(p.Lead)})
			for _, kv := range st {
				if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?)`, kv[0], kv[1]); err != nil {
					return err
				}
			}
		}
		stored, err = readMeta(ctx, tx)
		if err != nil {
			return err
		}
		if _, ok := stored["hash_version"]; !ok && create && stored["schema_version"] == strconv.Itoa(SchemaVersion) {
			// Made before the hash version was stored: version 1.
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('hash_version', ?)`, strconv.Itoa(unstoredHashVersion)); err != nil {
				return err
			}
			stored["hash_version"] = strconv.Itoa(unstoredHashVersion)
		}
		return tx.Commit()
	})
	if err != nil {
		return a.wrap(err)
	}
	if v := stored["schema_version"]; v != strconv.Itoa(SchemaVersion) {
		hint := ""
		if v == "1" {
			hint = " (index the articles again into a new file)"
		}
		return fmt.Errorf("archive %s has schema version %q; this wiretrace reads version %d%s", a.path, v, SchemaVersion, hint)
	}
	hv, ok := stored["hash_version"]
	if !ok {
		hv = strconv.Itoa(unstoredHashVersion)
	}
	if hv != strconv.Itoa(hash64.Version) {
		return fmt.Errorf("archive %s was made with hash version %s; this wiretrace hashes with version %d, so nothing in it would match (index the articles again into a new file)", a.path, hv, hash64.Version)
	}
	have, err := parseParams(stored)
	if err != nil {
		return fmt.Errorf("archive: %s: meta table: %w", a.path, err)
	}
	if p == (Params{}) {
		p = have
	}
	if err := compare(a.path, have, p); err != nil {
		return err
	}
	a.params = p
	a.params.Lead = have.Lead
	if create {
		// WAL mode is persistent: set once, every later connection uses it.
		var mode string
		if err := a.db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
			return a.wrap(err)
		}
		if !strings.EqualFold(mode, "wal") {
			return fmt.Errorf("archive: %s: cannot use WAL journal mode (mode is %s)", a.path, mode)
		}
	}
	a.st = &stmts{}
	return nil
}

var errNotArchive = errors.New("not a wiretrace archive (no meta table)")

func readMeta(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM meta`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}

func parseParams(m map[string]string) (Params, error) {
	var p Params
	ints := map[string]*int{"shingle": &p.Shingle, "perm": &p.Perm, "bands": &p.Bands, "rows": &p.Rows, "window": &p.Window}
	for k, dst := range ints {
		n, err := strconv.Atoi(m[k])
		if err != nil {
			return p, fmt.Errorf("%s: %w", k, err)
		}
		*dst = n
	}
	seed, err := strconv.ParseUint(m["seed"], 10, 64)
	if err != nil {
		return p, fmt.Errorf("seed: %w", err)
	}
	p.Seed = seed
	if v, ok := m["lead"]; ok {
		if p.Lead, err = strconv.Atoi(v); err != nil || p.Lead < 0 {
			return p, fmt.Errorf("lead: %q is not a number of words", v)
		}
	}
	return p, nil
}

// compare reports every parameter in which this run differs from the archive.
func compare(path string, have, want Params) error {
	var made, run []string
	hf, wf := have.fields(), want.fields()
	for i := range hf {
		if hf[i].value != wf[i].value {
			made = append(made, hf[i].name+" "+hf[i].value)
			run = append(run, wf[i].name+" "+wf[i].value)
		}
	}
	if made == nil {
		return nil
	}
	return fmt.Errorf("archive %s was made with %s; this run has %s",
		path, strings.Join(made, ", "), strings.Join(run, ", "))
}

// wrap turns a driver error into one that says what is wrong with the file.
func (a *Archive) wrap(err error) error {
	if errors.Is(err, errNotArchive) {
		return fmt.Errorf("archive: %s is %w", a.path, err)
	}
	if errors.Is(err, errBadBucket) {
		return fmt.Errorf("archive: %s is corrupt: %w", a.path, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("archive: %s is not an SQLite database: %w", a.path, err)
		case sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("archive: %s is corrupt: %w", a.path, err)
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("archive: %s cannot be opened: %w", a.path, err)
		}
	}
	return fmt.Errorf("archive: %s: %w", a.path, err)
}

// isBusy reports whether err means that another connection held a lock for
// longer than the busy timeout.
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

// retry runs f again while it fails because the file is busy.
func retry(f func() error) error {
	var err error
	for range busyRetries {
		if err = f(); !isBusy(err) {
			return err
		}
	}
	return err
}

// Params returns the parameters the archive was made with.
func (a *Archive) Params() Params { return a.params }

// Stats describes an archive.
type Stats struct {
	Docs          int    // documents stored
	Bytes         int64  // size of the database in bytes (page count × page size, including pages still in the write-ahead log)
	Params        Params // parameters the archive was made with
	SchemaVersion int    // file format version
}

// Stats counts the documents and measures the file.
func (a *Archive) Stats() (Stats, error) {
	ctx := context.Background()
	s := Stats{Params: a.params, SchemaVersion: SchemaVersion}
	tx, err := a.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s, a.wrap(err)
	}
	defer tx.Rollback()
	var pages, size int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM docs`).Scan(&s.Docs); err != nil {
		return s, a.wrap(err)
	}
	if err := tx.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		return s, a.wrap(err)
	}
	if err := tx.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil {
		return s, a.wrap(err)
	}
	s.Bytes = pages * size
	return s, nil
}

// Close closes the archive. The write-ahead log is checkpointed into the
// file when the last connection to it closes.
func (a *Archive) Close() error {
	var errs []error
	if a.st != nil {
		errs = append(errs, a.st.close())
	}
	errs = append(errs, a.db.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("archive: %s: close: %w", a.path, err)
	}
	return nil
}
