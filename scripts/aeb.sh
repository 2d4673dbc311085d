#!/usr/bin/env bash
# aeb.sh: token F1 of wiretrace's HTML extraction on the ScrapingHub
# article-extraction benchmark, and its speed.
#
# Usage:
#   scripts/aeb.sh [-trafilatura] [-worst N] [-rounds N] [-out DIR] AEB_DIR
#
# AEB_DIR holds html/<key>.html.gz, ground-truth.json and evaluate.py (the
# benchmark's repository, or ../shared/aeb). The pages are extracted with
# htmltext.Extract (and go-trafilatura with -trafilatura), written as
# DIR/output/<name>.json, and scored by the benchmark's own evaluate.py
# (python3), whose table is printed. See bench/cmd/aeb.
set -euo pipefail
cd "$(dirname "$0")/../bench"
exec go run ./cmd/aeb "$@"
