// Package htmltext reads a news web page as it is: it decodes the page's
// declared charset, extracts the article's main text (dropping navigation,
// player widgets, banners, share buttons, related-story lists, footers and
// scripts) and the page's metadata.
//
// corpus calls it for .html and .htm files and for the html field of JSON
// Lines and CSV records. Extraction is deterministic: the same bytes give
// the same text, so that passage offsets stay valid when a page is read
// again. It never touches the network.
//
// # Design principle
//
// Chrome must never make two articles look alike. A station's player,
// menu and footer recur on every page it publishes; if they reached the
// text, every pair of its pages would share shingles. So extraction
// favours precision: a paragraph of the story may be lost on an odd page,
// but the text of a page that has no article is an error (ErrNoText), not
// its chrome.
//
// # Steps
//
//  1. Binary data (compressed files, images, control bytes) is refused
//     with ErrBinary.
//  2. The bytes are decoded: a byte order mark (UTF-8, UTF-16LE/BE) wins,
//     then a <meta charset> or <meta http-equiv="Content-Type"> in the
//     first 8 KB (through golang.org/x/net/html/charset, so ISO-8859-1 is
//     read as windows-1252, as browsers do), else UTF-8, or windows-1252
//     when most non-ASCII bytes are not UTF-8. Bytes that do not decode
//     become U+FFFD and add a warning.
//  3. Metadata is read from the whole document: Title from og:title, else
//     the <title> less a site suffix (" | WYSO", " - NPR"), else the
//     JSON-LD headline; URL from <link rel=canonical>, else og:url
//     (absolute http(s) URLs only); Published from article:published_time,
//     else JSON-LD datePublished, else <meta name="date"> (or pubdate,
//     dc.date, dcterms.date and their kin), else the first <time datetime>, as
//     RFC 3339 when the source has a time zone and YYYY-MM-DD otherwise;
//     Source from og:site_name, else the JSON-LD publisher's name.
//  4. What is never article text is pruned: scripts, styles, forms (but
//     a form that wraps the page's paragraphs),
//     <nav>, <dialog>, <figcaption>, elements with navigation or dialog
//     roles, hidden elements, and elements whose class or id names a
//     caption, a photo credit or a cookie/consent banner. An element so
//     named that holds three paragraphs or more wraps the article: it is
//     kept and loses the name, which the library would drop it for.
//  5. The rest goes to go-readability, whose main-content tree is rendered
//     as paragraphs separated by a blank line ("\n\n"), white space
//     collapsed, <br> kept as a line break. A result without a paragraph
//     of 12 words (a player, a menu, "No results found") is no article;
//     in Chinese and Japanese two characters count as a word.
//  6. Of those paragraphs, what is never article text is left out (see
//     keep): the headline, on every page, so that it never counts as an
//     article's own words (it is the Title); lists of links; datelines
//     and bylines; bare URLs; paragraphs without a letter.
//
// # Choice of library
//
// go-shiori/go-readability and go-trafilatura (v1.12.2) were compared on
// the pages of testdata/html: with the pruning of step 4, readability
// keeps every paragraph of the stories and no chrome, as trafilatura does,
// and the whole of Extract runs at about 270 pages/s against
// trafilatura's 180 (the benchmark is in the bench module, ./extract, so
// that trafilatura is no dependency of wiretrace). Trafilatura also brings
// a date parser whose package initialisation takes a third of a second at
// every start of the program, which alone would make an editor's check of
// one article slow. So readability is used.
//
// A page that ends inside a tag, or opens <html> or <body> and closes
// neither, is extracted as far as it goes with a warning that it may be
// truncated.
//
// # Limits
//
// Only the first 512 KB of text and 40,000 elements of a pruned page are
// extracted (a long article has some 50 KB), and only the first 32 MB of
// input is read; a warning says so, so that a 20 MB page takes about a
// second. Pages nesting more than 512 elements, which the HTML parser
// refuses, are read flat: their text split at block tags. Undeclared
// UTF-16 without a byte order mark is taken for binary data.
//
// Extract is safe for concurrent use: it keeps no state between calls.
package htmltext
