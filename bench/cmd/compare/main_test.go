package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// text returns n random words of a 5,000-word vocabulary.
func text(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = fmt.Sprintf("w%d", r.IntN(5000))
	}
	return strings.Join(w, " ")
}

func TestCompare(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := text(r, 600)
	words := strings.Fields(base)
	docs := []struct{ id, text string }{
		{"a", base},
		{"b", text(r, 600)},
		{"c", strings.ToUpper(base)}, // the same words after case folding
		{"d", strings.Join(words[:590], " ") + " " + text(r, 10)}, // Jaccard about 0.9
		{"e", text(r, 600)},
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	var b bytes.Buffer
	for _, d := range docs {
		line, _ := json.Marshal(map[string]string{"id": d.id, "text": d.text})
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(in, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lib := range []string{"dgryski", "ekzhu"} {
		t.Run(lib, func(t *testing.T) {
			out := filepath.Join(dir, lib+".csv")
			var errb bytes.Buffer
			for _, workers := range []string{"1", "3"} {
				if code := run([]string{"-lib", lib, "-in", in, "-out", out, "-workers", workers}, &errb); code != 0 {
					t.Fatalf("run = %d, stderr %q", code, errb.String())
				}
				got, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				if want := "a,b\na,c\na,d\nc,d\n"; string(got) != want {
					t.Errorf("compare -lib %s -workers %s wrote %q, want %q", lib, workers, got, want)
				}
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{\"id\":\"a\",\"text\":\"x\"}\nnot json\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no flags", nil, 2},
		{"unknown lib", []string{"-lib", "x", "-in", bad, "-out", "-"}, 2},
		{"missing input", []string{"-lib", "ekzhu", "-in", filepath.Join(dir, "none"), "-out", "-"}, 1},
		{"malformed line", []string{"-lib", "dgryski", "-in", bad, "-out", filepath.Join(dir, "o.csv")}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errb bytes.Buffer
			if code := run(tt.args, &errb); code != tt.code {
				t.Errorf("run(%q) = %d, want %d; stderr %q", tt.args, code, tt.code, errb.String())
			}
		})
	}
}
