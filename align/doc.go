// Package align finds the passages two texts share and the quotations in a
// text.
//
// It sits after minhash in the pipeline: a candidate pair, once verified,
// is aligned word by word. Passages are maximal and tolerate the edits
// real copy goes through (a substituted or dropped word, a changed number,
// a reworded attribution), so that an edited paragraph is one passage, not
// a row of fragments. Positions are word indexes into shingle.Tokens; the
// caller maps them to byte offsets through the tokens' spans.
//
// The package holds no global state and does no I/O.
package align
