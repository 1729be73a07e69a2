#!/usr/bin/env bash
# Whole-pipeline throughput (producer → workers → collector → fsynced store) over a corpus,
# with 1, 2 and 4 worker processes, next to in-process extraction in the same run.
#   CSV=FILE   also write the figures there (configuration,workers,articles_per_s,ratio), for
#              scripts/plot-throughput
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bbc}
[ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release >/dev/null; fi
bin=${GLEANER_BIN:-.build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inproc=$($bin/gleaner bench extract "$corpus" --rounds 1)
echo "$inproc"
base=$(echo "$inproc" | sed -E 's/.* ([0-9]+) articles\/s.*/\1/')
csv=${CSV:-/dev/null}
printf 'configuration,workers,articles_per_s,ratio\nin-process,0,%s,1.00\n' "$base" >"$csv"
for n in 1 2 4; do
  line=$($bin/gleaner run "$corpus" --workers "$n" --store "$work/store-$n" --quiet)
  rate=$(echo "$line" | sed -E 's/.*\(([0-9.]+) articles\/s\).*/\1/')
  ratio=$(python3 -c "print(f'{$rate / $base:.2f}')")
  echo "pipeline, $n worker(s): $line  [ratio to in-process 1 thread: $ratio]"
  echo "pipeline,$n,$rate,$ratio" >>"$csv"
done
