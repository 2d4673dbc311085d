// Package report writes wiretrace's results for people and programs: the
// articles, pairs, families and passages reports of the contract as a
// terminal table, CSV (RFC 4180) or JSON, the side-by-side comparison of
// two articles, and report.html.
//
// It is the last step of the pipeline and one of the two places (with
// package main) that write to a terminal. Rows arrive already sorted by
// the caller; the writers add nothing that depends on time, maps or
// machine, so the same rows give byte-identical output.
//
// Formats. CSV has a header row with the contract's columns in its
// order, fractions with 4 decimals and family members joined by ";";
// lines end in LF, as encoding/csv writes them (RFC 4180 readers accept
// both). For passages, CSV means JSON Lines (passages.jsonl). JSON is an
// array with one record per line, fractions as numbers with 4 decimals.
// A NaN or infinite fraction is an error naming the row, never a number
// no reader can parse. Tables show fractions as percentages, shorten long
// titles and texts, and replace control characters, so untrusted text
// cannot drive the terminal.
//
// report.html is one self-contained page that opens from disk: inline CSS
// and one inline script, nothing fetched. Every value from the input goes
// through html/template into JSON blocks (<script type="application/json">)
// that the script draws with textContent, never as markup; only http and
// https URLs become links. The lists (families, independent articles,
// pairs) are drawn a page of rows at a time under a filter box, and a
// family's texts, each member's paragraphs beside the original's in
// aligned rows with its edits marked, when it is opened: a report of
// 100,000 articles is painted at once and its lists drawn in about a
// second. Passage offsets are byte offsets into Data.Text; bad offsets
// are clamped to the text and to rune boundaries, never trusted.
//
// Edits: the words a shared or rewritten passage changed against its
// counterpart (align.Edits), filled in for passages.jsonl, compare,
// check and report.html from the texts, only where the two differ.
//
// check's reports (CheckArticle, CheckPair) are the articles and pairs
// rows followed by the archived article's metadata; show's (Document)
// is an archived article whole.
//
// WriteDir writes every file of `scan --out DIR` atomically. The writers
// are safe for concurrent use on different writers; none keeps state.
package report
