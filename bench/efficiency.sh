#!/usr/bin/env bash
# Efficiency of the pipeline against in-process extraction, on a run long enough that start-up
# does not weigh (≥ 20 s): COPIES (default 3) copies of the corpora, each article made unique
# (bench/lib/article-variants.py, in a temp folder removed after). Same files, same run:
#   in-process extraction, 1 thread and 2 threads (`gleaner bench extract --threads`);
#   the pipeline over ipc:// with 1 worker (1 thread) and with 2 workers (collector, producer
#   and workers as separate processes, as `gleaner run` starts them), with each one's CPU.
# Prints articles/s and the ratios pipeline / in-process (targets: ≥ 0.90 with 1 worker
# against 1 thread, ≥ 0.85 with 2 workers against 2 threads).
#   bash bench/efficiency.sh [CORPUS…]   (default ../shared/corpus/reuters21578 ../shared/corpus/bbc)
#   GLEANER_BIN=DIR   use the binaries in DIR instead of building them
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- ../shared/corpus/reuters21578 ../shared/corpus/bbc; fi
for corpus in "$@"; do [ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }; done
if [ -z "${GLEANER_BIN:-}" ]; then swift build -c release >/dev/null; fi
bin=${GLEANER_BIN:-$PWD/.build/release}
. bench/lib/roles.sh
work=$(mktemp -d /tmp/gleaner-efficiency-XXXXXX)
PIPELINE_PIDS=()
trap 'stop_roles 10 "${PIPELINE_PIDS[@]}"; rm -rf "$work"' EXIT

files=$(python3 bench/lib/article-variants.py "$work/in" "${COPIES:-3}" "$@")
echo "input: $files unique articles (${COPIES:-3} copies of $*)"
inproc() {  # THREADS → articles/s
  local line
  line=$("$bin/gleaner" bench extract "$work/in" --threads "$1")
  echo "in-process, $1 thread(s): $line" >&2
  sed -E 's/.* s: ([0-9]+) articles\/s.*/\1/' <<<"$line"
}
pipeline() {  # WORKERS → articles/s
  local run=$work/pipeline-$1
  mkdir -p "$run"
  COLLECTOR_ARGS=(--store "$run/store" --bind "ipc://$run/collector" --log-level warning)
  PRODUCER_ARGS=("$work/in" --bind "ipc://$run/producer" --collector "ipc://$run/collector" --quiet --log-level warning)
  WORKER_ARGS=(--producer "ipc://$run/producer" --collector "ipc://$run/collector" --threads 1 --log-level warning)
  run_pipeline "$run" "$bin" "$1" 3600 || PIPELINE_STATUS=failed
  [ "$PIPELINE_STATUS" = ok ] || { echo "pipeline, $1 worker(s): $PIPELINE_STATUS" >&2; echo 0; return; }
  local seconds; seconds=$(summary_field "$PIPELINE_SUMMARY" seconds)
  awk -v w="$1" -v s="$PIPELINE_SUMMARY" -v p="$PIPELINE_CPU_PRODUCER" -v c="$PIPELINE_CPU_COLLECTOR" \
      -v ws="$PIPELINE_CPU_WORKERS" -v each="$PIPELINE_CPU_EACH_WORKER" -v sec="$seconds" \
    'BEGIN { printf "pipeline, %d worker(s): %s\n  CPU s: producer %.1f, collector %.1f, workers %.1f (%s); %.2f cores busy\n",
             w, s, p, c, ws, each, (p + c + ws) / sec }' >&2
  summary_field "$PIPELINE_SUMMARY" rate
}
one=$(inproc 1); two=$(inproc 2)
p1=$(pipeline 1); p2=$(pipeline 2)
awk -v one="$one" -v two="$two" -v p1="$p1" -v p2="$p2" 'BEGIN {
  printf "\n%-38s %12s %8s %8s\n", "configuration", "articles/s", "ratio", "target"
  printf "%-38s %12.0f %8s %8s\n", "in-process, 1 thread", one, "1.00", ""
  printf "%-38s %12.0f %8.2f %8s\n", "in-process, 2 threads", two, two / one, ""
  printf "%-38s %12.0f %8.2f %8s\n", "pipeline, 1 worker / in-process 1", p1, p1 / one, "≥ 0.90"
  printf "%-38s %12.0f %8.2f %8s\n", "pipeline, 2 workers / in-process 2", p2, p2 / two, "≥ 0.85"
}'
