#!/usr/bin/env bash
# Query latency on an existing store: each query run ROUNDS times (default 3) as a fresh
# process (start-up included), printing every time in ms and whether it is under 100 ms.
#   bash bench/queries.sh STORE [NAME] [WORD]      (defaults: Blair, election)
#   GLEANER_BIN=DIR   use the gleaner binary in DIR instead of building one
# A 1,000,000-article store to try it on: gleaner bench store CORPUS --articles 1000000 --store STORE
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: bash bench/queries.sh STORE [NAME] [WORD]}
name=${2:-Blair}
word=${3:-election}
rounds=${ROUNDS:-3}
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release --product gleaner >/dev/null; fi
bin=${GLEANER_BIN:-.build/release}
queries=("stats" "entities --top 20" "entities --type PERSON --top 20" "entity $name" "quotes --speaker $name"
  "search $word" "failures")
for q in "${queries[@]}"; do
  times=()
  worst=0
  for _ in $(seq "$rounds"); do
    start=$(date +%s%N)
    # shellcheck disable=SC2086  # the query's words are separate arguments
    "$bin/gleaner" query $q --store "$store" >/dev/null 2>&1
    ms=$((($(date +%s%N) - start) / 1000000))
    times+=("$ms")
    [ "$ms" -gt "$worst" ] && worst=$ms
  done
  verdict=$([ "$worst" -lt 100 ] && echo "< 100 ms" || echo "over 100 ms")
  printf '%-40s %s ms  (%s)\n' "query $q" "${times[*]}" "$verdict"
done
