#!/usr/bin/env bash
# The search index on the benchmark corpus: size on disk, build time as a
# share of the full build (same run, medians), bytes and requests per query.
#   benches/search.sh [N]        (default: 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
tmp=${FACTBOOK_BENCH_TMP:-/dev/shm}
site="$tmp/factbook-bench-$n"
gen=${FACTBOOK_GEN:-../shared/bench/gen_corpus.py}
python3 "$gen" --articles "$n" --out "$site" --format factbook --force >/dev/null
FACTBOOK_BENCH_SITE="$site" FACTBOOK_BENCH_TMP="$tmp" cargo bench --quiet --bench search
