#!/usr/bin/env bash
# Benchmarks on the shared corpus: full builds of factbook and Hugo,
# interleaved (A B A B ...) so that a noisy machine affects both alike, then
# the incremental edit latency. Numbers are wall-clock medians; compare ratios.
#   benches/run.sh [N ...]        (default: 1000 10000; e.g. 1000 10000 50000 for the slope)
# Corpora are generated once and kept on tmpfs (FACTBOOK_BENCH_TMP, default /dev/shm).
# Hugo is timed up to HUGO_MAX articles (default 10000; its 50k build needs
# several GiB); EDIT=0 skips the incremental-edit benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=../shared/bench/gen_corpus.py
tmp=${FACTBOOK_BENCH_TMP:-/dev/shm}
runs=${RUNS:-3}
sizes=("${@:-1000}")
[ $# -eq 0 ] && sizes=(1000 10000)

cargo build --release --quiet
bin=target/release/factbook

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# wall seconds, peak RSS (KiB), CPU seconds (user + system)
secs() { /usr/bin/time -f "%e %M %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1, $2, $3 + $4}'; }
# Generates a corpus unless the same one is already there.
corpus() {
  local out=$1 n=$2 format=$3
  [ "$(cat "$out/.bench-n" 2>/dev/null)" = "$n $format" ] && return
  python3 "$gen" --articles "$n" --out "$out" --format "$format" --force >/dev/null
  echo "$n $format" >"$out/.bench-n"
}

for n in "${sizes[@]}"; do
  fb="$tmp/factbook-bench-$n"; hg="$tmp/factbook-bench-hugo-$n"
  corpus "$fb" "$n" factbook
  have_hugo=0
  if command -v hugo >/dev/null && [ "$n" -le "${HUGO_MAX:-10000}" ]; then
    corpus "$hg" "$n" hugo
    have_hugo=1
  fi
  : >"$tmp/fb.times"; : >"$tmp/hg.times"
  for _ in $(seq "$runs"); do
    rm -rf "$tmp/fb-out"
    secs "$bin" build "$fb" -d "$tmp/fb-out" >>"$tmp/fb.times"
    if [ $have_hugo = 1 ]; then
      rm -rf "$tmp/hg-out"
      secs hugo --quiet -s "$hg" -d "$tmp/hg-out" >>"$tmp/hg.times"
    fi
  done
  fb_t=$(cut -d' ' -f1 "$tmp/fb.times" | median); fb_m=$(cut -d' ' -f2 "$tmp/fb.times" | median)
  fb_c=$(cut -d' ' -f3 "$tmp/fb.times" | median)
  echo "N=$n factbook build: ${fb_t}s wall, ${fb_c}s CPU, peak $((fb_m / 1024)) MiB"
  if [ $have_hugo = 1 ]; then
    hg_t=$(cut -d' ' -f1 "$tmp/hg.times" | median); hg_m=$(cut -d' ' -f2 "$tmp/hg.times" | median)
    hg_c=$(cut -d' ' -f3 "$tmp/hg.times" | median)
    echo "N=$n hugo build:     ${hg_t}s wall, ${hg_c}s CPU, peak $((hg_m / 1024)) MiB   (factbook/hugo time: $(awk "BEGIN {printf \"%.2f\", $fb_t/$hg_t}"))"
  fi
  if [ "${EDIT:-1}" = 1 ]; then
    FACTBOOK_BENCH_SITE="$fb" FACTBOOK_BENCH_TMP="$tmp" cargo bench --quiet --bench edit
  fi
done
