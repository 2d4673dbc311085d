// Package shingle turns text into the units wiretrace compares: words with
// their byte offsets in the original text, a 64-bit hash of each word after
// normalisation, and k-word shingles hashed from those.
//
// It is the first step of the pipeline after reading (corpus -> shingle ->
// minhash -> align -> family -> report). Its design principle is that
// normalisation never loses the way back to the original bytes: every word
// keeps the span it came from, so that a passage found on normalised words
// can be shown as text[Start:End] of the text as read.
//
// Normalisation is Unicode NFKC, case folding, and folding of typographic
// quotes, dashes and apostrophes to their ASCII forms. Words are Unicode
// (UAX #29) word segments that contain a letter or a digit.
//
// Hashing is seeded and deterministic: the same text and seed give the same
// hashes on every run and machine. The package holds no global state and
// does no I/O.
package shingle
