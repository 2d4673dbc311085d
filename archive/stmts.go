package archive

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"strings"
)

// chunk is the number of rows inserted by one multi-row INSERT into keys or
// prints: one statement per chunk costs far less than one per row.
const chunk = 128

// stmts are the prepared statements. database/sql prepares each on every
// connection that uses it and keeps it there.
type stmts struct {
	lookup, insertDoc, updateDoc, putSig, lists *sql.Stmt
	delKey, delPrint                            *sql.Stmt
	insKey, insKeys, insPrint, insPrints        *sql.Stmt
	keyDocs, printDocs, printCount, idOf, get   *sql.Stmt
}

func (a *Archive) prepare() error {
	ctx := context.Background()
	st := &stmts{}
	a.st = st
	multi := func(table, cols string, n int) string {
		return "INSERT OR IGNORE INTO " + table + "(" + cols + ") VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
	}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.lookup, `SELECT doc, hash FROM docs WHERE id = ?`},
		{&st.insertDoc, `INSERT INTO docs(id, title, url, source, published, text, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&st.updateDoc, `UPDATE docs SET title = ?, url = ?, source = ?, published = ?, text = ?, hash = ? WHERE doc = ?`},
		{&st.putSig, `INSERT OR REPLACE INTO signatures(doc, sig, keys, prints) VALUES (?, ?, ?, ?)`},
		{&st.lists, `SELECT keys, prints FROM signatures WHERE doc = ?`},
		{&st.delKey, `DELETE FROM keys WHERE key = ? AND doc = ?`},
		{&st.delPrint, `DELETE FROM prints WHERE print = ? AND doc = ?`},
		{&st.insKey, multi("keys", "key, doc", 1)},
		{&st.insKeys, multi("keys", "key, doc", chunk)},
		{&st.insPrint, multi("prints", "print, doc", 1)},
		{&st.insPrints, multi("prints", "print, doc", chunk)},
		{&st.keyDocs, `SELECT doc FROM keys WHERE key = ?`},
		{&st.printDocs, `SELECT doc FROM prints WHERE print = ? LIMIT ?`},
		{&st.printCount, `SELECT count(*) FROM prints WHERE print = ?`},
		{&st.idOf, `SELECT id FROM docs WHERE doc = ?`},
		{&st.get, `SELECT d.title, d.url, d.source, d.published, d.text, s.sig
			FROM docs d JOIN signatures s ON s.doc = d.doc WHERE d.id = ?`},
	} {
		s, err := a.db.PrepareContext(ctx, p.sql)
		if err != nil {
			return a.wrap(err)
		}
		*p.dst = s
	}
	return nil
}

func (st *stmts) close() error {
	var errs []error
	for _, s := range []*sql.Stmt{
		st.lookup, st.insertDoc, st.updateDoc, st.putSig, st.lists,
		st.delKey, st.delPrint, st.insKey, st.insKeys, st.insPrint, st.insPrints,
		st.keyDocs, st.printDocs, st.printCount, st.idOf, st.get,
	} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

// Blob encodings: little-endian, fixed width.

func putU32s(v []uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], x)
	}
	return b
}

func getU32s(b []byte) []uint32 {
	v := make([]uint32, len(b)/4)
	for i := range v {
		v[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return v
}

func putU64s(v []uint64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], x)
	}
	return b
}

func getU64s(b []byte) []uint64 {
	v := make([]uint64, len(b)/8)
	for i := range v {
		v[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return v
}
