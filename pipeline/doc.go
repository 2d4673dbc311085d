// Package pipeline runs wiretrace's stages over a corpus: it signs every
// document as it is read, finds candidate pairs with the LSH index and
// winnowed fingerprints, re-reads only the documents of candidate pairs to
// verify and align them, and gathers the results into report rows.
//
// It is the one package that joins the pure stages (shingle, minhash,
// verify, family) to input (corpus) and output rows (report). Its design
// principle is that memory does not grow with the size of the text: what
// it keeps per document is a signature and metadata; fingerprints are
// spilled to temporary files and grouped one partition at a time, the way
// a distributed shuffle would group them; texts are read again, one
// connected group of candidates at a time, only when a pair needs them.
//
// Every stage that runs in parallel gathers its results and sorts them by
// stable keys, so the output is byte-identical for any number of workers.
package pipeline
