package report

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"

	"github.com/olekukonko/tablewriter/tw"
)

// Archived is what check shows of an archived article: its metadata.
type Archived struct {
	Title     string
	Source    string
	Published string // as archived (RFC 3339 or YYYY-MM-DD), "" if unknown
	URL       string
}

// CheckArticle is one row of check's default report: the input's
// articles.csv row, then the archived article it derives from (its
// SourceDoc), as an editor needs to name it.
type CheckArticle struct {
	Article
	From Archived // columns source_title, source_source, source_published, source_url
}

// CheckPair is one row of `check --report pairs`: the pairs.csv row of
// the input (A) and a related archived article (B), then B's metadata.
type CheckPair struct {
	Pair
	B Archived // columns b_title, b_source, b_published, b_url
}

// WriteCheckArticles writes check's default report in format f: the
// columns of articles.csv, then source_title, source_source,
// source_published, source_url.
func WriteCheckArticles(w io.Writer, f Format, rows []CheckArticle) error {
	return write(w, f, "articles", rows, extend(articleSpec, func(r CheckArticle) Article { return r.Article },
		func(r CheckArticle) Archived { return r.From }, "source_", "source title", "source published"))
}

// WriteCheckPairs writes `check --report pairs` in format f: the columns
// of pairs.csv, then b_title, b_source, b_published, b_url.
func WriteCheckPairs(w io.Writer, f Format, rows []CheckPair) error {
	return write(w, f, "pairs", rows, extend(pairSpec, func(r CheckPair) Pair { return r.Pair },
		func(r CheckPair) Archived { return r.B }, "b_", "b title", "b published"))
}

// extend makes the spec of rows that are base rows followed by an
// archived article's metadata, in columns named with prefix; the table
// shows its title and published date under the two headers given.
func extend[T, B any](base spec[B], row func(T) B, arch func(T) Archived, prefix, titleHead, publishedHead string) spec[T] {
	cols := slices.Clone(base.columns)
	for _, c := range []string{"title", "source", "published", "url"} {
		cols = append(cols, prefix+c)
	}
	return spec[T]{
		columns: cols,
		csv: func(r T) ([]string, error) {
			rec, err := base.csv(row(r))
			if err != nil {
				return nil, err
			}
			a := arch(r)
			return append(rec, a.Title, a.Source, a.Published, a.URL), nil
		},
		json: func(r T) (any, error) {
			v, err := base.json(row(r))
			if err != nil {
				return nil, err
			}
			head, err := marshal(v)
			if err != nil {
				return nil, err
			}
			// The base object's fields, then the archived article's.
			a := arch(r)
			out := append(bytes.TrimSuffix(slices.Clone(head), []byte("}")), ',')
			for i, kv := range [][2]string{{"title", a.Title}, {"source", a.Source}, {"published", a.Published}, {"url", a.URL}} {
				v, err := marshal(kv[1])
				if err != nil {
					return nil, err
				}
				if i > 0 {
					out = append(out, ',')
				}
				out = append(out, `"`+prefix+kv[0]+`":`...)
				out = append(out, v...)
			}
			return json.RawMessage(append(out, '}')), nil
		},
		name:  func(r T) string { return base.name(row(r)) },
		table: append(slices.Clone(base.table), titleHead, publishedHead),
		align: append(slices.Clone(base.align), tw.AlignLeft, tw.AlignLeft),
		tableRow: func(r T) []string {
			a := arch(r)
			return append(base.tableRow(row(r)), cell(a.Title, titleWidth), cell(a.Published, 0))
		},
	}
}
