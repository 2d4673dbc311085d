package shingle

// Span is a word's place in the text: the word is text[Start:End].
// Start and End are byte offsets into the text as read.
type Span struct {
	Start, End int
}

// Tokens is a tokenized text: for word i, Spans[i] is where it lies in the
// text and Hashes[i] the hash of its normalised form. Both slices have the
// same length.
type Tokens struct {
	Spans  []Span
	Hashes []uint64
}

// Len reports the number of words.
func (t *Tokens) Len() int { return len(t.Hashes) }
