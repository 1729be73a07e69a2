#!/usr/bin/env bash
# What an upgrade costs the store: N synthetic results (default 100,000, derived from the
# corpus) committed through the collector's store, a checkpoint, the same N again as the next
# extractor version (replacements, journaled and held out), then the rebuild that puts them
# into the merged view. Prints the times side by side and as ratios to the first commit.
#   GLEANER_BIN=DIR   use the gleaner binary in DIR instead of building one
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
n=${2:-100000}
[ -d "$corpus" ] || corpus=seeds
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release >/dev/null; fi
bin=${GLEANER_BIN:-.build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pass in 1 2; do
  rm -rf "$work/store"
  echo "pass $pass:"
  "$bin/gleaner" bench store "$corpus" --articles "$n" --store "$work/store" --upgrade
done
