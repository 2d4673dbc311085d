package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/wiretrace/wiretrace/align"
)

// oracle scores what exact knowledge of each article's source would give a
// detector of shared word n-grams: an article's word is derived when it
// lies in a run of n words (compared in lower case) that one of its story's
// PA documents (articles.csv's pa_docs) holds, wherever in them. The share
// of derived words gets a cvF1 as a binary's shares do, and the derived
// words a precision and recall on the annotated articles. No pairing,
// recurrence or quotation is judged: it is a ceiling for rules that see
// shared words, not a detector. With quotes set, wiretrace's rule for
// shared quotations is applied to each maximal run of derived words, as
// to a passage, with the article's quotation marks (align.Quotes; the PA
// side's are not looked at): a run of minPassage words or more is quoted,
// not derived, when fewer than minPassage of its words lie outside
// quotation marks, as a shared passage is (align.Classify); a shorter run,
// which wiretrace would report as rewritten, when most of it lies inside
// them.
func oracle(e *evaluator, n int, quotes bool) (cv float64, c counts) {
	f := e.f
	shares := make([]float64, len(f.articles))
	for k, a := range f.articles {
		held := map[string]bool{}
		for _, p := range a.pa {
			ws := lowerWords(f.byID[p].text)
			for i := 0; i+n <= len(ws); i++ {
				held[strings.Join(ws[i:i+n], " ")] = true
			}
		}
		text := f.byID[a.doc].text
		ws := lowerWords(text)
		in := make([]bool, len(ws))
		for i := 0; i+n <= len(ws); i++ {
			if held[strings.Join(ws[i:i+n], " ")] {
				for j := i; j < i+n; j++ {
					in[j] = true
				}
			}
		}
		if quotes {
			quoted := inside(words(text), quoteSpans(text), func(string) bool { return true })
			for i := 0; i < len(in); {
				if !in[i] {
					i++
					continue
				}
				j, outside := i, 0
				for ; j < len(in) && in[j]; j++ {
					if !quoted[j] {
						outside++
					}
				}
				if j-i >= minPassage && outside < minPassage || j-i < minPassage && 2*outside < j-i {
					clear(in[i:j])
				}
				i = j
			}
		}
		covered := 0
		for _, b := range in {
			if b {
				covered++
			}
		}
		if len(ws) > 0 {
			shares[k] = float64(covered) / float64(len(ws))
		}
		if truth, ok := e.truth[a.doc]; ok {
			c.add(in, truth)
		}
	}
	return crossValidate(shares, e.gold, e.groups), c
}

// minPassage is wiretrace's default --min-passage: the words outside
// quotation marks that make a shared passage copied rather than quoted.
const minPassage = 8

// lowerWords returns the words of text (see words) in lower case.
func lowerWords(text string) []string {
	spans := words(text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = strings.ToLower(text[s.start:s.end])
	}
	return out
}

// quoteSpans returns the quotations of text as spans.
func quoteSpans(text string) []span {
	var out []span
	for _, q := range align.Quotes(text) {
		out = append(out, span{start: q.Start, end: q.End})
	}
	return out
}

// printOracle prints oracle's scores for runs of 3 to 6 words, without
// and with the contract's rule for quotations.
func printOracle(w io.Writer, e *evaluator) error {
	for n := 3; n <= 6; n++ {
		cv, c := oracle(e, n, false)
		qcv, q := oracle(e, n, true)
		_, err := fmt.Fprintf(w, "oracle %d-grams of the story's PA copy: cvF1 %.3f, words P %.3f R %.3f (tp %d fp %d fn %d); shared quotations quoted: cvF1 %.3f, words P %.3f R %.3f\n",
			n, cv, c.precision(), c.recall(), c.tp, c.fp, c.fn, qcv, q.precision(), q.recall())
		if err != nil {
			return err
		}
	}
	return nil
}
