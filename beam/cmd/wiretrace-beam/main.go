// Command wiretrace-beam runs wiretrace scan as an Apache Beam pipeline:
// on the Prism runner in this process by default, or on Flink, Spark or
// Dataflow, and writes the reports wiretrace scan --out writes
// (articles.csv, pairs.csv, families.csv, passages.jsonl), byte for byte
// the same for the same input and flags.
//
// Usage:
//
//	wiretrace-beam --input 'articles/*.jsonl' --output report/ [flags]
//
// The scan's parameters have the names and defaults of wiretrace scan;
// Beam's own flags (--runner, --endpoint, --environment_type, --job_name,
// --project, --region, --temp_location, ...) pass through to Beam.
// Beam workers run this same binary again, so it parses the standard
// library's flags and calls beam.Init before anything else.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/wiretrace/wiretrace/beam/scan"
	"github.com/wiretrace/wiretrace/corpus"
	"github.com/wiretrace/wiretrace/pipeline"
	"github.com/wiretrace/wiretrace/report"
)

// Exit codes, as wiretrace's.
const (
	exitFailed = 1
	exitUsage  = 2
)

// flags are wiretrace-beam's own flags, on the standard library's flag
// set beside Beam's: wiretrace scan's, with its names and defaults.
type flags struct {
	input, output, inputFormat string
	set                        pipeline.Settings
	maxBytes                   int64
	cpuprofile                 string
}

func register(fs *flag.FlagSet) *flags {
	f := &flags{set: pipeline.DefaultSettings()}
	fs.StringVar(&f.input, "input", "", "input files: files, directories or globs, local, gs:// or s3://, separated by commas")
	fs.StringVar(&f.output, "output", "", "directory or prefix (local, gs://, s3://) to write articles.csv, pairs.csv, families.csv and passages.jsonl into")
	fs.StringVar(&f.inputFormat, "input-format", "auto", "read every input as "+strings.Join(corpus.Formats[1:], ", ")+" (auto: by extension)")
	f.set.Register(fs, true)
	fs.Int64Var(&f.maxBytes, "max-bytes", corpus.DefaultMaxBytes, "skip a document larger than this many bytes")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile of this process (with Prism, of the whole run) to this file")
	return f
}

// check validates the flags, naming the flag at fault.
func (f *flags) check() error {
	switch {
	case f.input == "":
		return errors.New("--input is required")
	case f.output == "":
		return errors.New("--output is required")
	case f.maxBytes < 1:
		return fmt.Errorf("--max-bytes must be at least 1, not %d", f.maxBytes)
	}
	return f.set.Check()
}

// options turns the flags into scan options, as wiretrace scan does.
func (f *flags) options() pipeline.Options { return f.set.Options() }

func main() {
	f := register(flag.CommandLine)
	flag.CommandLine.Usage = func() { usage(flag.CommandLine.Output()) }
	flag.Parse()
	beam.Init() // a worker runs its work here and exits
	os.Exit(run(context.Background(), f, flag.Args(), os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: wiretrace-beam --input FILES --output DIR [flags]

wiretrace-beam runs wiretrace scan as an Apache Beam pipeline and writes the
reports scan --out writes (articles.csv, pairs.csv, families.csv,
passages.jsonl), the same bytes for the same input and flags. It runs on the
Prism runner in this process by default; --runner=universal with --endpoint
submits it to a job server (Prism, Flink, Spark), --runner=dataflow to Google
Cloud Dataflow.

Example:
  wiretrace-beam --input 'news/*.jsonl' --output report/

Flags (the scan's, then Beam's):
`)
	flag.PrintDefaults()
}

func run(ctx context.Context, f *flags, args []string, stderr io.Writer) int {
	fail := func(code int, err error) int {
		fmt.Fprintf(stderr, "wiretrace-beam: %v\n", err)
		return code
	}
	if len(args) > 0 {
		return fail(exitUsage, fmt.Errorf("unexpected argument %q: inputs go in --input", args[0]))
	}
	if err := f.check(); err != nil {
		return fail(exitUsage, err)
	}
	if err := checkLoopback(); err != nil {
		return fail(exitFailed, err)
	}
	copts := corpus.Options{MaxBytes: f.maxBytes, Format: f.inputFormat}
	files, err := inputFiles(ctx, f.input, copts)
	if err != nil {
		return fail(exitUsage, err)
	}
	if !strings.Contains(f.output, "://") {
		// A local directory that cannot be written is found out now, not
		// when the whole pipeline has run.
		if err := report.CheckDir(f.output); err != nil {
			return fail(exitUsage, err)
		}
	}
	if f.cpuprofile != "" {
		out, err := os.Create(f.cpuprofile)
		if err != nil {
			return fail(exitUsage, err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			return fail(exitFailed, err)
		}
		defer pprof.StopCPUProfile()
	}
	p, s := beam.NewPipelineWithRoot()
	rows := scan.Scan(s, files, scan.FromOptions(f.options(), copts))
	scan.Write(s, rows, f.output)
	if err := beamx.Run(ctx, p); err != nil {
		return fail(exitFailed, err)
	}
	return 0
}

// checkLoopback fails fast where the runner would hang: Prism, in this
// process or as a job server on this machine, and the LOOPBACK
// environment talk gRPC over localhost.
func checkLoopback() error {
	local := *jobopts.Endpoint == "" || strings.HasPrefix(*jobopts.Endpoint, "localhost:") || strings.HasPrefix(*jobopts.Endpoint, "127.0.0.1:")
	runner := strings.ToLower(*runners.Runner)
	if !(runner == "" || runner == "prism" || strings.EqualFold(*jobopts.EnvironmentType, "loopback") || local && runner != "dataflow") {
		return nil
	}
	return Loopback()
}

// Loopback checks that this machine can talk to itself over localhost,
// within a second.
func Loopback() error {
	l, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		return fmt.Errorf("the loopback network is down (%v): the Prism runner and the LOOPBACK environment talk gRPC over localhost; bring it up (ip link set lo up) or use a remote runner", err)
	}
	defer l.Close()
	done := make(chan error, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			c.Close()
		}
		done <- err
	}()
	c, err := net.DialTimeout("tcp", l.Addr().String(), time.Second)
	if err != nil {
		return fmt.Errorf("cannot connect to localhost (%v): the Prism runner and the LOOPBACK environment talk gRPC over localhost; bring the loopback network up (ip link set lo up) or use a remote runner", err)
	}
	c.Close()
	return <-done
}

// inputFiles expands the inputs into files in the order wiretrace scan
// reads them: local inputs as scan resolves them (directories walked in
// lexical order, files of unknown kinds left out), globs expanded and
// sorted, remote ones listed by their Beam filesystem.
func inputFiles(ctx context.Context, inputs string, copts corpus.Options) ([]scan.File, error) {
	var paths []string
	for _, in := range strings.Split(inputs, ",") {
		if in = strings.TrimSpace(in); in == "" {
			continue
		}
		if !strings.Contains(in, "://") {
			if ms, err := globLocal(in); err != nil {
				return nil, err
			} else if ms != nil {
				paths = append(paths, ms...)
				continue
			}
			paths = append(paths, in)
			continue
		}
		fs, err := filesystem.New(ctx, in)
		if err != nil {
			return nil, err
		}
		ms, err := fs.List(ctx, in)
		fs.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in, err)
		}
		if len(ms) == 0 {
			return nil, fmt.Errorf("%s: no such files", in)
		}
		slices.Sort(ms)
		paths = append(paths, ms...)
	}
	if len(paths) == 0 {
		return nil, errors.New("--input names no files")
	}
	// Local paths: the files scan would read, in its order.
	var local, remote []string
	for _, p := range paths {
		if strings.Contains(p, "://") {
			remote = append(remote, p)
		} else {
			local = append(local, p)
		}
	}
	var files []scan.File
	if len(local) > 0 {
		c, err := corpus.Open(local, copts)
		if err != nil {
			return nil, err
		}
		for _, name := range c.Files() {
			files = append(files, scan.File{Index: len(files), Path: name})
		}
		c.Close()
	}
	for _, p := range remote {
		files = append(files, scan.File{Index: len(files), Path: p})
	}
	return files, nil
}

// globLocal expands a local glob; nil when in is no glob.
func globLocal(in string) ([]string, error) {
	if !strings.ContainsAny(in, "*?[") {
		return nil, nil
	}
	ms, err := filepath.Glob(in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in, err)
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("%s: no such files", in)
	}
	slices.Sort(ms)
	return ms, nil
}
