package hash64

import "slices"

// Sort sorts keys ascending in place, moving docs (nil, or as long as
// keys) along with them; entries with equal keys end up in ascending doc
// order. It is an in-place MSD radix sort (American flag sort) on 8 bits
// at a time, which keeps the buckets being filled few enough to stay in
// cache, down to buckets small enough for insertion sort.
func Sort(keys []uint64, docs []uint32) {
	radixSort(keys, docs, 56)
}

func radixSort(keys []uint64, docs []uint32, shift int) {
	n := len(keys)
	if n <= 32 {
		insertionSort(keys, docs)
		return
	}
	if shift < 0 {
		// All keys are equal: order by doc.
		compareSort(keys, docs)
		return
	}
	var count, next, end [256]int
	for _, k := range keys {
		count[byte(k>>shift)]++
	}
	if count[byte(keys[0]>>shift)] == n {
		radixSort(keys, docs, shift-8)
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
			// Follow the cycle from position i until an entry of digit d
			// lands there.
			k := keys[i]
			t := byte(k >> shift)
			if int(t) == d {
				next[d]++
				continue
			}
			var doc uint32
			if docs != nil {
				doc = docs[i]
			}
			for int(t) != d {
				j := next[t]
				next[t]++
				keys[j], k = k, keys[j]
				if docs != nil {
					docs[j], doc = doc, docs[j]
				}
				t = byte(k >> shift)
			}
			keys[i] = k
			if docs != nil {
				docs[i] = doc
			}
			next[d]++
		}
	}
	start := 0
	for _, e := range end {
		if e-start > 1 {
			var bd []uint32
			if docs != nil {
				bd = docs[start:e]
			}
			radixSort(keys[start:e], bd, shift-8)
		}
		start = e
	}
}

func less(keys []uint64, docs []uint32, i, j int) bool {
	if keys[i] != keys[j] {
		return keys[i] < keys[j]
	}
	return docs != nil && docs[i] < docs[j]
}

func insertionSort(keys []uint64, docs []uint32) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && less(keys, docs, j, j-1); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
			if docs != nil {
				docs[j], docs[j-1] = docs[j-1], docs[j]
			}
		}
	}
}

// compareSort sorts entries with equal keys by doc.
func compareSort(keys []uint64, docs []uint32) {
	if docs != nil {
		slices.Sort(docs)
	}
}
