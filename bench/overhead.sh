#!/usr/bin/env bash
# The system's own overhead: N unique 5 KB files (default 200,000, generated in a temp
# folder and removed after) through a collector (fsynced store), a producer and W workers
# that answer at once with a minimal record (`gleaner-worker --noop`), for W = 1 and 2, over
# ipc:// and over TCP on loopback. Prints tasks/s (the producer's figure: from its start,
# listing and hashing included, to the last commit) and each process's CPU seconds.
#   bash bench/overhead.sh [N]
#   GLEANER_BIN=DIR   use the binaries in DIR instead of building them
#   WORKERS="1 2"     worker counts; TRANSPORTS="ipc tcp"
#   CSV=FILE          also write the figures there, for scripts/plot-throughput
#   BASELINE_BIN=DIR  also run the binaries in DIR (e.g. an older build) before each run of
#                     these, on the same files, and print the two side by side with the ratio
#   ROUNDS=N          runs of each configuration (default 1; alternating with BASELINE_BIN)
# Each run also prints CPU µs per task of each role (CPU seconds over tasks) and the load
# average at its end (the machine may be shared).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
target=33000  # tasks/s: docs/performance.md, "System overhead"
. bench/lib/roles.sh
bench_setup overhead

python3 bench/lib/synthetic-corpus.py "$work/in" "$n"
# The files just written are flushed to disk now, not by the kernel some 30 s later in the
# middle of the first runs (an A/A run of one build against itself read 0.83 and 0.90 then).
sync
echo "input: $n synthetic articles of 5,000 bytes; workers --noop, 1 thread each; target $target tasks/s"
csv=${CSV:-/dev/null}
echo "transport,workers,tasks,seconds,tasks_per_s,target_tasks_per_s,cpu_producer_s,cpu_collector_s,cpu_workers_s" >"$csv"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# one_run BIN TRANSPORT WORKERS LABEL — one pipeline run; prints its line and sets RUN_RATE.
one_run() {
  local build=$1 transport=$2 w=$3 label=$4 run collector producer rate seconds tasks
  RUN_RATE=0
  run=$work/$transport-$w-$((++runs)); mkdir -p "$run"
  if [ "$transport" = ipc ]; then
    collector=ipc://$run/collector; producer=ipc://$run/producer
  else
    collector=tcp://127.0.0.1:$(free_port); producer=tcp://127.0.0.1:$(free_port)
  fi
  COLLECTOR_ARGS=(--store "$run/store" --bind "$collector" --log-level warning)
  PRODUCER_ARGS=("$work/in" --bind "$producer" --collector "$collector" --quiet --log-level warning)
  WORKER_ARGS=(--noop --producer "$producer" --collector "$collector" --log-level warning)
  run_pipeline "$run" "$build" "$w" 1800 || PIPELINE_STATUS=failed
  if [ "$PIPELINE_STATUS" != ok ]; then echo "$transport, $w worker(s)$label: $PIPELINE_STATUS (logs were in $run)"; return; fi
  rate=$(summary_field "$PIPELINE_SUMMARY" rate); seconds=$(summary_field "$PIPELINE_SUMMARY" seconds)
  tasks=$(summary_field "$PIPELINE_SUMMARY" articles)
  awk -v t="$transport" -v w="$w" -v l="$label" -v s="$PIPELINE_SUMMARY" -v r="$rate" -v sec="$seconds" -v target="$target" \
      -v n="$tasks" -v p="$PIPELINE_CPU_PRODUCER" -v c="$PIPELINE_CPU_COLLECTOR" -v ws="$PIPELINE_CPU_WORKERS" \
      -v each="$PIPELINE_CPU_EACH_WORKER" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "%s, %d worker(s)%s: %s\n  %.0f tasks/s (%.2f of the %d target); CPU s: producer %.1f, collector %.1f, workers %.1f (%s); %.2f cores busy; load %s\n",
             t, w, l, s, r, r / target, target, p, c, ws, each, (p + c + ws) / sec, load
             u = 1e6 / (n > 0 ? n : 1)
             printf "  CPU µs per task: producer %.1f, collector %.1f, workers %.1f, all %.1f\n", p * u, c * u, ws * u, (p + c + ws) * u }'
  [ -n "$label" ] || echo "$transport,$w,$tasks,$seconds,$rate,$target,$PIPELINE_CPU_PRODUCER,$PIPELINE_CPU_COLLECTOR,$PIPELINE_CPU_WORKERS" >>"$csv"
  RUN_RATE=$rate
}

runs=0
for transport in ${TRANSPORTS:-ipc tcp}; do
  for w in ${WORKERS:-1 2}; do
    for round in $(seq 1 "${ROUNDS:-1}"); do
      if [ -z "${BASELINE_BIN:-}" ]; then one_run "$bin" "$transport" "$w" ""; continue; fi
      one_run "$(realpath "$BASELINE_BIN")" "$transport" "$w" " [baseline, round $round]"; base=$RUN_RATE
      one_run "$bin" "$transport" "$w" " [this build, round $round]"
      awk -v b="$base" -v c="$RUN_RATE" 'BEGIN { if (b > 0 && c > 0) printf "  this build / baseline: %.2f\n", c / b }'
    done
  done
done
