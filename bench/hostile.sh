#!/usr/bin/env bash
# Extraction time per MB of hostile text (one huge word, a megabyte of quote marks, capitalised
# words, names, short lines, brackets, punctuation, …) next to ordinary news, one thread, in one
# run; the inputs are generated in memory (`gleaner bench hostile`), nothing large is stored.
#   NEWS=DIR         ordinary news articles (default: ../shared/corpus/bbc, else the repo's seeds)
#   ROUNDS=N         extractions of each input, round-robin; the median is reported (default 5)
#   WALL=1           time with the wall clock instead of the thread's CPU time (CPU time is
#                    steadier on a shared machine; on an idle one the two agree)
#   GLEANER_BIN=DIR  use the gleaner binary in DIR instead of building one
set -euo pipefail
cd "$(dirname "$0")/.."
news=${NEWS:-../shared/corpus/bbc}
[ -d "$news" ] || news=seeds
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release --product gleaner >/dev/null; fi
clock=(--cpu); [ -n "${WALL:-}" ] && clock=()
"${GLEANER_BIN:-.build/release}/gleaner" bench hostile --news "$news" --rounds "${ROUNDS:-5}" "${clock[@]}" "$@"
