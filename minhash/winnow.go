package minhash

// Print is a fingerprint selected by Winnow.
type Print struct {
	// Hash is the shingle hash.
	Hash uint64
	// Pos is the index of the shingle in the text's shingle sequence,
	// which is also the word index of its first word.
	Pos int32
}

// Winnow appends to dst[:0] the fingerprints of a sequence of shingle
// hashes by robust winnowing (Schleimer, Wilkerson and Aiken, SIGMOD
// 2003) and returns it: in each window of window consecutive hashes it
// selects the minimum, the rightmost one on ties, and records each
// selected position once, in position order.
//
// The guarantee: two texts that share a run of at least window shingles
// (window+k-1 words for k-word shingles) share a selected fingerprint,
// since the window over that run selects the same hash in both. A
// sequence shorter than window selects its minimum; window < 1 is taken
// as 1 (every shingle is selected).
func Winnow(shingles []uint64, window int, dst []Print) []Print {
	dst = dst[:0]
	n := len(shingles)
	if n == 0 {
		return dst
	}
	window = max(window, 1)
	if n <= window {
		m := n - 1
		for i := n - 2; i >= 0; i-- {
			if shingles[i] < shingles[m] {
				m = i
			}
		}
		return append(dst, Print{shingles[m], int32(m)})
	}
	// sel is the position of the rightmost minimum of the window ending
	// at r; the first window is scanned whole, then each step either
	// compares the one new hash or, when sel fell out, rescans.
	sel := -1
	for r := window - 1; r < n; r++ {
		l := r - window + 1
		switch {
		case sel < l:
			sel = r
			for i := r - 1; i >= l; i-- {
				if shingles[i] < shingles[sel] {
					sel = i
				}
			}
		case shingles[r] <= shingles[sel]:
			sel = r
		default:
			continue
		}
		if len(dst) == 0 || dst[len(dst)-1].Pos != int32(sel) {
			dst = append(dst, Print{shingles[sel], int32(sel)})
		}
	}
	return dst
}
