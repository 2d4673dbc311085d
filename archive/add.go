package archive

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"slices"
)

// Doc is an archived article and its metadata, as read.
type Doc struct {
	ID        string // unique id: a path or the record's id
	Text      string // the text that was compared (for HTML, the extracted text)
	Title     string
	URL       string
	Source    string
	Published string // RFC 3339 or YYYY-MM-DD as read; "" if unknown
}

// Entry is a document with the values derived from its text.
type Entry struct {
	Doc    Doc
	Sig    []uint32 // MinHash signature: Params.Perm values
	Keys   []uint64 // LSH band keys: Params.Bands values
	Prints []uint64 // winnowed fingerprint hashes; duplicates are stored once
}

// Result counts what Add did with a batch.
type Result struct {
	Added     int      // documents not in the archive before
	Unchanged int      // documents already stored with the same text
	Replaced  int      // documents stored with another text, replaced as asked
	Conflicts []string // ids stored with another text and left as they were, in batch order
}

// Add stores a batch of entries in one transaction: either all of the batch
// is stored or, on error, none of it. An entry whose id is stored with the
// same text (by content hash) is left unchanged. An entry whose id is stored
// with another text is refused and listed in Result.Conflicts, unless
// replace is true: then its document, signature, keys and prints replace
// every row of the old one. Entries are applied in order, so a batch may
// hold the same id twice.
//
// If another process holds the write lock, Add waits for it, and retries the
// batch if the wait times out. An entry with an empty id, or whose Sig or
// Keys length does not match the archive's parameters, makes Add fail
// before anything is written.
func (a *Archive) Add(batch []Entry, replace bool) (Result, error) {
	for i, e := range batch {
		if err := a.check(e); err != nil {
			return Result{}, fmt.Errorf("archive: %s: entry %d (id %q): %w", a.path, i, e.Doc.ID, err)
		}
	}
	if len(batch) == 0 {
		return Result{}, nil
	}
	var res Result
	err := retry(func() error {
		res = Result{}
		return a.add(batch, replace, &res)
	})
	if err != nil {
		return Result{}, a.wrap(fmt.Errorf("add: %w", err))
	}
	return res, nil
}

func (a *Archive) check(e Entry) error {
	switch {
	case e.Doc.ID == "":
		return errors.New("empty id")
	case len(e.Sig) != a.params.Perm:
		return fmt.Errorf("signature has %d values, want --perm %d", len(e.Sig), a.params.Perm)
	case len(e.Keys) != a.params.Bands:
		return fmt.Errorf("%d LSH keys, want one per band (%d)", len(e.Keys), a.params.Bands)
	}
	return nil
}

// row is one row of the keys or prints table: a hash and a document.
type row struct {
	h   int64
	doc int64
}

func (a *Archive) add(batch []Entry, replace bool, res *Result) error {
	ctx := context.Background()
	tx, err := a.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (see dsn)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s := func(st *sql.Stmt) *sql.Stmt { return tx.StmtContext(ctx, st) }
	lookup, insertDoc, updateDoc, putSig := s(a.st.lookup), s(a.st.insertDoc), s(a.st.updateDoc), s(a.st.putSig)

	var keyRows, printRows []row
	flush := func() error {
		if err := insertRows(ctx, s(a.st.insKey), s(a.st.insKeys), keyRows); err != nil {
			return fmt.Errorf("keys: %w", err)
		}
		if err := insertRows(ctx, s(a.st.insPrint), s(a.st.insPrints), printRows); err != nil {
			return fmt.Errorf("prints: %w", err)
		}
		keyRows, printRows = keyRows[:0], printRows[:0]
		return nil
	}
	seen := map[uint64]bool{}
	for _, e := range batch {
		d := e.Doc
		hash := sha256.Sum256([]byte(d.Text))
		var doc int64
		var old []byte
		err := lookup.QueryRowContext(ctx, d.ID).Scan(&doc, &old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			r, err := insertDoc.ExecContext(ctx, d.ID, d.Title, d.URL, d.Source, d.Published, d.Text, hash[:])
			if err != nil {
				return fmt.Errorf("%q: %w", d.ID, err)
			}
			if doc, err = r.LastInsertId(); err != nil {
				return fmt.Errorf("%q: %w", d.ID, err)
			}
			res.Added++
		case err != nil:
			return fmt.Errorf("%q: %w", d.ID, err)
		case bytes.Equal(old, hash[:]):
			res.Unchanged++
			continue
		case !replace:
			res.Conflicts = append(res.Conflicts, d.ID)
			continue
		default:
			// The old rows may still be queued if the batch added them.
			if err := flush(); err != nil {
				return err
			}
			if err := a.deleteRows(ctx, tx, doc); err != nil {
				return fmt.Errorf("%q: %w", d.ID, err)
			}
			if _, err := updateDoc.ExecContext(ctx, d.Title, d.URL, d.Source, d.Published, d.Text, hash[:], doc); err != nil {
				return fmt.Errorf("%q: %w", d.ID, err)
			}
			res.Replaced++
		}
		prints := make([]uint64, 0, len(e.Prints))
		clear(seen)
		for _, p := range e.Prints {
			if !seen[p] {
				seen[p] = true
				prints = append(prints, p)
			}
		}
		if _, err := putSig.ExecContext(ctx, doc, putU32s(e.Sig), putU64s(e.Keys), putU64s(prints)); err != nil {
			return fmt.Errorf("%q: signature: %w", d.ID, err)
		}
		for _, k := range e.Keys {
			keyRows = append(keyRows, row{int64(k), doc})
		}
		for _, p := range prints {
			printRows = append(printRows, row{int64(p), doc})
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return tx.Commit()
}

// deleteRows deletes the keys and prints of the stored document doc, as
// listed in its signature row.
func (a *Archive) deleteRows(ctx context.Context, tx *sql.Tx, doc int64) error {
	var kb, pb []byte
	if err := tx.StmtContext(ctx, a.st.lists).QueryRowContext(ctx, doc).Scan(&kb, &pb); err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	for _, d := range []struct {
		st *sql.Stmt
		hs []uint64
	}{{a.st.delKey, getU64s(kb)}, {a.st.delPrint, getU64s(pb)}} {
		st := tx.StmtContext(ctx, d.st)
		for _, h := range d.hs {
			if _, err := st.ExecContext(ctx, int64(h), doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertRows inserts rows in index order, chunk rows per statement.
func insertRows(ctx context.Context, one, many *sql.Stmt, rows []row) error {
	slices.SortFunc(rows, func(x, y row) int { return cmp.Compare(x.h, y.h) })
	args := make([]any, 0, 2*chunk)
	for len(rows) >= chunk {
		args = args[:0]
		for _, r := range rows[:chunk] {
			args = append(args, r.h, r.doc)
		}
		if _, err := many.ExecContext(ctx, args...); err != nil {
			return err
		}
		rows = rows[chunk:]
	}
	for _, r := range rows {
		if _, err := one.ExecContext(ctx, r.h, r.doc); err != nil {
			return err
		}
	}
	return nil
}
