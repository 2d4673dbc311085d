// Package pipeline runs wiretrace's stages over a corpus or an archive. It
// holds no rule of its own: it orchestrates the pure stages (shingle,
// minhash, verify, family) between input (corpus, archive) and output rows
// (report). Its entry points are the commands':
//
//   - Scan (scan.go): every article of a corpus against every other;
//   - Check (check.go): each article of a corpus against an archive;
//   - Compare (compare.go): two articles, passage by passage;
//   - Index (index.go): add the articles of a corpus to an archive.
//
// Scan runs four stages, each in a file of its own, in this order:
// read.go (read and sign every document), candidates.go (candidate pairs
// from the LSH index and the fingerprint shuffle), verify.go (verify and
// align the candidates, one connected group at a time) and rows.go
// (families and report rows). sketch.go turns a text into what a stage
// keeps of it; options.go holds the options of every entry point;
// rules.go exports the candidate rules one element at a time, for a
// runner that shuffles between machines.
//
// Its design principle is that memory does not grow with the size of the
// text: what it keeps per document is a signature and metadata;
// fingerprints are spilled to temporary files and grouped one partition
// at a time (internal/shuffle), the way a distributed shuffle groups them;
// texts are read again, one connected group of candidates at a time, only
// when a pair needs them.
//
// Every stage that runs in parallel gathers its results and sorts them by
// stable keys, so the output is byte-identical for any number of workers.
package pipeline
