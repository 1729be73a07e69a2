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
#   BASELINE_BIN=DIR  also run the binaries in DIR (e.g. main's build) right before each run of
#                     these, on the same files, and print both builds' tables and the ratios
#                     this build / baseline (articles/s and CPU per article)
# Each table also gives the pipeline's CPU µs per article by role (producer / collector /
# workers).
#   LANE_CPUS=1       adds a configuration: the 1-worker pipeline with the worker's lane on CPU 0
#                     (`gleaner-worker --lane-cpus 0`) and the producer and collector on CPU 1
#                     (`taskset -c 1`); every build run must know --lane-cpus
# Each run line also says how idle the cores were and how much CPU other processes (neighbours,
# this script) took, per article: over the whole in-process run (its reading and loading
# included), and while the producer ran for the pipeline (the roles' CPU counted from its start).
#   WORKERS_FIRST (default 1) starts the workers before the producer and lets them load their
#                     models first, as `gleaner bench extract` does before its clock starts; 0
#                     starts them after it (as `gleaner run` does), loading inside the timed run
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- ../shared/corpus/reuters21578 ../shared/corpus/bbc; fi
for corpus in "$@"; do [ -d "$corpus" ] || { echo "no corpus at $corpus (needs ../shared)"; exit 1; }; done
. bench/lib/roles.sh
bench_setup efficiency
export WORKERS_FIRST=${WORKERS_FIRST:-1}

files=$(python3 bench/lib/article-variants.py "$work/in" "${COPIES:-3}" "$@")
# The files just written are flushed to disk now, not by the kernel some 30 s later in the
# middle of the first runs (an A/A run of one build against itself read 0.83 and 0.90 then).
sync
echo "input: $files unique articles (${COPIES:-3} copies of $*); ${PASSES:-2} passes; workers first: $WORKERS_FIRST"
builds=(this); declare -A build_bin=([this]=$bin)
if [ -n "${BASELINE_BIN:-}" ]; then builds=(baseline this); build_bin[baseline]=$(realpath "$BASELINE_BIN"); fi
declare -A best_rate=() best_cpu=() best_roles=()
machine_share() {  # BEFORE AFTER OWN_CPU_SECONDS: how idle the cores were over a run, and the CPU
  # other processes (neighbours, this script) took meanwhile, per article
  awk -v a="$1" -v b="$2" -v own="$3" -v t="$ROLES_TICKS" -v n="$files" 'BEGIN { split(a, x); split(b, y)
    busy = (y[1] - x[1]) / t; idle = (y[2] - x[2]) / t; other = busy - own; if (other < 0) other = 0
    printf "cores idle %.0f %%, other processes %.0f µs/article", 100 * idle / (busy + idle), other / n * 1e6 }'
}
keep() {  # KEY RATE CPU_SECONDS [ROLES]: remembers the pass with the best rate
  if awk -v r="$2" -v b="${best_rate[$1]:-0}" 'BEGIN { exit !(r > b) }'; then
    best_rate[$1]=$2; best_cpu[$1]=$3; best_roles[$1]=${4:-}
  fi
}
inproc() {  # BUILD THREADS
  local line label=""; [ ${#builds[@]} -eq 1 ] || label=" [$1]"
  local before; before=$(machine_ticks)
  line=$(/usr/bin/time -f "%U %S" -o "$work/inproc.time" "${build_bin[$1]}/gleaner" bench extract "$work/in" --threads "$2")
  local cpu; cpu=$(time_file_cpu "$work/inproc.time")
  echo "  in-process, $2 thread(s)$label: $line; CPU $cpu s; load $(cut -d' ' -f1 /proc/loadavg);" \
       "$(machine_share "$before" "$(machine_ticks)" "$cpu")"
  keep "$1 inproc$2" "$(sed -E 's/.* s: ([0-9]+) articles\/s.*/\1/' <<<"$line")" "$cpu"
}
pipeline() {  # BUILD WORKERS [KIND]: KIND "pinned" gives the lane CPU 0 and the other roles CPU 1
  local run=$work/pipeline-$2 label="" kind=${3:-pipeline}; [ ${#builds[@]} -eq 1 ] || label=" [$1]"
  rm -rf "$run"; mkdir -p "$run"
  COLLECTOR_ARGS=(--store "$run/store" --bind "ipc://$run/collector" --log-level warning)
  PRODUCER_ARGS=("$work/in" --bind "ipc://$run/producer" --collector "ipc://$run/collector" --quiet --log-level warning)
  WORKER_ARGS=(--producer "ipc://$run/producer" --collector "ipc://$run/collector" --threads 1 --log-level warning)
  if [ "$kind" = pinned ]; then
    WORKER_ARGS+=(--lane-cpus 0)
    role_prefix() { case $1 in producer|collector) echo taskset -c 1 ;; esac; }
  fi
  run_pipeline "$run" "${build_bin[$1]}" "$2" 3600 || PIPELINE_STATUS=failed
  role_prefix() { :; }
  [ "$PIPELINE_STATUS" = ok ] || { echo "  $kind, $2 worker(s)$label: $PIPELINE_STATUS"; return; }
  local cpu; cpu=$(awk -v a="$PIPELINE_CPU_PRODUCER" -v b="$PIPELINE_CPU_COLLECTOR" -v c="$PIPELINE_CPU_WORKERS" 'BEGIN { print a + b + c }')
  echo "  $kind, $2 worker(s)$label: $PIPELINE_SUMMARY; CPU s: producer $PIPELINE_CPU_PRODUCER, collector" \
       "$PIPELINE_CPU_COLLECTOR, workers $PIPELINE_CPU_WORKERS ($PIPELINE_CPU_EACH_WORKER); load $(cut -d' ' -f1 /proc/loadavg);" \
       "while the producer ran: $(machine_share "$PIPELINE_TICKS_START" "$PIPELINE_TICKS_END" \
         "$(awk -v a="$cpu" -v b="$PIPELINE_CPU_BEFORE" 'BEGIN { print a - b }')")"
  keep "$1 $kind$2" "$(summary_field "$PIPELINE_SUMMARY" rate)" "$cpu" \
       "$PIPELINE_CPU_PRODUCER $PIPELINE_CPU_COLLECTOR $PIPELINE_CPU_WORKERS"
}
# Each configuration: a function, then its arguments after the build.
configs=("inproc 1" "pipeline 1")
[ "${LANE_CPUS:-0}" = 1 ] && configs+=("pipeline 1 pinned")
configs+=("inproc 2" "pipeline 2")
for pass in $(seq "${PASSES:-2}"); do
  echo "pass $pass:"
  for config in "${configs[@]}"; do
    for build in "${builds[@]}"; do set -- $config; fn=$1; shift; "$fn" "$build" "$@"; done
  done
done
table() {  # BUILD: the best pass of each configuration
  local b=$1
  awk -v n="$files" -v title="$([ ${#builds[@]} -eq 1 ] && echo "best pass" || echo "best pass, $b")" \
      -v i1="${best_rate[$b inproc1]:-0} ${best_cpu[$b inproc1]:-0}" -v i2="${best_rate[$b inproc2]:-0} ${best_cpu[$b inproc2]:-0}" \
      -v p1="${best_rate[$b pipeline1]:-0} ${best_cpu[$b pipeline1]:-0} ${best_roles[$b pipeline1]:-0 0 0}" \
      -v p2="${best_rate[$b pipeline2]:-0} ${best_cpu[$b pipeline2]:-0} ${best_roles[$b pipeline2]:-0 0 0}" \
      -v q1="${best_rate[$b pinned1]:-} ${best_cpu[$b pinned1]:-0} ${best_roles[$b pinned1]:-0 0 0}" '
function row(name, v, base, target,   a, b, roles) {
  split(v, a); split(base, b)
  roles = a[3] == "" ? "" : sprintf("%.0f / %.0f / %.0f", a[3] / n * 1e6, a[4] / n * 1e6, a[5] / n * 1e6)
  printf "%-36s %11.0f %7.2f %8s %14.0f %10.2f   %s\n", name, a[1], (b[1] > 0 ? a[1] / b[1] : 0), target,
         a[2] / n * 1e6, (a[2] > 0 ? (b[2] / n) / (a[2] / n) : 0), roles
}
BEGIN {
  printf "\n%-36s %11s %7s %8s %14s %10s   %s\n", title, "articles/s", "ratio", "target", "CPU µs/article", "CPU ratio",
         "µs/article: producer / collector / workers"
  row("in-process, 1 thread", i1, i1, "")
  row("pipeline, 1 worker (vs 1 thread)", p1, i1, "≥ 0.90")
  if (q1 !~ /^ /) row("  lane on a CPU of its own", q1, i1, "≥ 0.90")
  row("in-process, 2 threads", i2, i2, "")
  row("pipeline, 2 workers (vs 2 threads)", p2, i2, "≥ 0.85")
}'
}
for build in "${builds[@]}"; do table "$build"; done
[ ${#builds[@]} -gt 1 ] || exit 0
echo
echo "this build / baseline (best passes): articles/s, CPU µs per article"
for config in inproc1 pipeline1 $([ "${LANE_CPUS:-0}" = 1 ] && echo pinned1) inproc2 pipeline2; do
  awk -v c="$config" -v r1="${best_rate[baseline $config]:-0}" -v r2="${best_rate[this $config]:-0}" \
      -v c1="${best_cpu[baseline $config]:-0}" -v c2="${best_cpu[this $config]:-0}" \
    'BEGIN { printf "  %-10s rate %.2f, CPU %.2f\n", c, (r1 > 0 ? r2 / r1 : 0), (c1 > 0 ? c2 / c1 : 0) }'
done
