#!/usr/bin/env bash
# In-process extraction speed, one thread, over a corpus folder (default: the BBC corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release --product gleaner >/dev/null; fi
"${GLEANER_BIN:-.build/release}"/gleaner bench extract "$corpus" --rounds 3
