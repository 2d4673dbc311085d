package report

import (
	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/shingle"
)

// Edit is one change inside a shared or rewritten passage against its
// counterpart (the passage's With in the document it derives from):
// words substituted, inserted (in this passage, not in the counterpart)
// or dropped (in the counterpart, not here). Start and End are byte
// offsets into the passage's document, Text its words there; With gives
// the counterpart's words the same way. The side without words is an
// empty range at the place where they would go.
type Edit struct {
	Op    string   `json:"op"` // substituted, inserted, dropped
	Start int      `json:"start"`
	End   int      `json:"end"`
	Text  string   `json:"text"`
	With  EditWith `json:"with"`
	Flags []string `json:"flags,omitempty"` // number, name, date: what the edit changes
}

// EditWith is the counterpart's side of an edit: Text is
// doc's text[Start:End].
type EditWith struct {
	Doc   string `json:"doc"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// hasEdits reports whether a passage of kind may carry edits.
func hasEdits(kind string) bool { return kind == "shared" || kind == "rewritten" }

// counterpart picks the other side the edits of p are against: its
// longest With in prefer (the document p's article derives from) if
// there is one, else its longest With; the first of equals.
func counterpart(p *Passage, prefer string) (With, bool) {
	best := -1
	for i, w := range p.With {
		if best < 0 {
			best = i
			continue
		}
		b := p.With[best]
		inPref, bestPref := prefer != "" && w.Doc == prefer, prefer != "" && b.Doc == prefer
		if inPref != bestPref {
			if inPref {
				best = i
			}
			continue
		}
		if w.End-w.Start > b.End-b.Start {
			best = i
		}
	}
	if best < 0 {
		return With{}, false
	}
	return p.With[best], true
}

// editor works out the edits of passages from their texts. The zero
// value is ready; it is not safe for concurrent use.
type editor struct {
	tk   shingle.Tokenizer
	a, b shingle.Tokens
}

// edits returns the edits of passage p, whose document's text is text,
// against w, whose document's text is wtext; nil when the two are the
// same words or an offset does not fit its text. Identical bytes cost
// one comparison.
func (ed *editor) edits(p *Passage, text string, w With, wtext string) []Edit {
	if p.Start < 0 || p.Start > p.End || p.End > len(text) || w.Start < 0 || w.Start > w.End || w.End > len(wtext) {
		return nil
	}
	pa, pb := text[p.Start:p.End], wtext[w.Start:w.End]
	if pa == pb {
		return nil
	}
	ed.tk.Tokenize(pa, &ed.a)
	ed.tk.Tokenize(pb, &ed.b)
	es := align.Edits(align.Words{Text: pa, Tokens: ed.a}, align.Words{Text: pb, Tokens: ed.b})
	if len(es) == 0 {
		return nil
	}
	out := make([]Edit, len(es))
	for i, e := range es {
		out[i] = Edit{
			Op: e.Op.String(), Start: p.Start + e.AByte.Start, End: p.Start + e.AByte.End, Text: pa[e.AByte.Start:e.AByte.End],
			With:  EditWith{Doc: w.Doc, Start: w.Start + e.BByte.Start, End: w.Start + e.BByte.End, Text: pb[e.BByte.Start:e.BByte.End]},
			Flags: e.Flags.Names(),
		}
	}
	return out
}

// AddEdits fills in the Edits of each shared or rewritten passage of ps
// that has none, against its counterpart: its longest With in the
// document prefer(p.Doc) names (the one the article derives from), or
// else its longest With. text returns a document's text as read; a document whose text
// it cannot give leaves its passages without edits, and its error is
// returned after the rest are filled. A nil prefer takes the longest
// With.
func AddEdits(ps []Passage, text func(doc string) (string, error), prefer func(doc string) string) error {
	var ed editor
	var first error
	texts := map[string]string{}
	get := func(doc string) (string, bool) {
		if t, ok := texts[doc]; ok {
			return t, true
		}
		t, err := text(doc)
		if err != nil {
			if first == nil {
				first = err
			}
			return "", false
		}
		texts[doc] = t
		return t, true
	}
	for i := range ps {
		p := &ps[i]
		if !hasEdits(p.Kind) || p.Edits != nil {
			continue
		}
		pref := ""
		if prefer != nil {
			pref = prefer(p.Doc)
		}
		w, ok := counterpart(p, pref)
		if !ok {
			continue
		}
		t, ok := get(p.Doc)
		if !ok {
			continue
		}
		wt, ok := get(w.Doc)
		if !ok {
			continue
		}
		p.Edits = ed.edits(p, t, w, wt)
	}
	return first
}

// textCache keeps the texts of the last few documents asked for, for
// the counterparts of passages written one document after another:
// members of a family mostly derive from the same few articles.
type textCache struct {
	text  func(doc string) (string, error)
	order []string
	texts map[string]string
	errs  map[string]error
}

const cachedTexts = 32

func (c *textCache) get(doc string) (string, error) {
	if t, ok := c.texts[doc]; ok {
		return t, nil
	}
	if err, ok := c.errs[doc]; ok {
		return "", err
	}
	if c.texts == nil {
		c.texts, c.errs = map[string]string{}, map[string]error{}
	}
	t, err := c.text(doc)
	if err != nil {
		c.errs[doc] = err
		return "", err
	}
	if len(c.order) == cachedTexts {
		delete(c.texts, c.order[0])
		c.order = append(c.order[:0], c.order[1:]...)
	}
	c.order = append(c.order, doc)
	c.texts[doc] = t
	return t, nil
}
