// Package htmltext reads a news web page as it is: it decodes the page's
// declared charset, extracts the article's main text (dropping navigation,
// player widgets, banners, share buttons, related-story lists, footers and
// scripts) and the page's metadata.
//
// corpus calls it for .html and .htm files and for the html field of JSON
// Lines and CSV records. Extraction is deterministic: the same bytes give
// the same text, so that passage offsets stay valid when a page is read
// again.
package htmltext
