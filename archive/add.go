package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"math"
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
	Prints []uint64 // fingerprint hashes (and other keys looked up as they are); duplicates are stored once
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
// before anything is written; an article with no words has neither
// (empty Sig and Keys) and is stored all the same.
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
	case len(e.Sig) == 0 && len(e.Keys) == 0:
		// An article with no words: stored, never a candidate.
	case len(e.Sig) != a.params.Perm:
		return fmt.Errorf("signature has %d values, want --perm %d", len(e.Sig), a.params.Perm)
	case len(e.Keys) != a.params.Bands:
		return fmt.Errorf("%d LSH keys, want one per band (%d)", len(e.Keys), a.params.Bands)
	}
	return nil
}

func (a *Archive) add(batch []Entry, replace bool, res *Result) error {
	ctx := context.Background()
	tx, err := a.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (see dsn)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := a.writeStmts()
	if err != nil {
		return err
	}
	s := func(st *sql.Stmt) *sql.Stmt { return tx.StmtContext(ctx, st) }
	lookup, insertDoc, putSig := s(st.lookup), s(st.insertDoc), s(st.putSig)

	var ps [2]postings
	ps[keyKind] = postings{make([]uint64, 0, len(batch)*a.params.Bands), make([]uint32, 0, len(batch)*a.params.Bands)}
	var np int
	for _, e := range batch {
		np += len(e.Prints)
	}
	ps[printKind] = postings{make([]uint64, 0, np), make([]uint32, 0, np)}
	added := map[int64]bool{} // documents this batch stored
	gone := map[int64]bool{}  // of those, the ones it replaced again
	lo, hi := int64(math.MaxInt64), int64(0)
	seen := map[uint64]bool{}
	for _, e := range batch {
		d := e.Doc
		hash := sha256.Sum256([]byte(d.Text))
		var doc int64
		var old []byte
		replaced := false
		err := lookup.QueryRowContext(ctx, d.ID).Scan(&doc, &old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("%q: %w", d.ID, err)
		case bytes.Equal(old, hash[:]):
			res.Unchanged++
			continue
		case !replace:
			res.Conflicts = append(res.Conflicts, d.ID)
			continue
		default:
			// The new text gets a new document number. The old one's
			// postings stay in their segment, ignored by lookups, until
			// the segment is merged; if this batch stored them, they are
			// left out of its segment.
			if added[doc] {
				gone[doc] = true
			} else if _, err := s(st.markDead).ExecContext(ctx, doc); err != nil {
				return fmt.Errorf("%q: %w", d.ID, err)
			}
			for _, st := range []*sql.Stmt{st.delSig, st.delDoc} {
				if _, err := s(st).ExecContext(ctx, doc); err != nil {
					return fmt.Errorf("%q: %w", d.ID, err)
				}
			}
			replaced = true
		}
		r, err := insertDoc.ExecContext(ctx, d.ID, d.Title, d.URL, d.Source, d.Published, d.Text, hash[:])
		if err != nil {
			return fmt.Errorf("%q: %w", d.ID, err)
		}
		if doc, err = r.LastInsertId(); err != nil {
			return fmt.Errorf("%q: %w", d.ID, err)
		}
		if replaced {
			res.Replaced++
		} else {
			res.Added++
		}
		added[doc] = true
		lo, hi = min(lo, doc), max(hi, doc)
		prints := make([]uint64, 0, len(e.Prints))
		clear(seen)
		for _, p := range e.Prints {
			if !seen[p] {
				seen[p] = true
				prints = append(prints, p)
			}
		}
		if _, err := putSig.ExecContext(ctx, doc, putU32s(e.Sig)); err != nil {
			return fmt.Errorf("%q: signature: %w", d.ID, err)
		}
		if doc-lo > math.MaxUint32 {
			return fmt.Errorf("%q: document number %d too far above %d for one batch", d.ID, doc, lo)
		}
		for _, k := range e.Keys {
			ps[keyKind].add(k, uint32(doc-lo))
		}
		for _, p := range prints {
			ps[printKind].add(p, uint32(doc-lo))
		}
	}
	if len(added) == 0 {
		return tx.Commit()
	}
	if len(gone) > 0 {
		for k := range ps {
			p := &ps[k]
			n := 0
			for i := range p.hs {
				if !gone[lo+int64(p.docs[i])] {
					p.hs[n], p.docs[n] = p.hs[i], p.docs[i]
					n++
				}
			}
			p.hs, p.docs = p.hs[:n], p.docs[:n]
		}
	}
	if err := writeSegment(ctx, tx, lo, hi, ps); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	a.mu.Lock()
	if a.firstDoc == 0 || lo < a.firstDoc {
		a.firstDoc = lo
	}
	a.mu.Unlock()
	return nil
}

// Merge merges the segments that hold only documents added through a
// since it was opened, and any added after them by others, into one
// segment, so that a lookup reads one bucket row for them instead of one
// per segment. Add merges segments as they accumulate, keeping their
// number logarithmic; Merge, called at the end of an index run, leaves
// the run's documents in one segment, at the cost of writing their
// postings once more. It is one transaction, like Add.
func (a *Archive) Merge() error {
	a.mu.Lock()
	first := a.firstDoc
	a.mu.Unlock()
	if first == 0 {
		return nil
	}
	ctx := context.Background()
	err := retry(func() error {
		tx, err := a.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (see dsn)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		segs, err := readSegments(ctx, tx)
		if err != nil {
			return err
		}
		from := len(segs)
		for from > 0 && segs[from-1].lo >= first {
			from--
		}
		if len(segs)-from < 2 {
			return nil
		}
		if err := mergeTail(ctx, tx, segs[from:]); err != nil {
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return a.wrap(fmt.Errorf("merge: %w", err))
	}
	return nil
}
