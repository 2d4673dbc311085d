// Package archive stores articles, their MinHash signatures and their search
// keys in one embedded SQLite file, so that new articles can be checked
// against everything indexed before.
//
// It sits at the end of the pipeline, beside report: pipeline.Index adds
// the documents that shingle and minhash have turned into signatures, LSH
// band keys and winnowed fingerprints; pipeline.Check asks a Snapshot for
// the candidates sharing a key or a fingerprint with an input
// (Candidates), for how many documents hold each of its fingerprints
// (PrintDocs), reads the candidates back (Doc), and verifies each pair
// exactly as a scan would.
//
// The design principle is that the file is always consistent. Every batch
// given to Add is one IMMEDIATE transaction that stores each document
// together with every row derived from it, so a run killed at any moment
// leaves an archive in which no document lacks its keys, and running the
// same job again completes it (documents already stored are recognised by
// their content hash and left unchanged). The write-ahead log lets checks
// read while an index run writes, and a busy timeout with retries lets two
// index runs share the file. The parameters that make signatures and keys
// comparable (shingle size, permutations, seed, bands and rows, winnowing
// window) are fixed when the archive is created and read back by Open; an
// index run with other parameters is refused rather than silently mixed.
//
// The file format is documented with the schema in archive.go. The package
// uses modernc.org/sqlite, a translation of SQLite to Go, so it needs no cgo.
package archive
