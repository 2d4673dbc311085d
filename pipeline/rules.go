package pipeline

import "github.com/wiretrace/wiretrace/internal/shuffle"

// The rules by which Scan turns fingerprints into candidate pairs, one
// element at a time, for a runner that shuffles between machines instead
// of through files (wiretrace-beam): Scan applies the same functions, so
// both find the same pairs.

// PrintPrefix returns the bits of fingerprint h by which Scan groups
// fingerprints: two fingerprints with one prefix are one.
func PrintPrefix(h uint64) uint64 { return shuffle.Prefix(h) }

// PrintHolders says what a fingerprint (a prefix) held by n distinct
// documents gives: the weight it adds to each pair of its holders, 0 when
// it pairs none (held by one, or by more than maxDocs: a hot key), and
// whether it recurs, which it does at verify.RecurDocs holders or more
// however many there are.
func PrintHolders(n, maxDocs int) (weight uint32, recurs bool) { return shuffle.Holders(n, maxDocs) }

// AddPrintWeights adds two weights of a pair; the sum does not depend on
// the order in which weights are added.
func AddPrintWeights(a, b uint32) uint32 { return shuffle.Add(a, b) }

// JudgePair reports whether a pair whose shared fingerprints weigh w (the
// sum of PrintHolders' weights) is a candidate, or else held back, to be
// verified only if verified pairs join its two documents into one family.
// small is the number of fingerprints of the smaller document.
// smallWords is the number of words of the smaller document.
func JudgePair(w uint32, small, smallWords int) (candidate, held bool) {
	return shuffle.Judge(w, small, smallWords)
}
