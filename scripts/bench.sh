#!/usr/bin/env bash
# bench.sh: speed, memory, recall and precision of `wiretrace scan` on
# synthetic news corpora with planted families of copies.
#
# Usage:
#   scripts/bench.sh [--compare] [--check] [--no-out] [--no-build] [--seed N] [--regen] [SIZE...]
#
#   SIZE       corpus sizes in articles (default: 20000 100000)
#   --compare  also run the MinHash baselines (bench/cmd/compare with
#              github.com/dgryski/go-minhash and github.com/ekzhu/minhash-lsh)
#   --check    also index all but the last 400 articles into an archive and
#              check those 400 against it (rows "wiretrace index" and
#              "wiretrace check (400)"; the check's precision is of its
#              pairs, and it has no recall: the 400 hold a small part of
#              the planted pairs)
#   --no-out   skip the run with --out DIR
#   --no-build use bench/out/wiretrace as it is (the last one built), for
#              comparable runs while the source changes
#   --seed N   corpus seed (default 1)
#   --regen    regenerate corpora even if cached
#
# What it does: builds bench/out/wiretrace (`go build` at the repo root) and
# the tools of the nested module bench/ (gencorpus, evalpairs, compare);
# generates bench/out/corpus-SIZE-sSEED/{corpus.jsonl,truth.csv} unless
# cached (the cache is keyed by size, seed and a hash of the generator's
# source); then for each size runs
#
#   wiretrace scan --quiet --format csv --report pairs CORPUS > pairs.csv
#
# under /usr/bin/time -v, and once, for the last (largest) size, also
#
#   wiretrace scan --quiet --out DIR CORPUS
#
# whose DIR/pairs.csv must equal that size's pairs.csv byte for byte.
# Then, as the row "floor (2 passes)", bench/cmd/floor -again pairs.csv
# CORPUS: the least work of any detector that verifies those pairs with
# texts out of memory. It reads every record and hashes its shingles once
# (pass 1), then reads again the articles of the reported pairs and makes
# their sorted shingle sets (pass 2), with wiretrace's own reader and
# tokenizer, and nothing else: no signature, index, alignment or report.
# Its passes are timed apart in floor.txt. Outputs stay in
# bench/out/run-SIZE-sSEED/.
#
# Columns of the result table:
#   articles   records in corpus.jsonl
#   MB         size of corpus.jsonl in 10^6 bytes (JSON, so texts plus keys)
#   seconds    wall-clock time of the run, reading to writing the last byte
#   CPU s      user + system CPU seconds of the run (all its threads); on a
#              machine shared with other work this is the steadier number
#   docs/s     articles / seconds
#   MB/s       MB / seconds
#   RSS MB     peak resident set size of the process (max RSS from
#              /usr/bin/time -v, or VmHWM polled from /proc), in 2^20 bytes
#   recall     |reported ∩ positive| / |positive|
#   precision  |reported ∩ truth| / |reported|
# where
#   truth      every planted related pair listed in truth.csv (families of
#              copies, all pairs within a family, and pairs of independent
#              articles sharing one quotation), with exact 5-word shingle
#              Jaccard and containments
#   positive   truth pairs with jaccard >= 0.5 or
#              max(containment_a, containment_b) >= 0.8
#   reported   distinct pairs (a,b) in the output, whatever their relation
# A reported pair is correct if it is anywhere in the truth, also below the
# thresholds (a partial or quotes pair between planted quote sharers is
# right); any other reported pair, such as two unrelated articles of one
# site paired through its page chrome or a stock phrase, is a false
# positive. The baselines report unverified LSH candidates, scored the same
# way. bench/cmd/evalpairs computes the scores; its full output, with
# recall by kind of planted pair and precision by relation, is saved as
# eval.txt next to each pairs file.
#
# The machine's other load changes seconds; RSS, recall and precision are
# deterministic for a given corpus.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
seed=1
compare=0
check=0
regen=0
outrun=1
build=1
sizes=()
while (($#)); do
	case $1 in
	--compare) compare=1 ;;
	--check) check=1 ;;
	--regen) regen=1 ;;
	--no-out) outrun=0 ;;
	--no-build) build=0 ;;
	--seed)
		seed=${2:?--seed needs a value}
		shift
		;;
	--seed=*) seed=${1#--seed=} ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	-*)
		echo "bench.sh: unknown flag: $1" >&2
		exit 2
		;;
	*)
		[[ $1 =~ ^[0-9]+$ ]] || {
			echo "bench.sh: size must be a number of articles: $1" >&2
			exit 2
		}
		sizes+=("$1")
		;;
	esac
	shift
done
((${#sizes[@]})) || sizes=(20000 100000)

mkdir -p "$out"
log() { echo "bench.sh: $*" >&2; }

if ((build)); then
	log "building wiretrace and the bench tools"
	(cd "$root" && go build -o "$out/wiretrace" .)
else
	[[ -x $out/wiretrace ]] || {
		echo "bench.sh: --no-build, but there is no $out/wiretrace" >&2
		exit 2
	}
	log "using $out/wiretrace as built $(date -r "$out/wiretrace" '+%F %T')"
fi
(cd "$root/bench" && go build -o "$out/" ./cmd/gencorpus ./cmd/evalpairs ./cmd/compare ./cmd/floor)

have_time=0
if [[ -x /usr/bin/time ]] || { command -v apt-get >/dev/null && apt-get install -y -qq time >/dev/null 2>&1; }; then
	[[ -x /usr/bin/time ]] && have_time=1
fi
((have_time)) || log "no /usr/bin/time: measuring peak RSS by polling /proc"

# cpu_seconds FILE prints the user + system CPU seconds of the shell's
# reaped children from FILE, the output of the times builtin (its second
# line: "0m1.250s 0m0.110s"). times must run in the shell itself, not in a
# command substitution, whose subshell has no children of its own.
cpu_seconds() {
	awk 'NR == 2 {
		for (i = 1; i <= 2; i++) { split($i, x, /[ms]/); t += x[1] * 60 + x[2] }
		print t }' "$1"
}

# measure STATS CMD...: runs CMD (its stdout as given by the caller),
# writes "seconds cpu_seconds rss_kb" into STATS, and fails as CMD fails.
measure() {
	local stats=$1
	shift
	local t0 t1 rc=0
	t0=$(date +%s.%N)
	if ((have_time)); then
		/usr/bin/time -v -o "$stats.time" "$@" || rc=$?
		t1=$(date +%s.%N)
		awk -F': ' -v a="$t0" -v b="$t1" '
			/User time \(seconds\)|System time \(seconds\)/ {cpu += $2}
			/Maximum resident set size/ {rss = $2}
			END {print b - a, cpu + 0, rss + 0}' "$stats.time" >"$stats"
	else
		times >"$stats.t0"
		"$@" &
		local pid=$! hwm=0 v
		while kill -0 "$pid" 2>/dev/null; do
			v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
			[[ -n $v ]] && ((v > hwm)) && hwm=$v
			sleep 0.05
		done
		wait "$pid" || rc=$?
		t1=$(date +%s.%N)
		times >"$stats.t1"
		awk -v a="$t0" -v b="$t1" -v c0="$(cpu_seconds "$stats.t0")" -v c1="$(cpu_seconds "$stats.t1")" -v r="$hwm" \
			'BEGIN {print b - a, c1 - c0, r}' >"$stats"
	fi
	return "$rc"
}

# The generator's source hash keys the corpus cache.
genhash=$(cat "$root"/bench/cmd/gencorpus/*.go "$root"/shingle/*.go | sha256sum | cut -c1-16)

corpus() { # corpus SIZE: prints the corpus directory, generating it if needed
	local dir=$out/corpus-$1-s$seed
	if ((regen)) || [[ ! -s $dir/corpus.jsonl || ! -s $dir/truth.csv || $(cat "$dir/stamp" 2>/dev/null) != "$genhash" ]]; then
		log "generating $1 articles (seed $seed)"
		rm -rf "$dir"
		"$out/gencorpus" -n "$1" -seed "$seed" -out "$dir" 2> >(tee "$dir.gen.log" >&2)
		echo "$genhash" >"$dir/stamp"
	fi
	echo "$dir"
}

rows=()
row() { # row NAME SIZE CORPUSDIR STATS EVAL [INPUT]: INPUT (default CORPUSDIR/corpus.jsonl) is what was read
	local n bytes secs cpu rss recall precision input=${6:-$3/corpus.jsonl}
	n=$(wc -l <"$input")
	bytes=$(stat -c %s "$input")
	read -r secs cpu rss <"$4"
	recall=- precision=-
	if [[ -n $5 ]]; then
		recall=$(awk -F'\t' '$1 == "recall" {print $2}' "$5")
		precision=$(awk -F'\t' '$1 == "precision" {print $2}' "$5")
	fi
	[[ -n ${6:-} && $1 == *check* ]] && recall=-
	rows+=("$(awk -v name="$1" -v n="$n" -v b="$bytes" -v s="$secs" -v c="$cpu" -v rss="$rss" -v r="$recall" -v p="$precision" \
		'BEGIN {mb = b / 1e6; if (s <= 0) s = 1e-9
		printf "%-22s %9d %8.1f %9.1f %9.1f %9.0f %7.2f %8.0f %7s %9s", name, n, mb, s, c, n / s, mb / s, rss / 1024, r, p}')")
}

last=${sizes[${#sizes[@]}-1]}
for size in "${sizes[@]}"; do
	dir=$(corpus "$size")
	run=$out/run-$size-s$seed
	mkdir -p "$run"
	log "wiretrace scan on $size articles"
	rc=0
	measure "$run/scan.stats" "$out/wiretrace" scan --quiet --format csv --report pairs "$dir/corpus.jsonl" \
		>"$run/pairs.csv" 2>"$run/scan.err" || rc=$?
	if ((rc != 0 && rc != 3)); then
		log "wiretrace scan failed with exit code $rc:"
		tail -5 "$run/scan.err" >&2
		exit 1
	fi
	"$out/evalpairs" -truth "$dir/truth.csv" -pairs "$run/pairs.csv" >"$run/eval.txt"
	row "wiretrace scan" "$size" "$dir" "$run/scan.stats" "$run/eval.txt"

	log "floor on $size articles"
	measure "$run/floor.stats" "$out/floor" -again "$run/pairs.csv" "$dir/corpus.jsonl" >"$run/floor.txt"
	row "floor (2 passes)" "$size" "$dir" "$run/floor.stats" ""

	if ((outrun)) && [[ $size == "$last" ]]; then
		log "wiretrace scan --out on $size articles"
		rm -rf "$run/report"
		rc=0
		measure "$run/scan-out.stats" "$out/wiretrace" scan --quiet --out "$run/report" "$dir/corpus.jsonl" \
			>/dev/null 2>"$run/scan-out.err" || rc=$?
		if ((rc != 0 && rc != 3)); then
			log "wiretrace scan --out failed with exit code $rc:"
			tail -5 "$run/scan-out.err" >&2
			exit 1
		fi
		"$out/evalpairs" -truth "$dir/truth.csv" -pairs "$run/report/pairs.csv" >"$run/eval-out.txt"
		row "wiretrace scan --out" "$size" "$dir" "$run/scan-out.stats" "$run/eval-out.txt"
		cmp -s "$run/pairs.csv" "$run/report/pairs.csv" ||
			log "warning: --out DIR/pairs.csv differs from --report pairs output ($run)"
	fi

	if ((check)); then
		n=$(wc -l <"$dir/corpus.jsonl")
		head -n $((n - 400)) "$dir/corpus.jsonl" >"$run/archive.jsonl"
		tail -n 400 "$dir/corpus.jsonl" >"$run/inputs.jsonl"
		rm -f "$run/archive.db" "$run/archive.db-wal" "$run/archive.db-shm"
		log "wiretrace index of $((n - 400)) articles"
		measure "$run/index.stats" "$out/wiretrace" index --quiet --db "$run/archive.db" "$run/archive.jsonl" \
			2>"$run/index.err" || {
			log "wiretrace index failed:"
			tail -5 "$run/index.err" >&2
			exit 1
		}
		row "wiretrace index" "$size" "$dir" "$run/index.stats" "" "$run/archive.jsonl"
		log "wiretrace check of the last 400 articles"
		rc=0
		measure "$run/check.stats" "$out/wiretrace" check --quiet --report pairs --format csv --db "$run/archive.db" \
			"$run/inputs.jsonl" >"$run/check-pairs.csv" 2>"$run/check.err" || rc=$?
		if ((rc > 1 && rc != 3)); then
			log "wiretrace check failed with exit code $rc:"
			tail -5 "$run/check.err" >&2
			exit 1
		fi
		"$out/evalpairs" -truth "$dir/truth.csv" -pairs "$run/check-pairs.csv" >"$run/check-eval.txt"
		row "wiretrace check (400)" "$size" "$dir" "$run/check.stats" "$run/check-eval.txt" "$run/inputs.jsonl"
	fi

	if ((compare)); then
		for lib in dgryski ekzhu; do
			log "$lib on $size articles"
			measure "$run/$lib.stats" "$out/compare" -lib "$lib" -in "$dir/corpus.jsonl" -out "$run/$lib.csv" \
				2>"$run/$lib.err"
			"$out/evalpairs" -truth "$dir/truth.csv" -pairs "$run/$lib.csv" >"$run/$lib-eval.txt"
			case $lib in
			dgryski) name="go-minhash+xxhash LSH" ;;
			ekzhu) name="minhash-lsh" ;;
			esac
			row "$name" "$size" "$dir" "$run/$lib.stats" "$run/$lib-eval.txt"
		done
	fi
done

printf '%-22s %9s %8s %9s %9s %9s %7s %8s %7s %9s\n' run articles MB seconds "CPU s" docs/s MB/s "RSS MB" recall precision
printf '%s\n' "${rows[@]}"
