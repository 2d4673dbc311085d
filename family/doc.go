// Package family groups verified pairs into families of articles that
// derive from the same copy, and gives each article its role, the member it
// derives from, and its copied, quoted and independent shares.
//
// It sits after verify in the pipeline (corpus -> shingle -> minhash ->
// verify -> family -> report). Only verified pairs are ever given to it:
// it decides nothing about a pair, it joins the pairs whose verdict says
// they join (verify.Pair.Joins) and reads their passages. Families are the
// connected groups of such pairs; the original is the earliest member, or
// the one holding the most of the family's shared text; a member's shares
// are counted against its family, an independent article's against every
// article it is paired with.
//
// The package holds no global state and does no I/O. Group does not
// modify its arguments; the result is the same for any number of workers.
package family
