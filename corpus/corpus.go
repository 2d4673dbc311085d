package corpus

// Doc is one article as read.
type Doc struct {
	ID        string // path relative to the directory given, the path as given, or the record's id
	Text      string // the text compared; for HTML, the extracted main text
	Title     string
	URL       string
	Source    string
	Published string // as given: RFC 3339 or YYYY-MM-DD; "" if unknown
	Loc       Loc
}

// Loc says where a document was read, so that it can be read again.
type Loc struct {
	File   int   // index into Corpus.Files()
	Line   int   // 1-based line where the record starts (1 for a whole file)
	Offset int64 // byte offset of the record in the file
	Length int64 // byte length of the record
}
