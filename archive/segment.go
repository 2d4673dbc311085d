package archive

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strings"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// The search index is log-structured: each batch appends a segment, and
// segments are merged as they accumulate (see mergeFrom), so that a write
// never updates a page written before and a lookup reads one bucket row
// in each of a few segments.

// Posting kinds: the two search indexes a segment holds.
const (
	keyKind   = 0 // LSH band keys
	printKind = 1 // winnowed fingerprints
)

var kindNames = [2]string{"keys", "prints"}

const (
	// hashesPerBucket is the number of distinct hashes a bucket row holds on
	// average: about 1 KB of row, eight to an 8 KB page.
	hashesPerBucket = 80
	// inlineDocs is the largest number of documents a group lists in its
	// bucket; a group with more keeps them in a spill row, so that a
	// bucket stays small even when it holds a boilerplate fingerprint.
	inlineDocs = 64
	// mergeFactor: a segment is merged with the newer ones once they hold
	// mergeFactor-1 times its postings, so that sizes grow geometrically,
	// there are about (mergeFactor-1)·log_mergeFactor(batches) segments,
	// and a posting is rewritten about log_mergeFactor(batches) times.
	mergeFactor = 4
)

// run is where the postings of one kind in one segment are stored.
type run struct {
	base     int64 // postings.id of bucket 0; bucket i is base+i
	buckets  int64 // bucket rows, at least 1
	hashes   int64 // distinct hashes
	postings int64 // (hash, document) pairs
}

// segment is a row of the segments table.
type segment struct {
	seg              int64
	lo, hi           int64 // documents covered: lo <= doc <= hi
	runs             [2]run
	spillLo, spillHi int64 // spills.id range written with the segment
}

func (s *segment) postings() int64 { return s.runs[keyKind].postings + s.runs[printKind].postings }

// Postings are kept under m = hash64.Mix(h), a bijection of the hash h that
// spreads structured hashes (an LSH key carries its band in its top bits)
// evenly over the buckets; runs are in order of m.

// bucketOf maps a mixed hash to one of n buckets, keeping order: the bucket
// index never decreases as the hash grows.
func bucketOf(h uint64, n int64) int64 {
	hi, _ := bits.Mul64(h, uint64(n))
	return int64(hi)
}

// bucketsFor is the number of buckets for a run of n distinct hashes.
func bucketsFor(n int64) int64 { return max(1, (n+hashesPerBucket-1)/hashesPerBucket) }

// group is one hash and the documents that hold it, ascending.
type group struct {
	h    uint64
	docs []int64
}

// A bucket row's data is a sequence of groups in ascending hash order:
//
//	hash    8 bytes, little-endian
//	n       uvarint, documents holding the hash (n >= 1)
//	n <= inlineDocs: n uvarints, the documents ascending, each as the
//	        difference from the one before (the first from the segment's lo)
//	n > inlineDocs: uvarint, the id of the spill row, whose data is the
//	        same n uvarints
func appendDocs(b []byte, lo int64, docs []int64) []byte {
	prev := lo
	for _, d := range docs {
		b = binary.AppendUvarint(b, uint64(d-prev))
		prev = d
	}
	return b
}

func readDocs(b []byte, lo int64, n int, dst []int64) ([]int64, []byte, error) {
	prev := lo
	for range n {
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return dst, nil, errBadBucket
		}
		prev += int64(v)
		dst = append(dst, prev)
		b = b[k:]
	}
	return dst, b, nil
}

var errBadBucket = errors.New("malformed postings row")

// entry is one group as read from a bucket: the documents inline, or the
// spill row holding them.
type entry struct {
	h     uint64
	n     int
	docs  []int64 // when n <= inlineDocs
	spill int64   // when n > inlineDocs
}

// nextEntry decodes the group at the start of b and returns the rest.
func nextEntry(b []byte, lo int64, docs []int64) (entry, []byte, error) {
	if len(b) < 9 {
		return entry{}, nil, errBadBucket
	}
	e := entry{h: binary.LittleEndian.Uint64(b)}
	b = b[8:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n == 0 || n > 1<<40 {
		return entry{}, nil, errBadBucket
	}
	e.n, b = int(n), b[k:]
	if e.n > inlineDocs {
		id, k := binary.Uvarint(b)
		if k <= 0 {
			return entry{}, nil, errBadBucket
		}
		e.spill, b = int64(id), b[k:]
		return e, b, nil
	}
	var err error
	e.docs, b, err = readDocs(b, lo, e.n, docs[:0])
	return e, b, err
}

// insertChunk is the number of bucket rows one INSERT writes: one
// statement per chunk costs far less than one per row.
const insertChunk = 32

// inserter writes bucket and spill rows within a transaction with
// statements prepared once, bucket rows insertChunk at a time.
type inserter struct {
	ctx             context.Context
	one, many, more *sql.Stmt
	ids             []int64
	data            []byte
	ends            []int
	args            []any
}

func newInserter(ctx context.Context, tx *sql.Tx) (*inserter, error) {
	in := &inserter{ctx: ctx}
	rows := strings.TrimSuffix(strings.Repeat("(?, ?), ", insertChunk), ", ")
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&in.one, `INSERT INTO postings(id, data) VALUES (?, ?)`},
		{&in.many, `INSERT INTO postings(id, data) VALUES ` + rows},
		{&in.more, `INSERT INTO spills(data) VALUES (?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			in.close()
			return nil, err
		}
		*p.dst = st
	}
	return in, nil
}

// bucket queues bucket row id with data b (copied).
func (in *inserter) bucket(id int64, b []byte) error {
	in.ids = append(in.ids, id)
	in.data = append(in.data, b...)
	in.ends = append(in.ends, len(in.data))
	if len(in.ids) < insertChunk {
		return nil
	}
	return in.flush()
}

// spill writes a spill row and returns its id.
func (in *inserter) spill(b []byte) (int64, error) {
	r, err := in.more.ExecContext(in.ctx, b)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

// flush writes the queued bucket rows.
func (in *inserter) flush() error {
	in.args = in.args[:0]
	start := 0
	for i, id := range in.ids {
		b := in.data[start:in.ends[i]:in.ends[i]]
		if b == nil {
			b = []byte{} // an empty bucket: a blob, not NULL
		}
		in.args = append(in.args, id, b)
		start = in.ends[i]
	}
	var err error
	if len(in.ids) == insertChunk {
		_, err = in.many.ExecContext(in.ctx, in.args...)
	} else {
		for i := 0; i < len(in.args) && err == nil; i += 2 {
			_, err = in.one.ExecContext(in.ctx, in.args[i:i+2]...)
		}
	}
	in.ids, in.data, in.ends = in.ids[:0], in.data[:0], in.ends[:0]
	return err
}

// close writes what is queued and closes the statements.
func (in *inserter) close() error {
	var err error
	if in.one != nil && in.many != nil {
		err = in.flush()
	}
	for _, st := range []*sql.Stmt{in.one, in.many, in.more} {
		if st != nil {
			st.Close()
		}
	}
	in.one, in.many, in.more = nil, nil, nil
	return err
}

// runWriter writes a run group by group, in ascending hash order.
type runWriter struct {
	in          *inserter
	seg         *segment
	r           *run
	lo          int64
	cur         int64 // bucket being filled
	buf, spillb []byte
	last        uint64
	started     bool
}

func newRunWriter(in *inserter, seg *segment, kind int, base, hashes int64) *runWriter {
	r := &seg.runs[kind]
	*r = run{base: base, buckets: bucketsFor(hashes)}
	return &runWriter{in: in, seg: seg, r: r, lo: seg.lo}
}

func (w *runWriter) add(g group) error {
	if len(g.docs) == 0 {
		return nil
	}
	if w.started && g.h <= w.last {
		return fmt.Errorf("postings out of order: %#x after %#x", g.h, w.last)
	}
	w.started, w.last = true, g.h
	for b := bucketOf(g.h, w.r.buckets); w.cur < b; {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.buf = binary.LittleEndian.AppendUint64(w.buf, g.h)
	w.buf = binary.AppendUvarint(w.buf, uint64(len(g.docs)))
	if len(g.docs) <= inlineDocs {
		w.buf = appendDocs(w.buf, w.lo, g.docs)
	} else {
		w.spillb = appendDocs(w.spillb[:0], w.lo, g.docs)
		id, err := w.in.spill(w.spillb)
		if err != nil {
			return err
		}
		if w.seg.spillLo == 0 {
			w.seg.spillLo = id
		}
		w.seg.spillHi = id
		w.buf = binary.AppendUvarint(w.buf, uint64(id))
	}
	w.r.hashes++
	w.r.postings += int64(len(g.docs))
	return nil
}

// flush queues the current bucket and moves to the next.
func (w *runWriter) flush() error {
	if err := w.in.bucket(w.r.base+w.cur, w.buf); err != nil {
		return err
	}
	w.buf = w.buf[:0]
	w.cur++
	return nil
}

// close queues the remaining buckets, empty ones included, so that bucket
// i of the run is always row base+i.
func (w *runWriter) close() error {
	for w.cur < w.r.buckets {
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

// nextID returns the id after the largest in table: new rows get ids
// above every row that exists, so a run's buckets are contiguous.
func nextID(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM `+table).Scan(&id)
	return id, err
}

// postings are the (hash, document) pairs of a batch, as two parallel
// slices; documents are stored as their difference from the batch's lo.
type postings struct {
	hs   []uint64
	docs []uint32
}

func (p *postings) add(h uint64, doc uint32) {
	p.hs = append(p.hs, h)
	p.docs = append(p.docs, doc)
}

// writeSegment stores the postings of a batch as a new segment covering
// documents lo..hi, and merges segments as mergeFrom says.
func writeSegment(ctx context.Context, tx *sql.Tx, lo, hi int64, ps [2]postings) error {
	seg := &segment{lo: lo, hi: hi}
	hashes := func(kind int) int64 {
		p := ps[kind]
		for i, h := range p.hs {
			p.hs[i] = hash64.Mix(h)
		}
		hash64.Sort(p.hs, p.docs)
		var n int64
		for i := range p.hs {
			if i == 0 || p.hs[i] != p.hs[i-1] {
				n++
			}
		}
		return n
	}
	fill := func(kind int, w *runWriter) error {
		p := ps[kind]
		var docs []int64
		for i := 0; i < len(p.hs); {
			docs = docs[:0]
			j := i
			for ; j < len(p.hs) && p.hs[j] == p.hs[i]; j++ {
				if d := lo + int64(p.docs[j]); len(docs) == 0 || docs[len(docs)-1] != d {
					docs = append(docs, d)
				}
			}
			if err := w.add(group{p.hs[i], docs}); err != nil {
				return err
			}
			i = j
		}
		return nil
	}
	if err := writeRuns(ctx, tx, seg, hashes, fill, ""); err != nil {
		return err
	}
	if err := insertSegment(ctx, tx, seg); err != nil {
		return err
	}
	return mergeSegments(ctx, tx)
}

// writeRuns writes the two runs of seg, keys then fingerprints, as new
// bucket rows: hashes(kind) prepares a run and says how many distinct
// hashes it has, and fill writes them in order. Errors name the run,
// after prefix.
func writeRuns(ctx context.Context, tx *sql.Tx, seg *segment, hashes func(kind int) int64, fill func(kind int, w *runWriter) error, prefix string) error {
	base, err := nextID(ctx, tx, "postings")
	if err != nil {
		return err
	}
	in, err := newInserter(ctx, tx)
	if err != nil {
		return err
	}
	defer in.close()
	for kind := range 2 {
		w := newRunWriter(in, seg, kind, base, hashes(kind))
		if err := fill(kind, w); err != nil {
			return fmt.Errorf("%s%s: %w", prefix, kindNames[kind], err)
		}
		if err := w.close(); err != nil {
			return fmt.Errorf("%s%s: %w", prefix, kindNames[kind], err)
		}
		base += w.r.buckets
	}
	return in.close()
}

const segmentCols = `seg, lo, hi, key_base, key_buckets, key_hashes, key_postings,
	print_base, print_buckets, print_hashes, print_postings, spill_lo, spill_hi`

func insertSegment(ctx context.Context, tx *sql.Tx, s *segment) error {
	k, p := s.runs[keyKind], s.runs[printKind]
	r, err := tx.ExecContext(ctx, `INSERT INTO segments(`+segmentCols+`) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.lo, s.hi, k.base, k.buckets, k.hashes, k.postings, p.base, p.buckets, p.hashes, p.postings, s.spillLo, s.spillHi)
	if err != nil {
		return fmt.Errorf("segments: %w", err)
	}
	s.seg, err = r.LastInsertId()
	return err
}

// querier is what reads segments: a *sql.Tx or *sql.Conn.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readSegments returns the segments, oldest first.
func readSegments(ctx context.Context, q querier) ([]segment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+segmentCols+` FROM segments ORDER BY seg`)
	if err != nil {
		return nil, fmt.Errorf("segments: %w", err)
	}
	defer rows.Close()
	var out []segment
	for rows.Next() {
		var s segment
		k, p := &s.runs[keyKind], &s.runs[printKind]
		if err := rows.Scan(&s.seg, &s.lo, &s.hi, &k.base, &k.buckets, &k.hashes, &k.postings,
			&p.base, &p.buckets, &p.hashes, &p.postings, &s.spillLo, &s.spillHi); err != nil {
			return nil, fmt.Errorf("segments: %w", err)
		}
		if k.buckets < 1 || p.buckets < 1 || s.lo > s.hi {
			return nil, fmt.Errorf("segments: segment %d: %w", s.seg, errBadBucket)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("segments: %w", err)
	}
	return out, nil
}

// mergeFrom picks the segments to merge: the newest ones from the oldest
// segment whose postings the newer segments together hold mergeFactor-1
// times over. It returns len(segs) when nothing is to be merged.
func mergeFrom(segs []segment) int {
	var newer int64
	sizes := make([]int64, len(segs)) // postings of the segments after i
	for i := len(segs) - 1; i >= 0; i-- {
		sizes[i] = newer
		newer += segs[i].postings()
	}
	for i := 0; i < len(segs)-1; i++ {
		if (mergeFactor-1)*segs[i].postings() <= sizes[i] {
			return i
		}
	}
	return len(segs)
}

// mergeSegments merges the segments mergeFrom picks into one, dropping
// the postings of replaced documents.
func mergeSegments(ctx context.Context, tx *sql.Tx) error {
	segs, err := readSegments(ctx, tx)
	if err != nil {
		return err
	}
	return mergeTail(ctx, tx, segs[mergeFrom(segs):])
}

// mergeTail merges old, the newest segments, into one. One segment or
// none is left as it is.
func mergeTail(ctx context.Context, tx *sql.Tx, old []segment) error {
	if len(old) < 2 {
		return nil
	}
	out := &segment{lo: old[0].lo, hi: old[len(old)-1].hi}
	dead, err := readDead(ctx, tx, out.lo, out.hi)
	if err != nil {
		return err
	}
	hashes := func(kind int) int64 {
		var n int64
		for i := range old {
			n += old[i].runs[kind].hashes
		}
		return n
	}
	fill := func(kind int, w *runWriter) error {
		its := make([]*runReader, len(old))
		for i := range old {
			its[i] = newRunReader(ctx, tx, &old[i], kind)
		}
		defer func() {
			for _, it := range its {
				it.close()
			}
		}()
		return mergeRuns(its, dead, w)
	}
	if err := writeRuns(ctx, tx, out, hashes, fill, "merge "); err != nil {
		return err
	}
	for _, s := range old {
		for _, r := range s.runs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM postings WHERE id BETWEEN ? AND ?`, r.base, r.base+r.buckets-1); err != nil {
				return err
			}
		}
		if s.spillLo > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM spills WHERE id BETWEEN ? AND ?`, s.spillLo, s.spillHi); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM segments WHERE seg = ?`, s.seg); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM dead WHERE doc BETWEEN ? AND ?`, out.lo, out.hi); err != nil {
		return err
	}
	return insertSegment(ctx, tx, out)
}

// mergeRuns merges the groups of runs of consecutive segments, oldest
// first, into w, leaving out dead documents.
func mergeRuns(its []*runReader, dead map[int64]bool, w *runWriter) error {
	for _, it := range its {
		if err := it.next(); err != nil {
			return err
		}
	}
	var docs []int64
	for {
		var h uint64
		found := false
		for _, it := range its {
			if !it.done && (!found || it.g.h < h) {
				h, found = it.g.h, true
			}
		}
		if !found {
			return nil
		}
		docs = docs[:0]
		for _, it := range its { // oldest first: documents stay ascending
			if it.done || it.g.h != h {
				continue
			}
			for _, d := range it.g.docs {
				if !dead[d] {
					docs = append(docs, d)
				}
			}
			if err := it.next(); err != nil {
				return err
			}
		}
		if err := w.add(group{h, docs}); err != nil {
			return err
		}
	}
}

// runReader reads the groups of a run in hash order.
type runReader struct {
	ctx  context.Context
	tx   *sql.Tx
	seg  *segment
	rows *sql.Rows
	err  error
	data []byte // rest of the current bucket
	g    group
	done bool
}

func newRunReader(ctx context.Context, tx *sql.Tx, seg *segment, kind int) *runReader {
	r := seg.runs[kind]
	it := &runReader{ctx: ctx, tx: tx, seg: seg}
	it.rows, it.err = tx.QueryContext(ctx, `SELECT data FROM postings WHERE id BETWEEN ? AND ? ORDER BY id`, r.base, r.base+r.buckets-1)
	return it
}

// next moves to the next group, or sets done.
func (it *runReader) next() error {
	if it.err != nil {
		return it.err
	}
	for len(it.data) == 0 {
		if !it.rows.Next() {
			if err := it.rows.Err(); err != nil {
				return err
			}
			it.done = true
			return nil
		}
		if err := it.rows.Scan(&it.data); err != nil {
			return err
		}
	}
	e, rest, err := nextEntry(it.data, it.seg.lo, it.g.docs)
	if err != nil {
		return err
	}
	it.data = rest
	it.g.h = e.h
	it.g.docs = e.docs
	if e.n > inlineDocs {
		if it.g.docs, err = readSpill(it.ctx, it.tx, e, it.seg.lo, it.g.docs[:0]); err != nil {
			return err
		}
	}
	return nil
}

func (it *runReader) close() {
	if it.rows != nil {
		it.rows.Close()
	}
}

// readSpill reads the documents of a spilled group.
func readSpill(ctx context.Context, tx *sql.Tx, e entry, lo int64, dst []int64) ([]int64, error) {
	var data []byte
	if err := tx.QueryRowContext(ctx, `SELECT data FROM spills WHERE id = ?`, e.spill).Scan(&data); err != nil {
		return dst, fmt.Errorf("spill %d: %w", e.spill, err)
	}
	docs, _, err := readDocs(data, lo, e.n, dst)
	return docs, err
}

// readDead returns the replaced documents in lo..hi whose postings are
// still stored.
func readDead(ctx context.Context, q querier, lo, hi int64) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT doc FROM dead WHERE doc BETWEEN ? AND ?`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("dead: %w", err)
	}
	defer rows.Close()
	m := map[int64]bool{}
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		m[d] = true
	}
	return m, rows.Err()
}
