package pipeline

import (
	"slices"

	"github.com/wiretrace/wiretrace/align"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/family"
	"github.com/wiretrace/wiretrace/internal/hash64"
	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/shingle"
	"github.com/wiretrace/wiretrace/verify"
)

// Sketch is what is kept of a document after reading: counts, signature
// and fingerprints, never the text.
type Sketch struct {
	Words      int
	Start, End int // bytes from the first word's start to the last word's end
	Sig        minhash.Signature
	Prints     []uint64 // distinct fingerprint hashes, sorted: winnowed, or every shingle's of a short text
	// Winnowed is the number of distinct fingerprints winnowing keeps: the
	// length of Prints but for a short text, whose every shingle is a
	// fingerprint. Candidates weigh a pair's shared fingerprints against
	// it, so that a short text's many fingerprints do not make it seem to
	// share little.
	Winnowed int
	// Leads are the shingle hashes, sorted and distinct, of a long text's
	// lead (the shingles that start in its first Params.Lead words), or
	// of all of a short text: none when Params.Lead is 0. Keys turns them
	// into the keys by which a lead and a short text meet.
	Leads []uint64
	// Long is whether the text is long (more than verify.ShortWords words).
	Long bool
}

// Info is what grouping needs of document d, whose sketch s is.
func (s Sketch) Info(d corpus.Doc) family.Info {
	return family.Info{ID: d.ID, Published: d.Published, Words: s.Words, Start: s.Start, End: s.End}
}

// Sketcher turns texts into sketches and analysis documents. It reuses its
// buffers and is not safe for concurrent use: give each worker its own.
type Sketcher struct {
	P      Params
	tk     shingle.Tokenizer
	toks   shingle.Tokens
	shs    []uint64
	prints []minhash.Print
	hs     []uint64
}

// NewSketcher returns a Sketcher for p.
func NewSketcher(p Params) *Sketcher {
	return &Sketcher{P: p, tk: shingle.Tokenizer{Seed: p.Seed}}
}

// Sketch signs a text. The returned slices are new and may be kept.
func (s *Sketcher) Sketch(text string) Sketch {
	s.tk.Tokenize(text, &s.toks)
	sk := Sketch{Words: s.toks.Len()}
	if sk.Words == 0 {
		return sk
	}
	sk.Start, sk.End = s.toks.Spans[0].Start, s.toks.Spans[sk.Words-1].End
	s.shs = shingle.Shingles(s.toks.Hashes, s.P.Shingle, s.shs[:0])
	sk.Sig = minhash.Sign(s.shs, s.P.Perm, s.P.Seed, nil)
	sk.Prints = s.distinctPrints(s.window(sk.Words), nil)
	sk.Winnowed = len(sk.Prints)
	if w := s.window(sk.Words); w != s.P.Window {
		s.hs = s.distinctPrints(s.P.Window, s.hs[:0])
		sk.Winnowed = len(s.hs)
	}
	sk.Long = sk.Words > verify.ShortWords
	if s.P.Lead > 0 {
		shs := s.shs
		if sk.Long {
			shs = shs[:min(len(shs), s.P.Lead)]
		}
		sk.Leads = append([]uint64(nil), shs...)
		hash64.Sort(sk.Leads, nil)
		sk.Leads = slices.Compact(sk.Leads)
	}
	return sk
}

// Keys returns the lead keys (LeadKeys) of the sketched text, archived or
// checked (query). Of a long text's lead they leave out the shingles that
// are fingerprints already: a short text's every shingle is a fingerprint
// and meets them as they are.
func (sk *Sketch) Keys(query bool) []uint64 {
	leads := sk.Leads
	if sk.Long {
		leads = slices.DeleteFunc(slices.Clone(leads), func(h uint64) bool {
			_, winnowed := slices.BinarySearch(sk.Prints, h)
			return winnowed
		})
	}
	return LeadKeys(leads, sk.Long, query)
}

// LeadKeys returns the keys of the shingles leads (Sketch.Leads) of a
// long text's lead or of a short text, archived or checked (query), in
// the order of leads. A brief cut from a long story keeps words of its
// lead, often in runs too short to hold one of the story's winnowed
// fingerprints; every shingle of a lead is a key (Sketch.Keys leaves out
// those that are fingerprints already), and every shingle of a short
// text. The keys of an archived lead meet those of a
// checked short text, and those of a checked lead meet those of an
// archived short text, never those of another lead or another short
// text: two long articles sharing a sentence of their leads, or two short
// ones, are candidates by their fingerprints alone, as in a scan.
func LeadKeys(leads []uint64, long, query bool) []uint64 {
	salt := uint64(leadSaltB)
	if long != query {
		salt = leadSaltA
	}
	keys := make([]uint64, len(leads))
	for i, h := range leads {
		keys[i] = h ^ salt
	}
	return keys
}

// The salts of LeadKeys: keys are fingerprints of their own, apart from
// every shingle hash.
const (
	leadSaltA = 0x6c65616461726368 // "leadarch"
	leadSaltB = 0x6c65616471756572 // "leadquer"
)

// Counts returns the number of words of a text and of the distinct
// fingerprints winnowing keeps of it (Sketch.Words and Sketch.Winnowed),
// without signing it.
func (s *Sketcher) Counts(text string) (words, winnowed int) {
	s.tk.Tokenize(text, &s.toks)
	if words = s.toks.Len(); words == 0 {
		return 0, 0
	}
	s.shs = shingle.Shingles(s.toks.Hashes, s.P.Shingle, s.shs[:0])
	s.hs = s.distinctPrints(s.P.Window, s.hs[:0])
	return words, len(s.hs)
}

// Doc prepares a text for verification and alignment. recurs, if not
// nil, marks what of it recurs at once (see verify.Doc.Mark); otherwise
// that is left for Verify to look up when a pair needs it.
func (s *Sketcher) Doc(id, published, text string, recurs verify.Recurrence) verify.Doc {
	d := verify.Doc{ID: id, Published: published}
	s.tk.Tokenize(text, &s.toks)
	d.Tokens = shingle.Tokens{Spans: slices.Clone(s.toks.Spans), Hashes: slices.Clone(s.toks.Hashes)}
	n := d.Tokens.Len()
	if n == 0 {
		return d
	}
	shs := shingle.Shingles(d.Tokens.Hashes, s.P.Shingle, nil)
	s.prints = minhash.Winnow(shs, s.window(n), s.prints[:0])
	d.Set = shingle.Set(shs)
	d.Quoted = align.Inside(d.Tokens.Spans, align.Quotes(text))
	d.Prints = make([]verify.Print, len(s.prints))
	for i, p := range s.prints {
		d.Prints[i] = verify.Print{Hash: p.Hash, Pos: int32(p.Pos)}
	}
	d.Width = min(s.P.Shingle, n)
	if recurs != nil {
		d.Mark(recurs)
	}
	return d
}

// info returns what grouping needs of d.
func info(d *verify.Doc) family.Info {
	in := family.Info{ID: d.ID, Published: d.Published, Prior: d.Prior, Words: d.Words()}
	if n := d.Words(); n > 0 {
		in.Start, in.End = d.Tokens.Spans[0].Start, d.Tokens.Spans[n-1].End
	}
	return in
}

// distinctPrints appends to buf the distinct hashes, sorted, of the
// fingerprints that winnowing the shingles in s.shs with window w selects.
func (s *Sketcher) distinctPrints(w int, buf []uint64) []uint64 {
	s.prints = minhash.Winnow(s.shs, w, s.prints[:0])
	buf = slices.Grow(buf, len(s.prints))
	for _, p := range s.prints {
		buf = append(buf, p.Hash)
	}
	hash64.Sort(buf, nil)
	return slices.Compact(buf)
}

// window is the winnowing window of a text of n words: every shingle of a
// short one (verify.ShortWords) is a fingerprint.
func (s *Sketcher) window(n int) int {
	if n <= verify.ShortWords {
		return 1
	}
	return s.P.Window
}
