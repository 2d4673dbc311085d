package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
)

// The parity tests run wiretrace scan --out, built from the main module of
// this same checkout, and wiretrace-beam on the same input, and compare
// the reports byte for byte. wiretrace-beam is this test binary run again
// with WIRETRACE_BEAM_MAIN=1, so that one link serves both.

var reports = []string{"articles.csv", "pairs.csv", "families.csv", "passages.jsonl"}

func TestMain(m *testing.M) {
	if os.Getenv("WIRETRACE_BEAM_MAIN") == "1" {
		main()
		return
	}
	flag.Parse()
	if err := Loopback(); err != nil {
		fmt.Fprintf(os.Stderr, "wiretrace-beam tests: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	if wiretrace != "" {
		os.RemoveAll(filepath.Dir(wiretrace))
	}
	os.Exit(code)
}

var wiretrace string // the wiretrace binary, built once, in a directory of its own

func buildScan(t *testing.T) string {
	t.Helper()
	if wiretrace != "" {
		return wiretrace
	}
	dir, err := os.MkdirTemp("", "wiretrace-beam-test-")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "wiretrace")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = "../../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building wiretrace: %v\n%s", err, out)
	}
	wiretrace = bin
	return bin
}

func scanOut(t *testing.T, inputs ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "scan")
	cmd := exec.Command(buildScan(t), append([]string{"scan", "-q", "--out", out}, inputs...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wiretrace scan: %v\n%s", err, out)
	}
	return out
}

func beamOut(t *testing.T, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "beam")
	cmd := exec.Command(os.Args[0], append(args, "--output", out)...)
	cmd.Env = append(os.Environ(), "WIRETRACE_BEAM_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("wiretrace-beam %v: %v\n%s", args, err, stderr.Bytes())
	}
	return out
}

func same(t *testing.T, scan, beam string) {
	t.Helper()
	for _, name := range reports {
		want, err := os.ReadFile(filepath.Join(scan, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(beam, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from wiretrace scan's (%d bytes, want %d):\n%s", name, len(got), len(want), firstDiff(got, want))
		}
	}
}

func firstDiff(got, want []byte) string {
	gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range max(len(gl), len(wl)) {
		var g, w []byte
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !bytes.Equal(g, w) {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, g, w)
		}
	}
	return ""
}

// The seed scenarios of the main module's tests, each a directory.
func TestParityTestdata(t *testing.T) {
	for _, dir := range []string{"seeds", "syndication", "chrome", "versions", "brief", "rewrite"} {
		t.Run(dir, func(t *testing.T) {
			in := filepath.Join("../../../testdata", dir)
			same(t, scanOut(t, in), beamOut(t, "--input", in))
		})
	}
	// A held-back pair that is an LSH candidate too is verified twice.
	t.Run("versions at a low threshold", func(t *testing.T) {
		in := filepath.Join("../../../testdata", "versions")
		same(t, scanOut(t, "--threshold", "0.15", in), beamOut(t, "--threshold", "0.15", "--input", in))
	})
}

// A generated corpus with planted families, recurring text and quotes.
func TestParityGenerated(t *testing.T) {
	n := "2000"
	if testing.Short() {
		n = "300"
	}
	dir := t.TempDir()
	gen := exec.Command("go", "run", "./cmd/gencorpus", "-n", n, "-seed", "7", "-out", dir)
	gen.Dir = "../../../bench"
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gencorpus: %v\n%s", err, out)
	}
	in := filepath.Join(dir, "corpus.jsonl")
	same(t, scanOut(t, in), beamOut(t, "--input", in))
}

// The portable Job API, the path of the Flink and Spark runners: a Prism
// job server on a free port of localhost, the pipeline submitted to it
// with its workers in this process (LOOPBACK).
func TestParityJobServer(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the job server stages this binary as the worker: linux/amd64 only")
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dial, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	if _, err := prism.CreateJobServer(dial, prism.Options{Port: port}); err != nil {
		t.Fatalf("starting a Prism job server: %v", err)
	}
	in := filepath.Join("../../../testdata", "syndication") // a family, with roles, sources and edits
	same(t, scanOut(t, in), beamOut(t, "--input", in, "--runner=universal",
		fmt.Sprintf("--endpoint=localhost:%d", port), "--environment_type=LOOPBACK"))
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--output", "x"},
		{"--input", "../../../testdata/seeds", "--output", "x", "--threshold", "2"},
		{"--input", "../../../testdata/seeds", "--output", "x", "stray"},
		{"--input", "../../../testdata/seeds", "--output", "/dev/null/report"}, // no directory can be made there
	} {
		var stderr bytes.Buffer
		fs := flag.NewFlagSet("wiretrace-beam", flag.ContinueOnError)
		f := register(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		if code := run(context.Background(), f, fs.Args(), &stderr); code != exitUsage {
			t.Errorf("run(%q) = %d, want %d (%s)", args, code, exitUsage, stderr.String())
		}
		if !bytes.HasPrefix(stderr.Bytes(), []byte("wiretrace-beam: ")) {
			t.Errorf("run(%q) printed %q, want a wiretrace-beam: message", args, stderr.String())
		}
	}
}
