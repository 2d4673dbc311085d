package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const truthCSV = `a,b,kind,jaccard,containment_a,containment_b
d1,d2,exact,1.000000,1.000000,1.000000
d1,d3,prefix,0.400000,0.400000,1.000000
d2,d3,indirect,0.400000,0.400000,1.000000
d4,d5,edit20,0.300000,0.450000,0.460000
d6,d7,quote,0.010000,0.020000,0.020000
d8,d9,edit05,0.500000,0.660000,0.670000
`

func TestRun(t *testing.T) {
	dir := t.TempDir()
	truth := filepath.Join(dir, "truth.csv")
	if err := os.WriteFile(truth, []byte(truthCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, pairs string
		want        []string // lines that must be in the output
	}{
		{
			name: "wiretrace columns, either order, repeats once",
			pairs: "a,b,relation,jaccard,containment_a,containment_b,shared_words,quoted_words\n" +
				"d1,d2,duplicate,1,1,1,900,0\n" +
				"d3,d1,reprint,0.4,1,0.4,300,0\n" +
				"d1,d3,reprint,0.4,0.4,1,300,0\n" +
				"d6,d7,quotes,0.01,0.02,0.02,0,20\n" +
				"d4,d6,partial,0.01,0.02,0.02,10,0\n",
			want: []string{"truth\t6", "positive\t4", "reported\t4", "correct\t3", "found\t2",
				"recall\t0.5000", "precision\t0.7500", "recall.edit05\t0.0000\t0/1", "recall.exact\t1.0000\t1/1",
				"precision.partial\t0.0000\t0/1", "precision.quotes\t1.0000\t1/1"},
		},
		{
			name:  "bare a,b columns",
			pairs: "b,a\nd9,d8\nd3,d2\n",
			want:  []string{"reported\t2", "found\t2", "recall\t0.5000", "precision\t1.0000", "precision.all\t1.0000\t2/2"},
		},
		{
			name:  "empty output",
			pairs: "",
			want:  []string{"reported\t0", "recall\t0.0000", "precision\t0.0000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pairs := filepath.Join(dir, "pairs.csv")
			if err := os.WriteFile(pairs, []byte(tt.pairs), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			if code := run([]string{"-truth", truth, "-pairs", pairs}, &out, &errb); code != 0 {
				t.Fatalf("run = %d, stderr %q", code, errb.String())
			}
			lines := strings.Split(out.String(), "\n")
			for _, w := range tt.want {
				found := false
				for _, l := range lines {
					if l == w {
						found = true
					}
				}
				if !found {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	truth := filepath.Join(dir, "truth.csv")
	os.WriteFile(truth, []byte(truthCSV), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("x,y\n1,2\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no flags", nil, 2},
		{"missing truth", []string{"-truth", filepath.Join(dir, "none"), "-pairs", bad}, 1},
		{"no a,b columns", []string{"-truth", truth, "-pairs", bad}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tt.args, &out, &errb); code != tt.code {
				t.Errorf("run(%q) = %d, want %d; stderr %q", tt.args, code, tt.code, errb.String())
			}
		})
	}
}
