package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// A row of the binary's articles report.
type row struct {
	role, sourceDoc, words    string
	copied, rewritten, quoted float64
}

// What one mode's run reported, for the articles of the folder.
type output struct {
	mode     string
	exit     int
	rows     map[string]row    // by article
	passages map[string][]span // by annotated article, with the binary's kinds
	badText  int               // passages whose text is not text[start:end]
}

// docID is the article a report's doc column names: its base name without
// a .txt, .text or .md extension, as the reference scorer has it.
func docID(doc string) string {
	if i := strings.LastIndexByte(doc, '/'); i >= 0 {
		doc = doc[i+1:]
	}
	for _, ext := range []string{".txt", ".text", ".md"} {
		if s, ok := strings.CutSuffix(doc, ext); ok {
			return s
		}
	}
	return doc
}

// parseOutput reads an articles report (CSV) and a passages report (JSON
// Lines, or a JSON array), keeping the folder's articles. Of two rows for
// one article the last counts; a missing or empty share is 0.
func parseOutput(mode string, exit int, arts, pass []byte, f *folder) (*output, error) {
	o := &output{mode: mode, exit: exit, rows: map[string]row{}, passages: map[string][]span{}}
	articles := map[string]bool{}
	for _, a := range f.articles {
		articles[a.doc] = true
	}
	cr := csv.NewReader(bytes.NewReader(arts))
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: articles report: %w", mode, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	if _, ok := col["doc"]; !ok {
		return nil, fmt.Errorf("%s: articles report has no doc column: %q", mode, head)
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: articles report: %w", mode, err)
		}
		id := docID(get(rec, "doc"))
		if !articles[id] {
			continue
		}
		r := row{role: get(rec, "role"), sourceDoc: get(rec, "source_doc"), words: get(rec, "words")}
		for _, c := range []struct {
			name string
			v    *float64
		}{{"copied", &r.copied}, {"rewritten", &r.rewritten}, {"quoted", &r.quoted}} {
			if s := get(rec, c.name); s != "" {
				if *c.v, err = strconv.ParseFloat(s, 64); err != nil {
					return nil, fmt.Errorf("%s: articles report: %s of %s: %w", mode, c.name, id, err)
				}
			}
		}
		o.rows[id] = r
	}

	type passage struct {
		Doc   string  `json:"doc"`
		Start int     `json:"start"`
		End   int     `json:"end"`
		Kind  string  `json:"kind"`
		Text  *string `json:"text"` // absent or null: not checked
	}
	keep := func(p passage) {
		id := docID(p.Doc)
		if _, ok := f.gold[id]; !ok {
			return
		}
		text := f.byID[id].text
		if p.Start < 0 || p.End < p.Start || p.End > len(text) || (p.Text != nil && *p.Text != text[p.Start:p.End]) {
			o.badText++
			return
		}
		o.passages[id] = append(o.passages[id], span{p.Start, p.End, p.Kind})
	}
	if t := bytes.TrimSpace(pass); len(t) > 0 && t[0] == '[' {
		var ps []passage
		if err := json.Unmarshal(t, &ps); err != nil {
			return nil, fmt.Errorf("%s: passages report: %w", mode, err)
		}
		for _, p := range ps {
			keep(p)
		}
		return o, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(pass))
	sc.Buffer(nil, 64<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var p passage
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, fmt.Errorf("%s: passages report: line %d: %w", mode, line, err)
		}
		keep(p)
	}
	return o, sc.Err()
}

// An evaluator holds what every mode is scored against.
type evaluator struct {
	f      *folder
	gold   []string // labels, in articles.csv order
	groups []string
	words  map[string][]span // the words of each annotated article
	truth  map[string][]bool // whether each of them is derived (verbatim or rewrite)
}

func newEvaluator(f *folder) *evaluator {
	e := &evaluator{f: f, words: map[string][]span{}, truth: map[string][]bool{}}
	for _, a := range f.articles {
		e.gold = append(e.gold, a.label)
		e.groups = append(e.groups, a.group)
		if g, ok := f.gold[a.doc]; ok {
			ws := words(f.byID[a.doc].text)
			e.words[a.doc] = ws
			e.truth[a.doc] = inside(ws, g, func(k string) bool { return k == "verbatim" || k == "rewrite" })
		}
	}
	return e
}

// The scores of one mode.
type result struct {
	mode                    string
	exit                    int
	covered, total          int
	badText                 int
	cvCopied                float64 // cvF1 of copied
	cvDerived               float64 // of copied+rewritten
	cvQuoted                float64 // of copied+rewritten+quoted
	fitT1, fitT2            float64 // copied+rewritten thresholds fitted on all stories
	fitF1                   float64
	roleF1                  float64
	roleF                   [3]float64
	confusion               map[[2]string]int // label, role ("" when absent)
	derived, shared, quoted counts
	annotated, nw           int
	perDoc                  map[string]counts // derived-word counts by annotated article
	rows                    map[string]row
}

func (e *evaluator) evaluate(o *output) *result {
	r := &result{mode: o.mode, exit: o.exit, total: len(e.gold), badText: o.badText,
		confusion: map[[2]string]int{}, perDoc: map[string]counts{}, rows: o.rows}
	n := len(e.gold)
	copied, derived, plusq := make([]float64, n), make([]float64, n), make([]float64, n)
	pred := make([]string, n)
	for k, a := range e.f.articles {
		x, ok := o.rows[a.doc]
		role := ""
		if ok {
			r.covered++
			copied[k] = x.copied
			derived[k] = x.copied + x.rewritten
			plusq[k] = derived[k] + x.quoted
			pred[k] = roleLabel(x.role)
			role = x.role
		}
		r.confusion[[2]string{a.label, role}]++
	}
	r.cvCopied = crossValidate(copied, e.gold, e.groups)
	r.cvDerived = crossValidate(derived, e.gold, e.groups)
	r.cvQuoted = crossValidate(plusq, e.gold, e.groups)
	r.fitT1, r.fitT2, r.fitF1 = fit(derived, e.gold)
	r.roleF1, r.roleF = macroF1(pred, e.gold)

	isDerived := func(k string) bool { return k == "shared" || k == "rewritten" }
	isShared := func(k string) bool { return k == "shared" }
	isQuotedToo := func(k string) bool { return k == "shared" || k == "rewritten" || k == "quote" }
	for _, a := range e.f.articles {
		ws, ok := e.words[a.doc]
		if !ok {
			continue
		}
		r.annotated++
		r.nw += len(ws)
		var c, s, q counts
		c.add(inside(ws, o.passages[a.doc], isDerived), e.truth[a.doc])
		s.add(inside(ws, o.passages[a.doc], isShared), e.truth[a.doc])
		q.add(inside(ws, o.passages[a.doc], isQuotedToo), e.truth[a.doc])
		r.perDoc[a.doc] = c
		r.derived = r.derived.plus(c)
		r.shared = r.shared.plus(s)
		r.quoted = r.quoted.plus(q)
	}
	return r
}

// The roles in the order the confusion matrix shows them.
var roleOrder = []string{"copy", "rewrite", "copy+additions", "original", "independent", "empty"}

func (r *result) print(w io.Writer) {
	m := r.mode
	fmt.Fprintf(w, "%s cvF1=%.3f cvF1(+quoted)=%.3f roleF1=%.3f role_f1(w/p/n)=%.3f/%.3f/%.3f covered=%d/%d exit=%d\n",
		m, r.cvDerived, r.cvQuoted, r.roleF1, r.roleF[0], r.roleF[1], r.roleF[2], r.covered, r.total, r.exit)
	fmt.Fprintf(w, "%s cvF1: copied %.3f, copied+rewritten %.3f, +quoted %.3f (copied+rewritten on all stories: t1=%.2f t2=%.2f F1 %.3f)\n",
		m, r.cvCopied, r.cvDerived, r.cvQuoted, r.fitT1, r.fitT2, r.fitF1)
	fmt.Fprintf(w, "%s roles: macro-F1 %.3f, wholly %.3f, partially %.3f, non %.3f\n", m, r.roleF1, r.roleF[0], r.roleF[1], r.roleF[2])
	gold := r.derived.tp + r.derived.fn
	fmt.Fprintf(w, "%s words (%d articles, %d words, %d derived): shared+rewritten P %.3f R %.3f (tp %d fp %d fn %d); shared P %.3f R %.3f; +quote P %.3f R %.3f\n",
		m, r.annotated, r.nw, gold, r.derived.precision(), r.derived.recall(), r.derived.tp, r.derived.fp, r.derived.fn,
		r.shared.precision(), r.shared.recall(), r.quoted.precision(), r.quoted.recall())
	if r.badText > 0 {
		fmt.Fprintf(w, "%s warning: %d passages whose text is not the text at their offsets, left out\n", m, r.badText)
	}
	roles := slices.Clone(roleOrder)
	for k := range r.confusion {
		if !slices.Contains(roles, k[1]) {
			roles = append(roles, k[1])
		}
	}
	slices.Sort(roles[len(roleOrder):])
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s label\\role\t", m)
	for _, role := range roles {
		if role == "" {
			role = "(absent)"
		}
		fmt.Fprintf(tw, "%s\t", role)
	}
	fmt.Fprintln(tw, "total")
	for _, l := range labels {
		fmt.Fprintf(tw, "%s %s\t", m, l)
		total := 0
		for _, role := range roles {
			c := r.confusion[[2]string{l, role}]
			total += c
			fmt.Fprintf(tw, "%d\t", c)
		}
		fmt.Fprintf(tw, "%d\n", total)
	}
	tw.Flush()
}

// writeDump writes one tab-separated row per mode and article.
func writeDump(path string, f *folder, results []*result) error {
	var b bytes.Buffer
	b.WriteString("mode\tdoc\tlabel\twords\tcopied\trewritten\tquoted\trole\tsource_doc\ttp\tfp\tfn\n")
	for _, r := range results {
		for _, a := range f.articles {
			x, ok := r.rows[a.doc]
			cells := []string{r.mode, a.doc, a.label, "", "", "", "", "", "", "", "", ""}
			if ok {
				cells[3], cells[7], cells[8] = x.words, x.role, x.sourceDoc
				cells[4] = strconv.FormatFloat(x.copied, 'f', 4, 64)
				cells[5] = strconv.FormatFloat(x.rewritten, 'f', 4, 64)
				cells[6] = strconv.FormatFloat(x.quoted, 'f', 4, 64)
			}
			if c, ok := r.perDoc[a.doc]; ok {
				cells[9], cells[10], cells[11] = strconv.Itoa(c.tp), strconv.Itoa(c.fp), strconv.Itoa(c.fn)
			}
			b.WriteString(strings.Join(cells, "\t") + "\n")
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
