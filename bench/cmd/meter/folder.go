package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A document of the folder: documents.csv's row and the text of
// docs/<id>.txt.
type document struct {
	id, role, date, source string
	text                   string
}

// An article: articles.csv's row.
type article struct {
	doc   string
	label string   // wholly, partially or non
	group string   // domain/date/catchline: the story, which decides the fold
	pa    []string // the story's PA documents (pa_docs), if listed
}

// A span of text: text[start:end], in bytes.
type span struct {
	start, end int
	kind       string
}

// A folder in the METER format, read.
type folder struct {
	docs     []document
	byID     map[string]*document
	articles []article
	// gold holds the annotated articles' passages (verbatim, rewrite, new)
	// with byte offsets; an article is annotated when it has any.
	gold map[string][]span
}

// readFolder reads dir/documents.csv, every dir/docs/<id>.txt it names,
// dir/articles.csv and dir/passages.csv. Texts are read as Python reads
// them in text mode (universal newlines: "\r\n" and "\r" become "\n"), so
// that passages.csv's code-point offsets and the texts given to the
// binary are those of the reference scorer.
func readFolder(dir string) (*folder, error) {
	f := &folder{byID: map[string]*document{}, gold: map[string][]span{}}
	err := readCSV(filepath.Join(dir, "documents.csv"), []string{"doc", "role", "date", "source"}, func(line int, r map[string]string) error {
		id := r["doc"]
		if _, dup := f.byID[id]; dup {
			return fmt.Errorf("document %q listed twice", id)
		}
		b, err := os.ReadFile(filepath.Join(dir, "docs", id+".txt"))
		if err != nil {
			return err
		}
		if !utf8.Valid(b) {
			return fmt.Errorf("docs/%s.txt is not UTF-8", id)
		}
		if _, err := published(r["date"], r["role"]); err != nil {
			return err
		}
		f.docs = append(f.docs, document{id: id, role: r["role"], date: r["date"], source: r["source"], text: universalNewlines(string(b))})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range f.docs {
		f.byID[f.docs[i].id] = &f.docs[i]
	}
	seen := map[string]bool{}
	err = readCSV(filepath.Join(dir, "articles.csv"), []string{"doc", "domain", "date", "catchline", "label"}, func(line int, r map[string]string) error {
		id := r["doc"]
		if f.byID[id] == nil {
			return fmt.Errorf("article %q is not in documents.csv", id)
		}
		if seen[id] {
			return fmt.Errorf("article %q listed twice", id)
		}
		seen[id] = true
		switch r["label"] {
		case "wholly", "partially", "non":
		default:
			return fmt.Errorf("label %q is not wholly, partially or non", r["label"])
		}
		pa := strings.Fields(r["pa_docs"])
		for _, p := range pa {
			if f.byID[p] == nil {
				return fmt.Errorf("pa_docs of %q: %q is not in documents.csv", id, p)
			}
		}
		f.articles = append(f.articles, article{doc: id, label: r["label"], group: r["domain"] + "/" + r["date"] + "/" + r["catchline"], pa: pa})
		return nil
	})
	if err != nil {
		return nil, err
	}
	offsets := map[string][]int{}
	err = readCSV(filepath.Join(dir, "passages.csv"), []string{"doc", "start_char", "end_char", "kind"}, func(line int, r map[string]string) error {
		id := r["doc"]
		if !seen[id] {
			return fmt.Errorf("passage of %q, which is not in articles.csv", id)
		}
		start, err1 := strconv.Atoi(r["start_char"])
		end, err2 := strconv.Atoi(r["end_char"])
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		off, ok := offsets[id]
		if !ok {
			off = byteOffsets(f.byID[id].text)
			offsets[id] = off
		}
		if start < 0 || end < start || end >= len(off) {
			return fmt.Errorf("characters %d:%d outside the %d of %s", start, end, len(off)-1, id)
		}
		f.gold[id] = append(f.gold[id], span{off[start], off[end], r["kind"]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// readCSV calls row for every record of a CSV file with a header holding
// at least the columns want; errors name the file and the line.
func readCSV(path string, want []string, row func(line int, r map[string]string) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	cr := csv.NewReader(fh)
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, w := range want {
		if _, ok := col[w]; !ok {
			return fmt.Errorf("%s: no column %q", path, w)
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		r := make(map[string]string, len(head))
		for name, i := range col {
			r[name] = rec[i]
		}
		if err := row(line, r); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
}

// universalNewlines turns "\r\n" and a lone "\r" into "\n".
func universalNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// byteOffsets returns, for a UTF-8 text of n code points, the n+1 byte
// offsets at which code points 0..n start (the last is len(text)): a
// Python string offset i is the byte offset byteOffsets(text)[i].
func byteOffsets(text string) []int {
	off := make([]int, 0, utf8.RuneCountInString(text)+1)
	for i := range text {
		off = append(off, i)
	}
	return append(off, len(text))
}

// published is the time the reference scorer gives a document: the date of
// its id (dd.mm.yy, years after 50 in the 1900s), PA copy at midnight UTC,
// newspapers at 22:00, so that the wire comes first.
func published(date, role string) (string, error) {
	p := strings.Split(date, ".")
	if len(p) != 3 {
		return "", fmt.Errorf("date %q is not dd.mm.yy", date)
	}
	yy, err := strconv.Atoi(p[2])
	if err != nil {
		return "", fmt.Errorf("date %q is not dd.mm.yy", date)
	}
	if yy > 50 {
		yy += 1900
	} else {
		yy += 2000
	}
	hour := "22:00:00Z"
	if role == "pa" {
		hour = "00:00:00Z"
	}
	return fmt.Sprintf("%d-%s-%sT%s", yy, p[1], p[0], hour), nil
}
