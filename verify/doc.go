// Package verify decides how two articles are related: it measures the
// exact Jaccard similarity and containments of their shingle sets, aligns
// the passages they share, tells copied passages from shared quotations,
// applies the recurring-text (boilerplate) rule, and gives the pair its
// relation: duplicate, reprint, partial or quotes.
//
// It sits after minhash in the pipeline (corpus -> shingle -> minhash ->
// verify -> family -> report): the candidate pairs that the LSH index and
// the fingerprints find are verified here, one pair at a time, and only
// verified pairs go on to family. scan, check and compare all verify with
// Verify and one Options, so that they judge a pair alike.
//
// Its design principle is that a candidate is never a result: every
// relation reported is measured on the two texts' words, not estimated
// from signatures. The recurring-text rule and every threshold it uses
// live in recurring.go.
//
// The package holds no global state and does no I/O. A Verifier is not
// safe for concurrent use; see Doc for what Verify fills in of a document.
package verify
