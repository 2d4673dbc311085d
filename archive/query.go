package archive

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// ErrNotFound is returned, wrapped, by Get for an id the archive does not
// hold.
var ErrNotFound = errors.New("no such document")

// Candidate is an archived document that shares search keys with a query.
type Candidate struct {
	ID     string // the archived document's id
	Keys   int    // distinct query band keys it holds
	Prints int    // distinct query fingerprints it holds, not counting ignored ones
	// Rare is how many of those Prints no other archived document holds:
	// with the query, two documents hold them, and they do not recur.
	Rare int
}

// Snapshot is a read-only view of the archive as it was when the snapshot
// began: its lookups and reads agree with each other whatever is written
// meanwhile. A Snapshot is not safe for concurrent use. Close it when
// done: while it is open, the write-ahead log cannot be checkpointed past
// it.
type Snapshot struct {
	a       *Archive
	ctx     context.Context
	tx      *sql.Tx
	loaded  bool
	segs    []segment
	dead    map[int64]bool
	segDead []bool                 // whether segs[i] covers a dead document
	hits    [2]map[uint64]*hashHit // hashes looked up, by kind
}

// Snapshot begins a snapshot of the archive.
func (a *Archive) Snapshot() (*Snapshot, error) {
	ctx := context.Background()
	tx, err := a.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, a.wrap(fmt.Errorf("snapshot: %w", err))
	}
	return &Snapshot{a: a, ctx: ctx, tx: tx, hits: [2]map[uint64]*hashHit{{}, {}}}, nil
}

// Close ends the snapshot.
func (s *Snapshot) Close() error {
	if err := s.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return s.a.wrap(err)
	}
	return nil
}

// load reads the list of segments and the replaced documents.
func (s *Snapshot) load() error {
	if s.loaded {
		return nil
	}
	var err error
	if s.segs, err = readSegments(s.ctx, s.tx); err != nil {
		return err
	}
	if s.dead, err = readDead(s.ctx, s.tx, math.MinInt64, math.MaxInt64); err != nil {
		return err
	}
	s.segDead = make([]bool, len(s.segs))
	for d := range s.dead {
		for i := range s.segs {
			if s.segs[i].lo <= d && d <= s.segs[i].hi {
				s.segDead[i] = true
			}
		}
	}
	s.loaded = true
	return nil
}

// jsonInts is a JSON array of ints, for json_each.
func jsonInts(v []int64) string {
	b := make([]byte, 0, 8*len(v)+2)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, x, 10)
	}
	return string(append(b, ']'))
}

// hashHit is what the archive holds of one hash: its group in each
// segment that has one, with dead documents already left out.
type hashHit struct {
	n  int // live documents holding the hash
	in []segEntry
}

type segEntry struct {
	seg int // index in Snapshot.segs
	e   entry
}

// find returns the group of hash h in a bucket's data.
func find(b []byte, lo int64, h uint64) (entry, bool, error) {
	for len(b) > 0 {
		if len(b) < 9 {
			return entry{}, false, errBadBucket
		}
		g := binary.LittleEndian.Uint64(b)
		if g > h {
			return entry{}, false, nil
		}
		if g == h {
			e, _, err := nextEntry(b, lo, nil)
			return e, err == nil, err
		}
		// Skip the group: its count, then its documents or spill id.
		n, k := binary.Uvarint(b[8:])
		if k <= 0 || n == 0 {
			return entry{}, false, errBadBucket
		}
		b = b[8+k:]
		if n > inlineDocs {
			n = 1
		}
		for ; n > 0; n-- {
			j := 0
			for j < len(b) && b[j] >= 0x80 {
				j++
			}
			if j >= len(b) {
				return entry{}, false, errBadBucket
			}
			b = b[j+1:]
		}
	}
	return entry{}, false, nil
}

// lookup finds hashes of both kinds (band keys, fingerprints) in every
// segment, reading every bucket row it needs in one query, and keeps what
// it finds for later lookups.
func (s *Snapshot) lookup(hashes [2][]uint64) error {
	if err := s.load(); err != nil {
		return err
	}
	type probe struct {
		seg, kind int
		h         uint64
	}
	probes := map[int64][]probe{} // by bucket row
	var ids []int64
	for kind, hs := range hashes {
		for _, h := range hs {
			if s.hits[kind][h] != nil {
				continue
			}
			s.hits[kind][h] = &hashHit{}
			m := hash64.Mix(h)
			for i := range s.segs {
				r := s.segs[i].runs[kind]
				id := r.base + bucketOf(m, r.buckets)
				if probes[id] == nil {
					ids = append(ids, id)
				}
				probes[id] = append(probes[id], probe{i, kind, h})
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	rows, err := s.tx.QueryContext(s.ctx, `SELECT id, data FROM postings WHERE id IN (SELECT value FROM json_each(?))`, jsonInts(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var data sql.RawBytes
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		n++
		for _, p := range probes[id] {
			e, ok, err := find(data, s.segs[p.seg].lo, hash64.Mix(p.h))
			if err != nil {
				return fmt.Errorf("%s: segment %d: %w", kindNames[p.kind], s.segs[p.seg].seg, err)
			}
			if ok {
				hh := s.hits[p.kind][p.h]
				hh.in = append(hh.in, segEntry{p.seg, e})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n != len(ids) {
		return fmt.Errorf("%d of %d bucket rows missing: %w", len(ids)-n, len(ids), errBadBucket)
	}
	rows.Close()
	for kind, hs := range hashes {
		for _, h := range hs {
			hh := s.hits[kind][h]
			if hh.n > 0 || len(hh.in) == 0 {
				continue
			}
			for j := range hh.in {
				se := &hh.in[j]
				if s.segDead[se.seg] {
					docs, err := s.docsOf(*se)
					if err != nil {
						return err
					}
					se.e.docs = slices.DeleteFunc(slices.Clone(docs), func(d int64) bool { return s.dead[d] })
					se.e.n, se.e.spill = len(se.e.docs), 0
				}
				hh.n += se.e.n
			}
		}
	}
	return nil
}

// docsOf returns the documents of a group, reading its spill row if it
// has one.
func (s *Snapshot) docsOf(se segEntry) ([]int64, error) {
	if se.e.spill == 0 {
		return se.e.docs, nil
	}
	return readSpill(s.ctx, s.tx, se.e, s.segs[se.seg].lo, nil)
}

// docs returns every live document holding a hash looked up.
func (s *Snapshot) docs(hh *hashHit) ([]int64, error) {
	var out []int64
	for _, se := range hh.in {
		docs, err := s.docsOf(se)
		if err != nil {
			return nil, err
		}
		out = append(out, docs...)
	}
	return out, nil
}

// Candidates returns the archived documents that share at least one LSH band
// key or fingerprint with the query, sorted by ID. A fingerprint held by more
// than maxPrintDocs documents is ignored, as boilerplate; maxPrintDocs < 1
// ignores none. Duplicates in keys or prints count once.
func (s *Snapshot) Candidates(keys, prints []uint64, maxPrintDocs int) ([]Candidate, error) {
	return s.CandidatesBesides(keys, prints, maxPrintDocs, "")
}

// CandidatesBesides is Candidates for a query that an archived document of
// id self may be an earlier form of: that document is no candidate, and
// it is not counted among a fingerprint's holders for Rare (maxPrintDocs
// still counts it, as a scan counts every copy).
func (s *Snapshot) CandidatesBesides(keys, prints []uint64, maxPrintDocs int, self string) ([]Candidate, error) {
	out, err := s.candidates(keys, prints, maxPrintDocs, self)
	if err != nil {
		return nil, s.a.wrap(fmt.Errorf("candidates: %w", err))
	}
	return out, nil
}

func (s *Snapshot) candidates(keys, prints []uint64, maxPrintDocs int, self string) ([]Candidate, error) {
	selfDoc := int64(-1) // none
	if self != "" {
		err := s.tx.QueryRowContext(s.ctx, `SELECT doc FROM docs WHERE id = ?`, self).Scan(&selfDoc)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	type count struct{ keys, prints, rare int }
	found := map[int64]*count{}
	hitDoc := func(doc int64) *count {
		c := found[doc]
		if c == nil {
			c = &count{}
			found[doc] = c
		}
		return c
	}
	both := [2][]uint64{distinct(keys), distinct(prints)}
	if err := s.lookup(both); err != nil {
		return nil, err
	}
	for kind, hashes := range both {
		for _, h := range hashes {
			hh := s.hits[kind][h]
			if kind == printKind && maxPrintDocs >= 1 && hh.n > maxPrintDocs {
				continue
			}
			docs, err := s.docs(hh)
			if err != nil {
				return nil, err
			}
			holders := len(docs)
			if selfDoc >= 0 && slices.Contains(docs, selfDoc) {
				holders--
			}
			for _, d := range docs {
				if d == selfDoc {
					continue
				}
				c := hitDoc(d)
				if kind == keyKind {
					c.keys++
					continue
				}
				c.prints++
				if holders == 1 {
					c.rare++
				}
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	docs := make([]int64, 0, len(found))
	for d := range found {
		docs = append(docs, d)
	}
	rows, err := s.tx.QueryContext(s.ctx, `SELECT doc, id FROM docs WHERE doc IN (SELECT value FROM json_each(?))`, jsonInts(docs))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]Candidate, 0, len(found))
	for rows.Next() {
		var doc int64
		var id string
		if err := rows.Scan(&doc, &id); err != nil {
			return nil, err
		}
		c := found[doc]
		out = append(out, Candidate{ID: id, Keys: c.keys, Prints: c.prints, Rare: c.rare})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) != len(found) {
		return nil, fmt.Errorf("%d indexed documents missing: %w", len(found)-len(out), errBadBucket)
	}
	slices.SortFunc(out, func(x, y Candidate) int { return strings.Compare(x.ID, y.ID) })
	return out, nil
}

func distinct(v []uint64) []uint64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return slices.Compact(v)
}

// PrintDocs returns the document frequency of each fingerprint: the number
// of archived documents that hold it. Every fingerprint in prints is a key
// of the map; one the archive does not hold maps to 0.
func (s *Snapshot) PrintDocs(prints []uint64) (map[uint64]int, error) {
	if err := s.lookup([2][]uint64{printKind: distinct(prints)}); err != nil {
		return nil, s.a.wrap(fmt.Errorf("print frequencies: %w", err))
	}
	m := make(map[uint64]int, len(prints))
	for _, h := range prints {
		m[h] = s.hits[printKind][h].n
	}
	return m, nil
}

// Doc returns the archived document with the given id. An unknown id
// gives an error wrapping ErrNotFound.
func (s *Snapshot) Doc(id string) (Doc, error) {
	return s.read(id, func(st *stmts) *sql.Stmt { return st.doc }, nil)
}

// read reads the document id with the statement stmt picks, which selects
// its metadata and text and, when sig is not nil, its signature into sig.
func (s *Snapshot) read(id string, stmt func(*stmts) *sql.Stmt, sig *[]byte) (Doc, error) {
	d := Doc{ID: id}
	st, err := s.a.readStmts()
	if err != nil {
		return Doc{}, err
	}
	dest := []any{&d.Title, &d.URL, &d.Source, &d.Published, &d.Text}
	if sig != nil {
		dest = append(dest, sig)
	}
	err = s.tx.StmtContext(s.ctx, stmt(st)).QueryRowContext(s.ctx, id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return Doc{}, fmt.Errorf("archive: %s: document %q: %w", s.a.path, id, ErrNotFound)
	}
	if err != nil {
		return Doc{}, s.a.wrap(fmt.Errorf("document %q: %w", id, err))
	}
	return d, nil
}
