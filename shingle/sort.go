package shingle

import "slices"

// sortHashes sorts a ascending in place. Shingle hashes are uniform, so
// an in-place MSD radix sort (American flag sort) on 8 bits at a time
// leaves buckets small enough for insertion sort after a pass or two; it
// is several times faster than a comparison sort on article-sized sets.
func sortHashes(a []uint64) {
	radixSort(a, 56)
}

func radixSort(a []uint64, shift int) {
	n := len(a)
	if n <= 24 {
		insertionSort(a)
		return
	}
	if shift < 0 || n < 128 {
		slices.Sort(a)
		return
	}
	var count, next, end [256]int
	for _, k := range a {
		count[byte(k>>shift)]++
	}
	if count[byte(a[0]>>shift)] == n {
		radixSort(a, shift-8)
		return
	}
	sum := 0
	for d, c := range count {
		next[d] = sum
		sum += c
		end[d] = sum
	}
	for d := range 256 {
		for i := next[d]; i < end[d]; i = next[d] {
			// Follow the cycle from position i until a hash of digit d
			// lands there.
			k := a[i]
			t := byte(k >> shift)
			for int(t) != d {
				j := next[t]
				next[t]++
				a[j], k = k, a[j]
				t = byte(k >> shift)
			}
			a[i] = k
			next[d]++
		}
	}
	start := 0
	for _, e := range end {
		if e-start > 1 {
			radixSort(a[start:e], shift-8)
		}
		start = e
	}
}

func insertionSort(a []uint64) {
	for i := 1; i < len(a); i++ {
		x := a[i]
		j := i
		for ; j > 0 && a[j-1] > x; j-- {
			a[j] = a[j-1]
		}
		a[j] = x
	}
}
