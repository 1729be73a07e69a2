#!/usr/bin/env bash
# In-process extraction speed, one thread, over a corpus folder (default: the BBC corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
swift build -c release --product gleaner >/dev/null
.build/release/gleaner bench "$corpus" --rounds 3
