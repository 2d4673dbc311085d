package report

// Article is one row of articles.csv.
type Article struct {
	Doc         string  `json:"doc"`
	Family      string  `json:"family"`     // id of the family's original; "" outside families
	Role        string  `json:"role"`       // original, copy, copy+additions, rewrite, independent, empty
	SourceDoc   string  `json:"source_doc"` // the member it derives from; "" for originals, independents, empties
	Words       int     `json:"words"`
	Copied      float64 `json:"copied"` // fractions of Words; Copied+Rewritten+Quoted+Independent = 1
	Rewritten   float64 `json:"rewritten"`
	Quoted      float64 `json:"quoted"`
	Independent float64 `json:"independent"`
	Title       string  `json:"title"`
	Source      string  `json:"source"`
	Published   string  `json:"published"` // as read (RFC 3339 or YYYY-MM-DD), "" if unknown
	URL         string  `json:"url"`       // the record's or page's URL, "" if unknown
}

// Pair is one row of pairs.csv: A < B.
type Pair struct {
	A            string  `json:"a"`
	B            string  `json:"b"`
	Relation     string  `json:"relation"` // duplicate, reprint, partial, quotes
	Jaccard      float64 `json:"jaccard"`
	ContainmentA float64 `json:"containment_a"` // share of A's shingles found in B
	ContainmentB float64 `json:"containment_b"`
	SharedWords  int     `json:"shared_words"`
	QuotedWords  int     `json:"quoted_words"`
}

// Family is one row of families.csv. A family is named by the id of its
// original: its column "family" is Original.
type Family struct {
	Size           int      `json:"size"`
	Original       string   `json:"original"`
	Members        []string `json:"members"` // joined by ";" in CSV
	FirstPublished string   `json:"first_published"`
	LastPublished  string   `json:"last_published"`
}

// With is the other side of a shared passage.
type With struct {
	Doc   string `json:"doc"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Passage is one line of passages.jsonl. Start and End are byte offsets
// into the document's text as read (for HTML, the extracted text): the
// passage is text[Start:End].
type Passage struct {
	Doc   string `json:"doc"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Words int    `json:"words"`
	Kind  string `json:"kind"` // shared, rewritten, quote, unique
	With  []With `json:"with"`
	Text  string `json:"text"`
	// Edits, for a shared or rewritten passage that differs from its
	// counterpart, are the words changed, in text order.
	Edits []Edit `json:"edits,omitempty"`
}

// Data is everything report.html shows. Text returns a document's text as
// read (the text that passage offsets refer to); it may be called many
// times and must be safe to call from one goroutine at a time. A nil
// Text, or an error for one document, leaves that text out of the page
// (passages are still listed in pairs). WriteDir also cuts from it the
// text of each passage whose Text is empty, for passages.jsonl; there an
// error fails the file.
type Data struct {
	Articles []Article
	Pairs    []Pair
	Families []Family
	Passages []Passage
	Text     func(doc string) (string, error)
	// URL returns a document's URL, "" if unknown; nil means no URLs.
	// Only http and https URLs become links. Same contract as Text.
	URL func(doc string) string
	// Run is the version, parameters and inputs report.html names.
	Run Run
}
