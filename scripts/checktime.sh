#!/usr/bin/env bash
# checktime.sh: how fast `wiretrace index` fills an archive of generated
# articles, and how long one `wiretrace check` takes against it, process
# start included.
#
# Usage:
#   scripts/checktime.sh [SIZE]     (default 100000 articles)
#
# It builds bench/out/wiretrace and bench/out/gencorpus, generates
# bench/out/corpus-SIZE-s1 if it is missing (as scripts/bench.sh does, with
# seed 1), indexes it into a new bench/out/archive-SIZE.db under
# /usr/bin/time, then times 21 runs of
#
#   wiretrace check -q --db archive-SIZE.db --format csv ARTICLE
#
# for three articles: one from another generated corpus (seed 2, so
# related to nothing archived: exit 0), the first archived article and the
# 1000th, each under another file name (copies of archived articles: exit
# 1). It prints the median, the fastest and the slowest run of each.
set -euo pipefail

# EPOCHREALTIME (bash 5) times each run without starting another process.

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
size=${1:-100000}
mkdir -p "$out"

echo "checktime.sh: building wiretrace and gencorpus" >&2
(cd "$root" && go build -o "$out/wiretrace" .)
(cd "$root/bench" && go build -o "$out/" ./cmd/gencorpus)

corpus=$out/corpus-$size-s1
if [[ ! -s $corpus/corpus.jsonl ]]; then
	echo "checktime.sh: generating $size articles (seed 1)" >&2
	"$out/gencorpus" -n "$size" -seed 1 -out "$corpus"
fi
other=$out/corpus-100-s2
if [[ ! -s $other/corpus.jsonl ]]; then
	"$out/gencorpus" -n 100 -seed 2 -out "$other" 2>/dev/null
fi

db=$out/archive-$size.db
rm -f "$db" "$db-wal" "$db-shm"
echo "checktime.sh: wiretrace index of $size articles" >&2
/usr/bin/time -f "index: %e s, %U s user, %S s system, peak RSS %M KB" \
	"$out/wiretrace" index -q --db "$db" "$corpus/corpus.jsonl"
echo "index: file $(du -m "$db" | cut -f1) MB" >&2

q=$out/checktime-queries
mkdir -p "$q"
text() { sed -n "${2}p" "$1" | python3 -c 'import json, sys; sys.stdout.write(json.load(sys.stdin)["text"])'; }
text "$other/corpus.jsonl" 1 >"$q/unrelated.txt"
text "$corpus/corpus.jsonl" 1 >"$q/copy-of-first.txt"
text "$corpus/corpus.jsonl" 1000 >"$q/copy-of-1000th.txt"

for f in "$q"/unrelated.txt "$q"/copy-of-first.txt "$q"/copy-of-1000th.txt; do
	ms=()
	code=0
	for _ in $(seq 21); do
		start=${EPOCHREALTIME/./}
		"$out/wiretrace" check -q --db "$db" --format csv "$f" >/dev/null || code=$?
		ms+=($(((${EPOCHREALTIME/./} - start) / 1000)))
	done
	sorted=($(printf '%s\n' "${ms[@]}" | sort -n))
	printf 'check %-20s exit %d  median %3d ms  fastest %3d ms  slowest %3d ms\n' \
		"$(basename "$f")" "$code" "${sorted[10]}" "${sorted[0]}" "${sorted[20]}"
done
