package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrNotFound is returned, wrapped, by Get for an id the archive does not
// hold.
var ErrNotFound = errors.New("no such document")

// Candidate is an archived document that shares search keys with a query.
type Candidate struct {
	ID     string // the archived document's id
	Keys   int    // distinct query band keys it holds
	Prints int    // distinct query fingerprints it holds, not counting ignored ones
}

// Candidates returns the archived documents that share at least one LSH band
// key or fingerprint with the query, sorted by ID. A fingerprint held by more
// than maxPrintDocs documents is ignored, as boilerplate; maxPrintDocs < 1
// ignores none. Duplicates in keys or prints count once. All lookups read
// one snapshot of the archive, unaffected by concurrent writes.
func (a *Archive) Candidates(keys, prints []uint64, maxPrintDocs int) ([]Candidate, error) {
	ctx := context.Background()
	tx, err := a.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, a.wrap(fmt.Errorf("candidates: %w", err))
	}
	defer tx.Rollback()

	type count struct{ keys, prints int }
	found := map[int64]*count{}
	hit := func(doc int64) *count {
		c := found[doc]
		if c == nil {
			c = &count{}
			found[doc] = c
		}
		return c
	}
	keyDocs := tx.StmtContext(ctx, a.st.keyDocs)
	for _, k := range distinct(keys) {
		docs, err := queryDocs(ctx, keyDocs, int64(k))
		if err != nil {
			return nil, a.wrap(fmt.Errorf("candidates: key %#x: %w", k, err))
		}
		for _, d := range docs {
			hit(d).keys++
		}
	}
	limit := int64(-1) // no LIMIT
	if maxPrintDocs >= 1 {
		limit = int64(maxPrintDocs) + 1
	}
	printDocs := tx.StmtContext(ctx, a.st.printDocs)
	for _, p := range distinct(prints) {
		docs, err := queryDocs(ctx, printDocs, int64(p), limit)
		if err != nil {
			return nil, a.wrap(fmt.Errorf("candidates: print %#x: %w", p, err))
		}
		if maxPrintDocs >= 1 && len(docs) > maxPrintDocs {
			continue
		}
		for _, d := range docs {
			hit(d).prints++
		}
	}

	out := make([]Candidate, 0, len(found))
	idOf := tx.StmtContext(ctx, a.st.idOf)
	for doc, c := range found {
		var id string
		if err := idOf.QueryRowContext(ctx, doc).Scan(&id); err != nil {
			return nil, a.wrap(fmt.Errorf("candidates: document %d: %w", doc, err))
		}
		out = append(out, Candidate{ID: id, Keys: c.keys, Prints: c.prints})
	}
	slices.SortFunc(out, func(x, y Candidate) int { return strings.Compare(x.ID, y.ID) })
	return out, nil
}

func queryDocs(ctx context.Context, st *sql.Stmt, args ...any) ([]int64, error) {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []int64
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

func distinct(v []uint64) []uint64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return slices.Compact(v)
}

// Get returns the archived document with the given id and its MinHash
// signature. The caller owns the returned slice. An unknown id gives an
// error wrapping ErrNotFound.
func (a *Archive) Get(id string) (Doc, []uint32, error) {
	d := Doc{ID: id}
	var sig []byte
	err := a.st.get.QueryRowContext(context.Background(), id).Scan(&d.Title, &d.URL, &d.Source, &d.Published, &d.Text, &sig)
	if errors.Is(err, sql.ErrNoRows) {
		return Doc{}, nil, fmt.Errorf("archive: %s: document %q: %w", a.path, id, ErrNotFound)
	}
	if err != nil {
		return Doc{}, nil, a.wrap(fmt.Errorf("document %q: %w", id, err))
	}
	return d, getU32s(sig), nil
}

// PrintDocs returns the document frequency of each fingerprint: the number
// of archived documents that hold it. Every fingerprint in prints is a key
// of the map; one the archive does not hold maps to 0.
func (a *Archive) PrintDocs(prints []uint64) (map[uint64]int, error) {
	ctx := context.Background()
	tx, err := a.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, a.wrap(fmt.Errorf("print frequencies: %w", err))
	}
	defer tx.Rollback()
	st := tx.StmtContext(ctx, a.st.printCount)
	m := make(map[uint64]int, len(prints))
	for _, p := range prints {
		if _, ok := m[p]; ok {
			continue
		}
		var n int
		if err := st.QueryRowContext(ctx, int64(p)).Scan(&n); err != nil {
			return nil, a.wrap(fmt.Errorf("print frequencies: %#x: %w", p, err))
		}
		m[p] = n
	}
	return m, nil
}
