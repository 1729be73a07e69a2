#!/usr/bin/env bash
# In-process extraction speed, one thread, over a corpus folder (default: the BBC corpus).
#   GLEANER_BIN=DIR   use the gleaner binary in DIR instead of building one
#   BASELINE_BIN=DIR  also run the gleaner in DIR (e.g. an older build), alternating with the
#                     current one, and print the ratio of their total rates (same run, same noise)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
rounds=${ROUNDS:-5}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release --product gleaner >/dev/null; fi
current="${GLEANER_BIN:-.build/release}/gleaner"
if [ -z "${BASELINE_BIN:-}" ]; then
  "$current" bench extract "$corpus" --rounds "$rounds"
  exit 0
fi
rate() { "$1" bench extract "$corpus" --rounds "$rounds" | sed -n 's/.* s: \([0-9,]*\) articles\/s.*/\1/p' | tr -d ,; }
total_base=0; total_cur=0
for pass in 1 2 3; do
  b=$(rate "$BASELINE_BIN/gleaner"); c=$(rate "$current")
  echo "pass $pass: baseline $b articles/s, current $c articles/s"
  total_base=$((total_base + b)); total_cur=$((total_cur + c))
done
awk -v b="$total_base" -v c="$total_cur" 'BEGIN { printf "mean: baseline %.0f, current %.0f articles/s, ratio %.2f\n", b/3, c/3, c/b }'
