package main

import (
	"hash/crc32"
	"unicode"
	"unicode/utf8"
)

// The three labels, in the order scores are printed.
var labels = [3]string{"wholly", "partially", "non"}

// roleLabel maps a default role to the label it predicts.
func roleLabel(role string) string {
	switch role {
	case "copy", "rewrite":
		return "wholly"
	case "copy+additions":
		return "partially"
	}
	return "non"
}

// macroF1 scores predicted labels against gold ones: the F1 of each label
// (wholly, partially, non) and their mean. An article without a
// prediction counts against its gold label. The arithmetic is the
// reference scorer's, so that results agree to the last bit.
func macroF1(pred, gold []string) (float64, [3]float64) {
	var f [3]float64
	for i, l := range labels {
		tp, fp, fn := 0, 0, 0
		for k := range gold {
			switch {
			case gold[k] == l && pred[k] == l:
				tp++
			case gold[k] != l && pred[k] == l:
				fp++
			case gold[k] == l && pred[k] != l:
				fn++
			}
		}
		f[i] = float64(2*tp) / float64(max(1, 2*tp+fp+fn))
	}
	return (f[0] + f[1] + f[2]) / 3, f
}

// classify labels a share by two thresholds: wholly at or above t2,
// partially at or above t1, else non.
func classify(share, t1, t2 float64) string {
	switch {
	case share >= t2:
		return "wholly"
	case share >= t1:
		return "partially"
	}
	return "non"
}

// gridSteps is the number of steps of the threshold grid 0, 0.02, ... 1.
const gridSteps = 50

// fit returns the thresholds t1 < t2 on the grid whose classification of
// shares best matches gold by macro-F1, and that F1; of equal ones, the
// first with t1 then t2 ascending.
func fit(shares []float64, gold []string) (t1, t2, best float64) {
	best = -1
	pred := make([]string, len(gold))
	for i := 0; i <= gridSteps; i++ {
		a := float64(i) / gridSteps
		for j := i + 1; j <= gridSteps; j++ {
			b := float64(j) / gridSteps
			for k, s := range shares {
				pred[k] = classify(s, a, b)
			}
			if m, _ := macroF1(pred, gold); m > best {
				best, t1, t2 = m, a, b
			}
		}
	}
	return t1, t2, best
}

// fold is the cross-validation fold of a story: crc32 of its
// domain/date/catchline modulo 5.
func fold(group string) int { return int(crc32.ChecksumIEEE([]byte(group)) % 5) }

// crossValidate fits thresholds on four folds of the stories, labels the
// fifth with them, and returns the macro-F1 of the pooled predictions.
func crossValidate(shares []float64, gold []string, groups []string) float64 {
	folds := make([]int, len(gold))
	for k, g := range groups {
		folds[k] = fold(g)
	}
	pred := make([]string, len(gold))
	for f := range 5 {
		var s []float64
		var g []string
		for k := range gold {
			if folds[k] != f {
				s = append(s, shares[k])
				g = append(g, gold[k])
			}
		}
		t1, t2, _ := fit(s, g)
		for k := range gold {
			if folds[k] == f {
				pred[k] = classify(shares[k], t1, t2)
			}
		}
	}
	m, _ := macroF1(pred, gold)
	return m
}

// words returns the words of a text as byte spans. A word is a run of
// letters and decimal digits (with the combining marks that follow
// them), or one other numeric
// character ("3½" is two words); an apostrophe (' or ’), '.' or ':'
// between two letters, and an apostrophe, '.', ',' or ';' between two
// digits, join the run ("don't", "U.S", "3,000", "4.4million"). This is
// Unicode word segmentation (UAX #29) as wiretrace applies it, keeping
// only segments with a letter or digit, to within rare cases (the "_"
// connector, Hebrew and Katakana specifics).
func words(text string) []span {
	var out []span
	start := -1
	var prev rune // the last rune of the current word
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsNumber(r) && !unicode.IsDigit(r) {
			// A vulgar fraction, superscript or the like is a word alone.
			if start >= 0 {
				out = append(out, span{start, i, ""})
				start = -1
			}
			out = append(out, span{i, i + n, ""})
			i += n
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && unicode.IsMark(r)) {
			if start < 0 {
				start = i
			}
			prev = r
			i += n
			continue
		}
		if start >= 0 {
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if joins(prev, r, next) {
				i += n
				continue
			}
			out = append(out, span{start, i, ""})
			start = -1
		}
		i += n
	}
	if start >= 0 {
		out = append(out, span{start, len(text), ""})
	}
	return out
}

// joins reports whether the rune mid, between a word ending in prev and
// the rune next, continues the word.
func joins(prev, mid, next rune) bool {
	switch {
	case unicode.IsLetter(prev) && unicode.IsLetter(next):
		return mid == '\'' || mid == '’' || mid == '.' || mid == ':'
	case unicode.IsDigit(prev) && unicode.IsDigit(next):
		return mid == '\'' || mid == '’' || mid == '.' || mid == ',' || mid == ';'
	}
	return false
}

// inside reports for each word whether at least half of its bytes lie in
// the spans whose kind keep accepts (spans may overlap; a byte counts once).
func inside(ws []span, spans []span, keep func(kind string) bool) []bool {
	end := 0
	for _, w := range ws {
		end = max(end, w.end)
	}
	in := make([]bool, end)
	for _, s := range spans {
		if keep(s.kind) {
			for b := max(s.start, 0); b < min(s.end, end); b++ {
				in[b] = true
			}
		}
	}
	out := make([]bool, len(ws))
	for i, w := range ws {
		covered := 0
		for b := w.start; b < w.end; b++ {
			if in[b] {
				covered++
			}
		}
		out[i] = 2*covered >= w.end-w.start
	}
	return out
}

// counts are word-level true and false positives and false negatives.
type counts struct{ tp, fp, fn int }

func (c *counts) add(pred, gold []bool) {
	for i := range gold {
		switch {
		case pred[i] && gold[i]:
			c.tp++
		case pred[i]:
			c.fp++
		case gold[i]:
			c.fn++
		}
	}
}

func (c counts) plus(d counts) counts { return counts{c.tp + d.tp, c.fp + d.fp, c.fn + d.fn} }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
