package pipeline

import (
	"slices"
	"testing"

	"github.com/wiretrace/wiretrace/minhash"
	"github.com/wiretrace/wiretrace/shingle"
)

// TestSketchKnownAnswer pins the whole sketch of a fixed sentence with the
// default parameters: its words, signature, fingerprints and LSH keys are
// what an archive stores and what a scan compares, so none may change
// without a new hash version (hash64.Version). The answers are literal.
func TestSketchKnownAnswer(t *testing.T) {
	const sentence = "U.S. envoy Steve Witkoff met with Russian President Vladimir Putin in St. Petersburg on Friday, the Kremlin said, for talks that lasted more than four hours."
	o := DefaultOptions()
	sk := NewSketcher(o.Params).Sketch(sentence)
	if sk.Words != 26 || sk.Start != 0 || sk.End != 156 {
		t.Errorf("Sketch: %d words, bytes [%d:%d]; want 26, [0:156]", sk.Words, sk.Start, sk.End)
	}
	sig := minhash.Signature{
		0xa6e757ec, 0x91bc798c, 0x91bc798c, 0xa6e757ec, 0x9a858f33, 0x5c0f456a, 0xdf7757bf, 0x0c268d15,
		0x7b625194, 0x7b625194, 0xc2400ce2, 0x56afeac8, 0x6a891202, 0x5c0f456a, 0x56afeac8, 0x8c4e0ed0,
		0x7f869e29, 0x753eec3a, 0x323ef5b7, 0xc6179d36, 0x3e0d8f98, 0x5c0f456a, 0xa6e757ec, 0x47e0e695,
		0x55e3da53, 0xa6e757ec, 0xc2400ce2, 0x55e3da53, 0x200945b2, 0x0927c3ea, 0x9a858f33, 0x91bc798c,
		0x7b625194, 0x0927c3ea, 0x3e0d8f98, 0xa6e757ec, 0x7b625194, 0x6a891202, 0x323ef5b7, 0xdf7757bf,
		0x56afeac8, 0x8c4e0ed0, 0x55e3da53, 0x9f669517, 0x9a858f33, 0xdf7757bf, 0x9a858f33, 0x0927c3ea,
		0x6a891202, 0x323ef5b7, 0x9a858f33, 0x0927c3ea, 0x323ef5b7, 0x200945b2, 0x56afeac8, 0xc6179d36,
		0x47e0e695, 0xc2400ce2, 0x0c268d15, 0x8c4e0ed0, 0x56afeac8, 0x753eec3a, 0x7b625194, 0x6a891202,
		0x7f869e29, 0xc2400ce2, 0x323ef5b7, 0x200945b2, 0x7f869e29, 0x56afeac8, 0x8c4e0ed0, 0x7b625194,
		0x0c268d15, 0x9f669517, 0x7f869e29, 0x3e0d8f98, 0x5c0f456a, 0x6a891202, 0xc6179d36, 0x3e0d8f98,
		0x7f869e29, 0x5c0f456a, 0x8c4e0ed0, 0x200945b2, 0x7b625194, 0x0c268d15, 0x9a858f33, 0x753eec3a,
		0xa6e757ec, 0x7f869e29, 0x9a858f33, 0x7b625194, 0xdf7757bf, 0x753eec3a, 0x55e3da53, 0x9f669517,
		0xdf7757bf, 0x8c4e0ed0, 0xdf7757bf, 0x0927c3ea, 0x56afeac8, 0x56afeac8, 0x0927c3ea, 0x6a891202,
		0x323ef5b7, 0x7b625194, 0xdf7757bf, 0x0927c3ea, 0x9a858f33, 0x323ef5b7, 0xc2400ce2, 0x753eec3a,
		0x5c0f456a, 0xc2400ce2, 0x753eec3a, 0x9f669517, 0x7f869e29, 0xa6e757ec, 0x91bc798c, 0x323ef5b7,
		0x56afeac8, 0x47e0e695, 0x0927c3ea, 0x200945b2, 0x91bc798c, 0x55e3da53, 0x7f869e29, 0x3e0d8f98,
	}
	if !slices.Equal(sk.Sig, sig) {
		t.Errorf("signature = %#x\nwant %#x", sk.Sig, sig)
	}
	// A short sentence: every shingle is a fingerprint.
	prints := []uint64{
		0x507f9472610b29ab, 0x51369e984d9af712, 0x5a7e3c6c6f077fe2, 0x68ea6f1758edef21, 0x6a8a116090735725, 0x7172711f2b28c2ef,
		0x71ac73e986f8731a, 0x72e6f2d84965eb0b, 0x876d7a16046f1c61, 0x8d38576620a65cb8, 0x972c4b3b8a759b78, 0xa7774240f62fd389,
		0xb01a6a148156dfc7, 0xbfd942de41d279ee, 0xc02c2db836bd9a88, 0xc69179b48684ba05, 0xd0a3cacdf31d64cb, 0xdf684823b5d7ebd7,
		0xe815e0a1b211ab59, 0xe9507c91b2492462, 0xf55e580f0cd1f283, 0xfe8586253490fd45,
	}
	if !slices.Equal(sk.Prints, prints) {
		t.Errorf("fingerprints = %#x, want %#x", sk.Prints, prints)
	}
	lsh := o.LSH()
	if lsh.Bands != 25 || lsh.Rows != 5 {
		t.Fatalf("LSH for threshold %g and %d permutations: %d bands of %d rows, want 25 of 5", o.Threshold, o.Perm, lsh.Bands, lsh.Rows)
	}
	keys := []uint64{
		0x05e0523321c398c0, 0x0f76ad2ae18d42e2, 0x15c4c6e58fc5e33a, 0x18daa85227ceff2c, 0x20c420eb649951ab,
		0x2bab5ceb1f80e467, 0x360c6af89d135cdd, 0x39aba58a2bc15dbc, 0x43c5e58050e09c45, 0x4ba0b769202011bc,
		0x5118ec569257fe5a, 0x5b9113b66d5f53d9, 0x66e5ad562f8295ee, 0x69303e1c12e28f85, 0x7583c6ef1da8f1a6,
		0x799483327beaa81d, 0x809eee04d4ff9b9d, 0x8d75a7c0c6e3f6ae, 0x970717d48dab60f3, 0x9fd46b594aa6a705,
		0xa1bd195c855412a7, 0xa81d7f204fab389b, 0xb262ee62517f1ed7, 0xb833063b4fecedfb, 0xc00bf49439db874e,
	}
	if got := lsh.Keys(sk.Sig, nil); !slices.Equal(got, keys) {
		t.Errorf("LSH keys = %#x\nwant %#x", got, keys)
	}
}

// TestSketchLead checks the shingles of a lead (Params.Lead): a long
// text's first Lead, or all of a short text's; the fingerprints do not
// change.
func TestSketchLead(t *testing.T) {
	o := DefaultOptions()
	shingles := func(text string) []uint64 {
		sk := NewSketcher(o.Params)
		sk.tk.Tokenize(text, &sk.toks)
		return shingle.Shingles(sk.toks.Hashes, o.Shingle, nil)
	}
	for _, tc := range []struct {
		name        string
		words, lead int
		leads       int // shingles from the start that are the lead's
		long        bool
	}{
		{"long, no lead", 400, 0, 0, true},
		{"long, lead 80", 400, 80, 80, true},
		{"long, lead past the end", 200, 500, 196, true},
		{"short, lead 80", 100, 80, 96, false},
		{"short, no lead", 100, 0, 0, false},
	} {
		text := words("w", tc.words)
		p := o.Params
		p.Lead = tc.lead
		with, without := NewSketcher(p).Sketch(text), NewSketcher(o.Params).Sketch(text)
		if with.Winnowed != without.Winnowed || !slices.Equal(with.Prints, without.Prints) || with.Long != tc.long {
			t.Errorf("%s: %d fingerprints (%d winnowed), long %v; want %d (%d) as without a lead, long %v",
				tc.name, len(with.Prints), with.Winnowed, with.Long, len(without.Prints), without.Winnowed, tc.long)
		}
		want := slices.Clone(shingles(text)[:tc.leads])
		slices.Sort(want)
		if !slices.Equal(with.Leads, slices.Compact(want)) {
			t.Errorf("%s: %d lead shingles, want the first %d", tc.name, len(with.Leads), tc.leads)
		}
		// A long text's keys leave out the shingles that are fingerprints.
		keyed := slices.DeleteFunc(slices.Clone(want), func(h uint64) bool { return tc.long && slices.Contains(with.Prints, h) })
		for _, query := range []bool{false, true} {
			if got := with.Keys(query); !slices.Equal(got, LeadKeys(keyed, tc.long, query)) {
				t.Errorf("%s, query %v: %d keys, want %d", tc.name, query, len(got), len(keyed))
			}
		}
	}
}

// TestLeadKeys checks which keys meet: a checked short text's those of an
// archived lead, a checked lead's those of an archived short text.
func TestLeadKeys(t *testing.T) {
	h := []uint64{0x1234, 0xfeed}
	for _, query := range []bool{false, true} {
		for _, archived := range []bool{false, true} {
			q, a := LeadKeys(h, query, true), LeadKeys(h, archived, false)
			if meet, want := slices.Equal(q, a), query != archived; meet != want {
				t.Errorf("checked long %v, archived long %v: meet %v, want %v", query, archived, meet, want)
			}
		}
	}
}
