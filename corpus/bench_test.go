package corpus

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiretrace/wiretrace/internal/cputime"
)

// benchTexts returns article texts of some 5 KB, cut from the seeds.
func benchTexts(b *testing.B) []string {
	var texts []string
	for _, name := range []string{"000_007e2c2d65f4a228.txt", "002_5c712571f894106e.txt"} {
		raw, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
		if err != nil {
			b.Fatal(err)
		}
		s := string(raw)
		for len(s) > 0 {
			n := min(len(s), 5000)
			texts = append(texts, strings.ToValidUTF8(s[:n], ""))
			s = s[n:]
		}
	}
	return texts
}

// benchJSONL returns JSON Lines records of some 5 KB each, of size bytes
// in all.
func benchJSONL(b *testing.B, size int) []byte {
	texts := benchTexts(b)
	var buf bytes.Buffer
	for i := 0; buf.Len() < size; i++ {
		rec, _ := json.Marshal(map[string]string{
			"id": fmt.Sprintf("doc-%06d", i), "title": "Envoy meets Putin", "url": fmt.Sprintf("https://news.example/%d", i),
			"source": "NPR", "published": "2025-11-20T09:30:00Z", "text": texts[i%len(texts)],
		})
		buf.Write(rec)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func benchCSV(b *testing.B, size int) []byte {
	texts := benchTexts(b)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"id", "title", "url", "source", "published", "text"})
	for i := 0; buf.Len() < size; i++ {
		w.Write([]string{fmt.Sprintf("doc-%06d", i), "Envoy meets Putin", fmt.Sprintf("https://news.example/%d", i), "NPR", "2025-11-20", texts[i%len(texts)]})
		w.Flush()
	}
	return buf.Bytes()
}

func benchRead(b *testing.B, name string, data []byte) { benchReadSize(b, name, data, len(data)) }

// benchReadSize reads data as the file name; size is the bytes it holds
// decompressed, which b.SetBytes counts.
func benchReadSize(b *testing.B, name string, data []byte, size int) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			cpu := cputime.Process()
			for b.Loop() {
				c, err := Open([]string{path}, Options{TempDir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				err = c.Read(workers, func(int, Doc) {}, func(p Problem) { b.Error(p) })
				if err != nil {
					b.Fatal(err)
				}
				c.Close()
			}
			reportCPU(b, cpu, int64(size))
		})
	}
}

func BenchmarkReadJSONL(b *testing.B) { benchRead(b, "bench.jsonl", benchJSONL(b, 32<<20)) }

func BenchmarkReadCSV(b *testing.B) { benchRead(b, "bench.csv", benchCSV(b, 32<<20)) }

// BenchmarkReadCompressed reads the JSON Lines of BenchmarkReadJSONL
// compressed: decompressed as a stream and spilled for Reread.
func BenchmarkReadCompressed(b *testing.B) {
	data := benchJSONL(b, 32<<20)
	b.Run("gzip", func(b *testing.B) { benchReadSize(b, "bench.jsonl.gz", []byte(gzipped(b, string(data))), len(data)) })
	b.Run("zstd", func(b *testing.B) { benchReadSize(b, "bench.jsonl.zst", []byte(zstded(b, string(data))), len(data)) })
}

// BenchmarkDecodeJSON compares the decoding of one record of some 5 KB by
// the hand-written decoder and by encoding/json.
func BenchmarkDecodeJSON(b *testing.B) {
	data := benchJSONL(b, 1)
	rec := data[:bytes.IndexByte(data, '\n')]
	b.Run("fast", func(b *testing.B) {
		var d decoder
		b.SetBytes(int64(len(rec)))
		b.ReportAllocs()
		cpu := cputime.Process()
		for b.Loop() {
			var fl fields
			if !d.decodeFast(rec, &fl) {
				b.Fatal("decodeFast refused the record")
			}
		}
		reportCPU(b, cpu, int64(len(rec)))
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(rec)))
		b.ReportAllocs()
		cpu := cputime.Process()
		for b.Loop() {
			var fl fields
			if err := decodeStd(rec, &fl); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu, int64(len(rec)))
	})
}

// BenchmarkReread reads single records again at random places.
func BenchmarkReread(b *testing.B) {
	data := benchJSONL(b, 4<<20)
	path := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	c, err := Open([]string{path}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	var locs []Loc
	c.Read(1, func(_ int, d Doc) { locs = append(locs, d.Loc) }, nil)
	b.SetBytes(int64(len(data) / len(locs)))
	b.ReportAllocs()
	i := 0
	cpu := cputime.Process()
	for b.Loop() {
		if _, err := c.Reread(locs[(i*7919)%len(locs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportCPU(b, cpu, int64(len(data)/len(locs)))
}

// BenchmarkReadDir reads a directory of plain-text articles, one file each.
func BenchmarkReadDir(b *testing.B) {
	texts := benchTexts(b)
	dir := b.TempDir()
	var size int64
	for i := range 2000 {
		p := filepath.Join(dir, fmt.Sprintf("%02d", i%20), fmt.Sprintf("%04d.txt", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		t := texts[i%len(texts)]
		if err := os.WriteFile(p, []byte(t), 0o644); err != nil {
			b.Fatal(err)
		}
		size += int64(len(t))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		c, err := Open([]string{dir}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Read(2, func(int, Doc) {}, func(p Problem) { b.Error(p) }); err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
	reportCPU(b, cpu, size)
	b.ReportMetric(float64(2000*b.N)/b.Elapsed().Seconds(), "docs/s")
}
