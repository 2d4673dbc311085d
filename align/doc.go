// Package align finds the passages two texts share, the quotations in a
// text, and how each word of an article is shared.
//
// It is the alignment step of verify in the pipeline (corpus -> shingle ->
// minhash -> verify -> family -> report): a candidate pair is aligned word
// by word when it is verified. Positions are word indexes into shingle.Tokens; the caller
// maps them to byte offsets through the tokens' spans.
//
// The design principle is that a passage is what a reader would call one
// passage: copy is edited on its way from the wire to the page, and a
// paragraph with a substituted or dropped word, a changed number or a
// reworded attribution is still one passage, not a row of fragments. So
// Passages finds exact runs of words that start with a seed of a few words,
// chains runs that follow each other in both texts across small edits, and
// then picks non-overlapping passages, the longest first. The work is
// bounded for the repetitive texts news pages are (captions printed twice,
// "the" everywhere): two texts of 10,000 words align in milliseconds.
//
// Quotations matter because two independent reports that quote the same
// statement share words without copying each other. Quotes finds quotations
// by their marks, in the styles of news text in several languages, without
// letting an unbalanced mark swallow the rest of an article; Inside maps
// them to words; Classify tells a copied passage from a shared quotation.
// Cover and Runs turn the passages an article shares with its partners into
// a label per word and the article's maximal runs of copied, quoted and
// unique words.
//
// Since a passage tolerates edits, what the edits were is worth showing:
// Edits takes a passage and its counterpart and returns the words
// substituted, inserted and dropped, with byte offsets on both sides,
// flagging the changed numbers, names and dates an editor must see first.
//
// The package holds no global state and does no I/O; its functions are safe
// for concurrent use, do not modify their arguments, and return slices the
// caller may keep.
package align
