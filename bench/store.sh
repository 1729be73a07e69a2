#!/usr/bin/env bash
# Store scaling: N synthetic results (default 1,000,000, derived from the corpus) committed
# through the collector's store, then the same through a real collector over ZeroMQ.
# Prints throughput, checkpoint time, distinct entities, peak RSS and store size at 10k/100k/1M.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
n=${2:-1000000}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release >/dev/null; fi
bin=${GLEANER_BIN:-.build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$bin/gleaner bench store "$corpus" --articles "$n" --store "$work/store"
$bin/gleaner bench store "$corpus" --articles "$n" --store "$work/through-collector" --through-collector 2>/dev/null
