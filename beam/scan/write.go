package scan

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/report"
)

// The reports are written as wiretrace scan --out writes them: each file
// by one worker that sorts its rows with pipeline.RowSet.Sort and writes
// them with the report package, so the bytes are the same. That worker
// holds the rows of one report (passages.jsonl: its lines, already
// formatted per document).

// Report names, as scan --out writes them.
const (
	ArticlesFile = "articles.csv"
	PairsFile    = "pairs.csv"
	FamiliesFile = "families.csv"
	PassagesFile = "passages.jsonl"
)

type writeArticlesFn struct{ Path string }

// drain returns what an iterator of a side input or a grouped value yields.
func drain[T any](next func(*T) bool) []T {
	var out []T
	var x T
	for next(&x) {
		out = append(out, x)
	}
	return out
}

func (f *writeArticlesFn) ProcessElement(ctx context.Context, _ []byte, rows func(*report.Article) bool) error {
	rs := pipeline.RowSet{Articles: drain(rows)}
	rs.Sort()
	return writeFile(ctx, f.Path, func(w io.Writer) error { return report.WriteArticles(w, report.CSV, rs.Articles) })
}

type writePairsFn struct{ Path string }

func (f *writePairsFn) ProcessElement(ctx context.Context, _ []byte, rows func(*report.Pair) bool) error {
	rs := pipeline.RowSet{Pairs: drain(rows)}
	rs.Sort()
	return writeFile(ctx, f.Path, func(w io.Writer) error { return report.WritePairs(w, report.CSV, rs.Pairs) })
}

type writeFamiliesFn struct{ Path string }

func (f *writeFamiliesFn) ProcessElement(ctx context.Context, _ []byte, rows func(*report.Family) bool) error {
	rs := pipeline.RowSet{Families: drain(rows)}
	rs.Sort()
	return writeFile(ctx, f.Path, func(w io.Writer) error { return report.WriteFamilies(w, report.CSV, rs.Families) })
}

type writePassagesFn struct{ Path string }

func (f *writePassagesFn) ProcessElement(ctx context.Context, _ []byte, chunks func(*Chunk) bool) error {
	cs := drain(chunks)
	// Each document's passages are sorted already; documents sort by id,
	// as RowSet.Sort sorts passages first by doc.
	slices.SortFunc(cs, func(a, b Chunk) int { return strings.Compare(a.Doc, b.Doc) })
	return writeFile(ctx, f.Path, func(w io.Writer) error {
		for _, c := range cs {
			if _, err := w.Write(c.Lines); err != nil {
				return err
			}
		}
		return nil
	})
}

// warnFn logs the warnings of the scan (chained families), sorted.
func warnFn(ctx context.Context, _ []byte, warnings func(*string) bool) {
	rs := pipeline.RowSet{Warnings: drain(warnings)}
	rs.Sort()
	for _, w := range rs.Warnings {
		log.Warnf(ctx, "wiretrace: warning: %s", w)
	}
}

// Write writes the reports into output, a local directory (created if
// missing) or a prefix on a Beam filesystem (gs://bucket/run/).
func Write(s beam.Scope, r Rows, output string) {
	s = s.Scope("write")
	imp := beam.Impulse(s)
	at := func(name string) string { return joinPath(output, name) }
	beam.ParDo0(s, &writeArticlesFn{Path: at(ArticlesFile)}, imp, beam.SideInput{Input: r.Articles})
	beam.ParDo0(s, &writePairsFn{Path: at(PairsFile)}, imp, beam.SideInput{Input: r.Pairs})
	beam.ParDo0(s, &writeFamiliesFn{Path: at(FamiliesFile)}, imp, beam.SideInput{Input: r.Families})
	beam.ParDo0(s, &writePassagesFn{Path: at(PassagesFile)}, imp, beam.SideInput{Input: r.Passages})
	beam.ParDo0(s, warnFn, imp, beam.SideInput{Input: r.Warnings})
}

func joinPath(dir, name string) string {
	if isLocal(dir) {
		return filepath.Join(dir, name)
	}
	return strings.TrimSuffix(dir, "/") + "/" + name
}

func isLocal(path string) bool { return !strings.Contains(path, "://") }

// writeFile writes path through write: a local file atomically (a
// temporary file in the same directory, then renamed), a file of another
// filesystem in one piece.
func writeFile(ctx context.Context, path string, write func(io.Writer) error) error {
	if !isLocal(path) {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		fs, err := filesystem.New(ctx, path)
		if err != nil {
			return err
		}
		defer fs.Close()
		return filesystem.Write(ctx, fs, path, buf.Bytes())
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return report.WriteFile(path, write)
}

// localCopy returns a local path with the contents of path: path itself
// when it is local, else a copy in a temporary directory under the same
// base name (so that its kind is known by its extension), removed by
// cleanup.
func localCopy(ctx context.Context, path string) (local string, cleanup func(), err error) {
	if isLocal(path) {
		return path, func() {}, nil
	}
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	dir, err := os.MkdirTemp("", "wiretrace-beam-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	local = filepath.Join(dir, filepath.Base(path))
	f, err := os.Create(local)
	if err == nil {
		_, err = io.Copy(f, r)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("copying %s: %w", path, err)
	}
	return local, cleanup, nil
}

func init() {
	register.DoFn3x1[context.Context, []byte, func(*report.Article) bool, error](&writeArticlesFn{})
	register.DoFn3x1[context.Context, []byte, func(*report.Pair) bool, error](&writePairsFn{})
	register.DoFn3x1[context.Context, []byte, func(*report.Family) bool, error](&writeFamiliesFn{})
	register.DoFn3x1[context.Context, []byte, func(*Chunk) bool, error](&writePassagesFn{})
	register.Function3x0(warnFn)
	register.Iter1[report.Article]()
	register.Iter1[report.Pair]()
	register.Iter1[report.Family]()
	register.Iter1[Chunk]()
	register.Iter1[string]()
}
