package shingle

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"

	"github.com/wiretrace/wiretrace/internal/hash64"
)

// referenceTokenize is the general path alone: every segment from the
// uax29 segmenter, every word normalised with Normalize.
func referenceTokenize(text string, seed uint64) Tokens {
	var t Tokens
	it := words.FromString(text)
	for it.Next() {
		seg := it.Value()
		if !hasLetterOrDigit(seg) {
			continue
		}
		t.Spans = append(t.Spans, Span{it.Start(), it.End()})
		t.Hashes = append(t.Hashes, hashBytes([]byte(Normalize(seg)), hash64.Seed(seed)))
	}
	return t
}

func wordsOf(text string, t Tokens) []string {
	out := []string{}
	for _, s := range t.Spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func seedTexts(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seed texts in testdata/seeds: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii", "Hello World", "hello world"},
		{"curly apostrophe", "Trump’s", "trump's"},
		{"left single quote", "‘quoted’", "'quoted'"},
		{"modifier apostrophe", "Hawaiʻi donʼt", "hawaiʻi don't"},
		{"prime and accents", "5′ a` b´", "5' a' b'"},
		{"double quotes", "“a” „b“ «c» 5″", `"a" "b" "c" 5"`},
		{"dashes", "a‒b–c—d―e−f", "a-b-c-d-e-f"},
		{"composed e", "café", "café"},
		{"decomposed e", "cafe\u0301", "café"},
		{"fullwidth", "ＡＢＣ１２３", "abc123"},
		{"ligature", "ﬁnance", "finance"},
		{"cyrillic", "МОСКВА", "москва"},
		{"greek final sigma", "ΟΔΥΣΣΕΥΣ", "οδυσσευσ"},
		{"greek lower final sigma", "οδυσσευς", "οδυσσευσ"},
		{"german sharp s", "STRASSE Straße", "strasse strasse"},
		{"superscript", "x²", "x2"},
		{"small em dash", "a\uFE58b", "a-b"},
		{"cjk unchanged", "北京", "北京"},
		{"invalid utf8 kept", "a\xffb", "a\xffb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if !utf8.ValidString(tt.in) {
				if !strings.HasPrefix(got, "a") || !strings.HasSuffix(got, "b") {
					t.Errorf("Normalize(%q) = %q, want a..b", tt.in, got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("Normalize(Normalize(%q)) = %q, want %q (idempotent)", tt.in, again, got)
			}
		})
	}
}

func TestTokenizeWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"spaces only", "  \t\n ", []string{}},
		{"simple", "The cat sat.", []string{"The", "cat", "sat"}},
		{"curly apostrophe", "Trump’s plan", []string{"Trump’s", "plan"}},
		{"straight apostrophe", "can't stop", []string{"can't", "stop"}},
		{"abbreviation", "the U.S. said", []string{"the", "U.S", "said"}},
		{"numbers", "1,000 people, 3.14 pi", []string{"1,000", "people", "3.14", "pi"}},
		{"hyphen splits", "a four-hour wait", []string{"a", "four", "hour", "wait"}},
		{"em dash", "yes—no", []string{"yes", "no"}},
		{"curly quotes", "“Go,” he said", []string{"Go", "he", "said"}},
		{"underscore", "foo_bar __ _x", []string{"foo_bar", "_x"}},
		{"accents", "café Zürich", []string{"café", "Zürich"}},
		{"decomposed", "cafe\u0301 ok", []string{"cafe\u0301", "ok"}},
		{"cyrillic", "Путин сказал", []string{"Путин", "сказал"}},
		{"greek", "Ο Σωκράτης", []string{"Ο", "Σωκράτης"}},
		{"cjk", "北京市", []string{"北", "京", "市"}},
		{"katakana", "カタカナ", []string{"カタカナ"}},
		{"emoji dropped", "hi 👍🏽 🇺🇸 there", []string{"hi", "there"}},
		{"fullwidth", "ＡＢＣ", []string{"ＡＢＣ"}},
		{"ligature", "ﬁnance", []string{"ﬁnance"}},
		{"ellipsis", "wait…what", []string{"wait", "what"}},
		{"no-break space", "10\u00a0km", []string{"10", "km"}},
		{"crlf", "a\r\nb", []string{"a", "b"}},
		{"invalid utf8", "ab\xffcd", []string{"ab", "cd"}},
		{"truncated rune at end", "ab \xe2\x80", []string{"ab"}},
		{"truncated rune swallows digit", "ab\r\n\xe21", []string{"ab", "\r\n\xe21"}},
		{"truncated rune after spaces", "ab  \xe21", []string{"ab", "  \xe21"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wordsOf(tt.in, Tokenize(tt.in, 0))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) words = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSameHash(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"curly vs straight apostrophe", "Trump’s", "Trump's", true},
		{"left quote as apostrophe", "rock ‘n’ roll", "rock 'n' roll", true},
		{"case", "WASHINGTON", "washington", true},
		{"composed vs decomposed", "café", "cafe\u0301", true},
		{"fullwidth", "ＡＢＣ", "abc", true},
		{"ligature", "ﬁnance", "finance", true},
		{"greek final sigma", "ΣΟΦΟΣ", "σοφος", true},
		{"cyrillic case", "ПУТИН", "путин", true},
		{"accent matters", "resume", "résumé", false},
		{"different words", "cat", "cap", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Tokenize(tt.a, 7), Tokenize(tt.b, 7)
			if eq := slices.Equal(a.Hashes, b.Hashes); eq != tt.same {
				t.Errorf("Tokenize(%q).Hashes = %x, Tokenize(%q).Hashes = %x; equal = %v, want %v",
					tt.a, a.Hashes, tt.b, b.Hashes, eq, tt.same)
			}
		})
	}
}

func TestSeed(t *testing.T) {
	a, b := Tokenize("same words", 1), Tokenize("same words", 2)
	if slices.Equal(a.Hashes, b.Hashes) {
		t.Errorf("seeds 1 and 2 give the same hashes %x", a.Hashes)
	}
	c := Tokenize("same words", 1)
	if !slices.Equal(a.Hashes, c.Hashes) {
		t.Errorf("seed 1 gives %x then %x", a.Hashes, c.Hashes)
	}
	// A known answer pins the hash function across versions: archives
	// written with one version must stay comparable with the next.
	if got, want := Tokenize("Wire", 0).Hashes[0], hashBytes([]byte("wire"), hash64.Seed(0)); got != want {
		t.Errorf("Tokenize(%q, 0) = %x, want %x", "Wire", got, want)
	}
}

// alphabet mixes the characters the fast path handles with ones that
// force the general path and ones with interesting word-break properties.
var alphabet = []string{
	"a", "b", "Z", "e", "x", "0", "1", "9", " ", " ", "  ", ".", ",", ";", ":", "'", "\"", "_", "-", "\t", "\r", "\n", "\r\n", "\v", "\f", "!", "?", "(", ")", "/", "@", "#", "$", "%", "`",
	"’", "‘", "“", "”", "–", "—", "…", "\u00a0",
	"é", "e\u0301", "\u0301", "\u200d", "\u200b", "\u00ad", "ß", "Σ", "ς", "д", "Ж", "北", "京", "カ", "タ", "א", "ב", "״", "׳",
	"👍", "🏽", "🇺", "🇸", "ﬁ", "Ａ", "１", "²", "\u2024", "\u2027", "\u00b7", "\u202f", "\u3000",
	"\xff", "\xe2", "\xe2\x80", "\xc2", "\x80",
}

func randomText(r *rand.Rand, n int) string {
	var sb strings.Builder
	for range n {
		if r.IntN(3) == 0 {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		} else {
			sb.WriteString(alphabet[r.IntN(12)]) // mostly ASCII word material
		}
	}
	return sb.String()
}

func checkTokens(t *testing.T, text string, got Tokens) {
	t.Helper()
	if len(got.Spans) != len(got.Hashes) {
		t.Fatalf("Tokenize(%q): %d spans, %d hashes", text, len(got.Spans), len(got.Hashes))
	}
	prev := 0
	for i, s := range got.Spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("Tokenize(%q): span %d = %v after end %d, want increasing, non-empty, within %d bytes", text, i, s, prev, len(text))
		}
		prev = s.End
	}
	want := referenceTokenize(text, 3)
	if !slices.Equal(got.Spans, want.Spans) {
		t.Fatalf("Tokenize(%q) words = %q, general path gives %q", text, wordsOf(text, got), wordsOf(text, want))
	}
	if !slices.Equal(got.Hashes, want.Hashes) {
		t.Fatalf("Tokenize(%q) hashes = %x, general path gives %x (words %q)", text, got.Hashes, want.Hashes, wordsOf(text, got))
	}
}

func TestFastPathMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tk := Tokenizer{Seed: 3}
	var got Tokens
	for range 20000 {
		text := randomText(r, 1+r.IntN(40))
		tk.Tokenize(text, &got)
		checkTokens(t, text, got)
	}
	for i, text := range seedTexts(t) {
		tk.Tokenize(text, &got)
		checkTokens(t, text, got)
		if len(got.Hashes) < 100 {
			t.Errorf("seed text %d: %d words, want a real article", i, len(got.Hashes))
		}
		// Cut the text at every 97th byte, also inside runes.
		for cut := 0; cut < len(text); cut += 97 {
			tk.Tokenize(text[cut:], &got)
			checkTokens(t, text[cut:], got)
		}
	}
}

func TestTokenizeReusesBuffers(t *testing.T) {
	text := strings.Repeat("The wire’s copy — “quoted” café text, 1,000 words. ", 50)
	tk := Tokenizer{}
	var dst Tokens
	tk.Tokenize(text, &dst)
	allocs := testing.AllocsPerRun(20, func() { tk.Tokenize(text, &dst) })
	if allocs > 0 {
		t.Errorf("Tokenize with a reused Tokenizer and Tokens: %v allocations, want 0", allocs)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "The U.S. said", "Trump’s “plan”", "cafe\u0301 北京 👍", "a\xffb\xe2\x80", "1,000.5 a_b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var tk Tokenizer
		tk.Seed = 3
		var got Tokens
		tk.Tokenize(text, &got)
		checkTokens(t, text, got)
	})
}
