#!/usr/bin/env bash
# Resume at scale: N article files (variants of the corpus, written to a temp folder), one full
# `gleaner run`, then a second run over the same files, which must skip them all. Prints both
# times; the second is what "resume" costs. Also times a few queries on the resulting store.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
n=${2:-100000}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release >/dev/null; fi
bin=${GLEANER_BIN:-$PWD/.build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$corpus" "$work/in" "$n" <<'PY'
import os, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith(".txt"))
texts = [open(p, "rb").read() for p in files]
for i in range(n):
    folder = os.path.join(dst, "%03d" % (i // 1000))
    if i % 1000 == 0: os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, "%d.txt" % i), "wb").write(texts[i % len(texts)] + b"\n\nVariant %d.\n" % i)
PY
echo "files: $n variants of $(find "$corpus" -name '*.txt' | wc -l) corpus articles"
t0=$(date +%s.%N); first=$($bin/gleaner run "$work/in" --store "$work/store" --quiet); t1=$(date +%s.%N)
second=$($bin/gleaner run "$work/in" --store "$work/store" --quiet); t2=$(date +%s.%N)
echo "first run:  $first"
echo "second run: $second"
python3 -c "print(f'resume: second run took {($t2-$t1):.1f} s vs first {($t1-$t0):.1f} s (ratio {($t2-$t1)/($t1-$t0):.3f})')"
for q in "stats" "entities --top 20" "entities --type PERSON --top 20" "entity Blair" "quotes --speaker Blair" "search election"; do
  s=$(date +%s.%N); $bin/gleaner query $q --store "$work/store" --json > /dev/null; e=$(date +%s.%N)
  python3 -c "print(f'query {\"$q\":32s} {1000*($e-$s):7.1f} ms')"
done
