package archive

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
)

// stmts are the prepared statements. database/sql prepares each on every
// connection that uses it and keeps it there.
type stmts struct {
	lookup, insertDoc, putSig, delSig, delDoc, markDead, get *sql.Stmt
}

func (a *Archive) prepare() error {
	ctx := context.Background()
	st := &stmts{}
	a.st = st
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.lookup, `SELECT doc, hash FROM docs WHERE id = ?`},
		{&st.insertDoc, `INSERT INTO docs(id, title, url, source, published, text, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&st.putSig, `INSERT INTO signatures(doc, sig, keys, prints) VALUES (?, ?, ?, ?)`},
		{&st.delSig, `DELETE FROM signatures WHERE doc = ?`},
		{&st.delDoc, `DELETE FROM docs WHERE doc = ?`},
		{&st.markDead, `INSERT INTO dead(doc) VALUES (?)`},
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
	for _, s := range []*sql.Stmt{st.lookup, st.insertDoc, st.putSig, st.delSig, st.delDoc, st.markDead, st.get} {
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
