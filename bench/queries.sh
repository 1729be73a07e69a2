#!/usr/bin/env bash
# Query latency on an existing store: each query run ROUNDS times (default 3) as a fresh
# process (start-up included), printing every time in ms and whether it is under 100 ms.
#   bash bench/queries.sh STORE [NAME] [WORD]      (defaults: Blair, election)
#   GLEANER_BIN=DIR   use the gleaner binary in DIR instead of building one
#   BASE_BIN=DIR      also run the gleaner binary in DIR (e.g. a build of main), alternating
#                     with the other in each round, and print both side by side with the
#                     ratio of their medians (base / this)
# A 1,000,000-article store to try it on: gleaner bench store CORPUS --articles 1000000 --store STORE
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: bash bench/queries.sh STORE [NAME] [WORD]}
name=${2:-Blair}
word=${3:-election}
rounds=${ROUNDS:-3}
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release --product gleaner >/dev/null; fi
bin=${GLEANER_BIN:-.build/release}
base=${BASE_BIN:-}
queries=("stats" "entities --top 20" "entities --type PERSON --top 20" "entity $name" "quotes --speaker $name"
  "search $word" "failures")

# Milliseconds one run of query $2 takes with the gleaner in directory $1.
run_ms() {
  local start
  start=$(date +%s%N)
  # shellcheck disable=SC2086  # the query's words are separate arguments
  "$1/gleaner" query $2 --store "$store" >/dev/null 2>&1
  echo $((($(date +%s%N) - start) / 1000000))
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for q in "${queries[@]}"; do
  times=()
  base_times=()
  worst=0
  for _ in $(seq "$rounds"); do
    if [ -n "$base" ]; then base_times+=("$(run_ms "$base" "$q")"); fi
    ms=$(run_ms "$bin" "$q")
    times+=("$ms")
    [ "$ms" -gt "$worst" ] && worst=$ms
  done
  verdict=$([ "$worst" -lt 100 ] && echo "< 100 ms" || echo "over 100 ms")
  if [ -n "$base" ]; then
    ratio=$(awk -v b="$(median "${base_times[@]}")" -v n="$(median "${times[@]}")" \
      'BEGIN { printf "%.2f", b / (n > 0 ? n : 1) }')
    printf '%-40s base %s ms | this %s ms  (%s; base/this %s)\n' "query $q" "${base_times[*]}" "${times[*]}" \
      "$verdict" "$ratio"
  else
    printf '%-40s %s ms  (%s)\n' "query $q" "${times[*]}" "$verdict"
  fi
done
