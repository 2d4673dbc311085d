package main

import (
	"cmp"
	"slices"

	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/report"
)

func runCompare(e *env, args []string) error {
	var s shared
	var format string
	fs := newFlags(e, "compare", "wiretrace compare [flags] A B", `
Compare shows two articles passage by passage: their exact Jaccard
similarity, how much of each is found in the other, their relation, and
side by side the passages they share, the quotations they share and the
passages of their own. A and B are files holding one article each (or -
for standard input).

Example:
  wiretrace compare npr.txt wyso.html
  wiretrace compare --format json a.txt b.txt | jq .relation`)
	s.register(fs)
	fs.StringVarP(&format, "format", "f", "", "table or json (default: table on a terminal, else json)")
	if done, err := parse(fs, args); done {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageErr("compare takes two inputs, A and B, not %d", fs.NArg())
	}
	if fs.Arg(0) == "-" && fs.Arg(1) == "-" {
		return usageErr(`standard input ("-") given for both A and B`)
	}
	f := report.JSON
	if format != "" || isTerminal(e.stdout) {
		var err error
		if f, err = outFormat(e, format); err != nil {
			return err
		}
		if f == report.CSV {
			return usageErr("--format for compare is table or json, not csv")
		}
	}
	var docs [2]corpus.Doc
	skipped := 0
	for i, in := range fs.Args() {
		ds, n, err := readOne(e, in, &s)
		if err != nil {
			return err
		}
		skipped += n
		if len(ds) != 1 {
			return usageErr("%s holds %d articles; compare takes one article per input", in, len(ds))
		}
		docs[i] = ds[0]
	}
	if docs[0].ID == docs[1].ID {
		docs[1].ID += " (B)"
	}
	c := pipeline.Compare(docs[0], docs[1], s.options())
	if err := report.WriteComparison(tableOut(e.stdout), f, comparison(c)); err != nil {
		return err
	}
	if skipped > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}

// readOne reads every document of one input, in order.
func readOne(e *env, input string, s *shared) ([]corpus.Doc, int, error) {
	c, err := openInputs(e, []string{input}, s)
	if err != nil {
		return nil, 0, err
	}
	defer c.Close()
	type doc struct {
		seq int
		d   corpus.Doc
	}
	var ds []doc
	var ps []corpus.Problem
	if err := c.Read(1, func(seq int, d corpus.Doc) { ds = append(ds, doc{seq, d}) },
		func(p corpus.Problem) { ps = append(ps, p) }); err != nil {
		return nil, 0, err
	}
	skipped := printProblems(e, ps)
	slices.SortFunc(ds, func(a, b doc) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]corpus.Doc, len(ds))
	for i, d := range ds {
		out[i] = d.d
	}
	return out, skipped, nil
}

// comparison turns the pipeline's comparison into the report's.
func comparison(c pipeline.Comparison) report.Comparison {
	return report.Comparison{
		A: c.Pair.A, B: c.Pair.B, Jaccard: c.Pair.Jaccard,
		ContainmentA: c.Pair.ContainmentA, ContainmentB: c.Pair.ContainmentB,
		Relation: c.Pair.Relation, Rows: report.AlignPassages(c.A, c.B),
	}
}
