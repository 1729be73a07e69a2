#!/usr/bin/env bash
# Efficiency of the pipeline against in-process extraction, on a run long enough that start-up
# does not weigh (≥ 20 s): COPIES (default 3) copies of the corpora, each article made unique
# (bench/lib/article-variants.py, in a temp folder removed after). Same files, same run:
#   in-process extraction, 1 thread and 2 threads (`gleaner bench extract --threads`);
#   the pipeline over ipc:// with 1 worker (1 thread) and with 2 workers (collector, producer
#   and workers as separate processes, as `gleaner run` starts them).
# PASSES (default 2) rounds alternate the four configurations; each one's best pass counts (a
# busy neighbour only ever slows a pass down). Prints articles/s and the ratios pipeline /
# in-process (targets: ≥ 0.90 with 1 worker against 1 thread, ≥ 0.85 with 2 workers against
# 2 threads), and the CPU each spends per article: on a shared machine several processes get
# a larger share of the cores than one, so the CPU ratio is the steadier of the two (each
# process's CPU includes its start-up and, in process, reading the files).
#   bash bench/efficiency.sh [CORPUS…]   (default ../shared/corpus/reuters21578 ../shared/corpus/bbc)
#   GLEANER_BIN=DIR   use the binaries in DIR instead of building them
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- ../shared/corpus/reuters21578 ../shared/corpus/bbc; fi
for corpus in "$@"; do [ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }; done
. bench/lib/roles.sh
bench_setup efficiency

files=$(python3 bench/lib/article-variants.py "$work/in" "${COPIES:-3}" "$@")
echo "input: $files unique articles (${COPIES:-3} copies of $*); ${PASSES:-2} passes"
declare -A best_rate=() best_cpu=()
keep() {  # CONFIG RATE CPU_SECONDS: remembers the pass with the best rate
  if awk -v r="$2" -v b="${best_rate[$1]:-0}" 'BEGIN { exit !(r > b) }'; then best_rate[$1]=$2; best_cpu[$1]=$3; fi
}
inproc() {  # THREADS
  local line
  line=$(/usr/bin/time -f "%U %S" -o "$work/inproc.time" "$bin/gleaner" bench extract "$work/in" --threads "$1")
  echo "  in-process, $1 thread(s): $line; CPU $(time_file_cpu "$work/inproc.time") s"
  keep "inproc$1" "$(sed -E 's/.* s: ([0-9]+) articles\/s.*/\1/' <<<"$line")" "$(time_file_cpu "$work/inproc.time")"
}
pipeline() {  # WORKERS
  local run=$work/pipeline-$1
  rm -rf "$run"; mkdir -p "$run"
  COLLECTOR_ARGS=(--store "$run/store" --bind "ipc://$run/collector" --log-level warning)
  PRODUCER_ARGS=("$work/in" --bind "ipc://$run/producer" --collector "ipc://$run/collector" --quiet --log-level warning)
  WORKER_ARGS=(--producer "ipc://$run/producer" --collector "ipc://$run/collector" --threads 1 --log-level warning)
  run_pipeline "$run" "$bin" "$1" 3600 || PIPELINE_STATUS=failed
  [ "$PIPELINE_STATUS" = ok ] || { echo "  pipeline, $1 worker(s): $PIPELINE_STATUS"; return; }
  local cpu; cpu=$(awk -v a="$PIPELINE_CPU_PRODUCER" -v b="$PIPELINE_CPU_COLLECTOR" -v c="$PIPELINE_CPU_WORKERS" 'BEGIN { print a + b + c }')
  echo "  pipeline, $1 worker(s): $PIPELINE_SUMMARY; CPU s: producer $PIPELINE_CPU_PRODUCER, collector" \
       "$PIPELINE_CPU_COLLECTOR, workers $PIPELINE_CPU_WORKERS ($PIPELINE_CPU_EACH_WORKER)"
  keep "pipeline$1" "$(summary_field "$PIPELINE_SUMMARY" rate)" "$cpu"
}
for pass in $(seq "${PASSES:-2}"); do
  echo "pass $pass:"
  inproc 1; pipeline 1; inproc 2; pipeline 2
done
awk -v n="$files" -v i1="${best_rate[inproc1]:-0} ${best_cpu[inproc1]:-0}" -v i2="${best_rate[inproc2]:-0} ${best_cpu[inproc2]:-0}" \
    -v p1="${best_rate[pipeline1]:-0} ${best_cpu[pipeline1]:-0}" -v p2="${best_rate[pipeline2]:-0} ${best_cpu[pipeline2]:-0}" '
function row(name, v, base, target,   a, b) {
  split(v, a); split(base, b)
  printf "%-36s %11.0f %7.2f %8s %14.0f %10.2f\n", name, a[1], a[1] / b[1], target, a[2] / n * 1e6, (b[2] / n) / (a[2] / n)
}
BEGIN {
  printf "\n%-36s %11s %7s %8s %14s %10s\n", "best pass", "articles/s", "ratio", "target", "CPU µs/article", "CPU ratio"
  row("in-process, 1 thread", i1, i1, "")
  row("pipeline, 1 worker (vs 1 thread)", p1, i1, "≥ 0.90")
  row("in-process, 2 threads", i2, i2, "")
  row("pipeline, 2 workers (vs 2 threads)", p2, i2, "≥ 0.85")
}'
