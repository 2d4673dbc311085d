package scan

import (
	"context"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
)

// A text file read from a remote filesystem is copied to a local file to
// be read, but its document is named by the path given, as wiretrace scan
// names a file: the same on every run and every worker.
func TestReadRemoteNames(t *testing.T) {
	const path = "memfs://bucket/news/story.txt"
	memfs.Write(path, []byte("The council approved the new budget on Tuesday after a long debate.\n"))
	var got []Record
	f := &readFn{MaxBytes: 1 << 20, Format: "auto"}
	if err := f.ProcessElement(context.Background(), File{Index: 3, Path: path}, func(r Record) { got = append(got, r) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Doc.ID != path || got[0].Key != keyOf(3, 0) {
		t.Fatalf("records %+v, want one document named %s with key %d", got, path, keyOf(3, 0))
	}
}
