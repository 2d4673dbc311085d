package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
)

// Reading is split in two. One goroutine reads the files of records
// (JSON Lines, CSV) in order with large reads, cuts them into records,
// numbers them and hands them to the workers in batches of some hundred
// kilobytes; the workers decode the records (JSON, CSV fields, UTF-8
// repair) and call fn. A file that is one document (text, HTML) is only
// numbered by that goroutine: a worker opens and reads it, so that the
// system calls of a directory of many small files run in parallel too. A
// record over the size limit is never held in memory: the reader skips
// over it. Memory in use is bounded by the number of batches in flight,
// whatever the input's size.

const (
	readBufSize  = 1 << 20   // bytes per read
	batchBytes   = 256 << 10 // a batch is sent once it holds this many bytes
	batchRecords = 256       // or this many records
	wholeWeight  = 8 << 10   // bytes a file read by a worker counts for in a batch
	sniffSize    = 8 << 10   // a NUL byte in the first bytes of a file makes it binary
)

// job is one record to decode, or one file to read whole.
type job struct {
	seq        int
	loc        Loc
	start, end int // the record is arena[start:end]
	hdr        *csvHeader
	whole      bool // the worker reads file loc.File
}

// batch is records handed to a worker at once.
type batch struct {
	jobs   []job
	arena  []byte
	weight int // bytes the jobs count for
}

// Read reads every document and calls fn for each, with its sequence
// number: documents are numbered 0, 1, 2... in reading order (files in
// the order of Files, records in file order), the same for any number of
// workers; a record that is skipped leaves a gap. Decoding runs in
// workers goroutines (0 means GOMAXPROCS), and fn is called from them
// concurrently. fn may keep the Doc; Read keeps nothing of it once fn
// returns, so that memory does not grow with the input.
//
// problem, which may be nil, is called one call at a time for each
// document skipped (an unreadable or binary file, a malformed or
// oversized record, a record without id or text) and for each warning
// (invalid UTF-8 replaced, an invalid date dropped). Bad input never stops
// the reading of the other documents. The error is for failures that
// stop everything; there are none at present.
func (c *Corpus) Read(workers int, fn func(seq int, d Doc), problem func(Problem)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var pmu sync.Mutex
	report := func(p Problem) {
		if problem == nil {
			return
		}
		pmu.Lock()
		defer pmu.Unlock()
		problem(p)
	}

	free := sync.Pool{New: func() any { return &batch{arena: make([]byte, 0, batchBytes+batchBytes/4)} }}
	ch := make(chan *batch, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var d decoder
			var buf []byte
			for b := range ch {
				for _, j := range b.jobs {
					rec := b.arena[j.start:j.end]
					if j.whole {
						var err error
						rec, err = c.readWhole(&buf, &j.loc)
						if err != nil {
							report(Problem{Path: c.files[j.loc.File].name, Err: err, Skipped: true})
							continue
						}
					}
					c.decodeJob(&d, rec, j, fn, report)
				}
				if cap(buf) > readBufSize {
					buf = nil
				}
				b.jobs, b.weight = b.jobs[:0], 0
				if cap(b.arena) <= 4*batchBytes {
					b.arena = b.arena[:0]
					free.Put(b)
				}
			}
		})
	}

	for _, p := range c.walkErrs {
		report(p)
	}
	r := reader{
		c:      c,
		buf:    make([]byte, readBufSize),
		cur:    free.Get().(*batch),
		report: report,
		send: func(b *batch) {
			ch <- b
		},
		next: func() *batch { return free.Get().(*batch) },
	}
	for i := range c.files {
		r.readFile(i)
	}
	if len(r.cur.jobs) > 0 {
		ch <- r.cur
	}
	close(ch)
	wg.Wait()
	c.mu.Lock()
	err := c.spill.flush()
	c.mu.Unlock()
	if err != nil {
		return fmt.Errorf("corpus: writing the spill of compressed files' documents: %w", err)
	}
	return nil
}

// decodeJob decodes one record and passes on the document or the problem.
func (c *Corpus) decodeJob(d *decoder, rec []byte, j job, fn func(int, Doc), report func(Problem)) {
	f := &c.files[j.loc.File]
	line := problemLine(f.kind, j.loc.Line)
	d.repeat = f.kind == kindWARC && c.isRepeat(j.loc)
	doc, err := d.decode(f, j.hdr, rec, j.loc)
	for _, w := range d.warns {
		report(Problem{Path: f.name, Line: line, Err: w})
	}
	if err != nil {
		report(Problem{Path: f.name, Line: line, Err: err, Skipped: true})
		return
	}
	if f.comp != compNone && f.kind.records() {
		if err := c.spillDoc(d, &doc); err != nil {
			report(Problem{Path: f.name, Line: line, Err: fmt.Errorf("writing the spill of compressed files' documents: %w", err), Skipped: true})
			return
		}
	}
	fn(j.seq, doc)
}

// problemLine is the line named in a problem: none for a whole file.
func problemLine(k kind, line int) int {
	if k.records() {
		return line
	}
	return 0
}

// reader cuts files into records and batches them.
type reader struct {
	c       *Corpus
	file    int     // index of the file being read
	dialect dialect // of the table being read
	buf     []byte
	acc     []byte // a record that spans reads
	seq     int
	cur     *batch
	report  func(Problem)
	send    func(*batch)
	next    func() *batch
}

// readFile reads the records of file i into batches.
func (r *reader) readFile(i int) {
	c := r.c
	r.file = i
	f := &c.files[i]
	if f.noted != "" {
		r.report(Problem{Path: f.name, Err: errors.New(f.noted)})
	}
	if f.broken != nil {
		r.report(Problem{Path: f.name, Err: f.broken, Skipped: true})
	}
	if !f.kind.records() {
		r.add(job{seq: r.seq, loc: Loc{File: i, Line: 1}, whole: true}, nil, wholeWeight)
		r.seq++
		return
	}
	skip := func(line int, err error) {
		r.report(Problem{Path: f.name, Line: line, Err: err, Skipped: true})
	}
	fh, err := os.Open(f.path)
	if err != nil {
		skip(0, unwrapPath(err))
		return
	}
	defer fh.Close()
	var in io.Reader = fh
	if f.comp != compNone {
		c.mu.Lock()
		err := c.spill.open(c.tempDir)
		c.mu.Unlock()
		if err != nil {
			skip(0, fmt.Errorf("creating the spill of compressed files' documents: %w", err))
			return
		}
		dr, _, err := decompress(fh)
		if err != nil {
			skip(1, err)
			return
		}
		defer dr.Close()
		in = dr
	}

	var hdr *csvHeader
	emit := func(rec []byte, loc Loc, big bool) bool {
		loc.File = i
		if !big && blank(f.kind, rec) {
			return true
		}
		if f.kind == kindJSON && !big && arrayEnd(rec) {
			if !blank(kindJSONL, rec[bytes.IndexByte(rec, ']')+1:]) {
				skip(loc.Line, errors.New("data after the end of the JSON array"))
			}
			return true
		}
		if f.kind.table() && hdr == nil {
			if big {
				skip(loc.Line, errors.New("CSV header too large; file skipped"))
				return false
			}
			h, err := parseCSVHeader(rec, r.dialect)
			if err != nil {
				skip(loc.Line, err)
				return false
			}
			c.setHeader(i, h)
			hdr = h
			return true
		}
		seq := r.seq
		r.seq++
		if big {
			skip(problemLine(f.kind, loc.Line), tooLarge(c.maxBytes))
			return true
		}
		r.add(job{seq: seq, loc: loc, hdr: hdr}, rec, len(rec))
		return true
	}
	if f.kind == kindWARC {
		err = r.warc(in, c.maxBytes, emit, func(n int) {
			r.report(Problem{Path: f.name, Err: fmt.Errorf("%d %s (a request, metadata, a redirect, other media); left out", n, plural(n, "record is not an HTML response", "records are not HTML responses"))})
		})
	} else {
		err = r.records(in, f.kind, c.maxBytes, emit)
	}
	var re *readError
	switch {
	case errors.Is(err, errBinary):
		skip(0, binaryFile())
	case errors.As(err, &re):
		skip(problemLine(f.kind, re.line), re.err)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// add adds a job with its record to the current batch, and sends the
// batch when it is full; weight is the bytes the job counts for.
func (r *reader) add(j job, rec []byte, weight int) {
	b := r.cur
	j.start = len(b.arena)
	b.arena = append(b.arena, rec...)
	j.end = len(b.arena)
	b.jobs = append(b.jobs, j)
	b.weight += weight
	if b.weight >= batchBytes || len(b.jobs) >= batchRecords {
		r.send(b)
		r.cur = r.next()
	}
}

// readWhole reads file loc.File, a document by itself, into *buf and
// returns it without a byte order mark; it sets loc's offset and length.
// It reads at most the size limit and a few bytes more.
func (c *Corpus) readWhole(buf *[]byte, loc *Loc) ([]byte, error) {
	f := &c.files[loc.File]
	limit := c.maxBytes + int64(len(bom)) + 1
	b, big, err := readFile(f.path, (*buf)[:0], limit)
	*buf = b
	if err != nil {
		return nil, unwrapPath(err)
	}
	if big {
		return nil, tooLarge(c.maxBytes)
	}
	if sniffCompression(b) != compNone {
		if b, big, err = decompressAll(b, limit); err != nil {
			return nil, err
		}
		if big {
			return nil, tooLarge(c.maxBytes)
		}
	}
	if f.kind != kindHTML && bytes.IndexByte(b[:min(len(b), sniffSize)], 0) >= 0 {
		return nil, binaryFile()
	}
	if bytes.HasPrefix(b, bom) {
		b = b[len(bom):]
		loc.Offset = int64(len(bom))
	}
	if int64(len(b)) > c.maxBytes {
		return nil, tooLarge(c.maxBytes)
	}
	loc.Length = int64(len(b))
	return b, nil
}

// readLimited appends to b what read gives, up to EOF, limit bytes or,
// when size is not negative, size bytes (the size of a regular file: a
// read to see the end is saved).
func readLimited(read func([]byte) (int, error), size int64, b []byte, limit int64) ([]byte, error) {
	if want := int(min(max(size+1, 64<<10), limit)); cap(b) < want {
		b = make([]byte, 0, want)
	}
	for int64(len(b)) < limit && (size < 0 || int64(len(b)) < size) {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := read(b[len(b):min(int64(cap(b)), limit)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

func binaryFile() error {
	return fmt.Errorf("%w in the first %d KiB", errBinary, sniffSize>>10)
}

func tooLarge(max int64) error {
	return fmt.Errorf("document larger than %d bytes (the --max-bytes limit); skipped", max)
}

// blank reports whether a record is an empty line, which is not a
// document.
func blank(k kind, rec []byte) bool {
	if k == kindJSON {
		rec = element(rec)
	}
	if k.table() {
		rec = bytes.TrimSuffix(rec, []byte("\n"))
		rec = bytes.TrimSuffix(rec, []byte("\r"))
		return len(rec) == 0
	}
	for _, c := range rec {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// readError is a failure to read a file, at a line.
type readError struct {
	line int
	err  error
}

func (e *readError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }

// records cuts what in gives into records of kind k (JSON Lines or CSV)
// and calls emit for each with its location (File left 0). A record over
// max bytes (line ends not counted) is not kept: emit gets big true and
// rec nil. rec is valid only during the call. emit returns false to stop.
// A byte order mark at the start is skipped. A NUL byte in the first
// bytes makes the whole input binary: records returns errBinary and emits
// nothing.
func (r *reader) records(in io.Reader, k kind, max int64, emit func(rec []byte, loc Loc, big bool) bool) error {
	buf := r.buf
	n, err := io.ReadAtLeast(in, buf, sniffSize)
	eof := false
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		eof = true
	default:
		return &readError{line: 1, err: err}
	}
	if bytes.IndexByte(buf[:min(n, sniffSize)], 0) >= 0 {
		return errBinary
	}
	pos := 0
	if bytes.HasPrefix(buf[:n], bom) {
		pos = len(bom)
	}
	array := k == kindJSON && isArray(buf[pos:n])
	if k.table() {
		def := byte(',')
		if k == kindTSV {
			def = '\t'
		}
		comma := detectComma(buf[pos:n], def)
		r.dialect = dialect{comma: comma, lazy: comma == '\t'}
	}
	var (
		js    jsonState
		st    csvState
		start = int64(pos) // file offset of the record's start
		line  = 1          // line at buf[pos]
		first = 1          // line of the record's start
		size  int64        // bytes of the record so far
		big   bool
		inAcc bool // the record is being gathered in acc
	)
	acc := r.acc[:0]
	defer func() { r.acc = acc[:0] }()
	end := func(rec []byte) bool {
		content := size
		if rec != nil {
			content -= int64(len(rec) - len(bytes.TrimSuffix(bytes.TrimSuffix(rec, []byte("\n")), []byte("\r"))))
		}
		if content > max {
			big, rec = true, nil
		}
		at := first
		if array && rec != nil {
			at += leadLines(rec)
		}
		ok := emit(rec, Loc{Line: at, Offset: start, Length: size}, big)
		start += size
		first = line
		size, big, inAcc, st = 0, false, false, csvFieldStart
		acc = acc[:0]
		return ok
	}
	for {
		if pos == n {
			if eof {
				break
			}
			n, err = in.Read(buf)
			pos = 0
			if err == io.EOF {
				eof = true
			} else if err != nil {
				return &readError{line: first, err: err}
			}
			continue
		}
		p := buf[pos:n]
		adv, done := len(p), false
		switch {
		case k.table():
			adv, done = splitCSV(&st, p, r.dialect)
		case array:
			adv, done = splitJSON(&js, p)
		default:
			if j := bytes.IndexByte(p, '\n'); j >= 0 {
				adv, done = j+1, true
			}
		}
		piece := p[:adv]
		if k.table() || array {
			line += bytes.Count(piece, []byte("\n"))
		} else if done {
			line++
		}
		if !big {
			// Two bytes of slack for a line end.
			if size+int64(adv) > max+2 {
				big, inAcc, acc = true, false, acc[:0]
			} else if inAcc || !done {
				acc = append(acc, piece...)
				inAcc = true
			}
		}
		size += int64(adv)
		pos += adv
		if done {
			rec := piece
			if inAcc {
				rec = acc
			}
			if big {
				rec = nil
			}
			if !end(rec) {
				return nil
			}
		}
	}
	if size > 0 {
		rec := acc
		if big {
			rec = nil
		}
		end(rec)
	}
	if array && !js.closed {
		r.report(Problem{Path: r.c.files[r.file].name, Line: line, Skipped: true,
			Err: errors.New("no closing ']' in the JSON array: the file may be truncated, its end lost")})
	}
	return nil
}
