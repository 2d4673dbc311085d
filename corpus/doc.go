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
//
// # Formats
//
// A file's extension (in any case, after a compression extension) says
// how it is read, unless Options.Format names one format for all:
//
//   - .txt .text .md: one document, the whole file. A file given by name
//     with an unknown extension is read the same way, with a note; in a
//     directory it is left out and counted by Corpus.Ignored.
//   - .html .htm .xhtml: one document, the page's main text as extracted
//     by package htmltext, with the title, canonical URL, site name and
//     date of its metadata.
//   - .jsonl .ndjson: one document per non-blank line, an object
//     {"id": ..., "text": ...} where id is a string or a number (taken as
//     its literal text) and "html" may stand instead of "text" (the text
//     is then extracted from it; where both are given, a non-empty text
//     wins). Optional string fields: title, url, source, published (RFC
//     3339 or YYYY-MM-DD). Other fields are ignored; field names match
//     case-insensitively, as in encoding/json. Line ends may be CRLF.
//   - .json: one array of such objects, one document per element (see
//     splitJSON); a .json file that does not start with '[' is read as
//     JSON Lines.
//   - .csv .tsv .tab: RFC 4180 with a header row naming at least the
//     columns id and text (or html), and optionally title, url, source
//     and published, in any order and case; other columns are ignored.
//     One document per row; quoted fields may span lines. The delimiter
//     (comma, semicolon or tab) is the one with which the header names
//     id and text; in tab-separated files a quote inside an unquoted
//     field is a plain character.
//   - .warc: a web archive, one document per HTTP response with an HTML
//     body (see warc.go).
//
// Any file may be compressed with gzip, zstd or bzip2: it is recognised
// by its magic bytes and read as a stream. The documents of a compressed
// file of records are written to a temporary spill as they are read (see
// spill.go), so that Reread reads one by its offset; a compressed
// whole-file document is decompressed again.
//
// Standard input ("-") is copied, decompressed, to a temporary file, so
// that Reread can read it again, and its kind is known by its content
// (see sniffKind): JSON Lines when its first non-blank byte is '{', else
// a JSON array, a web archive, an HTML page, a CSV table or plain text.
//
// A file's id (and its name in Files and problems) is its path as given
// or walked, cleaned; a file reached twice is read once.
//
// In every format a UTF-8 byte order mark is skipped, and invalid UTF-8 is
// replaced with U+FFFD (with a warning). A file with a NUL byte in its
// first 8 KiB is binary and skipped, as are a JSON line or CSV row holding
// one, a document over Options.MaxBytes (it is never read into memory),
// a malformed line or row, and a record without id or without text. A
// published date that is neither RFC 3339 nor YYYY-MM-DD is dropped with
// a warning. An empty text or HTML file is a document with empty text;
// an empty JSON Lines or CSV file holds no document.
//
// Ids are not checked for uniqueness here; the caller names duplicates.
//
// # Speed
//
// One goroutine reads files in order with large reads and cuts them into
// records; workers decode them in batches. JSON lines of string fields
// and well-formed CSV rows are decoded by hand-written parsers, several
// times faster than encoding/json and encoding/csv, which take over for
// anything else; fuzz tests check that both give the same result.
package corpus
