package archive

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"sync"
)

// stmts are the prepared statements. database/sql prepares each on every
// connection that uses it and keeps it there. They are prepared when first
// needed, the writing ones apart: a check only reads documents, and
// preparing takes time.
type stmts struct {
	readOnce, writeOnce                                 sync.Once
	readErr, writeErr                                   error
	get, doc                                            *sql.Stmt
	lookup, insertDoc, putSig, delSig, delDoc, markDead *sql.Stmt
}

type stmtSQL struct {
	dst **sql.Stmt
	sql string
}

func (a *Archive) prepareAll(list []stmtSQL) error {
	for _, p := range list {
		s, err := a.db.PrepareContext(context.Background(), p.sql)
		if err != nil {
			return a.wrap(err)
		}
		*p.dst = s
	}
	return nil
}

// readStmts returns the prepared statements that read documents.
func (a *Archive) readStmts() (*stmts, error) {
	st := a.st
	st.readOnce.Do(func() {
		st.readErr = a.prepareAll([]stmtSQL{
			{&st.get, `SELECT d.title, d.url, d.source, d.published, d.text, s.sig
				FROM docs d JOIN signatures s ON s.doc = d.doc WHERE d.id = ?`},
			{&st.doc, `SELECT title, url, source, published, text FROM docs WHERE id = ?`},
		})
	})
	return st, st.readErr
}

// writeStmts returns the prepared statements that Add uses.
func (a *Archive) writeStmts() (*stmts, error) {
	st := a.st
	st.writeOnce.Do(func() {
		st.writeErr = a.prepareAll([]stmtSQL{
			{&st.lookup, `SELECT doc, hash FROM docs WHERE id = ?`},
			{&st.insertDoc, `INSERT INTO docs(id, title, url, source, published, text, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`},
			{&st.putSig, `INSERT INTO signatures(doc, sig) VALUES (?, ?)`},
			{&st.delSig, `DELETE FROM signatures WHERE doc = ?`},
			{&st.delDoc, `DELETE FROM docs WHERE doc = ?`},
			{&st.markDead, `INSERT INTO dead(doc) VALUES (?)`},
		})
	})
	return st, st.writeErr
}

func (st *stmts) close() error {
	var errs []error
	for _, s := range []*sql.Stmt{st.lookup, st.insertDoc, st.putSig, st.delSig, st.delDoc, st.markDead, st.get, st.doc} {
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
