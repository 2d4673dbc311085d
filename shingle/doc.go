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
// hashes on every run and machine. A word's hash is xxHash64 of its
// normalised bytes, avalanched with the seed; a shingle's hash mixes its
// word hashes in order.
//
// Tokenizing is the hottest path of the pipeline. Text made of ASCII and
// the common typographic punctuation (’ “ ” – — …) is segmented and
// lower-cased by a fast path that transcribes the UAX #29 rules for those
// characters; any other character hands its segment to the full
// segmenter and normaliser. Both give the same words, spans and hashes,
// which the tests and the fuzz target check.
//
// The package holds no mutable global state (only constant lookup tables)
// and does no I/O. Functions are safe for concurrent use; a Tokenizer is
// not.
package shingle
