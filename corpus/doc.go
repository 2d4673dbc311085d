// Package corpus reads the articles wiretrace compares: plain text and
// Markdown files, HTML pages, JSON Lines and CSV files, directories of
// them, and standard input.
//
// It is the first step of the pipeline. Its design principle is that bad
// input never costs the other documents: a malformed line, a binary file or
// an oversized document is reported as a Problem naming file and line, and
// reading goes on. It keeps no texts in memory: every document carries a
// Loc from which Reread reads it again, so that later steps keep only
// signatures and keys.
package corpus
