package main

import (
	"errors"
	"fmt"

	"github.com/wiretrace/wiretrace/archive"
	"github.com/wiretrace/wiretrace/report"
)

func runShow(e *env, args []string) error {
	var db, format string
	fs := newFlags(e, "show", "wiretrace show --db FILE [flags] ID...", `
Show prints archived articles with their metadata (title, source,
published, url) and their text as it was compared (for a web page, the
extracted text), to name and read what check found. As text, each article
is a header of "field: value" lines, a blank line and the text, articles
separated by a line "---"; --format json prints an array of objects. An id
the archive does not hold is named on stderr and the others are printed
(exit 3; exit 2 when none is found).

Example:
  wiretrace show --db wire.db ap/2025-04-25-kyiv.txt
  wiretrace show --db wire.db --format json ap/1 ap/2 | jq -r '.[].title'`)
	fs.StringVar(&db, "db", "", "the archive file")
	fs.StringVarP(&format, "format", "f", "text", "text or json")
	if done, err := parse(fs, args); done {
		return err
	}
	if db == "" {
		return usageErr("show needs --db FILE")
	}
	var f report.Format
	switch format {
	case "text":
		f = report.Table
	case "json":
		f = report.JSON
	default:
		return usageErr("--format for show is text or json, not %q", format)
	}
	if fs.NArg() == 0 {
		return usageErr("show needs at least one ID")
	}
	a, err := archive.Open(db, archive.Params{})
	if err != nil {
		return usageErr("%v", err)
	}
	defer a.Close()
	snap, err := a.Snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	var docs []report.Document
	missing := 0
	for _, id := range fs.Args() {
		d, err := snap.Doc(id)
		if errors.Is(err, archive.ErrNotFound) {
			fmt.Fprintf(e.stderr, "wiretrace: %s: %q is not in the archive\n", db, id)
			missing++
			continue
		}
		if err != nil {
			return fmt.Errorf("show %s: %w", id, err)
		}
		docs = append(docs, report.Document{ID: d.ID, Title: d.Title, Source: d.Source, Published: d.Published, URL: d.URL, Text: d.Text})
	}
	if len(docs) == 0 {
		return &exitError{code: exitUsage}
	}
	if err := report.WriteDocuments(e.stdout, f, docs); err != nil {
		return err
	}
	if missing > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}
